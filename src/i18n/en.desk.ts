/** English replies of the engineers' desk in the engineers' channel (`desk.*`). Spread into en.ts. */
export const enDesk = {
  'desk.relay.text': '**Customer:** {text}',
  'desk.undeliverable':
    'The bot could not deliver a message to the customer after several tries ({what}). Please reach them another way.',
  'desk.relay.file': 'The customer sent a file: {name}. It is being fetched into the case.',
  'desk.relay.upload': 'New upload on the case: {name} ([download]({link})). It is being analysed.',
  'desk.filesNotRelayed':
    "I cannot read files attached here ({names}): they live in the team's SharePoint. Drop them on the case page instead and I will send them to the user: [case {caseNumber} files]({link}) (until {expires}). Pasted screenshots reach the user directly.",
  'desk.filesWaiting':
    'The case has {uploads, plural, one {# log upload} other {# log uploads}} and {files, plural, one {# other file} other {# other files}} from the user: [case {caseNumber} files]({link}) (until {expires}).',
  'desk.caseFiles':
    "Case {caseNumber}'s page: [files]({link}) (until {expires}). Download the user's uploads there, or drop files on it to send them to the user.",
  'desk.sharedSent': 'Sent {name} to the user.',
  'desk.fileSent':
    'Sent to the user (as a file in their chat, or a download link where files cannot be sent).',
  'desk.relay.userFile': 'The customer sent {name} for you: [download]({link}).',
  'desk.relay.diagnosis': 'Diagnosis of the new logs of {machine}: {error}.',
  'desk.relay.closureDeclined': 'The customer did not agree to close the case: it is still yours.',
  'desk.notThisTeam':
    'Thank you for adding me. I work support cases for one team of engineers only, and this team is not it, so I will stay quiet here. If you need help with a failed Windows update, chat with me directly, or ask your IT support team.',
  'desk.installed':
    "Hello engineers! I will post cases that need an engineer here. Take one with **Take over** on its card; then reply in the card's thread to talk to the user. Start each reply with {mention}: unless this team lets me read every channel message, Teams does not pass me replies without it. Say `help` for the commands.",
  'desk.help':
    "Commands in a case's thread: `take`, `handback` (the bot continues the case), `close` (asks the user to close: consent, survey, summary), `note <text>` (internal, on the timeline only), `priority P1`–`P4`, `timeline`, `send UpdateReset` / `send collector` (the file to the user), `files` (the case page: the user's uploads, and files to send the user; pasted screenshots go to the user directly). Anywhere in the channel: `queue` (open escalations). Anything else you write in the thread of a case you own goes to the user. Start each reply with {mention} unless this team lets me read every channel message (otherwise Teams does not pass it to me).",
  'desk.notEngineer':
    'Sorry {name}, only the engineers can work on cases (those on the roster, or else the members of this team).',
  'desk.noCaseHere': 'I cannot find a case for this thread. Use the thread under a case card.',
  'desk.noCaseThread':
    "This thread is not a case's, so nothing written here reaches a user. To work on a case, reply in the thread under its card (`queue` lists the open ones); to ask me something, start with {mention}.",
  'desk.mentionMe': 'an @mention of me',
  'desk.mentionBot': 'an @mention of the bot',
  'desk.noted': 'Noted on the timeline (internal; the user does not see it).',
  'desk.priority': 'Priority set to {priority}.',
  'desk.stillWaiting': 'Still waiting for an engineer: case {caseNumber}, waiting {waiting}.',
  'desk.alreadyTaken': 'Case {caseNumber} is already taken by {name}.',
  'desk.ended': 'Case {caseNumber} is no longer with the engineers (handed back or closed).',
  'desk.taken':
    '{name} has taken case {caseNumber}. The user has been told. Reply in this thread to talk to them, starting each reply with {mention} (unless this team lets me read every channel message, Teams does not pass me replies without it).',
  'desk.endedReply':
    'Case {caseNumber} is no longer with the engineers (handed back or closed): this message did not reach the user. If the user needs an engineer again, they can ask in their chat and the case comes back here.',
  'desk.notTakenReply':
    'Nobody has taken case {caseNumber} yet, so this message did not reach the user. Take it over first (**Take over** on the card, or `take`), then write again.',
  'desk.handedBack': 'Case {caseNumber} is handed back to the bot; it continues at the step it left.',
  'desk.closing':
    'Asked the user to close case {caseNumber} (consent, survey). The closure summary will follow here.',
  'desk.takeFirst': 'Nobody has taken case {caseNumber} yet: take it over first.',
  'desk.notOwner': '{name} has this case; only their messages go to the user.',
  'desk.queueEmpty': 'No open escalations.',
  'desk.queueTitle': 'Open escalations ({count}):',
  'desk.queueWaiting': '{caseNumber} · {priority} · waiting {waiting} · {reason}',
  'desk.queueTaken': '{caseNumber} · {priority} · with {name} · {reason}',

  // The engineers' case page (src/http/engineer.ts), in the engineers' language.
  'casePage.title': 'Case {caseNumber}: files',
  'casePage.uploads': "The user's uploads",
  'casePage.noUploads': 'No uploads yet.',
  'casePage.shared': 'Sent to the user',
  'casePage.noneShared': 'Nothing sent yet.',
  'casePage.send': 'Send the user a file',
  'casePage.sendIntro':
    'Files dropped here go to the user in their Teams chat, from {name}: as a file in a 1:1 chat, as a download link elsewhere.',
  'casePage.takeFirst': 'Nobody has taken case {caseNumber} yet: take it over in Teams before sending files.',
  'casePage.sent': 'Sent {name} to the user.',
  'casePage.tooLarge': '{name} is larger than the limit of {limitMb} MB.',
  'casePage.empty': '{name} is empty.',
  'casePage.expires': "This link is valid until {expires}. Say `files` in the case's thread for a new one.",
  'casePage.expired': "This link has expired. Say `files` in the case's thread in Teams for a new one.",
  'casePage.closed': 'This case is no longer with the engineers (handed back to the bot or closed).',
  'casePage.invalid': "This link is not valid. Say `files` in the case's thread in Teams for a new one.",
} as const;
