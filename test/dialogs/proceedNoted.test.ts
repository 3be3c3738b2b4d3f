/**
 * "先处理这一台" / "go ahead with this one" said while the logs that came are still being read: the bot says it
 * noted it, and when the last of them is read the case goes on with the machines diagnosed — without the user
 * saying it again — reminding them it was their word; in zh-CN and in English, through the case machine.
 */
import type { SaveCase } from '../../dialogs/effects';
import type { Locale } from '../../src/domain/locale';
import {
  PLAN,
  diagnosisDone,
  nothingFound,
  saidKeys,
  startConversation,
  stagesShown,
  uploadReceived,
  type Effect,
} from './harness';

const PROBLEM = {
  'zh-CN': {
    two: '网点两台终端安装 KB5011503 失败，报错 0x80073712',
    three: '网点三台终端安装 KB5011503 失败，报错 0x80073712',
  },
  en: {
    two: 'KB5011503 fails to install on two terminals with error 0x80073712',
    three: 'KB5011503 fails to install on three terminals with error 0x80073712',
  },
};
const PROCEED = {
  'zh-CN': '另一台明天再传，先处理这一台吧',
  en: "don't wait for the other terminal, go ahead with this one",
};

const said = (effects: Effect[], key: string) =>
  effects.find((e): e is Extract<Effect, { kind: 'say' }> => e.kind === 'say' && e.key === key);
const saved = (effects: Effect[]) =>
  effects.filter((e): e is SaveCase => e.kind === 'saveCase').map((e) => e.caseRecord);

function toLogs(locale: Locale, problem: 'two' | 'three' = 'two') {
  const c = startConversation(locale);
  c.say(PROBLEM[locale][problem]);
  c.submit('problem-definition.confirm');
  c.submit('scope.accept');
  return c;
}

describe.each(['zh-CN', 'en'] as const)('going ahead said while logs are read (%s)', (locale) => {
  it('is noted; the diagnosis then starts the plan with the machine diagnosed, without asking again', () => {
    const c = toLogs(locale);
    c.send(uploadReceived('u1', 'TERM-0231.zip'));

    const noted = c.say(PROCEED[locale]);

    expect(saidKeys(noted)).toEqual(['logs.proceedNoted']);
    expect(said(noted, 'logs.proceedNoted')?.params).toEqual({ reading: 1 });
    expect(stagesShown(noted)).toEqual([]);

    const effects = c.send(diagnosisDone('u1', 'TERM-0231', { ...PLAN, hostName: 'TERM-0231' }));

    expect(saidKeys(effects)).toEqual(
      expect.arrayContaining(['logs.proceedingAsNoted', 'remediation.intro']),
    );
    expect(saidKeys(effects)).not.toContain('diagnosis.progress');
    expect(said(effects, 'logs.proceedingAsNoted')?.params).toEqual({ done: 1, expected: 2 });
    expect(stagesShown(effects).map((s) => s.stage.playbookId)).toEqual(['wu-reset-script']);
    expect(c.snapshot.context.problem.machineCount).toBe(1);
    // The case record goes on with one machine, as when the user says it once the diagnosis is in.
    expect(saved(effects).some((r) => r.problem?.machineCount === 1)).toBe(true);
    expect(c.snapshot.context.proceedNoted).toBeUndefined();
  });

  it('logs with nothing conclusive go to the engineers, as going ahead with them would', () => {
    const c = toLogs(locale);
    c.send(uploadReceived('u1', 'TERM-0231.zip'));
    c.say(PROCEED[locale]);

    const effects = c.send(nothingFound('u1', 'TERM-0231'));

    expect(saidKeys(effects)).toContain('logs.proceedingAsNoted');
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'escalate', reason: 'inconclusive' }));
    expect(stagesShown(effects)).toEqual([]);
  });

  it('unsaid, the same diagnosis waits for the other terminal’s logs', () => {
    const c = toLogs(locale);
    c.send(uploadReceived('u1', 'TERM-0231.zip'));

    const effects = c.send(diagnosisDone('u1', 'TERM-0231', { ...PLAN, hostName: 'TERM-0231' }));

    expect(saidKeys(effects)).toContain('diagnosis.progress');
    expect(stagesShown(effects)).toEqual([]);
    expect(c.snapshot.context.problem.machineCount).toBe(2);
  });

  it('waits for every upload being read, then goes on with all of them', () => {
    const c = toLogs(locale, 'three');
    c.send(uploadReceived('u1', 'TERM-0231.zip'));
    c.send(uploadReceived('u2', 'TERM-0232.zip'));
    expect(said(c.say(PROCEED[locale]), 'logs.proceedNoted')?.params).toEqual({ reading: 2 });

    const first = c.send(diagnosisDone('u1', 'TERM-0231', { ...PLAN, hostName: 'TERM-0231' }));
    expect(saidKeys(first)).not.toContain('logs.proceedingAsNoted');
    expect(stagesShown(first)).toEqual([]);

    const second = c.send(diagnosisDone('u2', 'TERM-0232', { ...PLAN, hostName: 'TERM-0232' }));
    expect(said(second, 'logs.proceedingAsNoted')?.params).toEqual({ done: 2, expected: 3 });
    expect(stagesShown(second)).toHaveLength(1);
    expect(c.snapshot.context.problem.machineCount).toBe(2);
  });

  it('every machine in by then: the case goes on as it would anyway, nothing said of it', () => {
    const c = toLogs(locale);
    c.send(uploadReceived('u1', 'TERM-0231.zip'));
    c.send(uploadReceived('u2', 'TERM-0232.zip'));
    c.say(PROCEED[locale]);
    c.send(diagnosisDone('u1', 'TERM-0231', { ...PLAN, hostName: 'TERM-0231' }));

    const effects = c.send(diagnosisDone('u2', 'TERM-0232', { ...PLAN, hostName: 'TERM-0232' }));

    expect(saidKeys(effects)).not.toContain('logs.proceedingAsNoted');
    expect(stagesShown(effects)).toHaveLength(1);
    expect(c.snapshot.context.problem.machineCount).toBe(2);
  });

  it('is this case’s word only: a new case opened meanwhile waits for all its machines', () => {
    const c = toLogs(locale);
    c.send(uploadReceived('u1', 'TERM-0231.zip'));
    c.say(PROCEED[locale]);
    c.say(locale === 'zh-CN' ? '新案例' : 'new case');
    c.say(PROBLEM[locale].two);
    c.submit('problem-definition.confirm');
    c.submit('scope.accept');
    c.send(uploadReceived('u5', 'TERM-0251.zip'));
    // The earlier case's word went with it (and would not apply to another case's number anyway).
    expect(c.snapshot.context.proceedNoted).toBeUndefined();
    expect(c.snapshot.context.caseNumber).toBe('CAS-00002-TEST');

    const effects = c.send(diagnosisDone('u5', 'TERM-0251', { ...PLAN, hostName: 'TERM-0251' }));

    expect(saidKeys(effects)).not.toContain('logs.proceedingAsNoted');
    expect(stagesShown(effects)).toEqual([]);
  });
});
