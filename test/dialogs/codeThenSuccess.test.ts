/**
 * An error code in a report means the update still fails unless success is said after it: "先报0x80073712，
 * 重启后装上了" is a success, "装上了，但是又报0x80073712" is not. The stage answers (caseReading.outcomeOf)
 * and the report reader (reports.ts) read it by one rule, so every step takes the same words the same way,
 * in zh-CN and in English.
 */
import { outcomeOf } from '../../dialogs/caseReading';
import type { Outcome } from '../../dialogs/intents';
import { readReport } from '../../dialogs/reports';
import type { StageOutcome } from '../../src/domain/caseRecord';
import { atFirstStage, cardsShown, saidKeys, stateOf } from './harness';

const SUCCESS_AFTER_CODE = {
  'zh-CN': '先报0x80073712，重启后装上了',
  en: 'got 0x800f0922 first, then it installed after reboot',
};
const CODE_AFTER_SUCCESS = {
  'zh-CN': '装上了，但是又报0x80073712',
  en: 'it installed, but then 0x80073712 came back',
};

const RESULTS: Record<Outcome, StageOutcome> = { worked: 'fixed', stillFails: 'failed', cannot: 'skipped' };

describe('the two readers agree on error codes in a report', () => {
  const state = atFirstStage().snapshot.context.remediation!;
  const said = (text: string) => outcomeOf({ type: 'user.message', text });
  const reported = (text: string) => {
    const reading = readReport(text, state);
    return reading?.kind === 'attempt' ? reading.attempt.results.map((r) => r.result) : undefined;
  };

  it.each([
    [SUCCESS_AFTER_CODE['zh-CN'], 'worked'],
    [SUCCESS_AFTER_CODE.en, 'worked'],
    ['0x800f081f 之后重新安装，装好了', 'worked'],
    [CODE_AFTER_SUCCESS['zh-CN'], 'stillFails'],
    [CODE_AFTER_SUCCESS.en, 'stillFails'],
    ['脚本跑成功了，更新还是报 0x80073712', 'stillFails'],
    ['the script ran successfully, the update still shows 0x80073712', 'stillFails'],
    ['0x800f081f', 'stillFails'],
  ] as const)('“%s”: %s', (text, outcome) => {
    expect(said(text)).toBe(outcome);
    expect(reported(text)).toEqual([RESULTS[outcome]]);
  });
});

describe.each(['zh-CN', 'en'] as const)('success said after a code, once closure is proposed (%s)', (locale) => {
  function closing() {
    const c = atFirstStage(locale);
    c.submit('remediation.fixed');
    expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });
    return c;
  }

  it('is not taken as “it fails again”: the closure question stays', () => {
    const c = closing();
    const effects = c.say(SUCCESS_AFTER_CODE[locale]);
    expect(saidKeys(effects)).toEqual(['closing.reminder']);
    expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });
    expect(c.snapshot.context.remediation?.stages[0].outcome).toBe('fixed');
  });

  it('a code after the success is: back to the stage’s verification', () => {
    const c = closing();
    c.say(CODE_AFTER_SUCCESS[locale]);
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
    expect(c.snapshot.context.remediation?.stages[0].outcome).toBe('failed');
  });

  it('while the case is watched, it is a success: closure is proposed again', () => {
    const c = closing();
    c.submit('closure.decline');
    const effects = c.say(SUCCESS_AFTER_CODE[locale]);
    expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });
    expect(cardsShown(effects).map((card) => card.cardId)).toEqual(['closure']);
  });
});
