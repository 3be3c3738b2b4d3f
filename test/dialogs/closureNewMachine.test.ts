/**
 * A failing machine new to the case arrives while closure is proposed: the proposal is withdrawn (its card
 * frozen saying so, not left with live buttons), the user told why, and work goes back to the stage that
 * fixed the other terminals, open again for the new one — until it is fixed too. In zh-CN and in English,
 * through the case machine.
 */
import type { Locale } from '../../src/domain/locale';
import { caseMachines } from '../../src/domain/plan';
import {
  PLAN,
  cardUpdates,
  cardsShown,
  diagnosisDone,
  saidKeys,
  stagesShown,
  twoHostsAtFirstStage,
  uploadReceived,
  type Effect,
} from './harness';

const said = (effects: Effect[], key: string) =>
  effects.find((e): e is Extract<Effect, { kind: 'say' }> => e.kind === 'say' && e.key === key);

/** TERM-0231 and TERM-0232 fixed by stage 1: closure is proposed. */
function closing(locale: Locale) {
  const c = twoHostsAtFirstStage(locale);
  const effects = c.submit('remediation.fixed');
  expect(cardsShown(effects).map((card) => card.cardId)).toEqual(['closure']);
  return c;
}

function thirdTerminalFails(c: ReturnType<typeof closing>) {
  c.send(uploadReceived('u7', 'TERM-0240.zip'));
  return c.send(diagnosisDone('u7', 'TERM-0240', { ...PLAN, hostName: 'TERM-0240' }));
}

describe.each(['zh-CN', 'en'] as const)(
  'a failing machine joins while closure is proposed (%s)',
  (locale) => {
    it('withdraws the proposal, says why, and reopens the stage that fixed the others for it', () => {
      const c = closing(locale);

      const effects = thirdTerminalFails(c);

      expect(saidKeys(effects)).toEqual(['closure.withdrawnNewMachine']);
      expect(said(effects, 'closure.withdrawnNewMachine')?.params).toEqual({
        machine: 'TERM-0240',
        after: '0x80073712',
        number: 1,
        title: PLAN.plan![0].title[locale],
      });
      // The closure card is frozen as withdrawn: its buttons are gone.
      expect(cardUpdates(effects)).toContainEqual(
        expect.objectContaining({
          cardId: 'closure',
          data: expect.objectContaining({ answered: 'withdrawn' }),
        }),
      );
      // Stage 1 again, live (no outcome) for the new terminal.
      const [stage] = stagesShown(effects);
      expect(stage).toMatchObject({ index: 0 });
      expect(stage.stage.outcome).toBeUndefined();
      expect(c.snapshot.context.resolved).toBe(false);
      expect(caseMachines(c.snapshot.context.remediation!).map((m) => m.machine)).toEqual([
        'TERM-0231',
        'TERM-0232',
        'TERM-0240',
      ]);
      // The case record keeps the comparison on its timeline.
      expect(effects).toContainEqual(
        expect.objectContaining({
          kind: 'saveCase',
          caseRecord: expect.objectContaining({
            timeline: expect.objectContaining({
              event: expect.objectContaining({ key: 'comparedNewMachine' }),
            }),
          }),
        }),
      );
      // The withdrawn card's buttons, pressed anyway, are stale.
      expect(saidKeys(c.submit('closure.accept'))).toEqual(['card.expired']);
    });

    it('once the new terminal is fixed by that stage too, closure is proposed again', () => {
      const c = closing(locale);
      thirdTerminalFails(c);

      const effects = c.say(locale === 'zh-CN' ? '0240也好了' : '0240 is fixed too');

      expect(cardsShown(effects).map((card) => card.cardId)).toEqual(['closure']);
      const state = c.snapshot.context.remediation!;
      expect(state.stages[0].outcome).toBe('fixed');
      expect(state.attempts?.flatMap((a) => a.results.map((r) => [r.machine, r.result]))).toEqual([
        ['TERM-0231', 'fixed'],
        ['TERM-0232', 'fixed'],
        ['TERM-0240', 'fixed'],
      ]);
    });

    it('if that stage fails on it, work goes on to the next stage for it', () => {
      const c = closing(locale);
      thirdTerminalFails(c);

      c.submit('remediation.failing');
      const effects = c.submit('verify.next');

      expect(stagesShown(effects).map((s) => s.stage.playbookId)).toEqual(['dism-sfc']);
      const attempts = c.snapshot.context.remediation!.attempts ?? [];
      expect(attempts.at(-1)?.results).toEqual([{ machine: 'TERM-0240', result: 'failed' }]);
    });

    it('while the case is watched (archiving declined), the same new failure takes it back to the stage', () => {
      const c = closing(locale);
      c.submit('closure.decline');

      const effects = thirdTerminalFails(c);

      expect(saidKeys(effects)).toEqual(['closure.withdrawnNewMachine']);
      // The declined card keeps its answer; no closure card is touched.
      expect(cardUpdates(effects).filter((u) => u.cardId === 'closure')).toEqual([]);
      expect(stagesShown(effects)).toHaveLength(1);
    });

    it('logs of a machine of the case that are clean change nothing: the proposal stays', () => {
      const c = closing(locale);
      c.send(uploadReceived('u8', 'TERM-0231-after.zip'));
      const effects = c.send(
        diagnosisDone('u8', 'TERM-0231', { hostName: 'TERM-0231', errorCode: null, causeId: null, plan: [] }),
      );
      expect(saidKeys(effects)).not.toContain('closure.withdrawnNewMachine');
      expect(cardUpdates(effects).filter((u) => u.cardId === 'closure')).toEqual([]);
    });
  },
);
