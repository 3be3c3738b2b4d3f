/**
 * English messages. This catalog defines the keys: `Catalog` is derived from it and every other
 * language must provide exactly these keys. `{name}` placeholders are filled by `t(locale, key, params)`.
 */
export const en = {
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
    'Next step: log collection. On one of the affected machines, please reproduce the failure once (install the update again) and leave the machine as it is afterwards. I will give you the log collector and an upload link for case {caseNumber} here; it produces one zip file per machine, and no shared password is needed.',
  'logs.reminder':
    'We are at the log collection step: please reproduce the failed installation on an affected machine, then collect and upload the logs as described. Reply "help" if anything is unclear.',
  'logs.fileNoted':
    'I received {name}. Reading uploaded logs in this chat is not available yet; please keep the file, I will tell you how to hand it over.',
  'file.notYet':
    "I received {name}. Let's finish the current step first; I'll tell you when it's time to upload logs.",
  'case.resumed': "OK, let's continue with case {caseNumber}.",
  'case.archived':
    'Case {caseNumber} is archived. Archiving does not end support: it can be reopened at any time. Now let us open a new case.',
  'language.switched': "OK, I'll continue in English.",
  'nudge.problem':
    "Just checking in: the problem definition above is still waiting for your confirmation. Reply with anything that needs correcting; there's no rush.",
  'nudge.scope':
    'Just checking in: the scope of the case is still waiting for your confirmation. Choose "Agree, continue" on the card, or tell us if you see it differently.',
  help: 'I help with Windows updates and patches that fail to install: defining the problem, confirming the scope, collecting and uploading logs, analysing them, and recommending fixes from the least to the most invasive. Write "中文" to switch to Chinese, or "new case" to open another case.',
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
} as const;

/** Every message key. */
export type CatalogKey = keyof typeof en;

/** A complete catalog: one string per key, no more, no less. */
export type Catalog = { readonly [K in CatalogKey]: string };
