/** Panther setupact.log / setuperr.log parser (also setupact_rollback.log): level with message id, empty
 * component column, 'Result = 0x' chains, SetupResult and extend codes, phase changes. */
import type { LogLine, LogRecord } from '../types';
import {
  isPantherRecordStart,
  kbIn,
  parsePantherPrefix,
  pantherStartIn,
  type LogParser,
  type ParserOptions,
  prefixedRecord,
} from './common';

// MOUPG  CDlpActionDataMigrate::ExecuteRoutine(691): Result = 0x80070032
const RESULT_CHAIN = /(\w+)::(\w+)\((\d+)\): Result = (0x[0-9a-f]+)/i;
// MOUPG  ImageExit: Initializing SetupResult: [0x800f0818]
const SETUP_RESULT = /SetupResult:\s*\[(0x[0-9a-f]+)\]/i;
// MOUPG  ImageExit: Initializing Extended:    [0x50013]
const EXTENDED = /Extended:\s*\[(0x[0-9a-f]+)\]/i;
// SetupHost: Reporting error event -> [0x80070032, 0x50013]
const ERROR_EVENT = /Reporting error event -> \[(0x[0-9a-f]+),\s*(0x[0-9a-f]+)\]/i;
// Finalize: Remapping install error [0x80070032] -> [0xC1900108] for telemetry
const REMAP = /Remapping install error \[(0x[0-9a-f]+)\] -> \[(0x[0-9a-f]+)\]/i;
// Setup phase change: [SetupPhaseInstall] -> [SetupPhaseError]
const PHASE = /Setup phase change: \[(\w+)\] -> \[(\w+)\]/i;
// Execution phase [Post OOBE] exiting with HRESULT [0x00000000]
const PHASE_EXIT = /Execution phase \[([^\]]+)\] exiting with HRESULT \[(0x[0-9a-f]+)\]/i;
// Host OS version: 10.0.19045.2965   /   Target OS: Detected Source Version: 10.0.19045.4291
const OS_VERSION = /(?:Host OS|Source OS|OS) Version\s*[:=]\s*(10\.0\.\d{5}(?:\.\d+)?)/i;

export function pantherParser(opts: ParserOptions = {}): LogParser {
  return {
    format: 'panther',
    probes: ['SetupResult', 'Extended:', 'Setup phase change', 'exiting with HRESULT', 'OS Version'],
    isRecordStart: isPantherRecordStart,
    recordStartIn: pantherStartIn,
    parse(line: LogLine, file: string): LogRecord {
      const p = parsePantherPrefix(line.text);
      const fields: LogRecord['fields'] = {};
      if (!p) return prefixedRecord(file, 'panther', line, undefined, fields, opts);
      if (p.msgId) fields.msgId = p.msgId;
      const message = p.message;
      let m: RegExpExecArray | null;
      if ((m = RESULT_CHAIN.exec(message))) {
        fields.class = m[1];
        fields.method = m[2];
        fields.result = m[4].toLowerCase();
      }
      if ((m = SETUP_RESULT.exec(message))) fields.setupResult = m[1].toLowerCase();
      if ((m = EXTENDED.exec(message))) fields.extendCode = m[1].toLowerCase();
      if ((m = ERROR_EVENT.exec(message))) {
        fields.result = m[1].toLowerCase();
        fields.extendCode = m[2].toLowerCase();
      }
      if ((m = REMAP.exec(message))) {
        fields.result = m[1].toLowerCase();
        fields.remappedResult = m[2].toLowerCase();
      }
      if ((m = PHASE.exec(message))) {
        fields.phaseFrom = m[1];
        fields.phaseTo = m[2];
      }
      if ((m = PHASE_EXIT.exec(message))) {
        fields.phase = m[1];
        fields.result = m[2].toLowerCase();
      }
      if ((m = OS_VERSION.exec(message))) fields.osVersion = m[1];
      const kb = kbIn(message);
      if (kb) fields.kb = kb;
      return prefixedRecord(file, 'panther', line, p, fields, opts, message);
    },
  };
}
