/** ReportingEvents.log parser (%windir%\SoftwareDistribution): one TAB-separated event per line, the HRESULT
 * written without '0x' (0 = success), Success/Failure status, the update title in the message. */
import type { LogLine, LogRecord } from '../types';
import { kbIn, makeRecord, splitFirst, type LogParser, type ParserOptions } from './common';
import { isFailureCode, normaliseCode } from '../codes';

// {A5D8A3B4-0C39-4E4B-9D1B-1F9C2B6E7A11}<TAB>2017-12-05 10:12:55:343+0100<TAB>1<TAB>182 [AGENT_INSTALLING_FAILED]<TAB>101
//   <TAB>{BFC8A103-7E4B-4A5D-9D39-6A0C1C9E8F31}<TAB>203<TAB>80242015<TAB>UpdateOrchestrator<TAB>Failure<TAB>Content Install
//   <TAB>Installation Failure: Windows failed to install the following update with error 0x80242015: Cumulative Update (KB4051033).<TAB>cv
const START = /^\{[0-9A-Fa-f-]{36}\}\t/;
const TIME = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}:\d{3})([+-]\d{4})?$/;
const EVENT = /^(\d+)\s*(?:\[(\w+)\])?/;

export function reportingEventsParser(opts: ParserOptions = {}): LogParser {
  return {
    format: 'reportingevents',
    probes: [],
    isRecordStart: (line) => START.test(line),
    parse(line: LogLine, file: string): LogRecord {
      const [first, rest] = splitFirst(line.text);
      const f = first.split('\t');
      const fields: LogRecord['fields'] = {};
      if (f.length < 11)
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
          level: /^failure$/i.test(fields.status) ? 'Error' : 'Info',
          component: fields.client,
          message,
          fields,
        },
        opts,
      );
      // The result field: '80242015' (no 0x), '0' for success.
      const code = normaliseCode(f[7].trim());
      if (code && isFailureCode(code) && !rec.codes.includes(code)) rec.codes.unshift(code);
      if (code === '0x00000000') rec.fields.success = true;
      return rec;
    },
  };
}
