/**
 * Logs that name no host, sent once remediation began: matched to a machine only when that can be told (the
 * case's one machine whose logs never named a host, or the case's only machine when the case has one), never
 * silently to the only machine diagnosed when the case has — or its count says — more.
 */
import { compare, planFor } from '../../src/domain/plan';
import type { DiagnosisSummary } from '../../src/domain/diagnosis';
import { diagnosisDone, PLAN } from './harness';

const summary = (
  uploadId: string,
  machine: string,
  hostName: string | null,
  errorCode: string | null,
): DiagnosisSummary => ({ ...diagnosisDone(uploadId, machine, PLAN).summary, hostName, errorCode });

describe('logs that name no host, after a stage', () => {
  const oneNamed = planFor([summary('u1', 'TERM-0231', 'TERM-0231', '0x80073712')])!;

  it('are the only machine’s when the case has one machine', () => {
    expect(compare(oneNamed, summary('u2', 'CBS', null, '0x80073712'), 1)).toEqual({
      kind: 'same',
      machine: 'TERM-0231',
      code: '0x80073712',
    });
    expect(compare(oneNamed, summary('u2', 'CBS', null, null)).kind).toBe('clean');
  });

  it('are not the only machine diagnosed when the case’s count says there are two', () => {
    expect(compare(oneNamed, summary('u2', 'CBS', null, null), 2)).toEqual({
      kind: 'no-failure',
      machine: 'CBS',
      known: false,
    });
    expect(compare(oneNamed, summary('u2', 'CBS', null, '0x80073712'), 2)).toMatchObject({
      kind: 'different',
      machine: 'CBS',
      before: null,
    });
  });

  it('are the one machine of several whose logs never named a host, told under its name', () => {
    const state = planFor([
      summary('u1', 'TERM-0231', 'TERM-0231', '0x80073712'),
      summary('u2', 'logs', null, '0x80073712'),
    ])!;
    expect(compare(state, summary('u3', 'logs-after-reset', null, '0x80073712'), 2)).toEqual({
      kind: 'same',
      machine: 'logs',
      code: '0x80073712',
    });
    expect(compare(state, summary('u3', 'logs-after-reset', null, null), 2)).toEqual({
      kind: 'clean',
      machine: 'logs',
      before: '0x80073712',
    });
    // Logs naming a host are that host's, whatever the hostless machine.
    expect(compare(state, summary('u4', 'TERM-0231', 'TERM-0231', null), 2)).toMatchObject({
      kind: 'clean',
      machine: 'TERM-0231',
    });
  });

  it('match no machine when several machines named a host each, or several named none', () => {
    const named = planFor([
      summary('u1', 'TERM-0231', 'TERM-0231', '0x80073712'),
      summary('u1', 'TERM-0232', 'TERM-0232', '0x80073712'),
    ])!;
    expect(compare(named, summary('u3', 'CBS', null, null), 2)).toEqual({
      kind: 'no-failure',
      machine: 'CBS',
      known: false,
    });
    const unnamed = planFor([
      summary('u1', 'logs-a', null, '0x80073712'),
      summary('u2', 'logs-b', null, '0x80073712'),
    ])!;
    expect(compare(unnamed, summary('u3', 'CBS', null, null), 2)).toMatchObject({
      kind: 'no-failure',
      known: false,
    });
  });
});

describe('new logs without a failure, of a machine whose failure was in one log', () => {
  const failedInCbs = { ...summary('u1', 'TERM-0231', 'TERM-0231', '0x80073712'), failureLog: 'CBS.log' };
  const state = planFor([failedInCbs])!;
  const quiet = (logsRead?: string[]) => ({
    ...summary('u2', 'TERM-0231', 'TERM-0231', null),
    ...(logsRead ? { logsRead } : {}),
  });

  it('are clean when they hold that log', () => {
    expect(compare(state, quiet(['CBS.log', 'WindowsUpdate.log'])).kind).toBe('clean');
  });

  it('prove nothing when they lack it (a lone WindowsUpdate.log after a CBS failure)', () => {
    expect(compare(state, quiet(['WindowsUpdate.log']))).toEqual({
      kind: 'no-failure',
      machine: 'TERM-0231',
      known: true,
      lacking: 'CBS.log',
    });
  });

  it('are compared as before when the summary does not say which logs it read (older records)', () => {
    expect(compare(state, quiet()).kind).toBe('clean');
  });
});
