/** The log parsers by format. Each call makes a fresh parser (parsers may keep per-file state). */
import type { LogFormat } from '../types';
import type { LogParser, ParserOptions } from './common';
import { cbsParser } from './cbs';
import { dismParser } from './dism';
import { pantherParser } from './panther';
import { windowsUpdateClassicParser, windowsUpdateParser } from './windowsupdate';
import { reportingEventsParser } from './reportingevents';
import { eventLogParser } from './eventlog';

export type { LogParser, ParserOptions } from './common';
export { timeKey } from './common';

const factories: Partial<Record<LogFormat, (opts: ParserOptions) => LogParser>> = {
  cbs: cbsParser,
  dism: dismParser,
  panther: pantherParser,
  windowsupdate: windowsUpdateParser,
  'windowsupdate-classic': windowsUpdateClassicParser,
  reportingevents: reportingEventsParser,
  eventlog: eventLogParser,
};

/** Formats that have a log parser (the others are collector outputs, read by the facts parsers). */
export const LOG_FORMATS = Object.keys(factories) as LogFormat[];

export function parserFor(format: LogFormat, opts: ParserOptions = {}): LogParser | undefined {
  return factories[format]?.(opts);
}
