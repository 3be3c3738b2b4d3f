/**
 * What users report doing during remediation, in their own words, on a two-terminal case (TERM-0231 and
 * TERM-0232, the reference case): which stage or action, which machines, what result per machine. A stage the
 * user says failed is never credited; words that leave the machines or the result open get one question card.
 */
import type { SaveCase } from '../../dialogs/effects';
import { readReport } from '../../dialogs/reports';
import type { Locale } from '../../src/domain/locale';
import { planFor } from '../../src/domain/plan';
import {
  cardsShown,
  cardUpdates,
  diagnosisDone,
  PLAN,
  saidKeys,
  startConversation,
  stateOf,
  uploadReceived,
  type Conversation,
} from './harness';
import { referencePlan } from '../cases/referenceCase';

const HOSTS = ['TERM-0231', 'TERM-0232'];
/** The reference plan: reset script, DISM, missing package, in-place, reset, back up and reinstall. */
const REFERENCE_PLAN = referencePlan();

function twoTerminals(locale: Locale = 'zh-CN'): Conversation {
  const c = startConversation(locale);
  c.say(
    locale === 'zh-CN'
      ? '网点两台终端安装 KB5011503 失败，报错 0x80073712'
      : 'KB5011503 fails on two terminals with 0x80073712',
  );
  c.submit('problem-definition.confirm');
  c.submit('scope.accept');
  HOSTS.forEach((host, i) => {
    c.send(uploadReceived(`u${i}`, `${host}.zip`));
    c.send(diagnosisDone(`u${i}`, host, { ...PLAN, hostName: host, plan: REFERENCE_PLAN }));
  });
  return c;
}

const attempts = (c: Conversation) => c.snapshot.context.remediation?.attempts ?? [];
const outcomes = (c: Conversation) => c.snapshot.context.remediation?.stages.map((s) => s.outcome ?? '-');
const saved = (effects: ReturnType<Conversation['say']>) =>
  effects.filter((e): e is SaveCase => e.kind === 'saveCase').map((e) => e.caseRecord);

describe('the reference case as it really ended', () => {
  it.each(['zh-CN', 'en'] as const)('credits the reinstall, never the failed stages (%s)', (locale) => {
    const c = twoTerminals(locale);
    const words =
      locale === 'zh-CN'
        ? [
            '还是不行',
            'DISM用安装盘做了源，报0x800f081f，sfc也修不了，更新还是失败',
            '后来我们把这两台终端备份后重装了系统，现在KB5011503已经装上了，正常了',
          ]
        : [
            'still failing',
            'DISM with the install media as source fails with 0x800f081f, sfc cannot fix it either, the update still fails',
            'in the end we backed up both terminals and reinstalled Windows, KB5011503 is installed now, all good',
          ];

    c.say(words[0]);
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
    c.submit('verify.next');
    const second = c.say(words[1]);
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
    const last = c.say(words[2]);

    expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });
    expect(outcomes(c)).toEqual(['failed', 'failed', '-', '-', '-', 'fixed']);
    expect(c.snapshot.context.remediation?.stages[1].errorCode).toBe('0x800f081f');
    expect(
      attempts(c).map((a) => [a.stage, a.results.map((r) => `${r.machine}:${r.result}`).join(' ')]),
    ).toEqual([
      [0, 'TERM-0231:failed TERM-0232:failed'],
      [1, 'TERM-0231:failed TERM-0232:failed'],
      [5, 'TERM-0231:fixed TERM-0232:fixed'],
    ]);
    expect(attempts(c)[2]).toMatchObject({ backup: true, kb: 'KB5011503' });
    expect(saidKeys(second)).toContain('verify.differentCode');
    // The reinstall is said back (it is not the stage on screen), then the closure is proposed.
    expect(saidKeys(last)).toEqual(['report.fixedOn']);
    expect(cardsShown(last).map((card) => card.cardId)).toEqual(['closure']);
    expect(saved(last).at(-1)).toMatchObject({ stages: expect.any(Array), attempts: expect.any(Array) });
    expect(saved(last).find((r) => r.timeline)?.timeline?.event).toMatchObject({ key: 'attempt' });
  });
});

describe('two machines with different outcomes', () => {
  it('"0231好了，0232还是不行": 0231 fixed, 0232 goes on to the next stage', () => {
    const c = twoTerminals();
    const effects = c.say('0231好了，0232还是不行');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
    expect(attempts(c)[0].results).toEqual([
      { machine: 'TERM-0231', result: 'fixed' },
      { machine: 'TERM-0232', result: 'failed' },
    ]);
    expect(saidKeys(effects)).toEqual([
      'report.fixedOn',
      'report.failedOn',
      'report.stillOpen',
      'verify.ask',
    ]);

    // The next stage concerns the machine still failing; when it works, the case is resolved.
    c.submit('verify.next');
    const fixed = c.say('0232 也好了');
    expect(attempts(c).at(-1)?.results).toEqual([{ machine: 'TERM-0232', result: 'fixed' }]);
    expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });
    expect(saidKeys(fixed)).toEqual(['report.fixedOn']);
  });

  it('"the second one still fails, the first one works" (en, by order)', () => {
    const c = twoTerminals('en');
    c.say('the first one works now, the second one still fails');

    expect(attempts(c)[0].results).toEqual([
      { machine: 'TERM-0231', result: 'fixed' },
      { machine: 'TERM-0232', result: 'failed' },
    ]);
  });

  it('"0231好了" alone: noted, the step stays and 0232 is still asked for', () => {
    const c = twoTerminals();
    const effects = c.say('0231好了');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
    expect(saidKeys(effects)).toEqual(['report.fixedOn', 'report.stillOpen']);
    // "还是不行" now concerns the machine still failing only.
    c.say('还是不行');
    expect(attempts(c).at(-1)?.results).toEqual([{ machine: 'TERM-0232', result: 'failed' }]);
  });
});

describe('an action outside the plan', () => {
  it.each([
    ['zh-CN', '两台都换了新硬盘，还是不行', 'replace-disk', 'failed'],
    ['en', 'we replaced the PC, both work now', 'replace-machine', 'fixed'],
  ] as const)('%s: "%s" is recorded as %s (%s), no stage is credited', (locale, text, action, result) => {
    const c = twoTerminals(locale);
    const effects = c.say(text);

    expect(attempts(c)[0]).toMatchObject({ action, results: HOSTS.map((machine) => ({ machine, result })) });
    expect(attempts(c)[0].stage).toBeUndefined();
    expect(outcomes(c)).toEqual(['-', '-', '-', '-', '-', '-']);
    expect(saidKeys(effects)[0]).toBe(result === 'fixed' ? 'report.fixedOn' : 'report.failedOn');
    expect(stateOf(c)).toEqual(
      result === 'fixed'
        ? { active: { open: { closure: 'proposing' } } }
        : { active: { open: { remediation: 'stage' } } },
    );
  });

  it('"用U盘升级了，好了" credits the in-place repair stage, ahead of the current one', () => {
    const c = twoTerminals();
    c.say('用U盘升级了，两台都好了');

    expect(outcomes(c)).toEqual(['-', '-', '-', 'fixed', '-', '-']);
    expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });
  });
});

describe('an ambiguous answer', () => {
  it('"其中一台好了" asks which one on a card, and the choice completes the report', () => {
    const c = twoTerminals();
    const effects = c.say('其中一台好了');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
    expect(attempts(c)).toEqual([]);
    const [card] = cardsShown(effects);
    expect(card.cardId).toBe('report-question');
    expect(card.data).toMatchObject({
      ask: 'machines',
      choices: [{ machine: 'TERM-0231' }, { machine: 'TERM-0232' }],
    });

    const chosen = c.submit('report-question.choose', { choice: 'TERM-0232' });
    expect(attempts(c)[0].results).toEqual([{ machine: 'TERM-0232', result: 'fixed' }]);
    expect(cardUpdates(chosen).map((u) => [u.cardId, u.data.answered])).toContainEqual([
      'report-question',
      'answered',
    ]);
    expect(c.snapshot.context.pendingReport).toBeUndefined();
  });

  it('"重装了系统" (no result) asks how it ended; "好了" in words answers it', () => {
    const c = twoTerminals();
    const effects = c.say('两台都重装了系统');

    expect(cardsShown(effects)[0]).toMatchObject({ cardId: 'report-question', data: { ask: 'result' } });
    c.say('好了');
    expect(attempts(c)[0]).toMatchObject({
      stage: 5,
      results: HOSTS.map((machine) => ({ machine, result: 'fixed' })),
    });
    expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });
  });

  it('a choice on a card with no open question is a stale card', () => {
    const c = twoTerminals();
    expect(saidKeys(c.submit('report-question.choose', { choice: 'fixed' }))).toEqual(['card.expired']);
  });
});

describe('readReport', () => {
  const state = planFor([
    { ...diagnosisDone('u0', 'TERM-0231', { ...PLAN, hostName: 'TERM-0231', plan: REFERENCE_PLAN }).summary },
    { ...diagnosisDone('u1', 'TERM-0232', { ...PLAN, hostName: 'TERM-0232', plan: REFERENCE_PLAN }).summary },
  ])!;

  it.each([
    ['0231好了0232还不行', 'TERM-0231:fixed TERM-0232:failed'],
    ['TERM-0232 works, TERM-0231 still fails with 0x80073712', 'TERM-0232:fixed TERM-0231:failed'],
    ['两台都好了', 'TERM-0231:fixed TERM-0232:failed'.replace('failed', 'fixed')],
    ['both still fail', 'TERM-0231:failed TERM-0232:failed'],
    ['第二台好了，另一台还是不行', 'TERM-0232:fixed TERM-0231:failed'],
    // Machines joined by 和 / 、 / and are one subject: what follows is said of both.
    ['0231和0232好了', 'TERM-0231:fixed TERM-0232:fixed'],
    ['0231、0232还是不行，报0x80073712', 'TERM-0231:failed TERM-0232:failed'],
    ['TERM-0231 and TERM-0232 work now', 'TERM-0231:fixed TERM-0232:fixed'],
  ])('"%s" → %s', (text, expected) => {
    const reading = readReport(text, state);
    expect(reading?.kind).toBe('attempt');
    if (reading?.kind === 'attempt')
      expect(reading.attempt.results.map((r) => `${r.machine}:${r.result}`).join(' ')).toBe(expected);
  });

  it.each(['脚本在哪里下载？', 'did the reset work?', '谢谢', 'KB5011503'])(
    '"%s" reports nothing',
    (text) => {
      expect(readReport(text, state)).toBeUndefined();
    },
  );
});

describe('asking for an engineer in a longer sentence at a stage', () => {
  it.each([
    ['zh-CN', '我要找工程师，回电 138-0000-0000，两台终端还是不行'],
    ['en', 'I need an engineer to call me back, both terminals still fail'],
  ] as const)('%s: "%s" escalates instead of recording a result', (locale, text) => {
    const c = twoTerminals(locale);
    const effects = c.say(text);

    expect(effects).toContainEqual(expect.objectContaining({ kind: 'escalate', reason: 'user-request' }));
    expect(saidKeys(effects)).toEqual(['engineer.noted']);
    expect(attempts(c)).toEqual([]);
  });
});
