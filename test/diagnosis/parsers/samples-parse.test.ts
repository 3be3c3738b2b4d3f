/** Every real sample line parses: each record start yields a timestamp and (where the format has one) a level. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parserFor } from '../../../src/diagnosis/parsers/index';
import type { LogFormat } from '../../../src/diagnosis/types';

const DIR = '/work/shared/samples/logs';
const FORMATS: Record<string, LogFormat> = {
  'sample01.DISM.log': 'dism',
  'sample02.CBS.log': 'cbs',
  'sample03.WindowsUpdate.log': 'windowsupdate',
  'sample04.CBS.log': 'cbs',
  'sample05.WindowsUpdate.log': 'windowsupdate-classic',
  'sample06.setuperr.log': 'panther',
};

describe.each(Object.entries(FORMATS))('%s', (file, format) => {
  it('parses every record with a timestamp and a level', () => {
    const p = parserFor(format)!;
    const lines = fs
      .readFileSync(path.join(DIR, file), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    let starts = 0;
    lines.forEach((text, i) => {
      if (!p.isRecordStart(text)) {
        // only blank lines (paste damage) may be continuation lines in these samples
        expect({ line: i + 1, text: text.trim() }).toEqual({ line: i + 1, text: '' });
        return;
      }
      starts++;
      const r = p.parse({ line: i + 1, text }, file);
      expect({
        line: i + 1,
        ts: Boolean(r.timestamp),
        level: Boolean(r.level),
        message: r.message.length > 0 || /:\s*$/.test(text),
      }).toEqual({
        line: i + 1,
        ts: true,
        level: true,
        message: true,
      });
    });
    expect(starts).toBeGreaterThan(5);
  });
});
