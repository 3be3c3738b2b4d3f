/**
 * English messages about the case's machines and plan mid-remediation that were added for issue #13's
 * loose ends: words that change nothing but are answered, a stage the user could not do for lack of media,
 * new logs of a machine outside the case or naming no host, and their timeline events. Merged into en.ts.
 */
export const enPlan = {
  'plan.sourceAgrees.wsus':
    'Noted: these terminals get their updates from your WSUS server. The stages already show the WSUS steps; nothing changes.',
  'plan.sourceAgrees.offline':
    'Noted: these terminals are offline (no internet, no update server). The stages already show the offline steps; nothing changes.',
  'plan.sourceAgrees.internet':
    'Noted: these terminals get their updates from Windows Update over the internet. The stages already show those steps; nothing changes.',
  'plan.noMediaNeedless':
    'Noted: no installation media. None of the stages left needs it, so the plan stays as it is.',
  'remediation.skippedForMedia':
    'OK, without installation media we skip that stage for now. When you have media of the installed edition, tell me ("we have the ISO now") and we come back to it. Here is the next one.',
  'timeline.event.noMediaNoted': 'Said there is no installation media; no stage left needs it.',
  'compare.newMachine':
    'These new logs are from {machine}, which was not among the terminals of the case, and show {after}. I have added {machine} to the case: its results are kept on their own, and the other terminals stay at stage {number}. Please try stage {number} on {machine} too and tell me how it went.',
  'closure.withdrawnNewMachine':
    'New logs from {machine}, which was not among the terminals of the case, show the update still failing ({after}). I have added {machine} to the case and withdrawn the proposal to archive it: the other terminals were fixed by stage {number} "{title}", so please do that stage on {machine} too (card below) and tell me how it went.',
  'timeline.event.comparedNewMachine':
    'Logs of {machine}, a machine not in the case before: {after}; added to the case.',
  'desk.relay.planResumed':
    'The customer wrote: "{text}". Stage {number} "{title}" is open again, so the bot has taken the case back to it and works it with them. The case stays in your queue; take it over if you want to follow it yourself.',
  'cli.purged':
    '{caseNumber}: deleted {removed, plural, one {# uploaded bundle} other {# uploaded bundles}}; upload links revoked; findings kept',
  'logsMachine.unclear':
    'I could not tell which terminal these logs are from. Choose it on the card below, or reply with its computer name or the number it ends with (for example “{example}”); the case has {machines}. If they are from a machine outside the case, reply “another machine”.',
  'logsMachine.unknown':
    '“{said}” does not match one terminal of this case ({machines}). Choose it on the card below, or reply with its computer name or the number it ends with (for example “{example}”); if the logs are from a machine outside the case, reply “another machine”.',
  'card.logs-machine.title': 'Which terminal are these logs from?',
  'card.logs-machine.caseLine': 'Case {caseNumber}',
  'card.logs-machine.ask':
    'The new logs ({name}) do not name their computer, and this case has {machines}. Choose the terminal they come from, and I compare them with its earlier logs.',
  'card.logs-machine.other': 'Another machine',
  'card.logs-machine.answeredMachine': 'From {chosen}: compared with its earlier logs.',
  'card.logs-machine.answeredOther': 'From a machine not in the case yet: noted as a machine of its own.',
  'card.logs-machine.fallback':
    'Case {caseNumber}: the new logs ({name}) do not name their computer. Which terminal are they from ({machines}, or another machine)?',
} as const;
