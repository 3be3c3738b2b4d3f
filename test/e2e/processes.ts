/** Helpers of the tests that kill bot processes and watch jobs survive them (crash, instances). */
import type { ChildProcess } from 'node:child_process';
import type { LocalConnector, RecordedActivity } from '../../tools/connector';
import { makeZip } from '../diagnosis/bundle/zip-writer';
import { isCard, verbsOf } from './harness';

const CBS_LOG = [
  '2022-05-19 11:48:58, Info                  CBS    Session: 30950123_1234567890 initialized by client WindowsUpdateAgent.',
  '2022-05-19 11:49:09, Error                 CBS    Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
].join('\r\n');

/** A log bundle of TERM-0231 whose CBS log shows 0x80073712. */
export function diagnosableBundle(): Promise<Buffer> {
  return makeZip([
    { name: 'Logs/CBS/CBS.log', data: CBS_LOG },
    { name: 'System/systeminfo.txt', data: 'Host Name:                 TERM-0231\r\n' },
  ]);
}

/**
 * How the bot ended: 'SIGKILL' when it was killed (tsx runs the bot in a child process and, when that one
 * is killed, exits with 128 + 9).
 */
export function exited(child: ChildProcess): Promise<string> {
  const how = (code: number | null, signal: NodeJS.Signals | null) =>
    signal ?? (code === 137 ? 'SIGKILL' : `exit ${code}`);
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(how(child.exitCode, child.signalCode));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(how(code, signal))));
}

export function isDiagnosisCard(r: RecordedActivity): boolean {
  return r.kind !== 'update' && isCard(r) && verbsOf(r).some((v) => v.startsWith('diagnosis.'));
}

/**
 * A message typed now is answered after everything queued before it (a conversation's messages go out
 * in order): once its answer is here, nothing earlier is still on its way.
 */
export async function settled(connector: LocalConnector): Promise<void> {
  const asked = await connector.sendMessage('?');
  await connector.waitFor((r) => r.kind !== 'update' && r.seq > asked.seq, 30_000);
}
