/**
 * English timeline events written outside the case machine: the engineers' desk, background jobs and
 * retention (`timeline.event.*`), the escalation reasons and undelivered items they name. Rendered per
 * reader by src/cases/timeline.ts. Spread into the English catalog (en.ts).
 */
export const enTimeline = {
  'timeline.event.escalated': 'Escalated to the engineers ({reason}).',
  'timeline.event.cardPosted': "Posted the case to the engineers' channel.",
  'timeline.event.undeliverable': 'A message could not be delivered to the user ({what}).',
  'timeline.event.channelUndeliverable':
    "A post to the engineers' channel could not be delivered ({op}: {error}).",
  'timeline.event.userFileForEngineers': 'The user sent {file} for the engineers.',
  'timeline.event.userFileKept': 'The user sent {file} (kept with the case; not a log bundle).',
  'timeline.event.fileToUser': '{name} sent the user {file}.',
  'timeline.event.engineerNote': 'Note by {name}: {text}',
  'timeline.event.engineerToUser': '{name} to the user: {text}',
  'timeline.event.prioritySet': '{name} set the priority to {priority}.',
  'timeline.event.takenOver': '{name} took the case over.',
  'timeline.event.handedBack': '{name} handed the case back to the bot.',
  'timeline.event.closeProposed': '{name} proposed closing the case to the user.',
  'timeline.event.refused': '{name} tried "{action}"; refused ({why}).',
  'timeline.event.artifactsPurged':
    'Deleted {removed, plural, one {# uploaded bundle} other {# uploaded bundles}}{shared, plural, =0 {} one { and # file passed between the user and the engineers} other { and # files passed between the user and the engineers}}.',
  // Why an engineer's action was refused
  'timeline.refusal.notEngineer': 'not an engineer',
  'timeline.refusal.ended': 'the escalation has ended',
  'timeline.refusal.notTaken': 'nobody has taken the case',
  'timeline.refusal.takenBy': 'taken by {owner}',
  'timeline.refusal.ownedBy': 'owned by {owner}',
  // Actions named in a refusal that are not a command's own word
  'timeline.action.message': 'a message to the bot',
  'timeline.action.writeToUser': 'write to the user',
  'timeline.action.take': 'take',
  'timeline.action.handback': 'handback',
  'timeline.action.close': 'close',
  'timeline.action.note': 'note',
  'timeline.action.priority': 'priority',
  'timeline.action.timeline': 'timeline',
  'timeline.action.send': 'send',
  'timeline.action.files': 'files',
  // What could not be delivered
  'timeline.undelivered.text': 'a message',
  'timeline.undelivered.card': 'a card',
  'timeline.undelivered.file': 'a file',
  'timeline.undelivered.typing': 'a typing indicator',
  'timeline.undelivered.freeze': 'a card update',
  'timeline.undelivered.events': "an engineer's message or action for the user",
  'timeline.undelivered.delete': 'removing an answered file consent card',
  'timeline.undelivered.job': '{kind} failed {attempts} times',
  // The bot's files an engineer can send with `send`
  'timeline.file.update-reset': 'the reset script UpdateReset.cmd',
  'timeline.file.collector-kit': 'the log collector',
  // Escalation reasons, short (the timeline's "Escalated to the engineers (…)")
  'timeline.reason.user-request': 'the user asked for an engineer',
  'timeline.reason.out-of-stages': 'no remediation stage left',
  'timeline.reason.inconclusive': 'the log analysis was inconclusive',
  'timeline.reason.low-survey': 'a low survey score',
  'timeline.reason.rule': 'a diagnosis rule asks for an engineer',
  'timeline.reason.undeliverable': "messages could not reach the user's chat",
};
