/**
 * The case machine's effects for what an admin asks or says while the bot waits for their logs or for a
 * stage's result (dialogs/questions.ts): each question gets its own answer instead of the step's reminder
 * (a blocked script is offered again), and contact details sent on their own (a signature, "联系人 李四
 * 010-…") update the case's contact. Pushes commands only;
 * caseEffects.ts spreads these into the machine's effects.
 */
import type { CaseRecordPatch } from '../src/domain/caseRecord';
import { caseNumberOf, logCollectionOffer } from './caseCards';
import type { CaseContext } from './caseContext';
import { otherKbsIn, textOf } from './caseReading';
import type { Effect } from './effects';
import type { MachineEvent } from './events';
import { expectedMachines, inFlight, machinesDiagnosed, machinesReceived } from './logs';
import type { SayKey } from './messages';
import { logQuestionOf, stageQuestionOf } from './questions';
import { currentStage, titleOf } from '../src/domain/plan';

type Say = (key: SayKey, params?: Record<string, string | number>) => void;
type SaveCase = (context: CaseContext, patch: Omit<CaseRecordPatch, 'caseNumber' | 'locale'>) => void;
interface Args {
  context: CaseContext;
  event: MachineEvent;
}

export function logQuestionEffects(push: (effect: Effect) => void, say: Say, saveCase: SaveCase) {
  return {
    answerLogQuestion: ({ context, event }: Args) => {
      const question = logQuestionOf(textOf(event) ?? '');
      if (!question) return;
      const counts = { received: machinesReceived(context), expected: expectedMachines(context) };
      const caseNumber = caseNumberOf(context);
      const kb = context.problem.kbNumbers[0];
      if (question === 'kbApplies')
        say(kb ? 'logs.faq.kbApplies' : 'logs.faq.kbAppliesNoKb', { kb: kb ?? '' });
      else if (question === 'later')
        say(counts.received > 0 ? 'logs.faq.laterSome' : 'logs.faq.later', counts);
      else if (question === 'ack') say('logs.faq.ack', counts);
      // Reached only with nothing to go on with yet (no logs), or with every machine diagnosed and nothing
      // conclusive (what is proposed then is on the cards): going ahead and logs still read come first.
      else if (question === 'proceed')
        if (counts.received > 0) say('diagnosed.reminder', { caseNumber });
        else say('logs.faq.proceedNothing', counts);
      else say(`logs.faq.${question}`, { caseNumber, ...counts });
      // Where the collector is and how to upload are on the log-collection card: show it again here.
      if (question === 'collector' || question === 'password') push(logCollectionOffer(context, false));
    },
    answerStageQuestion: ({ context, event }: Args) => {
      const question = stageQuestionOf(textOf(event) ?? '');
      const state = context.remediation;
      const stage = currentStage(state);
      if (!question || !state || !stage) return;
      const title = titleOf(stage, context.locale);
      if (question === 'scriptBlocked') {
        say(stage.fileIds?.length ? 'stage.faq.scriptBlocked' : 'stage.faq.noScript', { title });
        for (const fileId of stage.fileIds ?? [])
          push({ kind: 'offerFile', fileId, caseNumber: caseNumberOf(context) });
      } else if (question === 'impact') say('stage.faq.impact', { title });
      else say('stage.faq.working', { title });
    },
    askAboutCaseKb: ({ context, event }: Args) => {
      say('stage.otherKb', {
        kbs: otherKbsIn(context, event).join(context.locale === 'zh-CN' ? '、' : ', '),
        caseKb: context.problem.kbNumbers.join(context.locale === 'zh-CN' ? '、' : ', '),
      });
    },
    acknowledgeProceed: ({ context }: Args) =>
      say('logs.proceeding', { done: machinesDiagnosed(context), expected: expectedMachines(context) }),
    // "先处理这一台" while logs are still read: remembered, and the user told they need not say it again.
    acknowledgeProceedNoted: ({ context }: Args) => say('logs.proceedNoted', { reading: inFlight(context) }),
    acknowledgeProceedAsNoted: ({ context }: Args) =>
      say('logs.proceedingAsNoted', {
        done: machinesDiagnosed(context),
        expected: expectedMachines(context),
      }),
    saveProceed: ({ context }: Args) => saveCase(context, { status: 'open', problem: context.problem }),
    noteContact: ({ context }: Args) => {
      saveCase(context, { status: 'open', problem: context.problem });
      say('logs.contactNoted', { contact: context.problem.contact ?? '' });
    },
  };
}
