/**
 * Drives the case machine with XState's pure `initialTransition` / `transition` and a real outbox
 * array, executing the returned actions the way an actor would. Shared by the dialog tests.
 */
import { initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { caseMachine } from '../../dialogs/caseMachine';
import type { CaseRuntime } from '../../dialogs/caseContext';
import { fulfilled, withRuntimeInputs } from '../../dialogs/caseRuntime';
import type {
  Effect as RequestedEffect,
  EffectEvent,
  OfferUpload as RequestedOfferUpload,
  Say,
  ShowCard as RequestedShowCard,
  UpdateCard as RequestedUpdateCard,
} from '../../dialogs/effects';
import { cardData } from '../../src/cards/data';
import { understand } from '../../dialogs/understand';
import type { MachineEvent } from '../../dialogs/events';
import type {
  CaseEvent,
  DiagnosisDoneEvent,
  DiagnosisFailedEvent,
  UploadReceivedEvent,
} from '../../src/domain/events';
import type { DiagnosisSummary, PlanStage } from '../../src/domain/diagnosis';
import type { Locale } from '../../src/domain/locale';

const HOUR = 60 * 60 * 1000;
/** The reminders of the dialog tests: step reminder, "still need help?", archive warning, archive. */
export const FOLLOW_UPS_MS = [4 * HOUR, 8 * HOUR, 14 * HOUR, 16 * HOUR];
export const NUDGE_MS = FOLLOW_UPS_MS[0];
/** A card as the runner shows it: the data its template binds, built from what the machine asked for. */
type Shown<E> = Omit<E, 'input'> & { data: Record<string, unknown> };
export type ShowCard = Shown<RequestedShowCard>;
export type UpdateCard = Shown<RequestedUpdateCard>;
export type OfferUpload = Shown<RequestedOfferUpload>;
/** An effect as the runner carries it out (the dialog tests' outbox): requests fulfilled, cards with data. */
export type Effect =
  | Exclude<RequestedEffect, { kind: 'card' | 'updateCard' | 'offerUpload' }>
  | ShowCard
  | UpdateCard
  | OfferUpload;

/** The payload of the first reminder of a step. */
export const FIRST_REMINDER = { n: 0, last: false, warn: false };

/** What the dialog tests give the machine at its edge, in the runner's place (caseRuntime.ts). */
export function testRuntime(newCaseNumber: () => string): CaseRuntime {
  return { newCaseNumber, settings: { followUpsMs: FOLLOW_UPS_MS } };
}
const RUNTIME = testRuntime(() => 'CAS-GRAPH');

/**
 * An inbound event as the runner hands it to the machine: understood (its own event per card verb) and
 * with the runtime inputs (a case number for a message that may open a case, the days a reminder leaves).
 */
export function atEdge(event: CaseEvent, runtime: CaseRuntime = RUNTIME, currentCase?: string): MachineEvent {
  return withRuntimeInputs(understand(event, currentCase), runtime);
}

type CaseMachine = typeof caseMachine;
export type CaseSnapshot = SnapshotFrom<CaseMachine>;

export interface Conversation {
  machine: CaseMachine;
  readonly snapshot: CaseSnapshot;
  /** Sends one event and returns the effects of that turn only. */
  send(event: CaseEvent): Effect[];
  say(text: string): Effect[];
  submit(verb: string, data?: Record<string, unknown>): Effect[];
}

export function startConversation(locale: Locale = 'zh-CN'): Conversation {
  const outbox: Effect[] = [];
  // Cases are numbered CAS-00001-TEST, CAS-00002-TEST … in the order they open (the runner's are random).
  let opened = 0;
  const nextNumber = () => `CAS-0000${opened + 1}-TEST`;
  const machine = caseMachine;
  const [initial, actions] = initialTransition(machine, { locale });
  let snapshot = initial;
  runActions(actions, outbox, locale);
  const send = (event: CaseEvent): Effect[] => {
    outbox.length = 0;
    const [next, nextActions] = transition(machine, snapshot, atEdge(event, testRuntime(nextNumber)));
    if (next.context.caseNumber === nextNumber()) opened++;
    snapshot = next;
    runActions(nextActions, outbox, next.context.locale);
    return [...outbox];
  };
  return {
    machine,
    get snapshot() {
      return snapshot;
    },
    send,
    say: (text) => send({ type: 'user.message', text }),
    submit: (verb, data = {}) => send({ type: 'card.submit', verb, data: { verb, ...data } }),
  };
}

/**
 * Carries out a pure transition's actions as an actor would: the effects the machine emits go to `outbox`,
 * in order, carried out as the runner does in `locale` (a reminder request becomes its timer, a card gets
 * its data); other custom actions run (built-in ones, like assign, were applied by `transition`).
 */
export function runActions(
  actions: ReadonlyArray<{
    type: string;
    exec?: ((info: never, params: never) => void) | undefined;
    info: unknown;
    params: unknown;
  }>,
  outbox: Effect[],
  locale: Locale = 'zh-CN',
): void {
  for (const action of actions) {
    if (action.type === 'xstate.emit')
      outbox.push(carriedOut((action.params as { event: EffectEvent }).event.effect, locale));
    else action.exec?.(action.info as never, action.params as never);
  }
}

/** Collects what a started actor emits into `outbox`, carried out in its language as the runner does. */
export function collectEffects(
  actor: {
    on(type: 'effect', handler: (event: EffectEvent) => void): unknown;
    getSnapshot(): { context: { locale: Locale } };
  },
  outbox: Effect[],
): void {
  actor.on('effect', (event) => outbox.push(carriedOut(event.effect, actor.getSnapshot().context.locale)));
}

/** An effect as the runner carries it out: a reminder request as its timer, a card with its data. */
export function carriedOut(effect: RequestedEffect, locale: Locale): Effect {
  const done = fulfilled(effect, RUNTIME);
  if (done.kind === 'card' || done.kind === 'updateCard' || done.kind === 'offerUpload') {
    const { input, ...card } = done;
    return { ...card, data: cardData(input, locale) } as Effect;
  }
  return done;
}

/**
 * Where the case is in its steps: `{ active: <the steps region's value> }` while it is under way (the
 * engineer region beside the steps is read with engineerOf), else 'idle' or 'withEngineer'.
 */
export function stateOf(conversation: Conversation): unknown {
  return stepsOf(conversation.snapshot.value);
}

/** A machine state value as stateOf gives it: the steps region under `active`, the engineer region left out. */
export function stepsOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'active' in value
    ? { active: (value as { active: { steps: unknown } }).active.steps }
    : value;
}

/** The engineers' side of the case: none awaited, waiting for one (beside the steps), or taken by one. */
export function engineerOf(conversation: Conversation): 'none' | 'waiting' | 'taken' | undefined {
  const value = conversation.snapshot.value;
  if (value === 'withEngineer') return 'taken';
  if (typeof value === 'object' && value !== null && 'active' in value)
    return (value as { active: { engineer: 'none' | 'waiting' } }).active.engineer;
  return undefined;
}

export function saidKeys(effects: Effect[]): string[] {
  return effects.filter((e): e is Say => e.kind === 'say').map((e) => e.key);
}

export function cardsShown(effects: Effect[]): ShowCard[] {
  return effects.filter((e): e is ShowCard => e.kind === 'card');
}

export function cardUpdates(effects: Effect[]): UpdateCard[] {
  return effects.filter((e): e is UpdateCard => e.kind === 'updateCard');
}

export function kinds(effects: Effect[]): string[] {
  return effects.map((e) => e.kind);
}

export const FIRST_MESSAGE_ZH = 'KB5011503 在两台终端上安装失败，报错 0x80073712';
export const FIRST_MESSAGE_EN = 'KB5011503 fails to install on two terminals with error 0x80073712';

/** A bundle stored for the case, as the upload intake reports it. */
export function uploadReceived(uploadId: string, name: string, duplicate = false): UploadReceivedEvent {
  return { type: 'upload.received', uploadId, name, size: 4_812_345, duplicate };
}

/** The reference case's finding on one terminal: 0x80073712, the component store is corrupt. */
export function componentStoreCorrupt(uploadId: string, machine: string): DiagnosisSummary {
  return {
    uploadId,
    machine,
    osBuild: '10.0.17763.2628',
    errorCode: '0x80073712',
    symbolicName: 'ERROR_SXS_COMPONENT_STORE_CORRUPT',
    causeId: 'component-store-corrupt',
    confidence: 0.9,
    meaning: {
      en: 'The component store, which Windows Update uses, is corrupted.',
      'zh-CN': 'Windows 更新所使用的组件库已损坏。',
    },
    cause: {
      en: 'The component store (C:\\Windows\\WinSxS) is corrupted.',
      'zh-CN': '组件库（C:\\Windows\\WinSxS）已损坏。',
    },
    evidence: [
      {
        file: 'CBS.log',
        line: 18342,
        timestamp: '2022-05-19 11:49:09',
        text: 'Error CBS Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
      },
      {
        file: 'CBS.log',
        line: 18341,
        timestamp: '2022-05-19 11:49:09',
        text: 'Info CBS Failed to get enumerator for missing components. [HRESULT = 0x80073712]',
      },
      {
        file: 'CBS.log',
        line: 18339,
        text: 'Error STATUS_SXS_COMPONENT_STORE_CORRUPT originated in CCSDirect::GetComponentManifest',
      },
      { file: 'CBS.log', line: 18300, text: 'a fourth line the card does not show' },
    ],
    kb: {
      kb: 'KB5011503',
      verdict: 'applies',
      note: { en: 'KB5011503 applies to build 17763.', 'zh-CN': 'KB5011503 适用于 17763 版本。' },
    },
    updateSource: 'wsus',
    missingLogs: [],
    nextStep: {
      playbookId: 'reset-wu-components',
      title: { en: 'Reset the Windows Update components', 'zh-CN': '重置 Windows 更新组件' },
    },
  };
}

export function diagnosisDone(
  uploadId: string,
  machine: string,
  overrides: Partial<DiagnosisSummary> = {},
): DiagnosisDoneEvent {
  return { type: 'diagnosis.done', summary: { ...componentStoreCorrupt(uploadId, machine), ...overrides } };
}

/** Logs in which nothing decisive was found. */
export function nothingFound(uploadId: string, machine: string): DiagnosisDoneEvent {
  return diagnosisDone(uploadId, machine, {
    errorCode: null,
    symbolicName: null,
    causeId: null,
    meaning: undefined,
    cause: undefined,
    evidence: [],
    kb: undefined,
    nextStep: undefined,
    missingLogs: ['CBS.log', 'WindowsUpdate.log'],
  });
}

export function diagnosisFailed(
  uploadId: string,
  name: string,
  code: string,
  params?: Record<string, string | number>,
): DiagnosisFailedEvent {
  return params
    ? { type: 'diagnosis.failed', uploadId, name, code, params }
    : { type: 'diagnosis.failed', uploadId, name, code };
}

/** A plan's stage as the intake gives it, titled by its playbook (both languages), with what it needs. */
export function planStageOf(playbookId: string, needs?: PlanStage['needs']): PlanStage {
  return { playbookId, title: { en: playbookId, 'zh-CN': playbookId }, ...(needs ? { needs } : {}) };
}

/** Stages of the reference ladder as plan stages (the in-place repair needs installation media). */
export const LADDER = {
  RESET: planStageOf('wu-reset-script'),
  DISM: planStageOf('dism-sfc'),
  IN_PLACE: planStageOf('in-place-repair', ['installation-media']),
  KEEP_FILES: planStageOf('reset-keep-files'),
};

/** A one-terminal problem statement, in each language. */
export const ONE_TERMINAL_PROBLEM = {
  'zh-CN': '一台终端安装 KB5011503 失败，报错 0x80073712',
  en: 'KB5011503 fails to install on one terminal with error 0x80073712',
};

/** The stage cards an outbox shows anew (not the in-place updates). */
export function stagesShown(effects: Effect[]): Extract<Effect, { kind: 'showStage' }>[] {
  return effects.filter(
    (e): e is Extract<Effect, { kind: 'showStage' }> => e.kind === 'showStage' && !e.update,
  );
}

/** The remediation plan of the component store cause, as the intake gives it (a WSUS terminal). */
export const PLAN: Partial<DiagnosisSummary> = {
  environment: 'wsus',
  plan: [
    {
      playbookId: 'wu-reset-script',
      title: {
        en: 'Reset the Windows Update components (UpdateReset.cmd)',
        'zh-CN': '重置 Windows 更新组件（UpdateReset.cmd）',
      },
      fileIds: ['update-reset'],
    },
    {
      playbookId: 'dism-sfc',
      title: {
        en: 'Repair the component store with DISM, then run SFC',
        'zh-CN': '用 DISM 修复组件库，再运行 SFC',
      },
    },
    {
      playbookId: 'reset-keep-files',
      title: { en: 'Reset this PC, keeping personal files', 'zh-CN': '重置此电脑（保留个人文件）' },
    },
  ],
};

/** A machine's diagnosis with the component store plan. */
export function diagnosedWithPlan(uploadId: string, machine: string): DiagnosisDoneEvent {
  return diagnosisDone(uploadId, machine, PLAN);
}

/** Diagnosis events of a failure the first diagnosis did not show (a pending reboot), with its own plan. */
export function pendingRebootFound(uploadId: string, machine: string): DiagnosisDoneEvent {
  return diagnosisDone(uploadId, machine, {
    errorCode: '0x800f0922',
    symbolicName: 'CBS_E_INSTALLERS_FAILED',
    causeId: 'pending-reboot',
    plan: [
      { playbookId: 'reboot-retry', title: { en: 'Restart and retry', 'zh-CN': '重启后重试' } },
      ...(PLAN.plan ?? []),
    ],
  });
}

/** A due reminder of the series (`n` from 0; the payload as the machine scheduled it). */
export function followUpDue(n: number): CaseEvent {
  const last = n >= FOLLOW_UPS_MS.length - 1;
  const warn = n > 0 && n === FOLLOW_UPS_MS.length - 2;
  return { type: 'reminder.due', key: 'nudge', kind: 'nudge', payload: { n, last, warn } };
}

/** Walks a new conversation to its first remediation stage: one terminal, diagnosed with the plan. */
export function atFirstStage(locale: Locale = 'zh-CN'): Conversation {
  const c = startConversation(locale);
  c.say(
    locale === 'zh-CN'
      ? 'KB5011503 在一台终端上安装失败，报错 0x80073712'
      : 'KB5011503 fails on one terminal with 0x80073712',
  );
  c.submit('problem-definition.confirm');
  c.submit('scope.accept');
  c.send(uploadReceived('u1', 'T01.zip'));
  c.send(diagnosedWithPlan('u1', 'T01'));
  return c;
}

/** The reference case's two terminals, both diagnosed by host (TERM-0231, TERM-0232), at the first stage. */
export function twoHostsAtFirstStage(locale: Locale): Conversation {
  const c = startConversation(locale);
  c.say(locale === 'zh-CN' ? FIRST_MESSAGE_ZH : FIRST_MESSAGE_EN);
  c.submit('problem-definition.confirm');
  c.submit('scope.accept');
  for (const [i, host] of ['TERM-0231', 'TERM-0232'].entries()) {
    c.send(uploadReceived(`u${i}`, `${host}.zip`));
    c.send(diagnosisDone(`u${i}`, host, { ...PLAN, hostName: host }));
  }
  return c;
}
