/**
 * An instance's lock (src/instance.ts): a restart takes its previous start's claims back only when no other
 * live process holds the same instance id — checked against real processes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startInstance } from '../../src/instance';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-instance-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function lockBy(pid: number, instanceId = 'host:/data') {
  fs.writeFileSync(path.join(dir, 'instance.lock'), JSON.stringify({ pid, boot: 'b0', instanceId }));
}

it('takes over the lock of a process that is gone, and may release its claims', async () => {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  lockBy(child.pid!);
  const instance = startInstance('host:/data', dir);
  try {
    expect(instance.reclaim).toBe(true);
    expect(instance.owner('outbox').startsWith(instance.prefix('outbox'))).toBe(true);
    expect(instance.prefix('outbox')).toBe('outbox@host:/data#');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'instance.lock'), 'utf8')).pid).toBe(process.pid);
  } finally {
    instance.close();
  }
});

it('releases nothing, and names itself apart, while another live process holds the instance id', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    lockBy(child.pid!);
    const instance = startInstance('host:/data', dir);
    expect(instance.reclaim).toBe(false);
    expect(instance.heldBy).toBe(child.pid);
    // Its claims can never be mistaken for the other process's, nor released by the other's restart.
    expect(instance.prefix('outbox').startsWith('outbox@host:/data#')).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'instance.lock'), 'utf8')).pid).toBe(child.pid);
    instance.close();
  } finally {
    child.kill('SIGKILL');
  }
});

it('a second app in this process with the same instance id does not release the first one’s claims', () => {
  const first = startInstance('host:/data', dir);
  const second = startInstance('host:/data', dir);
  expect([first.reclaim, second.reclaim]).toEqual([true, false]);
  second.close();
  first.close();
  const third = startInstance('host:/data', dir);
  expect(third.reclaim).toBe(true);
  third.close();
});
