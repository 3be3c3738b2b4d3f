/** dism.log parser: provider / PID / TID / Class::Method / (hr:...) fields, DISM.EXE lines, command-line
 * usage errors, and the Dism.exe session each record belongs to (fields.session, fields.command). */
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

// DISM Package Manager: PID=5372 TID=12244 Failed finalizing changes. - CDISMPackageManager::Internal_Finalize(hr:0x800f081f)
// PID=7044 TID=12196 Scratch directory set to 'C:\Users\<user>\AppData\Local\Temp\'. - CDISMManager::put_ScratchDir
// API: PID=4242 TID=4240 DismApi.dll: <----- Starting DismApi.dll session -----> - DismInitializeInternal
// PID=17428 Feature name Microsoft-Hyper-V is unknown. (no TID)
const PROVIDER =
  /^(?:(?<provider>[A-Za-z][\w .]*?):\s+)?PID=(?<pid>\d+)(?:\s+TID=(?<tid>\d+))?\s+(?<text>[\s\S]*?)(?:\s+-\s+(?<cls>[\w~]+)::(?<method>\w+)(?:\(hr:(?<hr>0x[0-9a-f]+)\))?|\s+-\s+(?<fn>\w+)(?:\(hr:(?<fnhr>0x[0-9a-f]+)\))?)?\s*$/i;
// DISM.EXE: Executing command line: dism  /online /cleanup-image /restorehealth /source:I:\sources\install.wim /limitaccess
const DISM_EXE = /^(?<provider>DISM\.EXE|DismApi\.dll|DISM):\s?(?<text>[\s\S]*)$/i;
// DISM.EXE: <----- Starting Dism.exe session ----->      DISM.EXE: <----- Ending Dism.exe session ----->
const SESSION_START = /<-+ Starting Dism\.exe session -+>/i;
const SESSION_END = /<-+ Ending Dism\.exe session -+>/i;
// DISM.EXE: Executing command line: dism /online /cleanup-image /restorehealth
const COMMAND = /Executing command line: (.+?)\s*$/i;
// DISM.EXE: Failed validating command line: dism  /online /cleanup-image /restorehealth /source:I:\sources\install.wim /limit access
const USAGE = /Failed validating command line: (.+?)\s*$/i;
// DISM.EXE: Host machine information: OS Version=10.0.22621, Running architecture=amd64, Number of processors=12
// DISM.EXE: Target image information: OS Version=10.0.22621.1702, Image architecture=amd64
const HOST_OS = /Host machine information: OS Version=(\d+\.\d+\.\d+(?:\.\d+)?)/i;
const TARGET_OS = /Target image information: OS Version=(\d+\.\d+\.\d+(?:\.\d+)?)/i;

export function dismParser(opts: ParserOptions = {}): LogParser {
  let session = 0;
  let open = false;
  let command: string | undefined;
  return {
    format: 'dism',
    probes: ['Dism.exe session', 'Executing command line', 'information: OS Version'],
    isRecordStart: isPantherRecordStart,
    recordStartIn: pantherStartIn,
    parse(line: LogLine, file: string): LogRecord {
      const p = parsePantherPrefix(line.text);
      const fields: LogRecord['fields'] = {};
      if (!p) return prefixedRecord(file, 'dism', line, undefined, fields, opts);
      const message = p.message;
      if (SESSION_START.test(message)) {
        session++;
        open = true;
        command = undefined;
      }
      let m: RegExpExecArray | null;
      if ((m = PROVIDER.exec(message))) {
        const g = m.groups!;
        if (g.provider) fields.provider = g.provider;
        fields.pid = Number(g.pid);
        if (g.tid) fields.tid = Number(g.tid);
        if (g.cls) {
          fields.class = g.cls;
          fields.method = g.method;
        } else if (g.fn) fields.method = g.fn;
        const hr = g.hr ?? g.fnhr;
        if (hr) fields.hr = hr.toLowerCase();
      } else if ((m = DISM_EXE.exec(message))) fields.provider = m.groups!.provider;
      if ((m = COMMAND.exec(message))) command = m[1];
      if ((m = USAGE.exec(message))) {
        fields.usageError = true;
        fields.command = m[1];
      }
      if ((m = HOST_OS.exec(message))) fields.hostOsVersion = m[1];
      if ((m = TARGET_OS.exec(message))) fields.targetOsVersion = m[1];
      const kb = kbIn(message);
      if (kb) fields.kb = kb;
      if (session > 0) {
        fields.session = session;
        fields.inSession = open;
      }
      if (command && fields.command === undefined) fields.command = command;
      if (SESSION_END.test(message)) open = false;
      return prefixedRecord(file, 'dism', line, p, fields, opts, message);
    },
  };
}
