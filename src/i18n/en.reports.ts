/**
 * English strings of what the user reports doing during remediation: the acknowledgements (`report.*`), the
 * report question card (`card.report-question.*`), how the summary and the timeline tell an attempt per
 * machine (`summary.results.*`, `summary.attempt.*`) and the timeline's events (`timeline.event.*`).
 * Spread into the English catalog (en.ts).
 */
export const enReports = {
  'report.fixedOn': 'Noted: after “{title}”, the update works on {machines}.',
  'report.failedOn': 'Noted: after “{title}”, still failing on {machines}{code}.',
  'report.skippedOn': 'Noted: “{title}” could not be done on {machines}.',
  'report.stillOpen':
    'Still failing: {machines}. Tell me how they get on, or choose on the card above what to do next.',

  // Card: a report the user's words left open (data: caseNumber, ask, title, machines, choices, answered)
  'card.report-question.title': 'One question about what you did',
  'card.report-question.caseLine': 'Case {caseNumber}',
  'card.report-question.askResult': 'After “{title}” on {machines}: does the update install now?',
  'card.report-question.askMachines': 'Which machine was it? (“{title}”)',
  'card.report-question.answered': 'Thank you, noted.',
  'card.report-question.fixed': 'Yes, it installs now',
  'card.report-question.failed': 'No, it still fails',
  'card.report-question.skipped': 'Could not do it',
  'card.report-question.all': 'All of them',
  'card.report-question.fallback':
    'Case {caseNumber}: about “{title}” ({machines}) — tell me which machine it was and whether the update installs now.',

  // How an attempt reads in the summary's progress and the timeline
  'summary.attempt.stage': 'Stage {number} “{title}”{backup}: {results}.',
  'summary.attempt.action': 'Outside the plan, the user {title}{backup}: {results}.',
  'summary.attempt.backup': ' (data backed up first)',
  'summary.results.both': 'both ({machines})',
  'summary.results.all': 'all {count} ({machines})',
  'summary.results.fixed': 'fixed on {who}',
  'summary.results.failed': 'failed on {who}',
  'summary.results.failedWithCode': 'failed on {who} ({code})',
  'summary.results.skipped': 'could not be done on {who}',
  'summary.results.kb': ', {kb} installed',
  'summary.fixedByAttempt': 'Fixed by “{title}” on {who}.',

  // Timeline events (src/cases/timeline.ts renders them in the reader's language)
  'timeline.event.caseOpened': "Case opened from the user's first description: {description}",
  'timeline.event.problemConfirmed': 'Confirmed the problem definition.',
  'timeline.event.scopeAccepted': 'Accepted the scope statement.',
  'timeline.event.scopeCorrected': 'Corrected the scope: {text}',
  'timeline.event.uploaded': 'Uploaded {name} ({size} bytes, upload {uploadId}).',
  'timeline.event.diagnosisFailed': 'Could not diagnose {name} (upload {uploadId}): {code}.',
  'timeline.event.diagnosed': 'Diagnosed {machine} (upload {uploadId}): {verdict}{missing}.',
  'timeline.event.diagnosedClean':
    'Diagnosed {machine} (upload {uploadId}): no decisive failure in the logs{missing}.',
  'timeline.event.missingLogs': '; missing logs: {logs}',
  'timeline.event.engineerRequested': 'Asked to talk to an engineer.',
  'timeline.event.archivedForNewCase': 'Archived the case to start a new one.',
  'timeline.event.archivedNoReply': 'Archived after the reminders went unanswered.',
  'timeline.event.cancelled': 'Cancelled the case.',
  'timeline.event.reopened': 'Reopened the case.',
  'timeline.event.remediationProposed': 'Proposed remediation in {count} stages: {plan}.',
  'timeline.event.comparedLacking':
    'New logs of {machine}: no failure, but without {log}, where its failure was recorded; the last stage’s result is still open.',
  'timeline.event.comparedNoFailure':
    "New logs of {machine}: no failure, and none before either; the stage's outcome is still open.",
  'timeline.event.comparedNoFailureNew':
    "New logs of {machine} (a machine not diagnosed before): no failure; the stage's outcome is still open.",
  'timeline.event.comparedClean': 'New logs of {machine}: no failure any more (was {before}).',
  'timeline.event.comparedSame': 'New logs of {machine}: still {code}.',
  'timeline.event.comparedDifferent': 'New logs of {machine}: now {after} (was {before}).',
  'timeline.event.outOfStages': 'Every remediation stage was tried or skipped; handed to the engineers.',
  'timeline.event.sourceSaid.wsus':
    'Said the terminals get their updates from a WSUS server; the stages show those steps.',
  'timeline.event.sourceSaid.offline':
    'Said the terminals are offline (no internet, no update server); the stages show those steps.',
  'timeline.event.sourceSaid.internet':
    'Said the terminals get their updates from Windows Update over the internet; the stages show those steps.',
  'timeline.event.sourceContradicted.wsus':
    'Named another update source than the logs, which show a WSUS server; the stages keep following the logs.',
  'timeline.event.sourceContradicted.offline':
    'Named another update source than the logs, which show no update server (offline); the stages keep following the logs.',
  'timeline.event.sourceContradicted.internet':
    'Named another update source than the logs, which show Windows Update over the internet; the stages keep following the logs.',
  'timeline.event.noMediaSaid': 'Said there is no installation media; stage {number} "{title}" skipped.',
  'timeline.event.mediaAtHand': 'Has installation media now; stage {number} "{title}" back in the plan.',
  'timeline.event.archiveConsent': 'Consented to archiving the case.',
  'timeline.event.survey': 'Survey: {score}/5{comment}',
  'timeline.event.handedToEngineers': 'Handed to the engineers ({reason}).',
  'timeline.event.toEngineer': 'To the engineer: {text}',
  'timeline.event.closureDeclined': 'Did not agree to close the case; back with the engineer.',
} as const;
