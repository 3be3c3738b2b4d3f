/**
 * A unit of work across the storage ports: `store.atomically(work)` makes every call `work` makes on the
 * store's ports — whichever port, however deep in the code — part of one database transaction, committed
 * when `work` resolves and rolled back when it throws. The calls need no transaction handed to them: the
 * unit follows `work`'s async context (AsyncLocalStorage), so code written against the plain ports (the
 * engineers' desk) becomes atomic by being called inside a unit.
 *
 * What the engines need to provide (`UnitEngine`): their ports, and how to open a transaction and the ports
 * bound to it. SQLite has one connection: while a unit is open, calls from outside it wait (`exclusive`),
 * or they would land in its transaction. PostgreSQL opens a connection of the pool for the unit, and calls
 * outside it go on as usual.
 *
 * Inside a unit nothing may wait for the network (the transaction is held meanwhile), and work that must
 * see the committed rows — a deliverer told to send what was just queued — goes to `afterCommit`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Store } from './ports';

export type Ports = Omit<Store, 'ping' | 'close' | 'atomically' | 'afterCommit'>;

const PORTS = [
  'conversations',
  'schedules',
  'cases',
  'uploads',
  'caseFiles',
  'escalations',
  'channelActivities',
  'settings',
  'outbox',
] as const satisfies ReadonlyArray<keyof Ports>;

export interface OpenTransaction {
  /** The ports, bound to this transaction. */
  ports: Ports;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface UnitEngine {
  /** The ports outside any unit. */
  ports: Ports;
  begin(): Promise<OpenTransaction>;
  /** One connection: nothing else runs while a unit is open. */
  exclusive: boolean;
  ping: Store['ping'];
  close: Store['close'];
}

interface Unit {
  ports: Ports;
  /** False once the unit commits or rolls back: a call from work it started that outlives it runs outside. */
  open: boolean;
  after: Array<() => void>;
}

/** The store of `engine`, with units of work. */
export function withUnits(engine: UnitEngine): Store {
  const context = new AsyncLocalStorage<Unit>();
  /** The open unit, with `exclusive`: calls outside it wait for it. */
  let busy: Promise<unknown> | undefined;
  const current = (): Unit | undefined => {
    const unit = context.getStore();
    return unit?.open ? unit : undefined;
  };
  const idle = async (): Promise<void> => {
    while (busy) await busy.catch(() => undefined);
  };

  const port = <K extends keyof Ports>(name: K): Ports[K] =>
    new Proxy(engine.ports[name], {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const unit = current();
          if (unit) return (unit.ports[name] as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[key](...args);
          // Checked and called in one synchronous step: no unit can open in between.
          while (engine.exclusive && busy) await busy.catch(() => undefined);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });

  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    const tx = await engine.begin();
    const unit: Unit = { ports: tx.ports, open: true, after: [] };
    let result: T;
    try {
      result = await context.run(unit, work);
    } catch (err) {
      unit.open = false;
      await tx.rollback();
      throw err;
    }
    unit.open = false;
    await tx.commit();
    for (const fn of unit.after) context.exit(fn);
    return result;
  };

  const store = {
    async atomically<T>(work: () => Promise<T>): Promise<T> {
      // A unit inside a unit joins it.
      if (current()) return work();
      if (!engine.exclusive) return run(work);
      while (busy) await busy.catch(() => undefined);
      const running = run(work);
      busy = running;
      try {
        return await running;
      } finally {
        if (busy === running) busy = undefined;
      }
    },
    afterCommit(fn: () => void): void {
      const unit = current();
      if (unit) unit.after.push(fn);
      else fn();
    },
    async ping(options?: { write?: boolean }) {
      if (!current() && engine.exclusive) await idle();
      return engine.ping(options);
    },
    async close() {
      await idle();
      return engine.close();
    },
  } as Store;
  for (const name of PORTS) (store as unknown as Record<string, unknown>)[name] = port(name);
  return store;
}
