/**
 * Who holds a claim: this instance (stable across restarts, `Config.instanceId`) and this start of it (a
 * boot id). Claims of outbox messages, reminders and jobs are leases that run out on their own; a
 * restarted instance need not wait for them: what its previous start held when it died is released at
 * once. That is safe only when no other live process uses the same instance id, which the instance lock
 * in the data folder checks (the pid of the last start, alive or not); when another live process holds
 * it, nothing is released early and the leases run out as before.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Instance {
  /** Stable across restarts. */
  id: string;
  /** This start. */
  boot: string;
  /** The owner name of this start's claims for `role` ('outbox', 'reminders', 'jobs'). */
  owner(role: string): string;
  /** The prefix every start of this instance uses for `role`. */
  prefix(role: string): string;
  /** True when releasing the previous start's claims is safe (no other live process holds the lock). */
  reclaim: boolean;
  /** The live process that holds the lock, when there is one (reclaim is then false). */
  heldBy?: number;
  /** This start stops (a later start in the same process may then release its claims). */
  close(): void;
}

/** Instance ids held by apps running in this process (tests start several; they share the pid). */
const heldHere = new Set<string>();

interface LockFile {
  pid: number;
  boot: string;
  instanceId: string;
}

const LOCK_FILE = 'instance.lock';

/** Starts this instance: a new boot id, and the lock in `dataDir` taken over from a process that is gone. */
export function startInstance(id: string, dataDir: string, pid = process.pid): Instance {
  const boot = randomUUID().slice(0, 12);
  const file = path.join(dataDir, LOCK_FILE);
  const previous = readLock(file);
  const heldBy = heldHere.has(id)
    ? pid
    : previous && previous.instanceId === id && previous.pid !== pid && isAlive(previous.pid)
      ? previous.pid
      : undefined;
  // Another live process uses this instance id: this start gets a name of its own (so that neither ever
  // releases the other's claims) and releases nothing early.
  const name = heldBy === undefined ? id : `${id}~${boot}`;
  if (heldBy === undefined) {
    heldHere.add(id);
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ pid, boot, instanceId: id } satisfies LockFile), {
      mode: 0o600,
    });
  }
  const prefix = (role: string) => `${role}@${name}#`;
  return {
    id: name,
    boot,
    prefix,
    owner: (role) => `${prefix(role)}${boot}`,
    reclaim: heldBy === undefined,
    ...(heldBy !== undefined ? { heldBy } : {}),
    close: () => {
      if (heldBy === undefined) heldHere.delete(id);
    },
  };
}

function readLock(file: string): LockFile | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockFile>;
    return typeof parsed.pid === 'number' && typeof parsed.instanceId === 'string'
      ? { pid: parsed.pid, boot: String(parsed.boot), instanceId: parsed.instanceId }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (signal 0 checks without signalling; EPERM: it exists). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
