/**
 * The case machine's effects for what the user says mid-remediation about their machines' surroundings
 * (dialogs/circumstances.ts): where updates come from, no installation media, media at hand after all.
 * What was noted is said back, and the record keeps the plan as it now stands with a timeline entry per
 * fact. They run before the plan is taken (`takeCircumstances`), reading the change from the message.
 * Pushes commands only; caseEffects.ts spreads these into the machine's effects.
 */
import type { CaseRecordPatch } from '../src/domain/caseRecord';
import type { RemediationState } from '../src/domain/plan';
import { caseNumberOf, stageEffect } from './caseCards';
import type { CaseContext } from './caseContext';
import { planChangeOf } from './caseReading';
import type { Effect } from './effects';
import type { MachineEvent } from './events';
import { CARDS, type SayKey } from './messages';

type Say = (key: SayKey, params?: Record<string, string | number>) => void;
type SaveCase = (context: CaseContext, patch: Omit<CaseRecordPatch, 'caseNumber' | 'locale'>) => void;
interface Args {
  context: CaseContext;
  event: MachineEvent;
}

/**
 * Stages as one message names them, however many the words passed over or brought back ("没有安装介质"
 * behind WSUS rules out the DISM repair and the in-place repair at once): their count, their numbers and
 * their titles, listed as the conversation's language lists things ("2、3" / "2 and 3").
 */
const stagesParams = (state: RemediationState, indexes: readonly number[], context: CaseContext) => {
  const { locale } = context;
  const list = (items: string[], style: 'long' | 'narrow') =>
    new Intl.ListFormat(locale, { type: 'conjunction', style }).format(items);
  const quote = locale === 'zh-CN' ? (t: string) => `“${t}”` : (t: string) => `"${t}"`;
  return {
    count: indexes.length,
    numbers: list(
      indexes.map((i) => String(i + 1)),
      locale === 'zh-CN' ? 'narrow' : 'long',
    ),
    titles: list(
      indexes.map((i) => quote(state.stages[i].title[locale])),
      'narrow',
    ),
  };
};

export function planEffects(push: (effect: Effect) => void, say: Say, saveCase: SaveCase) {
  return {
    acknowledgeCircumstances: ({ context, event }: Args) => {
      const change = planChangeOf(context, event);
      if (!change) return;
      if (change.logsSay) say(`plan.logsSay.${change.logsSay.logs}`);
      if (change.source) say(`plan.sourceSaid.${change.source}`);
      // Said once, naming every stage the words passed over or brought back.
      if (change.ruledOut.length > 0)
        say('plan.noMedia', stagesParams(change.after, change.ruledOut, context));
      if (change.reopened.length > 0)
        say('plan.hasMedia', stagesParams(change.after, change.reopened, context));
      if (change.agrees) say(`plan.sourceAgrees.${change.agrees}`);
      if (change.noMediaNeedless) say('plan.noMediaNeedless');
    },
    saveCircumstances: ({ context, event }: Args) => {
      const change = planChangeOf(context, event);
      if (!change) return;
      const { after } = change;
      // One entry per fact; a stage's entry names it (number and title, told in the reader's language).
      const save = (key: string, index?: number) =>
        saveCase(context, {
          status: 'awaiting-customer',
          stages: after.stages,
          timeline: {
            actor: 'user',
            event:
              index === undefined
                ? { key }
                : { key, params: { number: index + 1, title: after.stages[index].title } },
          },
        });
      if (change.logsSay) save(`sourceContradicted.${change.logsSay.logs}`);
      if (change.source) save(`sourceSaid.${change.source}`);
      for (const i of change.ruledOut) save('noMediaSaid', i);
      for (const i of change.reopened) save('mediaAtHand', i);
      if (change.noMediaNeedless) save('noMediaNoted');
    },
    // Work goes back to an earlier stage open again: the card of the stage left is frozen as put aside.
    freezeLeftStage: ({ context, event }: Args) => {
      const state = context.remediation;
      const change = planChangeOf(context, event);
      if (!state || !change || change.after.current === state.current) return;
      if (state.stages[state.current]?.outcome !== undefined) return;
      push({ ...stageEffect(context, state, true), deferred: true });
    },
    // Back from the exhausted stages: the engineers (the case is in their queue) learn that the bot goes on.
    tellEngineersResumed: ({ context, event }: Args) => {
      const state = context.remediation;
      const stage = state?.stages[state.current];
      if (!state || !stage || event.type !== 'user.message') return;
      push({
        kind: 'relay',
        caseNumber: caseNumberOf(context),
        message: { kind: 'planResumed', text: event.text, number: state.current + 1, title: stage.title },
      });
    },
    // The verify card again (its next stage may have changed); the older copy is frozen by the runner.
    presentVerifyCard: ({ context }: { context: CaseContext }) => {
      if (!context.remediation) return;
      push({
        kind: 'card',
        ...CARDS.verify,
        input: {
          card: 'verify',
          caseNumber: caseNumberOf(context),
          remediation: context.remediation,
          answered: '',
        },
      });
    },
  };
}
