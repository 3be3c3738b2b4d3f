/**
 * The engineers' part of a case, in two places of the machine:
 * - `active.engineer`, a region beside the case's steps: `none` (the case waits on the user: reminders on
 *   silence, the last archiving it) or `waiting` (the user asked for an engineer, or the bot escalated; the
 *   steps go on, the case waits on us: no reminders, never archived for silence). The steps ask for an
 *   engineer by raising `engineer.wanted` and let go with `engineer.released`; re-entering the case (a
 *   repeated prompt re-enters both regions) keeps the region where it was (`kept`).
 * - `withEngineer`, the case taken by an engineer: the user's messages and files go to them, theirs come
 *   back, the steps are left where they were. Handing back resumes them (`active.steps.resume`), from the
 *   diagnosis when logs were diagnosed meanwhile; the engineer's "close" runs the closure flow. Both come back
 *   with no engineer awaited.
 * Taken is not a third state of the region: while an engineer has the case the bot's steps do not run at
 * all, which only a state outside `active` says.
 */
import { and, not } from 'xstate';
import { onEveryCard } from './caseTransitions';

/** Where the region stands after an engineer hands the case back or closes it: nobody awaited. */
const NO_ENGINEER = '#case.active.engineer.none';

export const ENGINEER_REGION = {
  initial: 'kept',
  // An engineer who joins takes the case, awaited or not (the desk can give any open case to one).
  on: {
    'engineer.joined': {
      guard: 'hasOpenCase',
      target: '#case.withEngineer',
      actions: ['noteEngineer', 'announceEngineer'],
    },
  },
  states: {
    kept: { type: 'history', target: 'none' },
    none: {
      entry: 'noteNotEscalated',
      on: {
        'engineer.wanted': { guard: 'engineerWanted', target: 'waiting' },
        // Reminders on silence, one series per step; the last archives the case.
        'reminder.due': [
          {
            guard: and(['followUpIsDue', 'isLastFollowUp']),
            target: '#case.active.steps.archived.leftOff',
            actions: 'archiveForSilence',
          },
          { guard: 'followUpIsDue', actions: ['followUp', 'scheduleNextFollowUp'] },
        ],
      },
    },
    waiting: {
      entry: 'noteEscalated',
      on: { 'engineer.released': 'none' },
    },
  },
} as const;

export const WITH_ENGINEER = {
  // Taken: nobody is awaited any more.
  entry: 'noteNotEscalated',
  on: {
    'user.message': [
      { guard: 'asksForLanguage', actions: ['setLocale', 'confirmLanguage'] },
      // The summary so far is the bot's to give at any time; the engineer still sees the question.
      { guard: 'asksForSummary', actions: ['showCaseSummary', 'relayToEngineer'] },
      { actions: 'relayToEngineer' },
    ],
    'language.switch': { actions: ['setLocale', 'confirmLanguage'] },
    ...onEveryCard({ actions: 'explainWithEngineer' } as const),
    'conversation.started': { actions: 'explainWithEngineer' },
    'file.received': [
      { guard: 'hasAttachmentUrl', actions: ['fetchAttachment', 'relayFileToEngineer'] },
      { actions: 'explainMissingUrl' },
    ],
    'engineer.joined': { actions: ['noteEngineer', 'announceEngineer'] },
    'engineer.message': { actions: 'sayEngineerMessage' },
    'engineer.file': { actions: 'sendEngineerFile' },
    'engineer.handback': [
      // Logs were diagnosed while the engineer had the case: the step the case left (log collection)
      // is done, so the case goes on from the diagnosis rather than asking for logs again.
      {
        guard: and(['scopeAccepted', not('remediationStarted'), 'leadsToDiagnosed', 'planAfter']),
        target: ['#remediation.stage', NO_ENGINEER],
        actions: [
          'clearEngineer',
          'announceHandback',
          'summariseDiagnoses',
          'startRemediation',
          'saveRemediationStart',
          'introduceRemediation',
        ],
      },
      {
        guard: and(['scopeAccepted', not('remediationStarted'), 'leadsToDiagnosed']),
        target: ['#logs.diagnosed', NO_ENGINEER],
        actions: ['clearEngineer', 'announceHandback', 'summariseDiagnoses'],
      },
      {
        target: ['#case.active.steps.resume', NO_ENGINEER],
        actions: ['clearEngineer', 'announceHandback'],
      },
    ],
    // The engineer stays the owner until the user agrees: declining goes back to the engineer.
    'engineer.close': {
      target: ['#closure.proposing', NO_ENGINEER],
      actions: 'announceEngineerClosing',
    },
    'upload.received': [
      { guard: 'isDuplicateUpload', actions: 'acknowledgeDuplicateUpload' },
      { actions: ['recordUpload', 'acknowledgeUpload', 'saveUploadReceived', 'relayUploadToEngineer'] },
    ],
    'upload.refused': { actions: 'explainRefusal' },
    'diagnosis.done': {
      guard: 'isKnownUpload',
      actions: ['recordDiagnosis', 'showDiagnosis', 'saveDiagnosis', 'relayDiagnosisToEngineer'],
    },
    'diagnosis.failed': { guard: 'isKnownUpload', actions: ['recordFailure', 'explainDiagnosisFailure'] },
  },
} as const;
