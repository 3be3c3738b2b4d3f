/**
 * English strings of the engineers' side: the case card in the engineers' channel (`card.escalation.*`,
 * bound as `$root.t`; src/cards/data/escalation.ts gives the data) and the timeline text (`timeline.*`, used by
 * src/cases/timeline.ts). Spread into the English catalog (en.ts).
 */
export const enEngineers = {
  // Card: a case escalated to the engineers (data: see escalationCardData in src/cards/data/escalation.ts)
  'card.escalation.title': 'Case {caseNumber} needs an engineer',
  'card.escalation.titleTaken': 'Case {caseNumber} is with {takenBy}',
  'card.escalation.titleClosed': 'Case {caseNumber} is closed',
  'card.escalation.titleHandedBack': 'Case {caseNumber} is back with the bot',
  'card.escalation.priority': 'Priority',
  'card.escalation.status': 'Status',
  'card.escalation.language': 'Language of the case',
  'card.escalation.reason': 'Why escalated',
  'card.escalation.opened': 'Opened',
  'card.escalation.lastActivity': 'Last activity',
  'card.escalation.problemTitle': 'Problem definition',
  'card.escalation.problemUnconfirmed':
    'Not confirmed by the user yet: taken from their messages before they confirmed the problem definition.',
  'card.escalation.updateSource': 'Update source',
  'card.escalation.source.wsus': 'WSUS server',
  'card.escalation.source.internet': 'Windows Update (internet)',
  'card.escalation.source.offline': 'offline (no update server)',
  'card.escalation.sourceSaid': "{source} (the user's words; no log shows the policy)",
  'card.escalation.diagnosisTitle': 'Diagnosis',
  'card.escalation.noFindings': 'No logs have been analysed for this case yet.',
  'card.escalation.osBuild': 'OS build',
  'card.escalation.noFailure': 'No decisive failure was found in the logs.',
  'card.escalation.meaning': 'Meaning',
  'card.escalation.cause': 'Cause',
  'card.escalation.evidence': 'Evidence',
  'card.escalation.stagesTitle': 'Stages tried',
  'card.escalation.noStages': 'No remediation stage has been tried yet.',
  'card.escalation.messagesTitle': "The user's last messages",
  'card.escalation.howToReach':
    "Reply in this card's thread to work on the case; start each reply with {mention} (unless the team lets the bot read every channel message, Teams does not pass it replies without it).",
  'card.escalation.take': 'Take over',
  'card.escalation.timeline': 'View timeline',
  'card.escalation.fallback':
    'Case {caseNumber} ({priority}) needs an engineer. {reasonText} {stateText}. Open the card in Teams to take it over or to view its timeline.',
  // Words the data builder puts together (reason, state, language, durations)
  'card.escalation.reason.user-request': 'The user asked for an engineer.',
  'card.escalation.reason.out-of-stages': 'The bot has no remediation stage left to recommend.',
  'card.escalation.reason.inconclusive': 'The log analysis was inconclusive.',
  'card.escalation.reason.low-survey': 'The user rated the support 1 or 2 out of 5.',
  'card.escalation.reason.rule': 'A diagnosis rule says this needs an engineer.',
  'card.escalation.reason.undeliverable':
    "The bot's messages could not be delivered to the user's chat; please reach the user another way.",
  'card.escalation.reason.other': 'Escalated ({reason}).',
  'card.escalation.state.waiting': 'Waiting {duration}',
  'card.escalation.state.taken': 'Taken by {name} at {time}',
  'card.escalation.state.closed': 'Closed at {time}',
  'card.escalation.state.handed-back': 'Handed back to the bot at {time}',
  'card.escalation.languageName.en': 'English',
  'card.escalation.languageName.zh-CN': 'Chinese (Simplified)',
  'card.escalation.duration.minutes': '{minutes} min',
  'card.escalation.duration.hours': '{hours} h {minutes} min',
  'card.escalation.duration.days': '{days} d {hours} h',

  // The timeline as text (engineers' channel, `npm run case -- show`)
  'timeline.title': 'Timeline of case {caseNumber}',
  'timeline.zone': 'Times in UTC.',
  'timeline.asOf': 'Times in UTC, as of {time}.',
  'timeline.empty': 'Nothing is on the timeline yet.',
  'timeline.actor.user': 'user',
  'timeline.actor.bot': 'bot',
  'timeline.actor.engineer': 'engineer',
  'timeline.actor.system': 'system',

  // The case's files as text (`npm run case -- show`)
  'caseFiles.title': 'Files of case {caseNumber}',
  'caseFiles.empty': 'No files.',
  'caseFiles.upload': 'log upload',
  'caseFiles.from-user': 'from the user',
  'caseFiles.to-user': 'to the user, from {by}',
  'caseFiles.stored': 'stored at',
} as const;
