/** Event-log export parser: `wevtutil qe /f:text` blocks (Event[n]: / Log Name: / Event ID:), Event Viewer
 * CSV and tab-delimited saves, and XML <Event> records. Names WindowsUpdateClient 19/20/43/44 and Servicing 1–4. */
import type { LogLine, LogRecord } from '../types';
import { kbIn, makeRecord, unpaste, type LogParser, type ParserOptions } from './common';

// Event[0]:
//   Log Name: System
//   Source: Microsoft-Windows-WindowsUpdateClient
//   Date: 2022-05-19T11:50:02.123
//   Event ID: 20
//   Level: Error
//   Computer: TERMINAL01
//   Description:
// Installation Failure: Windows failed to install the following update with error 0x80073712: ... (KB5011503).
const TEXT_START = /^(?:Event\[\d+\]:|Log Name:)/;
const TEXT_FIELD =
  /^\s*(Log Name|Source|Date|Event ID|Task|Task Category|Level|Keywords?|User|Computer|Description|Opcode):[ \t]*(.*)$/;

// Error,5/19/2022 11:50:02 AM,Microsoft-Windows-WindowsUpdateClient,20,Windows Update Agent,"Installation Failure: ..."
// 错误,2022/5/19 11:50:02,Microsoft-Windows-WindowsUpdateClient,20,Windows Update Agent,"安装失败: ..."
const LEVELS =
  'Error|Warning|Information|Critical|Verbose|Audit Success|Audit Failure|错误|警告|信息|关键|详细';
const CSV_START = new RegExp(`^(?:${LEVELS})[,\\t]`);
// The tab-delimited save with its TABs turned into spaces (a paste site, a forum), one event per row:
// Information 03.05.2019 15:47:21 Microsoft-Windows-WUSA 1 None InstallWorker.01287: Exit with error code 0X80240017
const SPACED_ROW = new RegExp(
  `^(${LEVELS})\\s+(\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}\\s+\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s*[AP]M)?)\\s+(\\S+)\\s+(\\d+)\\s+(\\S+)\\s+([\\s\\S]*)$`,
  'i',
);

// <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-WindowsUpdateClient' .../>
//   <EventID>20</EventID>...<Level>2</Level>...<TimeCreated SystemTime='2022-05-19T03:50:02.1234567Z'/>...<Computer>PC01</Computer>
//   </System><EventData><Data Name='errorCode'>0x80073712</Data><Data Name='updateTitle'>...</Data></EventData></Event>
const XML_START = /^\s*<Event[\s>]/;

// One JSON object per line, as EvtxECmd/KAPE, nxlog and `Get-WinEvent | ConvertTo-Json -Compress` write them:
// {"Computer":"PC01","Payload":"{\"EventData\":{\"Data\":\"0, WindowsUpdateFailure3, …\"}}","Channel":"Application",
//  "Provider":"Windows Error Reporting","EventId":1001,"Level":4,"TimeCreated":"2018-09-04T05:24:33.27+00:00",…}
export const JSON_START = /^\s*\{.*"(?:EventId|EventID|Id)"\s*:\s*"?\d/;

const XML_LEVELS: Record<string, string> = {
  '0': 'Info',
  '1': 'Critical',
  '2': 'Error',
  '3': 'Warning',
  '4': 'Info',
  '5': 'Verbose',
};
const LEVEL_NAMES: Record<string, string> = {
  information: 'Info',
  信息: 'Info',
  error: 'Error',
  错误: 'Error',
  warning: 'Warning',
  警告: 'Warning',
  critical: 'Critical',
  关键: 'Critical',
  verbose: 'Verbose',
  详细: 'Verbose',
};

/** What an event of a known provider means (fields.eventKind). */
export function eventKind(provider: string, id: number): string | undefined {
  if (/WindowsUpdateClient/i.test(provider)) {
    return (
      {
        16: 'connect-failed',
        19: 'install-succeeded',
        20: 'install-failed',
        25: 'scan-failed',
        31: 'download-failed',
        43: 'install-started',
        44: 'download-started',
      } as Record<number, string>
    )[id];
  }
  if (/Servicing/i.test(provider)) {
    return (
      {
        1: 'package-change-started',
        2: 'package-change-succeeded',
        3: 'package-change-failed',
        4: 'reboot-required',
      } as Record<number, string>
    )[id];
  }
  return undefined;
}

function csvSplit(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const xmlText = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export function eventLogParser(opts: ParserOptions = {}): LogParser {
  return {
    format: 'eventlog',
    probes: ['WindowsUpdateClient', 'Microsoft-Windows-Servicing'],
    isRecordStart: (line) =>
      TEXT_START.test(line) ||
      XML_START.test(line) ||
      CSV_START.test(line) ||
      JSON_START.test(line) ||
      SPACED_ROW.test(unpaste(line)),
    parse(line: LogLine, file: string): LogRecord {
      const text = line.text;
      const fields: LogRecord['fields'] = {};
      let timestamp: string | undefined;
      let level: string | undefined;
      let provider = '';
      let id: number | undefined;
      let message = text;
      let codeText = text;
      let row: RegExpExecArray | null;
      if (XML_START.test(text)) {
        const get = (re: RegExp): string | undefined => re.exec(text)?.[1];
        provider = get(/<Provider\s+Name=['"]([^'"]+)['"]/) ?? '';
        id = Number(get(/<EventID[^>]*>(\d+)</));
        const lv = get(/<Level>(\d+)</);
        level = lv !== undefined ? XML_LEVELS[lv] : undefined;
        timestamp = get(/<TimeCreated\s+SystemTime=['"]([^'"]+)['"]/);
        const channel = get(/<Channel>([^<]+)</);
        if (channel) fields.channel = channel;
        const computer = get(/<Computer>([^<]+)</);
        if (computer) fields.computer = computer;
        const data: string[] = [];
        for (const d of text.matchAll(/<Data\s+Name=['"](\w+)['"]\s*>([^<]*)<\/Data>/g)) {
          data.push(`${d[1]}=${xmlText(d[2])}`);
          if (/^(errorCode|updateTitle|PackageIdentifier|ErrorCode|updateGuid)$/i.test(d[1]))
            fields[d[1]] = xmlText(d[2]);
        }
        const rendered = get(/<Message>([\s\S]*?)<\/Message>/);
        message = rendered ? xmlText(rendered) : data.join(' ');
        codeText = message + ' ' + data.join(' ');
      } else if (TEXT_START.test(text)) {
        let inDesc = false;
        const desc: string[] = [];
        for (const l of text.split('\n')) {
          if (inDesc) {
            desc.push(l);
            continue;
          }
          const m = TEXT_FIELD.exec(l);
          if (!m) continue;
          const [, key, value] = m;
          if (key === 'Source') provider = value.trim();
          else if (key === 'Event ID') id = Number(value.trim());
          else if (key === 'Date') timestamp = value.trim();
          else if (key === 'Level') level = LEVEL_NAMES[value.trim().toLowerCase()] ?? value.trim();
          else if (key === 'Log Name') fields.channel = value.trim();
          else if (key === 'Computer') fields.computer = value.trim();
          else if (key === 'Description') {
            inDesc = true;
            if (value.trim()) desc.push(value.trim());
          }
        }
        message = desc.join('\n').trim();
        codeText = message;
      } else if (JSON_START.test(text)) {
        const e = jsonEvent(text);
        if (e) {
          provider = e.provider;
          id = e.id;
          timestamp = e.timestamp;
          level = e.level;
          if (e.channel) fields.channel = e.channel;
          if (e.computer) fields.computer = e.computer;
          message = e.message;
          codeText = message;
        }
      } else if ((row = SPACED_ROW.exec(unpaste(text.split('\n')[0])))) {
        level = LEVEL_NAMES[row[1].toLowerCase()] ?? row[1];
        timestamp = row[2];
        provider = row[3];
        id = Number(row[4]);
        fields.task = row[5];
        message = row[6].trim();
        codeText = message;
      } else if (CSV_START.test(text)) {
        const sep = /^[^,\t]+\t/.test(text) ? '\t' : ',';
        const c = csvSplit(text, sep);
        level = LEVEL_NAMES[c[0].trim().toLowerCase()] ?? c[0].trim();
        timestamp = c[1]?.trim();
        provider = c[2]?.trim() ?? '';
        id = Number(c[3]);
        if (c[4]) fields.task = c[4].trim();
        message = c.slice(5).join(sep).trim();
        codeText = message;
      }
      if (provider) fields.provider = provider;
      if (id !== undefined && Number.isFinite(id)) {
        fields.eventId = id;
        const kind = eventKind(provider, id);
        if (kind) fields.eventKind = kind;
      }
      const kb = kbIn(message);
      if (kb) fields.kb = kb;
      return makeRecord(
        {
          file,
          format: 'eventlog',
          line: line.line,
          timestamp,
          level,
          component: provider.replace(/^Microsoft-Windows-/, '') || undefined,
          message,
          fields,
        },
        opts,
        codeText,
      );
    },
  };
}

interface JsonEvent {
  provider: string;
  id?: number;
  timestamp?: string;
  level?: string;
  channel?: string;
  computer?: string;
  message: string;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** The fields of a JSON event line, whichever exporter's names it uses; null when it is not JSON after all. */
function jsonEvent(text: string): JsonEvent | null {
  let o: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(text.split('\n')[0]);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    o = v as Record<string, unknown>;
  } catch {
    return null;
  }
  // The event's own text: a rendered message, or its data (EvtxECmd keeps it as a JSON string in Payload).
  const payload = str(o.Payload);
  const message = str(o.Message) ?? str(o.MapDescription) ?? (payload ? payloadData(payload) : '') ?? '';
  const lv = str(o.Level) ?? str(o.LevelDisplayName) ?? str(o.Severity);
  return {
    provider: str(o.Provider) ?? str(o.ProviderName) ?? str(o.SourceName) ?? '',
    id: Number(str(o.EventId) ?? str(o.EventID) ?? str(o.Id)),
    timestamp: str(o.TimeCreated) ?? str(o.EventTime),
    level: lv === undefined ? undefined : (XML_LEVELS[lv] ?? LEVEL_NAMES[lv.toLowerCase()] ?? lv),
    channel: str(o.Channel),
    computer: str(o.Computer) ?? str(o.MachineName) ?? str(o.Hostname),
    message,
  };
}

/** EvtxECmd's Payload: '{"EventData":{"Data":"0, WindowsUpdateFailure3, …"}}' (or a list of named Data). */
function payloadData(payload: string): string {
  try {
    const p = JSON.parse(payload) as { EventData?: { Data?: unknown } };
    const d = p.EventData?.Data;
    if (typeof d === 'string') return d;
    if (Array.isArray(d))
      return d
        .map((x: unknown) =>
          x && typeof x === 'object' ? str((x as Record<string, unknown>)['#text']) : str(x),
        )
        .filter(Boolean)
        .join(', ');
    return payload;
  } catch {
    return payload;
  }
}
