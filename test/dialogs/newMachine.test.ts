/**
 * A failing diagnosis, once remediation began, from a machine outside the case (its logs name another host):
 * the machine joins the case with its own stage outcomes from then on, the user is told in their language,
 * and the other machines' stage does not move — through the case machine, in zh-CN and in English.
 */
import type { SaveCase } from '../../dialogs/effects';
import type { Locale } from '../../src/domain/locale';
import { caseMachines } from '../../src/domain/plan';
import { t } from '../../src/i18n';
import {
  PLAN,
  diagnosisDone,
  pendingRebootFound,
  saidKeys,
  stateOf,
  twoHostsAtFirstStage,
  uploadReceived,
  type Effect,
} from './harness';

const AT = (step: string) => ({ active: { open: { remediation: step } } });
const saved = (effects: Effect[]) =>
  effects.filter((e): e is SaveCase => e.kind === 'saveCase').map((e) => e.caseRecord);

function twoTerminals(locale: Locale) {
  const c = twoHostsAtFirstStage(locale);
  expect(stateOf(c)).toEqual(AT('stage'));
  return c;
}

describe.each(['zh-CN', 'en'] as const)('a failing machine outside the case (%s)', (locale) => {
  it('joins the case at the current stage, and the user is told so', () => {
    const c = twoTerminals(locale);
    c.send(uploadReceived('u9', 'TERM-0233.zip'));

    const effects = c.send(diagnosisDone('u9', 'TERM-0233', { ...PLAN, hostName: 'TERM-0233' }));

    expect(saidKeys(effects)).toEqual(['compare.newMachine']);
    expect(effects).toContainEqual({
      kind: 'say',
      key: 'compare.newMachine',
      params: { machine: 'TERM-0233', after: '0x80073712', number: 1 },
    });
    expect(t(locale, 'compare.newMachine', { machine: 'TERM-0233', after: '0x80073712', number: 1 })).toMatch(
      /TERM-0233.*0x80073712/s,
    );
    const state = c.snapshot.context.remediation!;
    expect(stateOf(c)).toEqual(AT('stage'));
    expect(state.current).toBe(0);
    expect(state.stages.map((s) => s.outcome ?? 'open')).toEqual(['open', 'open', 'open']);
    expect(caseMachines(state).map((m) => m.machine)).toEqual(['TERM-0231', 'TERM-0232', 'TERM-0233']);
    expect(saved(effects).map((r) => r.timeline?.event.key)).toContain('comparedNewMachine');
  });

  it('after a stage failed, leaves the case at the verify question, and its outcomes are its own', () => {
    const c = twoTerminals(locale);
    c.submit('remediation.failing');
    expect(stateOf(c)).toEqual(AT('verify'));
    c.send(uploadReceived('u9', 'TERM-0233.zip'));

    c.send(diagnosisDone('u9', 'TERM-0233', { ...PLAN, hostName: 'TERM-0233' }));

    expect(stateOf(c)).toEqual(AT('verify'));
    const state = c.snapshot.context.remediation!;
    expect(state.current).toBe(0);
    expect(state.stages.map((s) => s.outcome ?? 'open')).toEqual(['failed', 'open', 'open']);
    // The first two fixed by the next stage: the case is not resolved while the new machine still fails.
    c.submit('verify.next');
    c.say(locale === 'zh-CN' ? '0231好了' : '0231 works now');
    c.say(locale === 'zh-CN' ? '0232也好了' : '0232 works now too');
    expect(stateOf(c)).toEqual(AT('stage'));
    expect(saidKeys(c.say(locale === 'zh-CN' ? '0233也好了' : '0233 works now too'))).toContain(
      'report.fixedOn',
    );
    expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });
  });

  it('with another cause: its stages are added after the plan’s, and work stays where it is', () => {
    const c = twoTerminals(locale);
    c.send(uploadReceived('u9', 'TERM-0233.zip'));

    c.send({
      ...pendingRebootFound('u9', 'TERM-0233'),
      summary: { ...pendingRebootFound('u9', 'TERM-0233').summary, hostName: 'TERM-0233' },
    });

    const state = c.snapshot.context.remediation!;
    expect(state.current).toBe(0);
    expect(state.stages.map((s) => s.playbookId)).toEqual([
      'wu-reset-script',
      'dism-sfc',
      'reset-keep-files',
      'reboot-retry',
    ]);
    expect(stateOf(c)).toEqual(AT('stage'));
  });
});
