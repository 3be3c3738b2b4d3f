/**
 * What the storage contract suite needs from an engine: a fresh, empty database per test, and connections
 * to it. Each `open()` is a separate connection (a separate pool, for PostgreSQL), as another bot instance
 * would have, so the suite can race two "instances" on one database.
 */
import type { Store, TurnCommit } from '../../../src/storage/ports';

export interface StoreEngine {
  name: string;
  /** Creates an empty database; the function it returns opens a new connection to it. */
  database(): Promise<() => Promise<Store>>;
  /** Removes what `database` made, after the test's stores are closed. */
  cleanUp?(): Promise<void>;
}

/** The connections of the current test; all are closed after it. */
export interface Database {
  open(): Promise<Store>;
}

export function useDatabase(engine: StoreEngine): Database {
  let connect: (() => Promise<Store>) | undefined;
  const opened: Store[] = [];
  beforeEach(async () => {
    connect = await engine.database();
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await engine.cleanUp?.();
  });
  return {
    async open() {
      if (!connect) throw new Error('open() outside a test');
      const store = await connect();
      opened.push(store);
      return store;
    },
  };
}

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
export const MIN = 60 * 1000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** A turn of `conv-1` (or the conversation the overrides name) creating or updating the conversation. */
export function turn(overrides: Partial<TurnCommit> = {}): TurnCommit {
  const conversationId = overrides.conversationId ?? 'conv-1';
  return {
    conversationId,
    expectedETag: undefined,
    record: {
      conversationId,
      machineVersion: 1,
      snapshot: { value: 'greeting', context: { locale: 'zh-CN' } },
      reference: {
        serviceUrl: 'https://smba.trafficmanager.net/amer/',
        conversation: { id: conversationId },
      },
      cardSlots: {},
    },
    now: T0,
    ...overrides,
  };
}

export async function commitOk(store: Store, t: TurnCommit): Promise<string> {
  const result = await store.conversations.commit(t);
  if (!result.ok) throw new Error(`expected commit of ${t.conversationId} to succeed, got ${result.reason}`);
  return result.eTag;
}

/** A conversation with one case, as a turn creates them. */
export async function withCase(store: Store, caseNumber = 'CAS-06265-C1Y8H2', now = T0): Promise<void> {
  const conversationId = `conv-${caseNumber}`;
  await commitOk(store, {
    conversationId,
    expectedETag: undefined,
    record: { conversationId, machineVersion: 1, snapshot: {}, reference: {}, cardSlots: {} },
    cases: [
      {
        caseNumber,
        conversationId,
        userId: 'u1',
        status: 'awaiting-engineer',
        locale: 'zh-CN',
        problem: null,
        scopeConfirmed: true,
      },
    ],
    now,
  });
}
