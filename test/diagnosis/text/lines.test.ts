/** readLines on real byte streams: CRLF files with bare-LF CSI continuations, LF-only, no final newline,
 * BOMs, chunk boundaries inside characters, capped lines and records, and a 5 MB file in bounded memory. */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import iconv from 'iconv-lite';
import { readLineBatches, readLines, type ReadLinesOptions } from '../../../src/diagnosis/text';
import type { LogLine } from '../../../src/diagnosis/types';

const isStamp = (l: string): boolean => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(l);

/** Streams `bytes` in chunks of `size` bytes (1 = every byte its own chunk). */
function chunked(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

async function collect(src: Readable, opts: ReadLinesOptions = {}): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const l of readLines(src, opts)) out.push(l);
  return out;
}

// shaped like CBS_5_23.log: CRLF records, the hash lines inside a CSI record end in a bare LF
const CBS =
  '\ufeff2023-05-23 16:02:36, Info                  CBS    Session: 31036127_1 initialized by client WindowsUpdateAgent.\r\n' +
  '2023-05-23 16:02:37, Info                  CSI    00000007 Hashes for file member [l:10]"amsi.dll" do not match.\n' +
  ' Expected: {l:32 ml:33 b:0c3d5b7f5e0e1a0f3e0ea1c3d5b7f5e0e1a0f3e0ea1c3d5b7f5e0e1a0f3e0e}.\n' +
  ' Actual: {l:32 b:1d4e6c8a6f1f2b1a4f1fb2d4e6c8a6f1f2b1a4f1fb2d4e6c8a6f1f2b1a4f1f}.\r\n' +
  '2023-05-23 16:02:37, Error                 CSI    00000008 (F) Failed to repair store [gle=0x80004005]\r\n' +
  '[gle=0x80004005]\n' +
  '2023-05-23 16:02:38, Info                  CBS    Failed to repair store. [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]\r\n';

describe('readLines', () => {
  test.each([1, 7, 64 * 1024])(
    'CRLF file with bare-LF continuation lines (chunks of %d bytes)',
    async (size) => {
      const lines = await collect(chunked(Buffer.from(CBS, 'utf8'), size), { isRecordStart: isStamp });
      expect(lines.map((l) => l.line)).toEqual([1, 2, 5, 7]);
      expect(lines[0].text.startsWith('2023-05-23 16:02:36')).toBe(true); // BOM gone
      expect(lines[1].text).toBe(
        '2023-05-23 16:02:37, Info                  CSI    00000007 Hashes for file member [l:10]"amsi.dll" do not match.\n' +
          ' Expected: {l:32 ml:33 b:0c3d5b7f5e0e1a0f3e0ea1c3d5b7f5e0e1a0f3e0ea1c3d5b7f5e0e1a0f3e0e}.\n' +
          ' Actual: {l:32 b:1d4e6c8a6f1f2b1a4f1fb2d4e6c8a6f1f2b1a4f1fb2d4e6c8a6f1f2b1a4f1f}.',
      );
      expect(lines[2].text.endsWith('[gle=0x80004005]\n[gle=0x80004005]')).toBe(true);
      expect(lines.some((l) => l.text.includes('\r'))).toBe(false);
    },
  );

  test('without isRecordStart every physical line is its own record', async () => {
    const lines = await collect(chunked(Buffer.from(CBS, 'utf8'), 13));
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(lines[5].text).toBe('[gle=0x80004005]');
  });

  test('LF-only file without a final newline; blank lines kept', async () => {
    const text = '2022-07-06 08:18:24, Info MOUPG a\n\n2022-07-06 08:18:25, Error MOUPG b';
    expect(await collect(chunked(Buffer.from(text), 5))).toEqual([
      { line: 1, text: '2022-07-06 08:18:24, Info MOUPG a' },
      { line: 2, text: '' },
      { line: 3, text: '2022-07-06 08:18:25, Error MOUPG b' },
    ]);
    expect(await collect(Readable.from([]))).toEqual([]);
    expect(await collect(chunked(Buffer.from('\r\n'), 1))).toEqual([{ line: 1, text: '' }]);
  });

  test('a first line that is a continuation (a paste cut mid-record) is a record of its own', async () => {
    const text = '  Installer name: Network Drivers\r\n2018-12-08 18:38:11, Info CSI x\r\n    more\r\n';
    expect(await collect(chunked(Buffer.from(text), 4), { isRecordStart: isStamp })).toEqual([
      { line: 1, text: '  Installer name: Network Drivers' },
      { line: 2, text: '2018-12-08 18:38:11, Info CSI x\n    more' },
    ]);
  });

  test.each([
    [
      'UTF-16LE with BOM (PowerShell 5.1)',
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        iconv.encode(
          '主机名:           PC-01\r\nOS 名称:          Microsoft Windows 10 专业版\r\n',
          'utf16le',
        ),
      ]),
    ],
    [
      'GBK (cmd.exe on zh-CN)',
      iconv.encode('主机名:           PC-01\r\nOS 名称:          Microsoft Windows 10 专业版\r\n', 'gbk'),
    ],
    [
      'UTF-8 without BOM',
      Buffer.from('主机名:           PC-01\r\nOS 名称:          Microsoft Windows 10 专业版\r\n', 'utf8'),
    ],
  ])('decodes %s across chunk boundaries inside characters', async (_label, bytes) => {
    for (const size of [1, 3]) {
      const lines = await collect(chunked(bytes, size));
      expect(lines.map((l) => l.text)).toEqual([
        '主机名:           PC-01',
        'OS 名称:          Microsoft Windows 10 专业版',
      ]);
    }
  });

  test('an explicit encoding skips sniffing', async () => {
    const lines = await collect(chunked(iconv.encode('OS 名称: x\n', 'gbk'), 2), { encoding: 'gbk' });
    expect(lines[0].text).toBe('OS 名称: x');
  });

  test('very long lines are cut to maxLineBytes without buffering the rest', async () => {
    const long = 'A'.repeat(200_000);
    const text = `first\n${long}\nafter\n${'B'.repeat(50)}`;
    for (const size of [1024, 1 << 20]) {
      const lines = await collect(chunked(Buffer.from(text), size), { maxLineBytes: 1000 });
      expect(lines.map((l) => [l.line, l.text.length])).toEqual([
        [1, 5],
        [2, 1000],
        [3, 5],
        [4, 50],
      ]);
    }
    const def = await collect(chunked(Buffer.from(`${'C'.repeat(100_000)}\r\nx`), 4096));
    expect(def[0].text.length).toBe(64 * 1024);
  });

  test('a record that would pass maxRecordBytes continues as a new record, losing nothing', async () => {
    const text = `2023-05-17 08:24:08, Info CBS head\n${Array.from({ length: 10 }, (_, i) => `  cont ${i}`).join('\n')}\n`;
    const lines = await collect(chunked(Buffer.from(text), 8), {
      isRecordStart: isStamp,
      maxLineBytes: 40,
      maxRecordBytes: 60,
    });
    expect(lines.every((l) => l.text.length <= 60)).toBe(true);
    expect(lines.map((l) => l.text).join('\n')).toBe(text.slice(0, -1));
    expect(lines[0].line).toBe(1);
    expect(lines[1].line).toBeGreaterThan(2);
  });

  test('readLineBatches yields the same lines in bulk', async () => {
    const batches: LogLine[][] = [];
    for await (const b of readLineBatches(chunked(Buffer.from(CBS, 'utf8'), 50), { isRecordStart: isStamp }))
      batches.push(b);
    expect(batches.flat().map((l) => l.line)).toEqual([1, 2, 5, 7]);
  });

  test('stopping early closes the source stream', async () => {
    const src = chunked(Buffer.from(CBS.repeat(100), 'utf8'), 100);
    for await (const l of readLines(src)) {
      expect(l.line).toBe(1);
      break;
    }
    expect(src.destroyed).toBe(true);
  });
});

describe('readLines on a 5 MB file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ucb-lines-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('streams line by line; retained memory stays far below the file size', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const file = path.join(dir, 'CBS.log');
    const ws = createWriteStream(file);
    const record =
      '2023-05-17 08:24:08, Info                  CBS    Failed to internally open package. [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]\r\n' +
      '2018-12-08 18:38:11, Error                 CSI    00000057 (F) Installer: Network Drivers\tErrorCode: 800106d9\r\n' +
      ' Expected: {l:32 ml:33 b:0c3d5b7f5e0e1a0f3e0ea1c3d5b7f5e0e1a0f3e0ea1c3d5b7f5e0e1a0f3e0e}.\n';
    let written = 0;
    let records = 0;
    ws.write('\ufeff');
    while (written < 5 * 1024 * 1024) {
      ws.write(record);
      written += record.length;
      records += 2;
    }
    await new Promise((r) => ws.end(r));
    const size = (await fs.stat(file)).size;

    gc();
    const base = process.memoryUsage().heapUsed;
    let count = 0;
    let lastLine = 0;
    let midHeap = 0;
    for await (const l of readLines(createReadStream(file), { isRecordStart: isStamp })) {
      count++;
      lastLine = l.line;
      if (count === records / 2) {
        gc();
        midHeap = process.memoryUsage().heapUsed - base;
      }
    }
    expect(count).toBe(records);
    expect(lastLine).toBe((records / 2) * 3 - 1);
    expect(midHeap).toBeLessThan(Math.min(2 * 1024 * 1024, size / 4));
  });
});
