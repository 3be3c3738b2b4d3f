/**
 * The durable scheduler: polls the store for due timers (reminders, auto-close), leases them and hands
 * each to the conversation runner. Timers live in the store, so they survive restarts and are shared by
 * every instance on the same database; a lease keeps two instances from delivering the same one.
 */
import type { Logger } from 'pino';
import type { ScheduledItem, ScheduleStore, ScheduleFilter } from '../storage/ports';
import { backoffDelay } from './backoff';

/**
 * What `deliver` tells the scheduler:
 * - resolves (void): the runner committed the turn with `completeScheduledIds: [item.id]`, so the item
 *   is done atomically with the state change; the scheduler writes nothing.
 * - resolves `'gone'`: the conversation no longer exists; the scheduler marks the item done itself.
 * - rejects: the failure is counted and the item is due again after a backoff (exponential, with
 *   jitter); `onFailure` hears of every failure (the app apologises once per item) and, after
 *   `maxAttempts`, the item is given up (marked done; `onFailure` with `final` tells the case and the
 *   engineers).
 * Delivery is at-least-once: a delivery outliving its lease can be repeated by another owner, which
 * is why the runner records `sched:<id>` as the processed id and skips it the second time.
 */
export type DeliveryOutcome = void | 'gone';

export interface SchedulerOptions {
  store: ScheduleStore;
  deliver(item: ScheduledItem): Promise<DeliveryOutcome>;
  /** Names this instance in `claimed_by`; unique per process (e.g. host + pid). */
  owner: string;
  pollMs: number;
  /** Longer than a delivery normally takes, shorter than a user would notice a late reminder. */
  leaseMs: number;
  /** Most items claimed per tick (default 20). */
  batch?: number;
  /** Which kinds this loop claims: reminders and long jobs run in separate loops. */
  filter?: ScheduleFilter;
  /** Failed deliveries of one item before it is given up (default 5). */
  maxAttempts?: number;
  /** The first retry waits about this long, doubling each time (default the lease). */
  backoffMs?: number;
  /** Every failed delivery; `final` when the item was given up. Its own errors are logged. */
  onFailure?: (
    item: ScheduledItem,
    failure: { attempts: number; final: boolean; error: unknown },
  ) => Promise<void>;
  now?: () => number;
  logger: Logger;
}

type State = 'idle' | 'running' | 'stopped';

export class Scheduler {
  private state: State = 'idle';
  private timer: NodeJS.Timeout | undefined;
  /** Ticks run one after another, whether started by the poll loop or called directly. */
  private lastTick: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly batch: number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.batch = options.batch ?? 20;
  }

  /** Starts polling; the first tick runs at once so items that fell due while we were down go out now. */
  start(): void {
    if (this.state === 'running') return;
    this.state = 'running';
    this.schedulePoll(0);
  }

  /**
   * Stops polling and waits for the delivery in flight. Items claimed in that tick but not yet
   * delivered stay claimed and are picked up again after their lease (here or by another instance).
   */
  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.lastTick.catch(() => undefined);
  }

  /** Claims due items and delivers them one at a time; returns how many were delivered. */
  tick(): Promise<number> {
    const run = this.lastTick.catch(() => undefined).then(() => this.runTick());
    this.lastTick = run;
    return run;
  }

  private schedulePoll(delayMs: number): void {
    this.timer = setTimeout(() => void this.poll(), delayMs);
    // The poll loop alone must not keep a process (a CLI, a test run) alive.
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      await this.tick();
    } catch (err) {
      // A failed claim (database busy or gone) must not end the loop; the next poll tries again.
      this.options.logger.error({ err, owner: this.options.owner }, 'scheduler: claiming due items failed');
    }
    if (this.state === 'running') this.schedulePoll(this.options.pollMs);
  }

  // A method rather than a field test: stop() can flip the state across an await inside runTick.
  private stopped(): boolean {
    return this.state === 'stopped';
  }

  private async runTick(): Promise<number> {
    if (this.stopped()) return 0;
    const { store, owner, leaseMs, logger } = this.options;
    const claimedAt = this.now();
    const items = await store.claimDue(claimedAt, owner, leaseMs, this.batch, this.options.filter);
    let delivered = 0;
    for (const item of items) {
      if (this.stopped()) break;
      // Items are delivered in turn; one whose lease ran out meanwhile may already be another owner's.
      if (this.now() >= claimedAt + leaseMs) {
        logger.warn(
          { itemId: item.id, owner },
          'scheduler: lease expired before delivery; left for a new claim',
        );
        continue;
      }
      try {
        const outcome = await this.options.deliver(item);
        if (outcome === 'gone') {
          await store.complete(item.id);
          logger.info(
            { itemId: item.id, conversationId: item.conversationId, kind: item.kind },
            'scheduler: conversation gone; item dropped',
          );
        } else {
          delivered += 1;
        }
      } catch (err) {
        await this.failed(item, err).catch((recordErr: unknown) =>
          logger.error({ err: recordErr, itemId: item.id }, 'scheduler: recording a failed delivery failed'),
        );
      }
    }
    return delivered;
  }

  /** A failed delivery: counted and retried after a backoff, or given up after `maxAttempts`. */
  private async failed(item: ScheduledItem, error: unknown): Promise<void> {
    const { store, owner, logger } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 5;
    const log = { err: error, itemId: item.id, conversationId: item.conversationId, kind: item.kind, owner };
    const wait = backoffDelay(item.attempts ?? 0, { baseMs: this.options.backoffMs ?? this.options.leaseMs });
    const attempts = await store.retryLater(item.id, this.now() + wait, String(error));
    const final = attempts >= maxAttempts;
    if (final) {
      await store.complete(item.id);
      logger.error({ ...log, attempts }, 'scheduler: delivery failed; item given up');
    } else {
      logger.error({ ...log, attempts, retryInMs: wait }, 'scheduler: delivery failed; will try again');
    }
    await this.options
      .onFailure?.(item, { attempts, final, error })
      .catch((err: unknown) =>
        logger.error({ err, itemId: item.id }, 'scheduler: reporting a failed delivery failed'),
      );
  }
}
