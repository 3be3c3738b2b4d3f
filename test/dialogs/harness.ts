/**
 * Drives the case machine with XState's pure `initialTransition` / `transition` and a real outbox
 * array, executing the returned actions the way an actor would. Shared by the dialog tests.
 */
import { initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { provideCaseMachine } from '../../dialogs/caseMachine';
import type { Effect, Say, ShowCard, UpdateCard } from '../../dialogs/effects';
import type {
  CaseEvent,
  DiagnosisDoneEvent,
  DiagnosisFailedEvent,
  DiagnosisSummary,
  UploadReceivedEvent,
} from '../../dialogs/events';
import type { Locale } from '../../dialogs/locale';

export const NUDGE_MS = 4 * 60 * 60 * 1000;

type CaseMachine = ReturnType<typeof provideCaseMachine>;
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
  let issued = 0;
  const machine = provideCaseMachine({
    outbox,
    newCaseNumber: () => `CAS-0000${++issued}-TEST`,
    settings: { nudgeAfterMs: NUDGE_MS },
  });
  const [initial, actions] = initialTransition(machine, { locale });
  let snapshot = initial;
  execute(actions);
  const send = (event: CaseEvent): Effect[] => {
    outbox.length = 0;
    const [next, nextActions] = transition(machine, snapshot, event);
    snapshot = next;
    execute(nextActions);
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

/** Runs custom actions as an actor would; built-in ones (assign) were applied by `transition`. */
function execute(
  actions: ReadonlyArray<{
    exec?: ((info: never, params: never) => void) | undefined;
    info: unknown;
    params: unknown;
  }>,
): void {
  for (const action of actions) action.exec?.(action.info as never, action.params as never);
}

export function stateOf(conversation: Conversation): unknown {
  return conversation.snapshot.value;
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
