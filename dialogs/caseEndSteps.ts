/**
 * Where a case ends (children of the machine's `active`, beside the open case): the survey after the
 * user consented to archiving, and the archived case, which a new problem replaces or "reopen" resumes.
 */
import { and, or } from 'xstate';
import { ANSWER_SURVEY, SKIP_SURVEY } from './caseTransitions';

/** Archived with consent: the survey, then the case summary. */
export const SURVEY = {
  entry: 'presentSurvey',
  on: {
    'survey.submit': [
      { guard: 'hasSurveyScore', target: 'archived.consented', actions: ANSWER_SURVEY },
      { actions: 'remindSurvey' },
    ],
    'survey.skip': { target: 'archived.consented', actions: SKIP_SURVEY },
    'user.message': [
      { guard: 'hasSurveyScore', target: 'archived.consented', actions: ANSWER_SURVEY },
      { guard: 'asksToSkip', target: 'archived.consented', actions: SKIP_SURVEY },
      { guard: 'isPlainText', actions: 'remindSurvey' },
    ],
  },
} as const;

/** "Reopen" (in words, on the summary card or the greeting card): the case is open again at `target`. */
function reopensAt<const T extends string>(target: T) {
  return {
    'user.message': { guard: or(['asksToReopen', 'asksToContinue']), target, actions: 'reopenCase' },
    'summary.reopen': { target, actions: 'reopenCase' },
    'greeting.continue': { target, actions: 'reopenCase' },
  } as const;
}

/**
 * Archived: with consent (after the survey), after the last reminder, or cancelled. A new description opens
 * a new case. Reopened, a case archived with consent is watched a while (`closure.monitoring`); one left
 * off (silence, cancel) goes on where it was, through the open case's history (`open.last`).
 */
export const ARCHIVED = {
  initial: 'leftOff',
  on: {
    'user.message': [
      {
        guard: and(['describesProblem', 'isPlainText']),
        target: '#problem.defining',
        actions: ['clearCase', 'followWrittenLanguage', 'takeProblemDraft', 'allocateCaseNumber', 'openCase'],
      },
      { guard: 'asksForNewCase', target: '#problem.asking', actions: 'clearCase' },
      { guard: 'isPlainText', actions: 'explainArchived' },
    ],
    'greeting.new-case': { target: '#problem.asking', actions: 'clearCase' },
    'file.received': { actions: 'explainArchived' },
  },
  states: {
    consented: { on: reopensAt('#closure.monitoring') },
    leftOff: { on: reopensAt('#case.active.steps.open.last') },
  },
} as const;
