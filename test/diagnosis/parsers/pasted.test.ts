/** Lines as people publish them, taken from the real-log corpus (test/corpus): timestamps removed or
 * anonymised, padding collapsed, tabs, Markdown quotes and table pipes. Each parser must read them as the
 * records they are. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parserFor } from '../../../src/diagnosis/parsers/index';
import { isPantherRecordStart, pantherStartIn, unpaste } from '../../../src/diagnosis/parsers/common';
import { loadKnowledge } from '../../../src/knowledge/index';
import type { LogFormat } from '../../../src/diagnosis/types';
import { realLines } from '../../helpers/realLines';

const CORPUS = path.join(__dirname, '../../corpus/logs');

/** The first line of a corpus file that contains `needle` (verbatim, CR stripped). */
function corpusLine(dir: string, needle: string): string {
  const folder = fs.readdirSync(CORPUS).find((d) => d.startsWith(dir));
  if (!folder) throw new Error(`no corpus case ${dir}`);
  const file = path.join(CORPUS, folder, fs.readdirSync(path.join(CORPUS, folder))[0]);
  const line = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .find((l) => l.includes(needle));
  if (line === undefined) throw new Error(`'${needle}' not in ${folder}`);
  return line;
}

const knowledge = loadKnowledge();

function parse(format: LogFormat, text: string) {
  // As the engine makes them: symbolic names inside HRESULT_FROM_WIN32(…) resolve through the catalogue.
  const p = parserFor(format, { lookup: (name) => knowledge.byName(name)?.code })!;
  return { start: p.isRecordStart(text.split('\n')[0]), record: p.parse({ line: 1, text }, 'f') };
}

describe('Panther-family lines as published', () => {
  it.each([
    // [case, needle, format, level, component, a code on the record]
    ['c-01', 'Info,\tCSI', 'cbs', 'Info', 'CSI', null],
    ['c-01', 'Startup: Failed to process advanced operation queue', 'cbs', 'Error', 'CBS', '0x800f0922'],
    ['c-01', 'Failed execution of queue item', 'cbs', 'Error', 'CSI', '0x80070002'],
    ['c-06', 'Failed to verify if catalog file', 'cbs', 'Error', 'CBS', '0x8007000d'],
    ['c-17', 'Failed to create CBS session', 'panther', 'Error', 'MIG', '0x8007045b'],
    ['a-16', 'Failed to resolve package', 'cbs', 'Error', 'CBS', '0x800f0831'],
  ] as const)('%s: %s', (id, needle, format, level, component, code) => {
    const line = corpusLine(id, needle);
    const { start, record } = parse(format, line);
    expect(start).toBe(true);
    expect(record.level).toBe(level);
    expect(record.component).toBe(component);
    if (id === 'c-06') expect(record.timestamp).toBe('20xx-xx-06 xx:51:15');
    else expect(record.timestamp).toBeUndefined();
    if (code) expect(record.codes).toContain(code);
  });

  it("reads an anonymised timestamp ('20xx-xx-06 xx:51:15') as a record start with level and component", () => {
    const { start, record } = parse('cbs', corpusLine('c-06', 'Failed to verify if catalog file'));
    expect(start).toBe(true);
    expect(record.message).toMatch(/^Failed to verify if catalog file/);
  });

  it('does not take a continuation line that starts with a level word for a record', () => {
    // Reference case: 'Error STATUS_SXS_COMPONENT_STORE_CORRUPT originated in function …' continues a CSI record.
    expect(
      parserFor('cbs')!.isRecordStart(
        'Error STATUS_SXS_COMPONENT_STORE_CORRUPT originated in function CCSDirect::GetComponentManifest expression: (null)',
      ),
    ).toBe(false);
    expect(parserFor('cbs')!.isRecordStart("    Installer name: 'Task Scheduler'")).toBe(false);
  });

  it('reads a Markdown table row of setupact.log as its columns', () => {
    const { start, record } = parse('panther', corpusLine('c-24', 'Could not replace object'));
    expect(start).toBe(true);
    expect(record.level).toBe('Warning');
    expect(record.component).toBe('MIG');
    expect(record.message).toMatch(/^Could not replace object/);
  });
});

describe('Windows Update lines as published', () => {
  it('reads a decoded WindowsUpdate.log line pasted in a Markdown table (trailing pipe, uneven spaces)', () => {
    const line = corpusLine('a-07', 'DownloadManager DO job');
    expect(line).toMatch(/\|\s*$/);
    const { start, record } = parse('windowsupdate', line);
    expect(start).toBe(true);
    expect(record.component).toBe('DownloadManager');
    expect(record.timestamp).toBe('2019/06/05 11:07:49.2051905');
  });
});

describe('ReportingEvents.log as published', () => {
  it.each([
    ['e-15', 'AGENT_DETECTION_FAILED', '0x8024402c', 'Software Synchronization'],
    ['e-14', 'AGENT_DOWNLOAD_FAILED', '0x80246008', 'Content Download'],
  ])('%s: a record whose TABs became spaces keeps its fields (%s)', (id, eventName, code, category) => {
    const { start, record } = parse('reportingevents', corpusLine(id, eventName));
    expect(start).toBe(true);
    expect(record.fields).toMatchObject({ eventName, status: 'Failure', category, result: code });
    expect(record.level).toBe('Error');
    expect(record.codes[0]).toBe(code);
  });

  it('reads a pending reboot (240005) as no failure', () => {
    const { record } = parse('reportingevents', corpusLine('e-17', 'AGENT_INSTALLING_PENDING'));
    expect(record.codes).toEqual([]);
    expect(record.fields.result).toBeUndefined();
  });
});

describe('unpaste', () => {
  it.each([
    ['> Error                 CBS    Failed', 'Error                 CBS    Failed'],
    ['`2019-08-02 10:33:05, Info CBS x`', '2019-08-02 10:33:05, Info CBS x'],
    ['    2020-01-01 00:00:00, Info CBS y   ', '2020-01-01 00:00:00, Info CBS y'],
    [
      '2023-05-17 08:24:08, Info                  CBS    Starting TiWorker initialization.',
      '2023-05-17 08:24:08, Info                  CBS    Starting TiWorker initialization.',
    ],
  ])('%j → %j', (input, out) => {
    expect(unpaste(input)).toBe(out);
  });
});

describe('pantherStartIn: the byte answer of the record-start question', () => {
  it('agrees with isPantherRecordStart on every corpus and sample line it answers, and answers the plain-timestamp ones', () => {
    const lines = realLines({ ext: /\.(log|txt)$/i });
    let answered = 0;
    for (const l of lines) {
      const b = Buffer.from(l, 'latin1');
      const fast = pantherStartIn(b, 0, b.length);
      if (fast === undefined) continue;
      answered++;
      expect([l, isPantherRecordStart(l)]).toEqual([l, fast]);
    }
    expect(answered).toBeGreaterThan(1000);
    // Other shapes are left to the string check: anonymised and stripped timestamps.
    for (const l of [
      '20xx-xx-24 10:11:12, Info  CBS  x',
      'Info,\tCSI    00000c61 Begin executing',
      'Error CBS x',
    ]) {
      expect(pantherStartIn(Buffer.from(l), 0, l.length)).toBeUndefined();
      expect(isPantherRecordStart(l)).toBe(true);
    }
  });
});
