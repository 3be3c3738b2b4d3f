/** WindowsUpdate.log parsers: the ETW form decoded by Get-WindowsUpdateLog (Windows 10+, slashes or dashes)
 * and the classic Windows 7-era text log (tab- or space-separated, 'HH:MM:SS:mmm'). */
import type { LogLine, LogRecord } from '../types';
import { kbIn, makeRecord, splitFirst, unpaste, type LogParser, type ParserOptions } from './common';

// 2023/05/22 08:14:20.0778595 7160  3404  Misc            *FAILED* [80096010] Error: verifying trust for C:\Windows\...
// 2021-09-02 20:56:37.3260259 1234  5678  Agent           ...   (dashes variant, PowerShell#16043 paste)
// 2019/06/05 11:07:40.9876520 03E4  1668  SLS             Making request ...   (hex PID/TID from other decoders)
const ETW =
  /^(\d{4}[/-]\d{2}[/-]\d{2} \d{2}:\d{2}:\d{2}\.\d{1,7})\s+([0-9A-Fa-f]+)\s+([0-9A-Fa-f]+)\s+(\S+)(?:\s+([\s\S]*))?$/;
const ETW_START = /^\d{4}[/-]\d{2}[/-]\d{2} \d{2}:\d{2}:\d{2}\.\d/;

// 2022-11-13	11:15:01:303	1048	fd4	Misc	WARNING: WinHttp: SendRequestUsingProxy failed for <https://...>. error 0x80072efe
// 2010-01-05 18:52:06:747 808 aac Misc WARNING: WinHttp: SendRequestUsingProxy failed ... error 0x8024402c  (article copy, spaces)
// 2022-11-13	11:15:01:303	 848	fd4	Agent	** START **  Agent: Finding updates [CallerId = AutomaticUpdates]
const CLASSIC =
  /^(\d{4}-\d{2}-\d{2})[\t ]+(\d{2}:\d{2}:\d{2}:\d{3})[\t ]+ *(\d+)[\t ]+([0-9a-f]+)[\t ]+(\S+)(?:[\t ]+([\s\S]*))?$/i;
const CLASSIC_START = /^\d{4}-\d{2}-\d{2}[\t ]+\d{2}:\d{2}:\d{2}:\d{3}[\t ]/;

// *FAILED* [80070050] Method failed [CSLSClient::GetResponse:123]
const FAILED = /\*FAILED\*\s*\[([0-9a-f]{8})\]/i;
// FATAL: IsUpdateRequired failed with error 0x8024402c   /   * WARNING: Exit code = 0x8024402C
const FATAL = /(?:^|\s|\*\s)FATAL:/;
const WARNING = /(?:^|\s|\*\s)WARNING:/;
// * END * Finding updates CallerId = Update;ScanForUpdates, Id = 5618, Exit code = 0x00000000
const EXIT_CODE = /Exit code = (0x[0-9a-f]+)/i;
// LogHistory called. idUpdate={GUID}.200, resultMapped=80070643, resultUnMapped=FFFE
const RESULT_MAPPED = /resultMapped=([0-9a-f]{8})/i;
// ProtocolTalker  ServiceId = {3DA21691-...}, Server URL = http://wsus.company.net:8530/ClientWebService/client.asmx
const SERVER_URL = /Server URL = (\S+)/i;
// * WSUS server: http://wsus:8530     * WSUS server: <NULL>
const WSUS_SERVER = /WSUS server:\s*(\S+)/i;
// * Access type: No proxy   /   Proxy List used: <proxy:8080>
const PROXY = /(?:Access type: (No proxy|Named proxy)|Proxy List used: <([^>]*)>)/i;
// Agent  * OS Version = 10.0.17763.2686
const OS_VERSION = /OS Version\s*=\s*(\d+\.\d+\.\d+(?:\.\d+)?)/i;
// Title = 2022-03 Cumulative Update for Windows 10 Version 1809 for x64-based Systems (KB5011503)
const TITLE = /^\s*Title = (.+)$/im;

function wuFields(message: string, fields: LogRecord['fields']): string {
  let level = 'Info';
  let m: RegExpExecArray | null;
  if ((m = FAILED.exec(message))) {
    fields.failed = true;
    fields.failedCode = '0x' + m[1].toLowerCase();
    level = 'Error';
  }
  if (FATAL.test(message)) {
    fields.fatal = true;
    level = 'Error';
  } else if (level === 'Info' && WARNING.test(message)) level = 'Warning';
  if ((m = EXIT_CODE.exec(message))) fields.exitCode = m[1].toLowerCase();
  if ((m = RESULT_MAPPED.exec(message))) fields.resultMapped = '0x' + m[1].toLowerCase();
  if ((m = SERVER_URL.exec(message))) fields.serverUrl = m[1].replace(/[,;]$/, '');
  if ((m = WSUS_SERVER.exec(message))) fields.wsusServer = m[1];
  if ((m = PROXY.exec(message))) fields.proxy = m[1] ?? m[2];
  if ((m = OS_VERSION.exec(message))) fields.osVersion = m[1];
  if ((m = TITLE.exec(message))) fields.title = m[1].trim();
  const kb = kbIn(message);
  if (kb) fields.kb = kb;
  return level;
}

const WU_PROBES = ['OS Version', 'Server URL', 'WSUS server', 'Title = '];

export function windowsUpdateParser(opts: ParserOptions = {}): LogParser {
  return {
    format: 'windowsupdate',
    probes: WU_PROBES,
    isRecordStart: (line) => ETW_START.test(unpaste(line)),
    parse(line: LogLine, file: string): LogRecord {
      const [raw, rest] = splitFirst(line.text);
      const m = ETW.exec(unpaste(raw));
      const fields: LogRecord['fields'] = {};
      if (!m)
        return makeRecord(
          { file, format: 'windowsupdate', line: line.line, message: line.text, fields },
          opts,
        );
      fields.pid = m[2];
      fields.tid = m[3];
      const message = (m[5] ?? '') + rest;
      const level = wuFields(message, fields);
      return makeRecord(
        {
          file,
          format: 'windowsupdate',
          line: line.line,
          timestamp: m[1],
          level,
          component: m[4],
          message,
          fields,
        },
        opts,
      );
    },
  };
}

export function windowsUpdateClassicParser(opts: ParserOptions = {}): LogParser {
  return {
    format: 'windowsupdate-classic',
    probes: WU_PROBES,
    isRecordStart: (line) => CLASSIC_START.test(unpaste(line)),
    parse(line: LogLine, file: string): LogRecord {
      const [raw, rest] = splitFirst(line.text);
      const first = unpaste(raw);
      const m = CLASSIC.exec(first);
      const fields: LogRecord['fields'] = {};
      if (!m)
        return makeRecord(
          { file, format: 'windowsupdate-classic', line: line.line, message: line.text, fields },
          opts,
        );
      fields.pid = m[3];
      fields.tid = m[4];
      const message = (m[6] ?? '') + rest;
      const level = wuFields(message, fields);
      return makeRecord(
        {
          file,
          format: 'windowsupdate-classic',
          line: line.line,
          timestamp: `${m[1]} ${m[2]}`,
          level,
          component: m[5],
          message,
          fields,
        },
        opts,
      );
    },
  };
}
