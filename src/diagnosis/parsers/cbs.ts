/** CBS.log / CbsPersist_*.log parser: CBS, CSI (sequence, UTC stamp, (F) flag, multi-line records), DPX,
 * [SR] (SFC), WER failure reports, advanced-installer summaries and the DISM health summary block. */
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

// 2018-12-08 18:38:11, Error                 CSI    00000057 (F) Installer: Network Drivers ...
// 2015-02-23 21:47:28, Info                  CSI    00000001@2015/2/24:02:47:28.458 WcpInitialize (wcp.dll version 0.0.0.6) called
const CSI_HEAD =
  /^([0-9a-f]{8})(?:@(\d{4}\/\d{1,2}\/\d{1,2}:\d{1,2}:\d{2}:\d{2}(?:\.\d+)?))?(?:\s+|$)(\(F\)\s*)?/;

// WER: Generating failure report for package: Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.2686.1.8, status: 0x800f0922,
//   failure source: Execute, start state: Staged, target state: Installed, client id: WindowsUpdateAgent
const WER =
  /WER: Generating failure report for package: ([^,\s]+),?\s*status: (0x[0-9a-f]+),\s*failure source: ([^,]+),\s*start state: ([^,]+),\s*target state: ([^,]+),\s*client id: (.+?)\s*$/im;

// 00000057 (F) Installer: Network Drivers<TAB>Binary Name: NetSetupAI.dll<TAB>ErrorCode: 800106d9<TAB>Phase: 31<TAB>Mode: Delta<TAB>Component: NONE[gle=0x80004005]
const AI_SUMMARY =
  /Installer:\s*([^\t\n]+?)\s*\tBinary Name:\s*([^\t\n]+?)\s*\tErrorCode:\s*([0-9a-fx]+)(?:\s*\tPhase:\s*(\d+))?/i;
//     Installer name: 'Network Drivers'
const AI_NAME = /^\s*Installer name: '([^']*)'/im;
//     Completion status: HRESULT_FROM_WIN32(ERROR_MOD_NOT_FOUND)
const AI_STATUS = /Completion status: (\S+)/i;

// Operation result: 0x800f081f        Total Detected Corruption:<TAB>3        Total Repaired Corruption:<TAB>0
const OP_RESULT = /Operation result:\s*(0x[0-9a-f]+)/i;
const DETECTED = /Total Detected Corruption:\s*(\d+)/i;
const REPAIRED = /Total Repaired Corruption:\s*(\d+)/i;

// Session: 30429148_986313153 initialized by client WindowsUpdateAgent.
const SESSION = /^Session: (\S+) initialized by client ([^,.]+(?:\.[^,.\s]+)*)/;
// Loaded Servicing Stack v10.0.17763.2680 with Core: C:\Windows\winsxs\...\cbscore.dll
const STACK = /Loaded Servicing Stack v(\d+\.\d+\.\d+\.\d+)/i;
// Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.2686.1.8
const ROLLUP = /Package_for_RollupFix~[0-9a-f]{16}~\w+~[^~]*~(\d{5}\.\d+)/i;

export function cbsParser(opts: ParserOptions = {}): LogParser {
  return {
    format: 'cbs',
    // Exec: Processing started.  Client: WindowsUpdateAgent, Session: 30928548_3049398512, Package: Package_for_KB5011503~...
    probes: ['Loaded Servicing Stack', 'Exec: Processing started', 'Generating failure report'],
    isRecordStart: isPantherRecordStart,
    recordStartIn: pantherStartIn,
    parse(line: LogLine, file: string): LogRecord {
      const p = parsePantherPrefix(line.text);
      const fields: LogRecord['fields'] = {};
      if (!p) {
        return prefixedRecord(file, 'cbs', line, undefined, fields, opts);
      }
      if (p.msgId) fields.msgId = p.msgId;
      // The message stays as written (rules may look for '(F)'); the CSI head is copied into fields.
      const message = p.message;
      let body = message;
      if (p.component === 'CSI') {
        const h = CSI_HEAD.exec(message);
        if (h) {
          fields.seq = h[1];
          if (h[2]) fields.utc = h[2];
          if (h[3]) fields.failure = true;
          body = message.slice(h[0].length);
        }
      }
      if (body.startsWith('[SR] ')) fields.sfc = true;
      let m: RegExpExecArray | null;
      // Each pattern only where its keyword is: most records are plain noise.
      if (message.includes('WER:') && (m = WER.exec(message))) {
        fields.package = m[1];
        fields.status = m[2].toLowerCase();
        fields.failureSource = m[3].trim();
        fields.startState = m[4].trim();
        fields.targetState = m[5].trim();
        fields.client = m[6].trim();
      }
      if (message.includes('nstaller')) {
        if ((m = AI_SUMMARY.exec(message))) {
          fields.installer = m[1];
          fields.binary = m[2];
          fields.installerError = m[3].toLowerCase().replace(/^(?!0x)/, '0x');
          if (m[4]) fields.phase = Number(m[4]);
        } else if ((m = AI_NAME.exec(message))) fields.installer = m[1];
      }
      if (message.includes('ompletion status') && (m = AI_STATUS.exec(message)))
        fields.completionStatus = m[1];
      if (message.includes('peration result') && (m = OP_RESULT.exec(message)))
        fields.operationResult = m[1].toLowerCase();
      if (message.includes('Corruption')) {
        if ((m = DETECTED.exec(message))) fields.detectedCorruption = Number(m[1]);
        if ((m = REPAIRED.exec(message))) fields.repairedCorruption = Number(m[1]);
      }
      if (message.startsWith('Session:') && (m = SESSION.exec(message))) {
        fields.session = m[1];
        fields.client = m[2];
      }
      if (message.includes('Servicing Stack v') && (m = STACK.exec(message))) fields.stackVersion = m[1];
      if (message.includes('RollupFix') && (m = ROLLUP.exec(message))) fields.rollupBuild = m[1];
      const kb = kbIn(message);
      if (kb) fields.kb = kb;
      return prefixedRecord(file, 'cbs', line, p, fields, opts, message);
    },
  };
}
