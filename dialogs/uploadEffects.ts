/**
 * The case machine's effects for files and uploads as they arrive: acknowledged, refused with the reason,
 * kept or forwarded to the engineers, and a diagnosis job that failed (the user told why, the case record
 * told it waits on them). Pushes commands only; caseEffects.ts spreads these into the machine's effects.
 */
import { assertEvent } from 'xstate';
import type { CaseRecordPatch } from '../src/domain/caseRecord';
import { diagnosisFailureKey, refusalKey } from '../src/domain/failures';
import type { CaseContext } from './caseContext';
import type { MachineEvent } from './events';
import type { SayKey } from './messages';

type Say = (key: SayKey, params?: Record<string, string | number>) => void;
type SaveCase = (context: CaseContext, patch: Omit<CaseRecordPatch, 'caseNumber' | 'locale'>) => void;
interface Args {
  context: CaseContext;
  event: MachineEvent;
}

export function uploadEffects(say: Say, saveCase: SaveCase) {
  return {
    acknowledgeEarlyFile: ({ event }: Args) => {
      assertEvent(event, 'file.received');
      say('file.notYet', { name: event.name });
    },
    explainMissingUrl: ({ event }: Args) => {
      assertEvent(event, 'file.received');
      say('upload.noUrl', { name: event.name });
    },
    confirmFileForwarded: ({ event }: Args) => {
      assertEvent(event, 'file.forwarded');
      say(event.toEngineers === false ? 'file.kept' : 'file.forwarded', { name: event.name });
    },
    acknowledgeUpload: ({ event }: Args) => {
      assertEvent(event, 'upload.received');
      say('upload.received', { name: event.name });
    },
    acknowledgeDuplicateUpload: ({ event }: Args) => {
      assertEvent(event, 'upload.received');
      say('upload.duplicate', { name: event.name });
    },
    saveUploadReceived: ({ context, event }: Args) => {
      assertEvent(event, 'upload.received');
      saveCase(context, {
        status: 'open',
        timeline: {
          actor: 'user',
          event: {
            key: 'uploaded',
            params: { name: event.name, size: event.size, uploadId: event.uploadId },
          },
        },
      });
    },
    explainRefusal: ({ event }: Args) => {
      assertEvent(event, 'upload.refused');
      say(refusalKey(event.code), failureParams(event.name, event.params));
    },
    explainDiagnosisFailure: ({ context, event }: Args) => {
      assertEvent(event, 'diagnosis.failed');
      saveCase(context, {
        status: 'awaiting-customer',
        timeline: {
          actor: 'bot',
          event: {
            key: 'diagnosisFailed',
            params: { name: event.name, uploadId: event.uploadId, code: event.code },
          },
        },
      });
      say(diagnosisFailureKey(event.code), failureParams(event.name, event.params));
    },
  };
}

/**
 * The file's name and the job's details for a refusal message. A detail the job did not give shows as
 * "?" rather than as a raw placeholder.
 */
function failureParams(
  name: string,
  params: Record<string, string | number> | undefined,
): Record<string, string | number> {
  return { limitMb: '?', detail: '?', missing: '?', status: '?', ...params, name };
}
