/**
 * The case machine's effects for new logs that name no host and match none of the case's machines: the card
 * asking which terminal they are from (each machine by host, or another one), frozen with the answer once
 * given. Pushes commands only; caseEffects.ts spreads these into the machine's effects.
 */
import type { LogsMachineCardInput } from '../src/domain/cards';
import { caseMachines } from '../src/domain/plan';
import { caseNumberOf } from './caseCards';
import type { CaseContext } from './caseContext';
import type { Effect } from './effects';
import type { MachineEvent } from './events';
import { CARDS } from './messages';

interface Args {
  context: CaseContext;
  event: MachineEvent;
}

export function logsMachineEffects(push: (effect: Effect) => void) {
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
      if (event.type !== 'logs.machine-chosen') return;
      const input = question(context, String(event.data.choice ?? ''));
      if (input) push({ kind: 'updateCard', ...CARDS.logsMachine, input });
    },
  };
}
