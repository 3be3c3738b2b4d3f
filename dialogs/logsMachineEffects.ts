/**
 * The case machine's effects for new logs that name no host and match none of the case's machines: the card
 * asking which terminal they are from (each machine by host, or another one), frozen with the answer once
 * given on it or in words, and asked again with a hint when the words fit no machine. Pushes commands only;
 * caseEffects.ts spreads these into the machine's effects.
 */
import type { LogsMachineCardInput } from '../src/domain/cards';
import { caseMachines } from '../src/domain/plan';
import { caseNumberOf } from './caseCards';
import type { CaseContext } from './caseContext';
import { machineChoiceOf } from './caseReading';
import type { Effect } from './effects';
import type { MachineEvent } from './events';
import { shortNameOf } from './machineChoice';
import { CARDS, type SayKey } from './messages';

interface Args {
  context: CaseContext;
  event: MachineEvent;
}

type Say = (key: SayKey, params?: Record<string, string | number>) => void;

export function logsMachineEffects(push: (effect: Effect) => void, say: Say) {
  /** The question's input; `chosen` is the answer once given ('other' for a machine not in the case). */
  const question = (context: CaseContext, chosen: string): LogsMachineCardInput | undefined => {
    const held = context.heldLogs;
    const state = context.remediation;
    if (!held || !state) return undefined;
    const upload = (context.uploads ?? []).find((u) => u.uploadId === held.uploadId);
    return {
      card: 'logsMachine',
      caseNumber: caseNumberOf(context),
      name: upload?.name ?? held.machine,
      machines: caseMachines(state).map((m) => m.machine),
      chosen,
    };
  };
  return {
    askWhichMachine: ({ context, event }: Args) => {
      if (event.type !== 'diagnosis.done') return;
      const input = question({ ...context, heldLogs: event.summary }, '');
      if (input) push({ kind: 'card', ...CARDS.logsMachine, input });
    },
    freezeWhichMachine: ({ context, event }: Args) => {
      const choice = machineChoiceOf(context, event);
      if (!choice || choice.kind === 'unclear') return;
      const input = question(context, choice.kind === 'machine' ? choice.machine : 'other');
      if (input) push({ kind: 'updateCard', ...CARDS.logsMachine, input });
    },
    // Words that fit no machine (or try to): how to answer, naming the terminals, and the card again (the
    // runner freezes its older copy).
    askWhichMachineAgain: ({ context, event }: Args) => {
      const input = question(context, '');
      if (!input) return;
      const choice = machineChoiceOf(context, event);
      const machines = input.machines.join(context.locale === 'zh-CN' ? '、' : ', ');
      const example = shortNameOf(input.machines[0] ?? '', input.machines);
      if (choice?.kind === 'unclear' && choice.said)
        say('logsMachine.unknown', { said: choice.said, machines, example });
      else say('logsMachine.unclear', { machines, example });
      push({ kind: 'card', ...CARDS.logsMachine, input });
    },
  };
}
