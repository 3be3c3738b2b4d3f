/**
 * The case machine's effects while an engineer has the case, or is asked to: what the user says and sends
 * relayed to them (and kept on the record), what they say and send shown to the user, their joining,
 * hand-back and closing. Pushes commands only; caseEffects.ts spreads these into the machine's effects.
 */
import { assertEvent } from 'xstate';
import type { CaseRecordPatch } from '../src/domain/caseRecord';
import { caseNumberOf } from './caseCards';
import type { CaseContext } from './caseContext';
import type { Effect } from './effects';
import type { MachineEvent } from './events';
import type { SayKey } from './messages';

type Say = (key: SayKey, params?: Record<string, string | number>) => void;
type SaveCase = (context: CaseContext, patch: Omit<CaseRecordPatch, 'caseNumber' | 'locale'>) => void;
interface Args {
  context: CaseContext;
  event: MachineEvent;
}

export function engineerEffects(push: (effect: Effect) => void, say: Say, saveCase: SaveCase) {
  return {
    backToEngineer: ({ context }: Args) => {
      saveCase(context, {
        status: 'with-engineer',
        timeline: { actor: 'user', event: { key: 'closureDeclined' } },
      });
      say('engineer.continues', { name: context.engineer ?? '' });
      push({ kind: 'relay', caseNumber: caseNumberOf(context), message: { kind: 'closureDeclined' } });
    },
    announceEngineer: ({ context, event }: Args) => {
      assertEvent(event, 'engineer.joined');
      saveCase(context, { status: 'with-engineer' });
      say('engineer.joined', { name: event.name, caseNumber: caseNumberOf(context) });
    },
    relayToEngineer: ({ context, event }: Args) => {
      assertEvent(event, 'user.message');
      // Both sides of the conversation are on the record (the desk records the engineer's side).
      saveCase(context, {
        status: 'with-engineer',
        timeline: { actor: 'user', event: { key: 'toEngineer', params: { text: event.text } } },
      });
      push({
        kind: 'relay',
        caseNumber: caseNumberOf(context),
        message: { kind: 'text', text: event.text },
      });
    },
    relayFileToEngineer: ({ context, event }: Args) => {
      assertEvent(event, 'file.received');
      push({ kind: 'relay', caseNumber: caseNumberOf(context), message: { kind: 'file', name: event.name } });
    },
    relayUploadToEngineer: ({ context, event }: Args) => {
      assertEvent(event, 'upload.received');
      push({
        kind: 'relay',
        caseNumber: caseNumberOf(context),
        message: { kind: 'upload', name: event.name, uploadId: event.uploadId },
      });
    },
    relayDiagnosisToEngineer: ({ context, event }: Args) => {
      assertEvent(event, 'diagnosis.done');
      const { machine, errorCode, symbolicName } = event.summary;
      push({
        kind: 'relay',
        caseNumber: caseNumberOf(context),
        message: { kind: 'diagnosis', machine, errorCode, symbolicName },
      });
    },
    sendEngineerFile: ({ context, event }: Args) => {
      assertEvent(event, 'engineer.file');
      say('engineer.sentFile', { name: event.name });
      push({ kind: 'offerFile', fileId: event.fileId, caseNumber: caseNumberOf(context) });
    },
    sayEngineerMessage: ({ event }: Args) => {
      assertEvent(event, 'engineer.message');
      say('engineer.says', { name: event.name, text: event.text });
    },
    announceHandback: ({ context, event }: Args) => {
      assertEvent(event, 'engineer.handback');
      saveCase(context, { status: 'open' });
      say('engineer.handedBack', { name: event.name });
    },
    announceEngineerClosing: ({ context, event }: Args) => {
      assertEvent(event, 'engineer.close');
      saveCase(context, { status: 'awaiting-customer' });
      say('engineer.closing', { name: event.name });
    },
    explainWithEngineer: ({ context }: Args) =>
      say('withEngineer.cardIgnored', { name: context.engineer ?? '' }),
  };
}
