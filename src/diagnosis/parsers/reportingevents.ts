/** ReportingEvents.log parser (%windir%\SoftwareDistribution): one TAB-separated event per line, the HRESULT
 * written without '0x' (0 = success), Success/Failure status, the update title in the message. */
import type { LogLine, LogRecord } from '../types';
import { kbIn, makeRecord, splitFirst, unpaste, type LogParser, type ParserOptions } from './common';
import { isFailureCode, normaliseCode } from '../codes';

// {A5D8A3B4-0C39-4E4B-9D1B-1F9C2B6E7A11}<TAB>2017-12-05 10:12:55:343+0100<TAB>1<TAB>182 [AGENT_INSTALLING_FAILED]<TAB>101
//   <TAB>{BFC8A103-7E4B-4A5D-9D39-6A0C1C9E8F31}<TAB>203<TAB>80242015<TAB>UpdateOrchestrator<TAB>Failure<TAB>Content Install
//   <TAB>Installation Failure: Windows failed to install the following update with error 0x80242015: Cumulative Update (KB4051033).<TAB>cv
const START = /^\{[0-9A-Fa-f-]{36}\}\s/;
const TIME = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}:\d{3})([+-]\d{4})?$/;
const EVENT = /^(\d+)\s*(?:\[(\w+)\])?/;
// The same record when its TABs were turned into runs of spaces (blog posts, forum pastes); the client id may
// itself hold spaces ('TrustedInstaller FOD Enumerate', '<<PROCESS>>: 32bitProxy.exe'):
//  {F6703CB6-…} 2018-01-17 20:13:28:509+0900  1      148 [AGENT_DETECTION_FAILED]      101    {00000000-…} 0      8024402c       UpdateOrchestrator    Failure Software Synchronization      Windows Update Client failed to detect …
const SPACED =
  /^(\{[0-9A-Fa-f-]{36}\})\s+(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}:\d{3}(?:[+-]\d{4})?)\s+(\d+)\s+(\d+\s*(?:\[\w+\])?)\s+(\d+)\s+(\{[0-9A-Fa-f-]{36}\})\s+(\d+)\s+([0-9A-Fa-f]{1,8})\s+(\S.*?)\s+(Success|Failure)\s+([\s\S]*)$/i;
// What the category column holds; the message follows it.
const CATEGORIES =
  /^(Content Install|Content Download|Software Synchronization|Pre-Deployment Check|Windows Update Agent|Content Verification|Uninstall)\s+/i;

/** The record's TAB-separated fields, or the same fields read from a paste whose TABs became spaces. */
function fieldsOf(first: string): string[] | undefined {
  const f = first.split('\t');
  if (f.length >= 11) return f;
  const m = SPACED.exec(first);
  if (!m) return undefined;
  const rest = m[11];
  const c = CATEGORIES.exec(rest);
  return [...m.slice(1, 11), c ? c[1] : '', c ? rest.slice(c[0].length) : rest];
}

export function reportingEventsParser(opts: ParserOptions = {}): LogParser {
  return {
    format: 'reportingevents',
    probes: [],
    isRecordStart: (line) => START.test(unpaste(line)),
    parse(line: LogLine, file: string): LogRecord {
      const [raw, rest] = splitFirst(line.text);
      const first = unpaste(raw);
      const f = fieldsOf(first);
      const fields: LogRecord['fields'] = {};
      if (!f)
        return makeRecord(
          { file, format: 'reportingevents', line: line.line, message: line.text, fields },
          opts,
        );
      const t = TIME.exec(f[1].trim());
      if (t?.[2]) fields.utcOffset = t[2];
      const ev = EVENT.exec(f[3].trim());
      if (ev) {
        fields.eventId = Number(ev[1]);
        if (ev[2]) fields.eventName = ev[2];
      }
      fields.updateId = f[5].trim().replace(/^\{|\}$/g, '');
      fields.revision = f[6].trim();
      fields.client = f[8].trim();
      fields.status = f[9].trim();
      fields.category = f[10].trim();
      const message = (f[11] ?? '').trim() + rest;
      const kb = kbIn(message);
      if (kb) fields.kb = kb;
      const rec = makeRecord(
        {
          file,
          format: 'reportingevents',
          line: line.line,
          timestamp: t ? t[1] : f[1].trim(),
          level: /^failure$/i.test(String(fields.status)) ? 'Error' : 'Info',
          component: String(fields.client),
          message,
          fields,
        },
        opts,
      );
      // The result field: '80242015' (no 0x), '0' for success, '240005' for a success with a note.
      const code = normaliseCode(f[7].trim().padStart(8, '0'));
      if (code && isFailureCode(code)) {
        rec.fields.result = code;
        if (!rec.codes.includes(code)) rec.codes.unshift(code);
      }
      if (code === '0x00000000') rec.success = true;
      return rec;
    },
  };
}
