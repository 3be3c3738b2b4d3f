/**
 * New logs that name no host, once remediation began in a case whose machines each named one: the user is
 * asked on a card which terminal they are from (each machine by host, or another one), and the answer places
 * the diagnosis — compared with that machine's earlier logs, or a machine of its own — through the case
 * machine, in zh-CN and in English.
 */
import type { Locale } from '../../src/domain/locale';
import { caseMachines } from '../../src/domain/plan';
import { renderCard } from '../../src/cards/render';
import {
  PLAN,
  diagnosisDone,
  nothingFound,
  saidKeys,
  stateOf,
  twoHostsAtFirstStage,
  uploadReceived,
  type Effect,
  type ShowCard,
  type UpdateCard,
} from './harness';

const AT = (step: string) => ({ active: { open: { remediation: step } } });
const question = (effects: Effect[]): ShowCard | undefined =>
  effects.find((e): e is ShowCard => e.kind === 'card' && e.cardId === 'logs-machine');
const frozen = (effects: Effect[]): UpdateCard | undefined =>
  effects.find((e): e is UpdateCard => e.kind === 'updateCard' && e.cardId === 'logs-machine');

/** Two terminals diagnosed by host; stage 1 failed on both (the verify question is open). */
function afterStageOne(locale: Locale) {
  const c = twoHostsAtFirstStage(locale);
  c.submit('remediation.failing');
  expect(stateOf(c)).toEqual(AT('verify'));
  c.send(uploadReceived('u9', 'logs-after-reset.zip'));
  return c;
}

describe.each(['zh-CN', 'en'] as const)('hostless logs that match no machine (%s)', (locale) => {
  it('are held and the user asked which terminal they are from; the step stays', () => {
    const c = afterStageOne(locale);

    const effects = c.send(diagnosisDone('u9', 'logs-after-reset', { ...PLAN, hostName: null }));

    expect(saidKeys(effects)).toEqual([]);
    expect(stateOf(c)).toEqual(AT('verify'));
    expect(c.snapshot.context.remediation?.current).toBe(0);
    const card = question(effects)!;
    expect(card.data).toMatchObject({
      name: 'logs-after-reset.zip',
      choices: [{ machine: 'TERM-0231' }, { machine: 'TERM-0232' }],
      answered: '',
    });
    const shown = JSON.stringify(renderCard('logs-machine', locale, card.data).card);
    expect(shown).toContain(
      locale === 'zh-CN' ? '这些日志来自哪台终端？' : 'Which terminal are these logs from?',
    );
    expect(shown).toContain(locale === 'zh-CN' ? '另一台机器' : 'Another machine');
  });

  it('are that machine’s once chosen: compared with its failure, the card frozen with the answer', () => {
    const c = afterStageOne(locale);
    c.send(diagnosisDone('u9', 'logs-after-reset', { ...PLAN, hostName: null }));

    const effects = c.submit('logs-machine.choose', { choice: 'TERM-0232' });

    expect(saidKeys(effects)).toEqual(['compare.same']);
    expect(effects).toContainEqual(
      expect.objectContaining({ key: 'compare.same', params: { machine: 'TERM-0232', code: '0x80073712' } }),
    );
    expect(frozen(effects)?.data).toMatchObject({ answered: 'machine', chosen: 'TERM-0232' });
    // Same failure after stage 1: on to stage 2, as for any logs of a known machine.
    expect(stateOf(c)).toEqual(AT('stage'));
    const context = c.snapshot.context;
    expect(context.heldLogs).toBeUndefined();
    expect(context.diagnoses?.map((d) => [d.uploadId, d.hostName])).toEqual([
      ['u0', 'TERM-0231'],
      ['u9', 'TERM-0232'],
    ]);
    // Answered once: the same button again is stale.
    expect(saidKeys(c.submit('logs-machine.choose', { choice: 'TERM-0231' }))).toEqual(['card.expired']);
  });

  it('clean logs placed on a machine that failed: that machine is fixed', () => {
    const c = afterStageOne(locale);
    c.send({
      ...nothingFound('u9', 'logs-after-reset'),
      summary: {
        ...nothingFound('u9', 'x').summary,
        uploadId: 'u9',
        machine: 'logs-after-reset',
        hostName: null,
      },
    });

    const effects = c.submit('logs-machine.choose', { choice: 'TERM-0231' });

    expect(saidKeys(effects)).toEqual(['compare.clean']);
  });

  it('are a machine of their own for “another machine”: a failure adds it to the case', () => {
    const c = afterStageOne(locale);
    c.send(diagnosisDone('u9', 'logs-after-reset', { ...PLAN, hostName: null }));

    const effects = c.submit('logs-machine.choose', { choice: 'other' });

    expect(saidKeys(effects)).toEqual(['compare.newMachine']);
    expect(frozen(effects)?.data).toMatchObject({ answered: 'other' });
    expect(stateOf(c)).toEqual(AT('verify'));
    expect(caseMachines(c.snapshot.context.remediation!).map((m) => m.machine)).toEqual([
      'TERM-0231',
      'TERM-0232',
      'logs-after-reset',
    ]);
  });
});

/** What the user types for each answer, in each language. */
const TYPED = {
  'zh-CN': {
    second: ['0232的', '是TERM-0232的', '这是0232上收集的日志', '第二台'],
    first: ['0231', 'term0231'],
    another: ['另一台', '不是这两台'],
    named: 'TERM-0240 的',
    unknown: '0233的',
    unclear: '嗯……我得问问同事',
  },
  en: {
    second: ['from 0232', "it's TERM-0232", 'these logs are from 232', 'the second one'],
    first: ['0231', 'TERM0231'],
    another: ['another machine', 'neither of them'],
    named: "they're from TERM-0240",
    unknown: 'from 0233',
    unclear: 'let me check with my colleague',
  },
} as const;

describe.each(['zh-CN', 'en'] as const)('the which-terminal question answered in words (%s)', (locale) => {
  const words = TYPED[locale];
  function held() {
    const c = afterStageOne(locale);
    c.send(diagnosisDone('u9', 'logs-after-reset', { ...PLAN, hostName: null }));
    expect(c.snapshot.context.heldLogs).toBeDefined();
    return c;
  }

  it.each(words.second)('“%s” places them on TERM-0232 as its button does', (text) => {
    const c = held();

    const effects = c.say(text);

    expect(saidKeys(effects)).toEqual(['compare.same']);
    expect(effects).toContainEqual(
      expect.objectContaining({ key: 'compare.same', params: { machine: 'TERM-0232', code: '0x80073712' } }),
    );
    expect(frozen(effects)?.data).toMatchObject({ answered: 'machine', chosen: 'TERM-0232' });
    expect(stateOf(c)).toEqual(AT('stage'));
    expect(c.snapshot.context.heldLogs).toBeUndefined();
    // Answered: the card's buttons are stale now.
    expect(saidKeys(c.submit('logs-machine.choose', { choice: 'TERM-0231' }))).toEqual(['card.expired']);
  });

  it.each(words.first)('“%s” places them on TERM-0231', (text) => {
    const c = held();
    const effects = c.say(text);
    expect(effects).toContainEqual(
      expect.objectContaining({ key: 'compare.same', params: { machine: 'TERM-0231', code: '0x80073712' } }),
    );
  });

  it.each(words.another)(
    '“%s” makes them a machine of their own, as the card’s “another machine”',
    (text) => {
      const c = held();

      const effects = c.say(text);

      expect(saidKeys(effects)).toEqual(['compare.newMachine']);
      expect(frozen(effects)?.data).toMatchObject({ answered: 'other' });
      expect(caseMachines(c.snapshot.context.remediation!).map((m) => m.machine)).toEqual([
        'TERM-0231',
        'TERM-0232',
        'logs-after-reset',
      ]);
    },
  );

  it('a host outside the case named in words joins the case under that name', () => {
    const c = held();

    const effects = c.say(words.named);

    expect(effects).toContainEqual(
      expect.objectContaining({
        key: 'compare.newMachine',
        params: expect.objectContaining({ machine: 'TERM-0240' }),
      }),
    );
    expect(caseMachines(c.snapshot.context.remediation!).map((m) => m.machine)).toEqual([
      'TERM-0231',
      'TERM-0232',
      'TERM-0240',
    ]);
  });

  it('a number no terminal ends with: the card again, with a hint naming the terminals; the logs stay held', () => {
    const c = held();

    const effects = c.say(words.unknown);

    expect(saidKeys(effects)).toEqual(['logsMachine.unknown']);
    expect(effects).toContainEqual(
      expect.objectContaining({
        key: 'logsMachine.unknown',
        params: {
          said: '0233',
          machines: locale === 'zh-CN' ? 'TERM-0231、TERM-0232' : 'TERM-0231, TERM-0232',
          example: '0231',
        },
      }),
    );
    expect(question(effects)?.data).toMatchObject({
      answered: '',
      choices: [{ machine: 'TERM-0231' }, { machine: 'TERM-0232' }],
    });
    expect(c.snapshot.context.heldLogs).toBeDefined();
    expect(stateOf(c)).toEqual(AT('verify'));
    // Then answered well.
    expect(saidKeys(c.say(words.second[0]))).toEqual(['compare.same']);
  });

  it('words that answer nothing get the question again instead of the step’s reminder', () => {
    const c = held();
    const effects = c.say(words.unclear);
    expect(saidKeys(effects)).toEqual(['logsMachine.unclear']);
    expect(question(effects)).toBeDefined();
  });

  it('a stage report is still a report while the question is open', () => {
    const c = held();
    const effects = c.say(locale === 'zh-CN' ? '两台都好了' : 'both are fixed now');
    expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });
    expect(question(effects)).toBeUndefined();
  });

  it('with no question open, the same words are no answer: the step’s reminder', () => {
    const c = afterStageOne(locale);
    expect(saidKeys(c.say(words.second[0]))).toEqual(['verify.reminder']);
  });
});
