/**
 * Drives the case machine with XState's pure `initialTransition` / `transition` and a real outbox
 * array, executing the returned actions the way an actor would. Shared by the dialog tests.
 */
import { initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { provideCaseMachine } from '../../dialogs/caseMachine';
import type { Effect, Say, ShowCard, UpdateCard } from '../../dialogs/effects';
import type { CaseEvent } from '../../dialogs/events';
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
