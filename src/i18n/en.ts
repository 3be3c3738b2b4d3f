/**
 * English messages. This catalog defines the keys: `Catalog` is derived from it and every other
 * language must provide exactly these keys. `{name}` placeholders are filled by `t(locale, key, params)`.
 */
import { enClosure } from './en.closure';
import { enDesk } from './en.desk';
import { enEngineers } from './en.engineers';
import { enReports } from './en.reports';
import { enTimeline } from './en.timeline';
import { enPlan } from './en.plan';

export const en = {
  ...enClosure,
  ...enDesk,
  ...enEngineers,
  ...enReports,
  ...enTimeline,
  ...enPlan,
  // Conversation (keys the case machine says; see dialogs/messages.ts SAY_KEYS)
  welcome:
    "Hello! I'm the Windows Update support assistant. I help with updates and patches that fail to install: we define the problem together, collect and upload the logs, and I analyse them and recommend fixes step by step, all in this chat.",
  'problem.ask':
    'Please describe the problem. Helpful details: which update (KB number) fails, the error code, how many machines are affected, the Windows version, and since when it happens.',
  'problem.needDetails':
    'To open a case I need a little more: for example the KB number of the update, the error code (such as 0x80073712) and how many machines are affected.',
  'case.opened':
    "I've opened case {caseNumber} and drafted the problem definition from your message. Please check the card below, correct or complete it, and confirm.",
  'problem.updated': "I've updated the problem definition. Please check it once more.",
  'problem.askCorrection': 'What should be changed? Tell me here, or edit the card and confirm it.',
  'problem.confirmed':
    'Thank you, the problem definition is confirmed. Here is the scope of this case; please confirm it.',
  'scope.accepted': 'Thank you, the scope is confirmed.',
  'scope.correctionNoted': "I've noted your correction and updated the scope. Please have another look.",
  'scope.askCorrection':
    'How should the scope change? Reply here or write it in the comment box on the card.',
  'logs.instructions':
    'Next step: log collection for case {caseNumber}. The card below says how to collect the logs on each affected machine and how to upload them to this case; no user name or password is needed.',
  'logs.reminder':
    'We are at the log collection step: logs of {received} of {expected, plural, one {# machine} other {# machines}} received so far. Please follow the log collection card: reproduce the failure, run collect-logs.cmd as administrator, then attach the zip here or use the upload link. Reply "help" if anything is unclear.',
  'logs.faq.collector':
    'How to get the log collector (collect-logs.cmd) is step 2 of the log-collection card below: in our 1:1 chat I send it as a file (accept it when asked); if it is blocked, the upload page has it too. Run it once on every machine that fails and upload the zip it writes.',
  'logs.faq.password':
    'No user name or password is needed. The upload link on the card below is for case {caseNumber} only: open it and upload (the card shows until when it works); you can also send the zip here as an attachment. Please never send a password in this chat.',
  'logs.faq.later':
    'That is fine, no rush. When the logs are ready, upload them through the same link or send them here; I will be waiting.',
  'logs.faq.laterSome':
    'That is fine, no rush. I have the logs of {received} of {expected, plural, one {# machine} other {# machines}} and analyse those first; when the others are ready, upload them through the same link or send them here. To go ahead with the machines diagnosed so far, reply “go ahead with this one”.',
  'logs.faq.analysisTime':
    'A diagnosis usually follows within minutes of an upload, and I post each machine’s result here. So far I have the logs of {received} of {expected, plural, one {# machine} other {# machines}}.',
  'logs.faq.kbApplies':
    'When I read the logs I check whether {kb} is meant for each machine’s Windows build; the diagnosis card says so.',
  'logs.faq.kbAppliesNoKb':
    'When I read the logs I check whether the update is meant for each machine’s Windows build; the diagnosis card says so.',
  'logs.faq.ack':
    'OK. I start the analysis as soon as logs arrive (so far {received} of {expected, plural, one {# machine} other {# machines}}).',
  'logs.contactNoted': 'The case’s contact is now: {contact}.',
  'stage.faq.scriptBlocked':
    'If the script is blocked: I am sending it again (accept it in our 1:1 chat); the case’s upload page also has a .txt copy — download it and rename it to .cmd. The steps of “{title}” are on the card above.',
  'stage.faq.noScript': '“{title}” needs no script: follow the steps on the card above.',
  'stage.faq.impact':
    'What “{title}” affects is under “Risks” on the card above (a restart, apps or data removed, how long it takes). Back up as the card says and plan it outside business hours; if you still have doubts, reply “talk to an engineer”.',
  'stage.faq.working':
    'OK, I will wait for the result. When “{title}” is done, tell me “fixed” or “still failing” (with the error code if there is one), or upload new logs.',
  'stage.otherKb':
    '{kbs} is not this case’s update. As the scope says, each problem gets its own case: once this case is done, reply “new case” and I will open one for it (or ask for an engineer if it cannot wait). First, how is {caseKb} doing now? Reply “fixed” if it installed, or “still failing” if it did not.',
  'logs.faq.proceedNothing':
    'No machine’s logs have arrived yet. Upload the logs of at least one machine; once it is diagnosed we can go ahead with it.',
  'logs.proceeding':
    'OK, we go ahead with the {done, plural, one {# machine} other {# machines}} diagnosed so far (of {expected} planned). The others’ logs can still come through the same link, and I will add them to this case.',
  'logs.proceedNoted':
    'OK, noted: we won’t wait for the other machines’ logs. As soon as {reading, plural, one {the upload being analysed is} other {the # uploads being analysed are}} read, I go ahead with the machines diagnosed — no need to say it again. The others’ logs can still come through the same link later.',
  'logs.proceedingAsNoted':
    'The logs are analysed. As you said earlier, we go ahead with the {done, plural, one {# machine} other {# machines}} diagnosed so far (of {expected} planned). The others’ logs can still come through the same link, and I will add them to this case.',
  'file.notYet':
    "I received {name}. Let's finish the current step first; I'll tell you when it's time to upload logs.",
  'upload.fetching':
    'I received {name} and am fetching it into the case now; I will tell you when it has arrived.',
  'file.forwarded':
    'I have added {name} to your case for the engineer. It is not a log bundle, so I did not analyse it.',
  'file.kept':
    'I have kept {name} with your case; if an engineer joins later, they will see it. I can only analyse logs, not screenshots or documents: please upload the log zip as the log-collection card says.',
  'upload.noUrl':
    'I can see {name}, but Teams did not give me a way to download it. Please upload it with the link on the log collection card.',
  'upload.received': 'The upload {name} arrived. I am analysing it now and will post the result here.',
  'upload.duplicate':
    "I already have this exact file ({name}), so there is nothing new to analyse. If you meant to send the logs of another machine, please upload that machine's zip.",
  'upload.refused.case-full':
    'The uploads of this case have reached their limit of {limit} in total, so {name} was not accepted. Please upload only new logs; if you really need more room, write "engineer".',
  'upload.refused.too-large':
    '{name} is larger than the upload limit of {limitMb} MB. Please upload only the zip that collect-logs.cmd writes to the desktop.',
  'upload.refused.empty':
    '{name} is empty. Please upload the zip that collect-logs.cmd writes to the desktop.',
  'upload.refused.executable':
    '{name} is a program or script, not a log, so I did not accept it. Please upload the zip of collected logs instead.',
  'upload.refused.not-a-bundle':
    '{name} is not a log bundle (a .zip or .cab of logs, or a .log file). Please upload the zip that collect-logs.cmd writes to the desktop.',
  'upload.refused.download-failed':
    'I could not download {name} from Teams ({status}). Please try attaching it again, or use the upload link on the log collection card.',
  'upload.refused.expired-link':
    'The upload link for {name} has expired. I have put a new link on the log collection card below; please upload again with it.',
  'upload.refused.invalid-link':
    'The upload link used for {name} is not valid. I have put a new link on the log collection card below; please upload again with it.',
  'upload.refused.revoked-link':
    'The upload link used for {name} has been withdrawn. I have put a new link on the log collection card below; please upload again with it.',
  'upload.refused.case-closed':
    'The case that link belongs to is closed, so {name} was not accepted. If the problem is not solved, write "reopen" here to continue that case; for a new problem, write "new case".',
  'upload.refused.other':
    '{name} could not be accepted. Please try again with the link on the log collection card; if it keeps failing, tell me here.',
  'diagnosis.failed.not-found': 'I could not find the stored file {name} any more. Please upload it again.',
  'diagnosis.failed.not-archive':
    '{name} is not a .zip or .cab archive I can read. Please upload the zip that collect-logs.cmd writes to the desktop, or compress the log folder with "Send to > Compressed (zipped) folder".',
  'diagnosis.failed.empty':
    '{name} contains no log files. Please run collect-logs.cmd again and upload the zip it writes.',
  'diagnosis.failed.too-many-entries':
    '{name} holds far more files than a log collection does. Please upload only the zip that collect-logs.cmd writes.',
  'diagnosis.failed.too-large':
    '{name} unpacks to more than the size limit for logs. Please upload only the zip that collect-logs.cmd writes.',
  'diagnosis.failed.bomb':
    '{name} expands far more than real logs do (possibly a zip bomb), so I did not open it. Please upload the zip that collect-logs.cmd writes.',
  'diagnosis.failed.too-deep':
    '{name} has archives nested too deeply inside each other. Please put the logs into one zip and upload it.',
  'diagnosis.failed.unsafe-name':
    '{name} contains a file name that points outside the archive, so I did not open it. Please collect the logs again with collect-logs.cmd.',
  'diagnosis.failed.encrypted':
    '{name} is password-protected. Please upload it without a password; the upload link already keeps it to this case.',
  'diagnosis.failed.truncated':
    '{name} is damaged or incomplete (perhaps the upload was cut off). Please upload it again.',
  'diagnosis.failed.executable':
    '{name} contains a program or script instead of logs. Please upload the zip of collected logs.',
  'diagnosis.failed.unsupported':
    '{name} uses a compression method I cannot read. Please compress it again with Windows "Send to > Compressed (zipped) folder".',
  'diagnosis.failed.cab-unavailable':
    'I cannot read the .cab file {name} on this server at the moment. Please upload the .log files, or the zip from collect-logs.cmd, instead.',
  'diagnosis.failed.no-usable-logs':
    'I found no usable logs in {name}; missing: {missing}. Please reproduce the failure on the machine, run collect-logs.cmd as administrator (it collects these logs) and upload the zip it writes to the desktop.',
  'diagnosis.failed.other':
    'I could not analyse {name}. Please collect the logs again with collect-logs.cmd and upload the new zip; if it fails again, ask for an engineer.',
  'diagnosing.inProgress':
    'I am still analysing the uploaded logs ({count, plural, one {# upload} other {# uploads}} in progress) and will post each result here as soon as it is ready.',
  'diagnosis.progress':
    'I have a diagnosis for {done} of {expected, plural, one {# machine} other {# machines}}. Once the logs of the others are in, I will tell you whether they fail for the same reason.',
  'diagnosis.complete':
    'The analysis for case {caseNumber} is complete: the card above shows the error, its cause, the evidence and what we propose next.',
  'diagnosis.sameCause': 'The {count} machines fail for the same reason: {reason}',
  'diagnosis.differentCauses':
    'The {count} machines do not fail for the same reason; each card above shows its own cause and next step.',
  'diagnosis.inconclusive':
    'I found no decisive failure in the logs of case {caseNumber}. Please reproduce the failure and send more logs, or ask for an engineer.',
  'diagnosed.reminder':
    'The diagnosis of case {caseNumber} is on the cards above, with what we propose next. You can send more logs at any time (attach them or use "Send more logs"), or choose "Talk to an engineer".',
  'engineer.noted':
    'I have asked the support engineers to take over case {caseNumber}, with everything we have so far. An engineer will join this chat; until then I stay with you here, and you can go on with the current step or send more logs.',
  'engineer.autoEscalated':
    'I have also asked the support engineers to look at case {caseNumber}; an engineer will join this chat. Meanwhile you can send more logs or go on here.',
  'engineer.joined':
    '{name}, a support engineer, has taken over case {caseNumber} and joins this chat. Write here as usual: your messages and files now go to {name}.',
  'engineer.says': '{name} (engineer): {text}',
  'engineer.continues': 'All right, the case stays open; {name} (engineer) will carry on with you.',
  'engineer.sentFile': '{name} (engineer) sends you a file:',
  'engineer.handedBack': '{name} has handed the case back to me. We continue where we left off.',
  'engineer.closing': '{name} proposes to close the case.',
  'withEngineer.cardIgnored':
    'An engineer ({name}) is handling the case now; please write your answer here in the chat and it goes to them.',
  'case.resumed': "OK, let's continue with case {caseNumber}.",
  'case.archived':
    'Case {caseNumber} is archived. Archiving does not end support: it can be reopened at any time. Now let us open a new case.',
  'language.switched': "OK, I'll continue in English.",
  'nudge.problem':
    "Just checking in: the problem definition above is still waiting for your confirmation. Reply with anything that needs correcting; there's no rush.",
  'nudge.scope':
    'Just checking in: the scope of the case is still waiting for your confirmation. Choose "Agree, continue" on the card, or tell us if you see it differently.',
  'nudge.logs':
    'Just checking in on case {caseNumber}: logs of {received} of {expected, plural, one {# machine} other {# machines}} received so far. When you have a moment, please collect and upload the logs as described on the log collection card.',
  'nudge.diagnosed':
    'Just checking in on case {caseNumber}: the logs did not show a decisive failure. Can you reproduce the failure and send new logs, or would you like an engineer to look at it?',
  'nudge.remediation':
    'Any progress on case {caseNumber}? We are at the stage "{title}". Tell me how it went: it worked, it still fails, or you cannot do this stage.',
  'nudge.verify':
    'Any progress on case {caseNumber}? You can send new logs from the retry for me to compare, or we go on to the next stage.',
  'nudge.exhausted':
    'Just checking in on case {caseNumber}: it is with the engineers. If anything has changed (it installs now, or a new error), tell me here.',
  'nudge.closing':
    'Just checking in on case {caseNumber}: may we archive it? Please answer on the card above.',
  'nudge.monitoring':
    'Any news on case {caseNumber}? If the update keeps installing fine, tell me and I will archive the case; if it fails again, tell me too.',
  'followUp.stillNeedHelp':
    'We have not heard from you about case {caseNumber} for a while. Do you still need help? Just reply here and we continue where we left off.',
  'followUp.archiveWarning':
    'Case {caseNumber} has had no reply for some time. Unless you reply, we will archive it in {days, plural, one {# day} other {# days}}. Archiving does not end support: you can reopen the case at any time.',
  'followUp.archived':
    'We have archived case {caseNumber} because we did not hear back. Archiving does not end support: reply "reopen" at any time and we continue where we left off.',
  'remediation.intro':
    'I propose {count, plural, one {# stage} other {# stages}} for case {caseNumber}, from the least to the most invasive. Here is the first one. After trying it, tell me the outcome with the buttons on the card or simply in words ("it worked", "still fails", "I can\'t do this").',
  'remediation.skipped': 'OK, we skip that stage. Here is the next one.',
  'remediation.reminder':
    'We are at the stage "{title}". When you have tried it, tell me how it went: "it worked", "still fails" (paste the error code if there is one) or "I can\'t do this". You can also ask for an engineer.',
  'plan.sourceSaid.wsus':
    'Noted: these terminals get their updates from your WSUS server. The steps below are adjusted to that.',
  'plan.sourceSaid.offline':
    'Noted: these terminals cannot reach the internet or an update server (offline). The steps below are adjusted to that.',
  'plan.sourceSaid.internet':
    'Noted: these terminals get their updates from Windows Update over the internet. The steps below are adjusted to that.',
  'plan.logsSay.wsus':
    'Thank you. The logs, though, show these terminals set up to get their updates from a WSUS server, so the steps keep following the logs. If that policy has changed since, send new logs and I will go by them.',
  'plan.logsSay.offline':
    'Thank you. The logs, though, show these terminals without an update server (offline), so the steps keep following the logs. If that has changed since, send new logs and I will go by them.',
  'plan.logsSay.internet':
    'Thank you. The logs, though, show these terminals set up to get their updates from Windows Update over the internet, so the steps keep following the logs. If that policy has changed since, send new logs and I will go by them.',
  'plan.noMedia':
    'Noted: no installation media, so {count, plural, one {stage {numbers} ({titles}) is} other {stages {numbers} ({titles}) are}} skipped.',
  'plan.hasMedia':
    'Noted: you have installation media now, so {count, plural, one {stage {numbers} ({titles}) is} other {stages {numbers} ({titles}) are}} back in the plan.',
  'remediation.exhausted':
    'We have tried every stage I can propose for case {caseNumber}. I have handed the case to the support engineers with everything we have so far; an engineer will join this chat. If anything changes meanwhile, tell me here.',
  'exhausted.reminder':
    'The case is with the engineers now. If the update installs after all, tell me "it worked"; if you want to close the case as it is, say "no" and I will propose archiving.',
  'verify.ask':
    'Sorry it still fails. To see what changed, you can send new logs from the retry (same collector, same link) and I will compare them with the first diagnosis, or we go straight on to the next stage.',
  'verify.differentCode':
    'Thank you. {code} is not the error we diagnosed first, so the failure may have moved on. Please send new logs from the retry so I can analyse them, or go on to the next stage.',
  'verify.sendLogs':
    'Please reproduce the failure, run the collector again and upload the new zip with the link below (or attach it here). I will compare it with the first diagnosis of case {caseNumber}.',
  'verify.reminder':
    'Choose on the card above: send new logs to compare, go on to the next stage, or talk to an engineer. If it works now, just tell me.',
  'compare.clean':
    'Good news: the new logs of {machine} show no update failure any more. Let us check whether the case can be archived.',
  'compare.lacking':
    'The new logs of {machine} show no update failure, but they do not include {log}, where its failure was recorded before, so they cannot tell whether the last stage worked. Retry the installation on that machine, collect the logs again with the collector and upload them, or just tell me how it went.',
  'compare.noFailure':
    'The logs of {machine} show no update failure, but {machine} had not failed in the logs diagnosed before, so this does not tell whether the last stage worked. Please tell me whether the update installs now on the machines where it failed, or send their new logs.',
  'compare.same':
    'The new logs of {machine} still show {code}, the same error as before: the last stage did not repair it. Let us go on.',
  'compare.different':
    'The new logs of {machine} show a different error now: {after} (before: {before}). The failure has moved; I have adjusted the plan.',
  'closure.archived':
    'Thank you. Case {caseNumber} is archived. Archiving does not end support: reply "reopen" at any time. Would you rate our support? It takes a few seconds.',
  'closure.notYet': 'OK, the case stays open. Tell me when it may be archived, or if the update fails again.',
  'closing.reminder':
    'Please answer on the card above: may we archive the case ("yes") or not yet ("no")? If it fails again, just tell me.',
  'survey.thanks': 'Thank you for your feedback! Here is the summary of the case.',
  'survey.thanksLow':
    'Thank you for your honest feedback. I have passed it to the support engineers, who will look at the case. Here is the summary of the case.',
  'survey.reminder':
    'Please choose a rating from 1 to 5 on the card (or reply with a number), or say "skip".',
  'case.closed':
    'Case {caseNumber} is archived with this summary. If the problem comes back, reply "reopen" and we continue from here.',
  'case.cancelled':
    'Case {caseNumber} is cancelled and closed. If you need it again, reply "reopen"; to report another problem, just describe it.',
  'case.paused':
    'OK, case {caseNumber} is paused: I will not send reminders. Reply "continue" when you are ready.',
  'case.reopened': 'Case {caseNumber} is reopened. We continue where we left off.',
  'frozen.sentAgain': 'This card was sent again below; please use the newer one.',
  'frozen.caseEnded':
    'Case {caseNumber} has ended and a new case began in this chat: the buttons of this card no longer work.',
  'card.otherCase':
    'That card belongs to case {caseNumber}, which has ended; its buttons no longer do anything. We are working on case {current} now.',
  'card.otherCaseNone':
    'That card belongs to case {caseNumber}, which has ended; its buttons no longer do anything. If the problem is back, just describe it here and I will open a case (the engineers can look up {caseNumber} by its number).',
  'card.otherCaseReopen':
    'Case {caseNumber} is archived, and this chat is now working on case {current}, so {caseNumber} cannot be reopened from that card. If its problem has come back, describe it once case {current} is done, or say "engineer" and an engineer will take it up (they can look up {caseNumber} by its number).',
  'case.notArchived':
    'Case {caseNumber} is open; there is nothing to reopen. We continue with the current step.',
  'archived.hint':
    'Case {caseNumber} is archived. Reply "reopen" to continue it, or describe a new problem to open a new case.',
  help: 'I help with Windows updates and patches that fail to install: defining the problem, confirming the scope, collecting and uploading logs, analysing them, and proposing fixes stage by stage, from the least to the most invasive, until the update installs. At any time you can say: "engineer" (hand the case to a support engineer), "summary" (the case so far), "pause" (no reminders), "continue", "cancel" (close the case), "reopen", "new case", or "中文" for Chinese.',
  notUnderstood:
    'Sorry, I didn\'t quite understand that. Here is where we are; reply "help" to see what I can do.',
  'card.expired':
    'That card belongs to a step we have already finished. Please use the latest card, or simply reply in the chat.',

  // Conversation runner and bot
  'system.reset':
    'Sorry, after an update of the bot your earlier conversation progress could not be restored, so we are starting over. Your case records are not affected.',
  'system.error':
    'Sorry, something went wrong while handling your message. Please try again in a moment; if it keeps happening, give the engineers the reference {reference}.',

  // Cards: strings shared by all cards
  'card.common.caseLine': 'Case {caseNumber}',
  'card.common.os': 'OS / product',
  'card.common.kbNumbers': 'Update (KB)',
  'card.common.errorCodes': 'Error code',
  'card.common.machineCount': 'Machines affected',
  'card.common.since': 'Since when',
  'card.common.impact': 'Business impact',
  'card.common.contact': 'Contact',
  'card.common.description': 'Description',

  // Card: greeting (an open case exists)
  'card.greeting.title': 'Welcome back',
  'card.greeting.text':
    'You have an open case, {caseNumber}. Shall we continue with it, or start a new case?',
  'card.greeting.continue': 'Continue this case',
  'card.greeting.new': 'Start a new case',
  'card.greeting.fallback':
    'You have an open case, {caseNumber}. Reply "continue" to carry on with it, or "new case" to start another.',

  // Card: problem definition
  'card.problem-definition.title': 'Problem definition',
  'card.problem-definition.intro':
    "I've drafted the problem from your message. Please check each field, fill in what is missing, and confirm.",
  'card.problem-definition.confirmedNote': 'Confirmed problem definition:',
  'card.problem-definition.osPlaceholder': 'e.g. Windows 10 Enterprise LTSC 2019 (1809)',
  'card.problem-definition.kbPlaceholder': 'e.g. KB5011503',
  'card.problem-definition.errorPlaceholder': 'e.g. 0x80073712',
  'card.problem-definition.machinePlaceholder': 'Number of machines',
  'card.problem-definition.sincePlaceholder': 'e.g. since yesterday, or 2022-05-19',
  'card.problem-definition.impactPlaceholder': 'e.g. two counter terminals cannot be used',
  'card.problem-definition.contactPlaceholder': 'Name and phone or e-mail',
  'card.problem-definition.contactAskAddress':
    'You named {contact} as the contact, without a phone number or e-mail. If an engineer may need to call, please add one here, or just send it in the chat.',
  'card.problem-definition.descriptionPlaceholder': 'What happens, in your own words',
  'card.problem-definition.confirm': 'Confirm',
  'card.problem-definition.fallback':
    'Problem definition of case {caseNumber}. Reply "yes" to confirm it, or write what should be corrected.',

  // Card: scope statement
  'card.scope.title': 'Scope of this case',
  'card.scope.intro': 'This case covers the following problem:',
  'card.scope.statementHelp': 'We will help you analyse this problem.',
  'card.scope.statementClose':
    'If the problem is resolved, turns out to be by design, or involves a third-party product, we will close the case.',
  'card.scope.statementSplit': 'If several problems come up, each of them will get its own case.',
  'card.scope.statementDisagree': 'If you do not agree with this scope, please tell us as soon as possible.',
  'card.scope.correctionsTitle': 'Your corrections so far:',
  'card.scope.acceptedNote': 'You accepted this scope.',
  'card.scope.commentLabel': 'Anything to correct?',
  'card.scope.commentPlaceholder': 'e.g. it is three terminals, not two',
  'card.scope.accept': 'Agree, continue',
  'card.scope.correct': 'Send correction',
  'card.scope.fallback':
    'Scope of case {caseNumber}: we will help analyse this problem; if it is resolved, by design, or involves a third party, we close the case; several problems become several cases. Reply "yes" to agree, or write your correction.',

  // Card: log collection (the runner adds uploadUrl and uploadExpires)
  'card.log-collection.title': 'Log collection',
  'card.log-collection.intro':
    'Please do the following on each affected machine ({machineCount} in this case). It takes about ten minutes.',
  'card.log-collection.stepReproduce':
    '1. Reproduce the failure once: install the update again and let it fail. Leave the machine as it is afterwards.',
  'card.log-collection.stepGetCollector':
    '2. Get the log collector: in a 1:1 chat I send it right after this card (accept the file); it is also on the upload page ("Download the log collector for this case"). Unzip it into one folder on the affected machine.',
  'card.log-collection.stepRun':
    '3. Right-click collect-logs.cmd and choose "Run as administrator". It only reads (nothing on the machine changes) and writes one zip, named after the machine and the date, to the desktop.',
  'card.log-collection.stepUpload': '4. Upload the zip in one of these ways:',
  'card.log-collection.uploadChat': '- In a 1:1 chat with me: attach the zip to a message here.',
  'card.log-collection.uploadLink':
    '- Anywhere else (in a channel, or in Teams operated by 21Vianet): open the upload link with the button below.',
  'card.log-collection.uploadCollector':
    '- Or let the collector upload the zip itself: double-click collect-and-upload.cmd from the kit (answer Yes to the administrator prompt), or run this from a command prompt opened as administrator:',
  'card.log-collection.linkExpiry':
    'The link works for case {caseNumber} only and is valid until {uploadExpires}. No user name or password is needed; never send passwords in this chat.',
  'card.log-collection.receivedLine':
    'Received: logs of {receivedCount} of {machineCount, plural, one {# machine} other {# machines}}',
  'card.log-collection.statusReceived': 'received, analysing',
  'card.log-collection.statusDiagnosed': 'analysed',
  'card.log-collection.statusFailed': 'not usable, please upload again',
  'card.log-collection.openUpload': 'Open the upload link',
  'card.log-collection.fallback':
    'Log collection for case {caseNumber}: reproduce the failure, run collect-logs.cmd as administrator, then attach the zip here or upload it with the link {uploadUrl} (valid until {uploadExpires}).',

  // Card: diagnosis of one machine
  'card.diagnosis.title': 'Diagnosis: {machine}',
  'card.diagnosis.decisiveError': 'Decisive error',
  'card.diagnosis.causeTitle': 'Cause',
  'card.diagnosis.evidenceTitle': 'Evidence from the logs',
  'card.diagnosis.machine': 'Machine',
  'card.diagnosis.osBuild': 'OS build',
  'card.diagnosis.updateSource': 'Update source',
  'card.diagnosis.updateServer': 'Update server',
  'card.diagnosis.sourceWsus': 'WSUS server',
  'card.diagnosis.sourceWindowsUpdate': 'Windows Update (internet)',
  'card.diagnosis.sourceOffline': 'offline (no update server)',
  'card.diagnosis.kbTitle': 'Update {kbNumber}',
  'card.diagnosis.kbWrongBuild': '{kbNumber} is not meant for the Windows build of this machine.',
  'card.diagnosis.missingTitle': 'Logs missing from the upload',
  'card.diagnosis.nextTitle': 'What we propose next',
  'card.diagnosis.noFailure': 'No decisive failure was found in these logs.',
  'card.diagnosis.noFailureHelp':
    'Logs that cover the failure help most: reproduce the failure, collect the logs again and send them, or talk to an engineer.',
  'card.diagnosis.moreLogs': 'Send more logs',
  'card.diagnosis.engineer': 'Talk to an engineer',
  'card.diagnosis.fallback':
    'The diagnosis of {machine} for case {caseNumber} is ready: the decisive error, its cause, the evidence and what we propose next. Reply "help" to see your options.',

  // Card: progress of a diagnosis job (shown by the job runner)
  'card.progress.title': 'Analysing {name}',
  'card.progress.stageReceived': 'Received, waiting to start',
  'card.progress.stageUnpacking': 'Unpacking the archive',
  'card.progress.stageParsing': 'Reading the logs',
  'card.progress.stageDone': 'Analysis finished',
  'card.progress.stageFailed': 'Analysis failed',
  'card.progress.percent': '{percent} % done',
  'card.progress.file': 'Reading {file}',
  'card.progress.fallback': 'Analysing {name} for case {caseNumber}: {percent} % done.',

  // Files the bot sends (src/uploads/files.ts): the file consent card in a 1:1 chat, the fallback elsewhere.
  'file.collectorKit.description':
    'Log collector for case {caseNumber}: unzip it and double-click collect-and-upload.cmd. It only reads the update logs and uploads them to the case.',
  'file.updateReset.description':
    'UpdateReset.cmd resets the Windows Update components. Run it as administrator; the machine needs a restart afterwards.',
  'file.collectorKit.sent':
    'Here is {name}. On each affected machine, unzip all its files into one folder and double-click collect-and-upload.cmd (accept the administrator prompt): it collects the update logs and uploads them to case {caseNumber}.',
  'file.updateReset.sent':
    'Here is {name}. On the affected machine, right-click it and choose "Run as administrator", then restart the machine when it has finished.',
  'file.collectorKit.fallback':
    'The log collector for case {caseNumber} can also be downloaded here: [collect-logs-{caseNumber}.zip]({collectorUrl})\n\nUnzip it on each affected machine and double-click collect-and-upload.cmd. If the machine already has collect-logs.cmd, you can instead open an administrator command prompt in its folder and run:\n```\ncollect-logs.cmd -UploadUrl "{apiUrl}" -CaseNumber {caseNumber}\n```',
  'file.updateReset.fallback':
    'UpdateReset.cmd resets the Windows Update components. Download a copy of it as text: [UpdateReset.txt]({txtUrl})\n\nSave it, rename UpdateReset.txt to UpdateReset.cmd, then right-click it and choose "Run as administrator"; restart the machine afterwards. The script, to check or to copy:\n```\n{script}\n```',
  'file.shared.description': '{name}, from {engineer} (engineer) for case {caseNumber}.',
  'file.shared.sent': 'Here is {name} from {engineer}.',
  'file.shared.fallback':
    '{engineer} (engineer) sent you {name} for case {caseNumber}: [download {name}]({url})',
  'file.gone': 'That file is no longer available. Please ask the engineer to send it again.',
  'file.declined': 'All right, I will not send {name} as a file.',
  'file.uploadFailed': 'I could not send {name} through Teams.',

  // The upload page and API answers (src/http/uploads.ts).
  'uploadPage.title': 'Upload logs for case {caseNumber}',
  'uploadPage.intro':
    'Drop the zip that collect-logs.cmd wrote to the desktop (one per machine) here, or click to choose files. No account or password is needed: this link works for this case only.',
  'uploadPage.drop': 'Drop files here, or click to choose',
  'uploadPage.limit': 'Up to {limitMb} MB per file',
  'uploadPage.expires': 'This link is valid until {expires}.',
  'uploadPage.script': 'From a script or the collector:',
  'uploadPage.collector': 'Download the log collector for this case',
  'uploadPage.collectorHint':
    'Unzip it on the affected machine and double-click collect-and-upload.cmd: it collects the logs and uploads them here. It changes nothing on the machine.',
  'uploadPage.uploading': 'uploading...',
  'uploadPage.failed': 'the upload failed; please try again',
  'uploadPage.received': 'Received {name}. The analysis will appear in your Teams chat with the bot.',
  'uploadPage.duplicate': 'This case already has exactly this file ({name}); nothing new to analyse.',
  'uploadPage.unavailable': 'Upload not available',
  'uploadPage.error':
    'Something went wrong on our side. Please try again in a few minutes, or tell the bot in Teams.',
  'uploadPage.tooLarge': 'larger than the limit of {limitMb} MB',
  'uploadPage.expired':
    'This upload link has expired. Ask the bot in Teams for a new one: it shows a fresh link on the log collection card.',
  'uploadPage.revoked': 'This upload link has been withdrawn. Ask the bot in Teams for a new one.',
  'uploadPage.closed':
    'The case this link belongs to is closed. If the problem is not solved, write "reopen" to the bot in Teams: the case continues where it stopped, with a new upload link.',
  'uploadPage.invalid':
    'This upload link is not valid. Please open the link exactly as the bot sent it, or ask the bot in Teams for a new one.',
} as const;

/** Every message key. */
export type CatalogKey = keyof typeof en;

/** A complete catalog: one string per key, no more, no less. */
export type Catalog = { readonly [K in CatalogKey]: string };
