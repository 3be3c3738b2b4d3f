/**
 * The case lifecycle as an XState v5 machine: first message -> problem definition -> scope -> log
 * collection (later steps extend it). Actions only push effects to an Outbox given at runtime.
 */
import { and, assign, or, setup } from 'xstate';
import type { CaseRecordPatch, Effect, Outbox } from './effects';
import type { CaseEvent } from './events';
import { classifyIntent, languageRequest, resolveLanguageRequest } from './intents';
import type { Intent } from './intents';
import { DEFAULT_LOCALE } from './locale';
import type { Locale } from './locale';
import { CARDS, VERBS } from './messages';
import type { SayKey } from './messages';
import {
  EMPTY_PROBLEM,
  describesProblem,
  draftFromText,
  mergeCorrection,
  problemCardData,
  problemFromCardInputs,
} from './problem';
import type { ProblemDraft } from './problem';

/** Bump when a persisted snapshot of the previous version would no longer restore correctly. */
export const MACHINE_VERSION = 1;

/**
 * Snapshot migrations. Key `n` turns a persisted snapshot written by machine version `n` into one
 * of version `n + 1`; the runner applies them in a chain up to MACHINE_VERSION and, where a step is
 * missing, resets the conversation with a message instead of restoring (XState throws on states that
 * no longer exist). Each migration is pure and must not assume anything outside the snapshot.
 */
export const migrations: Record<number, (persisted: unknown) => unknown> = {};

/** Whether the silence reminder of the current step is still to come, already said, or not armed. */
export type NudgeState = 'none' | 'pending' | 'spent';

export type NudgeStep = 'problem' | 'scope';

export interface CaseContext {
  locale: Locale;
  /** Set once the first problem description opened a case. */
  caseNumber?: string;
  /** The problem as drafted from chat, or as confirmed once `problemConfirmed`. */
  problem: ProblemDraft;
  problemConfirmed: boolean;
  scopeConfirmed: boolean;
  /** The user's corrections to the scope, oldest first, shown on the scope card. */
  scopeCorrections: string[];
  nudge: NudgeState;
  /** True once the user picked a language explicitly; until then the bot follows how they write. */
  localeChosen?: boolean;
}

export interface CaseInput {
  locale: Locale;
}

export interface CaseMachineDeps {
  outbox: Outbox;
  newCaseNumber(): string;
  settings: { nudgeAfterMs: number };
}

const NUDGE_KEY = 'nudge';

/** Routing intents are answered the same way in every step (by the `active` parent state). */
const ROUTING_INTENTS: ReadonlySet<Intent> = new Set(['greeting', 'help', 'newCase', 'continue']);

function textOf(event: CaseEvent): string | undefined {
  return event.type === 'user.message' ? event.text : undefined;
}

function intentOf(event: CaseEvent): Intent | undefined {
  const text = textOf(event);
  return text === undefined ? undefined : classifyIntent(text);
}

/** The locale a language event or a "English" / "中文" message asks for. */
function requestedLocale(context: CaseContext, event: CaseEvent): Locale {
  if (event.type === 'language.switch') return event.locale;
  const request = languageRequest(textOf(event) ?? '');
  return request ? resolveLanguageRequest(request, context.locale) : context.locale;
}

/** The correction a user gave on the scope: the card's comment box or a chat message. */
function scopeCorrectionOf(event: CaseEvent): string {
  if (event.type === 'card.submit')
    return typeof event.data.comment === 'string' ? event.data.comment.trim() : '';
  return textOf(event)?.trim() ?? '';
}

function confirmedProblem(context: CaseContext, event: CaseEvent): ProblemDraft {
  return event.type === 'card.submit' ? problemFromCardInputs(event.data, context.problem) : context.problem;
}

/** Stands in for an effect until `provideCaseMachine` gives the real one: running without deps is a bug. */
function notProvided(name: string): () => never {
  return () => {
    throw new Error(
      `caseMachine: action "${name}" is not provided; create the actor from provideCaseMachine(deps)`,
    );
  };
}

const effectNames = [
  'greet',
  'askForProblem',
  'askForMoreDetails',
  'openCase',
  'showProblemCard',
  'updateProblemCard',
  'acknowledgeProblemCorrection',
  'askProblemCorrection',
  'saveProblem',
  'freezeProblemCard',
  'announceScope',
  'showScope',
  'acceptScope',
  'freezeScopeCard',
  'giveLogInstructions',
  'saveScopeCorrection',
  'acknowledgeScopeCorrection',
  'askScopeCorrection',
  'remindLogs',
  'acknowledgeLogFile',
  'acknowledgeEarlyFile',
  'showGreetingCard',
  'resumeCase',
  'archiveCase',
  'confirmLanguage',
  'scheduleNudge',
  'refreshNudge',
  'cancelNudge',
  'explainHelp',
  'answerUnknown',
  'explainCardExpired',
] as const;

type EffectName = (typeof effectNames)[number];

const effectPlaceholders = Object.fromEntries(effectNames.map((name) => [name, notProvided(name)])) as Record<
  EffectName,
  () => never
>;

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    // Optional so that restoring a persisted snapshot needs no input (`void`, because setup() drops an
    // `| undefined` from the inferred input type); a new conversation passes one.
    input: {} as CaseInput | void,
  },
  actions: {
    ...effectPlaceholders,
    nudge: (_args, _params: { step: NudgeStep }) => notProvided('nudge')(),
    allocateCaseNumber: assign({ caseNumber: () => notProvided('allocateCaseNumber')() }),
    takeProblemDraft: assign({ problem: ({ event }) => draftFromText(textOf(event) ?? '') }),
    applyProblemCorrection: assign({
      problem: ({ context, event }) => mergeCorrection(context.problem, textOf(event) ?? ''),
    }),
    confirmProblem: assign({
      problem: ({ context, event }) => confirmedProblem(context, event),
      problemConfirmed: true,
    }),
    recordScopeCorrection: assign({
      scopeCorrections: ({ context, event }) => [...context.scopeCorrections, scopeCorrectionOf(event)],
      // Facts in a scope correction ("是三台终端") update the problem; the words stay on the timeline.
      problem: ({ context, event }) =>
        mergeCorrection(context.problem, scopeCorrectionOf(event), { appendNarrative: false }),
    }),
    markScopeConfirmed: assign({ scopeConfirmed: true }),
    setLocale: assign({ locale: ({ context, event }) => requestedLocale(context, event), localeChosen: true }),
    // Teams' client language is often English on a Chinese user's PC: the first problem statement's own
    // language wins, unless the user chose one explicitly.
    followWrittenLanguage: assign({
      locale: ({ context, event }) =>
        !context.localeChosen && event.type === 'user.message' && event.locale ? event.locale : context.locale,
    }),
    armNudge: assign({ nudge: 'pending' as NudgeState }),
    spendNudge: assign({ nudge: 'spent' as NudgeState }),
    disarmNudge: assign({ nudge: 'none' as NudgeState }),
    clearCase: assign({
      caseNumber: undefined,
      problem: EMPTY_PROBLEM,
      problemConfirmed: false,
      scopeConfirmed: false,
      scopeCorrections: [] as string[],
    }),
  },
  guards: {
    describesProblem: ({ event }) => event.type === 'user.message' && describesProblem(event.text),
    isPlainText: ({ event }) => {
      const intent = intentOf(event);
      return (
        event.type === 'user.message' &&
        (intent === undefined || !ROUTING_INTENTS.has(intent)) &&
        languageRequest(event.text) === undefined
      );
    },
    isYes: ({ event }) => intentOf(event) === 'yes',
    isNo: ({ event }) => intentOf(event) === 'no',
    isGreeting: ({ event }) => intentOf(event) === 'greeting',
    asksForHelp: ({ event }) => intentOf(event) === 'help',
    asksForNewCase: ({ event }) => intentOf(event) === 'newCase',
    asksToContinue: ({ event }) => intentOf(event) === 'continue',
    asksForLanguage: ({ event }) =>
      event.type === 'user.message' && languageRequest(event.text) !== undefined,
    hasOpenCase: ({ context }) => context.caseNumber !== undefined,
    isVerb: ({ event }, params: { verb: string }) =>
      event.type === 'card.submit' && event.verb === params.verb,
    hasScopeComment: ({ event }) => scopeCorrectionOf(event) !== '',
    nudgeIsDue: ({ context, event }) =>
      event.type === 'reminder.due' && event.kind === 'nudge' && context.nudge === 'pending',
  },
}).createMachine({
  id: 'case',
  context: ({ input }) => ({
    locale: input ? input.locale : DEFAULT_LOCALE,
    problem: EMPTY_PROBLEM,
    problemConfirmed: false,
    scopeConfirmed: false,
    scopeCorrections: [],
    nudge: 'none',
  }),
  initial: 'idle',
  states: {
    idle: {
      on: {
        'conversation.started': { target: 'active.awaitingProblem', actions: 'greet' },
        'language.switch': {
          target: 'active.awaitingProblem',
          actions: ['setLocale', 'confirmLanguage', 'greet'],
        },
        'user.message': [
          {
            guard: 'describesProblem',
            target: 'active.definingProblem',
            actions: ['followWrittenLanguage', 'takeProblemDraft', 'allocateCaseNumber', 'openCase'],
          },
          {
            guard: 'asksForLanguage',
            target: 'active.awaitingProblem',
            actions: ['setLocale', 'confirmLanguage', 'greet'],
          },
          // Greetings, "help" and anything else: the welcome says what the bot does and what it needs.
          { target: 'active.awaitingProblem', actions: 'greet' },
        ],
        'card.submit': { target: 'active.awaitingProblem', actions: 'greet' },
        'file.received': { target: 'active.awaitingProblem', actions: 'greet' },
      },
    },
    active: {
      initial: 'awaitingProblem',
      // Steps handle what they understand; routing requests bubble up here and usually re-enter the
      // current step through `resume`, which repeats its prompt or card (in the current language).
      on: {
        'conversation.started': [
          { guard: 'hasOpenCase', actions: ['showGreetingCard', 'refreshNudge'] },
          { target: '.resume', reenter: true, actions: 'greet' },
        ],
        'language.switch': { target: '.resume', reenter: true, actions: ['setLocale', 'confirmLanguage'] },
        'user.message': [
          {
            guard: 'asksForLanguage',
            target: '.resume',
            reenter: true,
            actions: ['setLocale', 'confirmLanguage'],
          },
          { guard: and(['isGreeting', 'hasOpenCase']), actions: ['showGreetingCard', 'refreshNudge'] },
          { guard: 'isGreeting', target: '.resume', reenter: true, actions: 'greet' },
          {
            guard: and(['asksForNewCase', 'hasOpenCase']),
            target: '.awaitingProblem',
            reenter: true,
            actions: ['archiveCase', 'clearCase'],
          },
          {
            guard: and(['asksToContinue', 'hasOpenCase']),
            target: '.resume',
            reenter: true,
            actions: 'resumeCase',
          },
          // Nothing open yet to continue or replace: ask for the problem again.
          { guard: or(['asksForNewCase', 'asksToContinue']), target: '.resume', reenter: true },
          { guard: 'asksForHelp', target: '.resume', reenter: true, actions: 'explainHelp' },
          { target: '.resume', reenter: true, actions: 'answerUnknown' },
        ],
        'card.submit': [
          {
            guard: { type: 'isVerb', params: { verb: VERBS.greetingContinue } },
            target: '.resume',
            reenter: true,
            actions: 'resumeCase',
          },
          {
            guard: and([{ type: 'isVerb', params: { verb: VERBS.greetingNew } }, 'hasOpenCase']),
            target: '.awaitingProblem',
            reenter: true,
            actions: ['archiveCase', 'clearCase'],
          },
          {
            guard: { type: 'isVerb', params: { verb: VERBS.greetingNew } },
            target: '.resume',
            reenter: true,
          },
          // A button on a card from an earlier step: say so rather than act on stale input.
          { actions: ['explainCardExpired', 'refreshNudge'] },
        ],
        'file.received': { actions: ['acknowledgeEarlyFile', 'refreshNudge'] },
      },
      states: {
        resume: { type: 'history', history: 'shallow' },
        awaitingProblem: {
          entry: 'askForProblem',
          on: {
            'user.message': [
              {
                guard: and(['describesProblem', 'isPlainText']),
                target: 'definingProblem',
                actions: ['followWrittenLanguage', 'takeProblemDraft', 'allocateCaseNumber', 'openCase'],
              },
              { guard: 'isPlainText', actions: 'askForMoreDetails' },
            ],
          },
        },
        definingProblem: {
          entry: ['showProblemCard', 'armNudge', 'scheduleNudge'],
          exit: ['cancelNudge', 'disarmNudge'],
          on: {
            'card.submit': {
              guard: { type: 'isVerb', params: { verb: VERBS.problemConfirm } },
              target: 'confirmingScope',
              actions: ['confirmProblem', 'saveProblem', 'freezeProblemCard', 'announceScope'],
            },
            'user.message': [
              {
                guard: 'isYes',
                target: 'confirmingScope',
                actions: ['confirmProblem', 'saveProblem', 'freezeProblemCard', 'announceScope'],
              },
              { guard: 'isNo', actions: ['askProblemCorrection', 'refreshNudge'] },
              {
                guard: 'isPlainText',
                actions: [
                  'applyProblemCorrection',
                  'updateProblemCard',
                  'acknowledgeProblemCorrection',
                  'refreshNudge',
                ],
              },
            ],
            'reminder.due': {
              guard: 'nudgeIsDue',
              actions: [{ type: 'nudge', params: { step: 'problem' } }, 'spendNudge'],
            },
          },
        },
        confirmingScope: {
          entry: ['showScope', 'armNudge', 'scheduleNudge'],
          exit: ['cancelNudge', 'disarmNudge'],
          on: {
            'card.submit': [
              {
                guard: { type: 'isVerb', params: { verb: VERBS.scopeAccept } },
                target: 'awaitingLogs',
                actions: ['markScopeConfirmed', 'acceptScope', 'freezeScopeCard'],
              },
              {
                guard: and([{ type: 'isVerb', params: { verb: VERBS.scopeCorrect } }, 'hasScopeComment']),
                target: 'confirmingScope',
                reenter: true,
                actions: ['recordScopeCorrection', 'saveScopeCorrection', 'acknowledgeScopeCorrection'],
              },
              {
                guard: { type: 'isVerb', params: { verb: VERBS.scopeCorrect } },
                actions: ['askScopeCorrection', 'refreshNudge'],
              },
            ],
            'user.message': [
              {
                guard: 'isYes',
                target: 'awaitingLogs',
                actions: ['markScopeConfirmed', 'acceptScope', 'freezeScopeCard'],
              },
              { guard: 'isNo', actions: ['askScopeCorrection', 'refreshNudge'] },
              {
                guard: 'isPlainText',
                target: 'confirmingScope',
                reenter: true,
                actions: ['recordScopeCorrection', 'saveScopeCorrection', 'acknowledgeScopeCorrection'],
              },
            ],
            'reminder.due': {
              guard: 'nudgeIsDue',
              actions: [{ type: 'nudge', params: { step: 'scope' } }, 'spendNudge'],
            },
          },
        },
        // Log collection and upload come in a later issue; for now the step explains what to do.
        awaitingLogs: {
          entry: 'giveLogInstructions',
          on: {
            'user.message': { guard: 'isPlainText', actions: 'remindLogs' },
            'file.received': { actions: 'acknowledgeLogFile' },
          },
        },
      },
    },
  },
});

/** The machine with every effect wired to push commands to `deps.outbox`. */
export function provideCaseMachine(deps: CaseMachineDeps) {
  const push = (effect: Effect): void => deps.outbox.push(effect);
  const say = (key: SayKey, params?: Record<string, string | number>): void =>
    push(params ? { kind: 'say', key, params } : { kind: 'say', key });
  const saveCase = (context: CaseContext, patch: Omit<CaseRecordPatch, 'caseNumber' | 'locale'>): void =>
    push({
      kind: 'saveCase',
      caseRecord: { caseNumber: caseNumberOf(context), locale: context.locale, ...patch },
    });
  const problemCard = (context: CaseContext, confirmed: boolean): Record<string, unknown> =>
    problemCardData(context.problem, context.caseNumber, confirmed);

  return caseMachine.provide({
    actions: {
      allocateCaseNumber: assign({ caseNumber: () => deps.newCaseNumber() }),
      greet: () => say('welcome'),
      askForProblem: () => say('problem.ask'),
      askForMoreDetails: () => say('problem.needDetails'),
      openCase: ({ context }) => {
        saveCase(context, {
          status: 'open',
          timeline: {
            actor: 'bot',
            what: `Case opened from the user's first description: ${context.problem.description}`,
          },
        });
        say('case.opened', { caseNumber: caseNumberOf(context) });
      },
      showProblemCard: ({ context }) =>
        push({ kind: 'card', ...CARDS.problem, data: problemCard(context, false) }),
      updateProblemCard: ({ context }) =>
        push({ kind: 'updateCard', ...CARDS.problem, data: problemCard(context, false) }),
      acknowledgeProblemCorrection: () => say('problem.updated'),
      askProblemCorrection: () => say('problem.askCorrection'),
      saveProblem: ({ context }) =>
        saveCase(context, {
          status: 'open',
          problem: context.problem,
          timeline: { actor: 'user', what: 'Confirmed the problem definition.' },
        }),
      freezeProblemCard: ({ context }) =>
        push({ kind: 'updateCard', ...CARDS.problem, data: problemCard(context, true) }),
      announceScope: () => say('problem.confirmed'),
      showScope: ({ context }) => push({ kind: 'card', ...CARDS.scope, data: scopeCardData(context) }),
      acceptScope: ({ context }) => {
        saveCase(context, {
          status: 'open',
          scopeConfirmed: true,
          timeline: { actor: 'user', what: 'Accepted the scope statement.' },
        });
        say('scope.accepted');
      },
      freezeScopeCard: ({ context }) =>
        push({ kind: 'updateCard', ...CARDS.scope, data: scopeCardData(context) }),
      giveLogInstructions: ({ context }) =>
        say('logs.instructions', { caseNumber: context.caseNumber ?? '' }),
      saveScopeCorrection: ({ context }) =>
        saveCase(context, {
          status: 'open',
          problem: context.problem,
          timeline: { actor: 'user', what: `Corrected the scope: ${context.scopeCorrections.at(-1) ?? ''}` },
        }),
      acknowledgeScopeCorrection: () => say('scope.correctionNoted'),
      askScopeCorrection: () => say('scope.askCorrection'),
      remindLogs: () => say('logs.reminder'),
      acknowledgeLogFile: ({ event }) => say('logs.fileNoted', { name: fileNameOf(event) }),
      acknowledgeEarlyFile: ({ event }) => say('file.notYet', { name: fileNameOf(event) }),
      showGreetingCard: ({ context }) =>
        push({ kind: 'card', ...CARDS.greeting, data: greetingCardData(context) }),
      resumeCase: ({ context }) => say('case.resumed', { caseNumber: context.caseNumber ?? '' }),
      archiveCase: ({ context }) => {
        saveCase(context, {
          status: 'archived',
          timeline: { actor: 'user', what: 'Archived the case to start a new one.' },
        });
        say('case.archived', { caseNumber: caseNumberOf(context) });
      },
      confirmLanguage: () => say('language.switched'),
      scheduleNudge: () => push(nudgeSchedule(deps)),
      // Pushes the pending reminder back after user activity; a spent one stays spent (once per step).
      refreshNudge: ({ context }) => {
        if (context.nudge === 'pending') push(nudgeSchedule(deps));
      },
      cancelNudge: () => push({ kind: 'cancelSchedule', key: NUDGE_KEY }),
      nudge: (_args, params) => say(params.step === 'problem' ? 'nudge.problem' : 'nudge.scope'),
      explainHelp: () => say('help'),
      answerUnknown: () => say('notUnderstood'),
      explainCardExpired: () => say('card.expired'),
    },
  });
}

function nudgeSchedule(deps: CaseMachineDeps): Effect {
  return { kind: 'schedule', key: NUDGE_KEY, timerKind: 'nudge', delayMs: deps.settings.nudgeAfterMs };
}

function caseNumberOf(context: CaseContext): string {
  if (context.caseNumber === undefined) throw new Error('caseMachine: no case is open in this conversation');
  return context.caseNumber;
}

function fileNameOf(event: CaseEvent): string {
  return event.type === 'file.received' ? event.name : '';
}

/** The scope card binds the confirmed facts and the corrections so far; its wording is in the catalogs. */
function scopeCardData(context: CaseContext): Record<string, unknown> {
  return {
    ...problemCardData(context.problem, context.caseNumber, true),
    corrections: context.scopeCorrections.map((text) => ({ text })),
    hasCorrections: context.scopeCorrections.length > 0,
    accepted: context.scopeConfirmed,
  };
}

function greetingCardData(context: CaseContext): Record<string, unknown> {
  return problemCardData(context.problem, context.caseNumber, context.problemConfirmed);
}
