/** openBundle behaviour on real folders, zips (yazl), nested zips, CP936 names, cabs (cabextract) and every
 * refusal class; temp files must be gone after close(). */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import {
  BundleError,
  openBundle,
  type OpenBundleOptions,
  type OpenedBundle,
} from '../../../src/diagnosis/bundle';
import type { BundleErrorCode } from '../../../src/diagnosis/bundle/errors';
import type { BundleLimits } from '../../../src/diagnosis/types';
import { makeCab } from './cab-writer';
import { makeZip, tempDir, type ZipItem } from './zip-writer';

const CBS_LINE = '2023-05-17 08:24:08, Info                  CBS    Starting TiWorker initialization.\r\n';
const hasCabextract = (() => {
  try {
    execFileSync('cabextract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
/** A test that needs cabextract: without it the test fails and says so (CI installs it; no silent skip). */
const cabTest = (name: string, body: () => Promise<void>): void =>
  test(name, async () => {
    if (!hasCabextract)
      throw new Error('cabextract is not installed (apt-get install cabextract; .ci/run does)');
    await body();
  });

let work: string;
let tmpRoot: string;

beforeEach(async () => {
  work = await tempDir('ucb-bundle-test-');
  // the reader's temp files go to a folder we can inspect
  tmpRoot = path.join(work, 'tmp');
  await fs.mkdir(tmpRoot);
});

afterEach(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

const open = (
  p: string,
  limits: Partial<BundleLimits> = {},
  opts: OpenBundleOptions = {},
): Promise<OpenedBundle> => openBundle(p, limits, { tempRoot: tmpRoot, ...opts });

async function write(rel: string, data: Buffer | string): Promise<string> {
  const p = path.join(work, rel);
  await fs.mkdir(path.dirname(p), { recursive: true });
  await fs.writeFile(p, data);
  return p;
}

async function zipFile(rel: string, items: ZipItem[]): Promise<string> {
  return write(rel, await makeZip(items));
}

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function listing(b: OpenedBundle): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const f of b.files()) out[f.path] = (await readAll(f.open())).toString('utf8');
  return out;
}

async function refusal(p: string, limits: Partial<BundleLimits> = {}, opts = {}): Promise<BundleError> {
  try {
    const b = await open(p, limits, opts);
    await b.close();
  } catch (err) {
    expect(err).toBeInstanceOf(BundleError);
    return err as BundleError;
  }
  throw new Error('expected a refusal');
}

async function expectRefused(
  p: string,
  code: BundleErrorCode,
  limits: Partial<BundleLimits> = {},
): Promise<BundleError> {
  const err = await refusal(p, limits);
  expect(err.code).toBe(code);
  return err;
}

describe('openBundle: what it accepts', () => {
  test('a folder: walked in name order, links leaving it and programs skipped', async () => {
    await write('case/Logs/CBS/CBS.log', CBS_LINE);
    await write('case/systeminfo.txt', 'Host Name:                 PC-01\r\n');
    await write('case/collect.ps1', 'Write-Host hi');
    await write('outside.txt', 'secret');
    await fs.symlink(path.join(work, 'outside.txt'), path.join(work, 'case/leak.txt'));
    await fs.symlink(path.join(work, 'case/systeminfo.txt'), path.join(work, 'case/alias.txt'));
    const b = await open(path.join(work, 'case'));
    expect(await listing(b)).toEqual({
      'Logs/CBS/CBS.log': CBS_LINE,
      'alias.txt': 'Host Name:                 PC-01\r\n',
      'systeminfo.txt': 'Host Name:                 PC-01\r\n',
    });
    expect(b.skipped).toEqual(
      expect.arrayContaining([
        { path: 'collect.ps1', reason: 'executable' },
        { path: 'leak.txt', reason: 'link-outside' },
      ]),
    );
    await b.close();
  });

  test('a single file is a one-file bundle named after it (or the display name given)', async () => {
    const p = await write('upload-7f3a', CBS_LINE);
    const b = await open(p, {}, { displayName: 'CBS.log' });
    const files = [];
    for await (const f of b.files()) files.push(f);
    expect(files.map((f) => [f.path, f.size])).toEqual([['CBS.log', CBS_LINE.length]]);
    expect((await readAll(files[0].open())).toString()).toBe(CBS_LINE);
    await b.close();
  });

  test('a zip: paths relative to the archive, sizes, bytes, folder entries ignored', async () => {
    const big = CBS_LINE.repeat(5000);
    const p = await zipFile('logs.zip', [
      { name: 'Logs/', directory: true },
      { name: 'Logs/CBS/CBS.log', data: big },
      { name: 'Logs/DISM/dism.log', data: 'x\n', compress: false },
    ]);
    const b = await open(p);
    const files = [];
    for await (const f of b.files()) files.push(f);
    expect(files.map((f) => [f.path, f.size])).toEqual([
      ['Logs/CBS/CBS.log', big.length],
      ['Logs/DISM/dism.log', 2],
    ]);
    // the same file can be opened twice, and a stream can be dropped early
    const early = files[0].open();
    await new Promise((r) => early.once('readable', r));
    early.destroy();
    expect((await readAll(files[0].open())).toString()).toBe(big);
    await b.close();
  });

  test('nested zips: each archive adds its own path; temp copies are removed by close()', async () => {
    const inner = await makeZip([{ name: 'Logs/CBS/CBS.log', data: CBS_LINE }]);
    const outer = await makeZip([
      { name: 'inner.zip', data: inner },
      { name: 'readme.txt', data: 'hi' },
    ]);
    await write('machine/outer.zip', outer);
    const b = await open(path.join(work, 'machine'));
    expect(await listing(b)).toEqual({
      'outer.zip/inner.zip/Logs/CBS/CBS.log': CBS_LINE,
      'outer.zip/readme.txt': 'hi',
    });
    expect((await fs.readdir(tmpRoot)).length).toBe(1);
    await b.close();
    expect(await fs.readdir(tmpRoot)).toEqual([]);
  });

  test('names without the UTF-8 flag are CP936 (Chinese Windows); flagged names are UTF-8', async () => {
    const gbkName = iconv.encode('日志/系统信息.txt', 'gbk');
    const p = await zipFile('zh.zip', [
      { name: gbkName, data: '主机名: PC-01' },
      { name: '更新/WindowsUpdate.log', data: 'wu' },
    ]);
    // honesty check: the first entry really has bit 11 clear and GBK bytes, the second has it set
    const raw = await new Promise<Array<{ flags: number; name: Buffer }>>((resolve, reject) => {
      yauzl.open(p, { lazyEntries: false, decodeStrings: false }, (err, z) => {
        if (err) return reject(err);
        const got: Array<{ flags: number; name: Buffer }> = [];
        z.on('entry', (e: yauzl.Entry) =>
          got.push({ flags: e.generalPurposeBitFlag, name: e.fileName as unknown as Buffer }),
        );
        z.on('end', () => resolve(got));
      });
    });
    expect(raw[0].flags & 0x800).toBe(0);
    expect(raw[0].name.equals(gbkName)).toBe(true);
    expect(raw[1].flags & 0x800).toBe(0x800);
    const b = await open(p);
    expect(Object.keys(await listing(b))).toEqual(['日志/系统信息.txt', '更新/WindowsUpdate.log']);
    await b.close();
  });

  cabTest(
    'a .cab inside a zip (CbsPersist), a stored .cab in a folder, and a .cab opened directly',
    async () => {
      const persisted = Buffer.from(CBS_LINE.repeat(3000));
      const cab = makeCab([{ name: 'CbsPersist_20230522191537.log', data: persisted }]);
      const zipped = await zipFile('bundle.zip', [
        { name: 'Logs/CBS/CbsPersist_20230522191537.cab', data: cab, compress: false },
        { name: 'Logs/CBS/CBS.log', data: CBS_LINE },
      ]);
      const b = await open(zipped);
      const got = await listing(b);
      expect(Object.keys(got)).toEqual([
        'Logs/CBS/CbsPersist_20230522191537.cab/CbsPersist_20230522191537.log',
        'Logs/CBS/CBS.log',
      ]);
      expect(got['Logs/CBS/CbsPersist_20230522191537.cab/CbsPersist_20230522191537.log']).toBe(
        persisted.toString(),
      );
      await b.close();
      expect(await fs.readdir(tmpRoot)).toEqual([]);

      await write(
        'folder/CBS/a.cab',
        makeCab(
          [
            { name: 'Sub\\x[1].log', data: Buffer.from('one\n') },
            { name: iconv.encode('日志.log', 'gbk'), data: Buffer.from('two\n') },
          ],
          'none',
        ),
      );
      const f = await open(path.join(work, 'folder'));
      expect(await listing(f)).toEqual({ 'CBS/a.cab/Sub/x[1].log': 'one\n', 'CBS/a.cab/日志.log': 'two\n' });
      await f.close();

      const direct = await open(await write('only.cab', cab));
      expect(Object.keys(await listing(direct))).toEqual(['CbsPersist_20230522191537.log']);
      await direct.close();
    },
  );

  test('without cabextract: a cab inside is skipped with a reason; a cab opened directly is refused clearly', async () => {
    const cab = makeCab([{ name: 'CbsPersist_1.log', data: Buffer.from(CBS_LINE) }]);
    const opts = { cabextract: path.join(work, 'no-such-cabextract') };
    const z = await zipFile('b.zip', [
      { name: 'CbsPersist_1.cab', data: cab },
      { name: 'CBS.log', data: CBS_LINE },
    ]);
    const b = await open(z, {}, opts);
    expect(Object.keys(await listing(b))).toEqual(['CBS.log']);
    expect(b.skipped).toEqual([{ path: 'CbsPersist_1.cab', reason: 'cab-unavailable' }]);
    await b.close();
    const err = await refusal(await write('x.cab', cab), {}, opts);
    expect(err.code).toBe('cab-unavailable');
  });
});

describe('openBundle: what it refuses', () => {
  test('not found', async () => {
    await expectRefused(path.join(work, 'nope.zip'), 'not-found');
  });

  test('not an archive: a .zip that is text, a .rar', async () => {
    await expectRefused(await write('fake.zip', 'hello, not a zip'), 'not-archive');
    await expectRefused(
      await write('logs.rar', Buffer.concat([Buffer.from('Rar!\x1a\x07\x00', 'latin1'), Buffer.alloc(50)])),
      'not-archive',
    );
  });

  test('empty: an empty folder, a zip holding only folders, a 0-byte file', async () => {
    await fs.mkdir(path.join(work, 'empty'));
    await expectRefused(path.join(work, 'empty'), 'empty');
    await expectRefused(await zipFile('dirs.zip', [{ name: 'Logs/', directory: true }]), 'empty');
    await expectRefused(await write('zero.log', ''), 'empty');
  });

  test('too many entries', async () => {
    const items = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.log`, data: 'x' }));
    await expectRefused(await zipFile('many.zip', items), 'too-many-entries', { maxEntries: 5 });
  });

  test('too large: one entry, and the total', async () => {
    const p = await zipFile('big.zip', [
      { name: 'a.log', data: 'a'.repeat(2000) },
      { name: 'b.log', data: 'b'.repeat(2000) },
    ]);
    expect((await expectRefused(p, 'too-large', { maxEntryBytes: 1000 })).params.path).toBe('a.log');
    await expectRefused(p, 'too-large', { maxTotalBytes: 3000 });
  });

  test('bomb: compression ratio above the limit', async () => {
    await expectRefused(
      await zipFile('bomb.zip', [{ name: 'zeros.log', data: Buffer.alloc(5 * 1024 * 1024) }]),
      'bomb',
    );
  });

  test('bomb: a header that under-states the size is caught while streaming', async () => {
    const data = CBS_LINE.repeat(100);
    const p = await zipFile('liar.zip', [{ name: 'CBS.log', data, declaredSize: 100 }]);
    const b = await open(p);
    for await (const f of b.files()) {
      expect(f.size).toBe(100);
      await expect(readAll(f.open())).rejects.toMatchObject({ code: 'bomb' });
    }
    await b.close();
  });

  test('too deep: archives nested beyond maxDepth', async () => {
    let z = await makeZip([{ name: 'CBS.log', data: CBS_LINE }]);
    for (let i = 0; i < 3; i++) z = await makeZip([{ name: `level${i}.zip`, data: z }]);
    const p = await write('deep.zip', z); // deep.zip > level2 > level1 > level0 > CBS.log: depth 4
    const err = await expectRefused(p, 'too-deep');
    expect(err.params.path).toBe('level2.zip/level1.zip/level0.zip');
    const ok = await open(p, { maxDepth: 4 });
    expect(Object.keys(await listing(ok))).toEqual(['level2.zip/level1.zip/level0.zip/CBS.log']);
    await ok.close();
    expect(await fs.readdir(tmpRoot)).toEqual([]);
  });

  test.each([
    ['../', '../../Windows/System32/evil.log'],
    ['nested ../', 'Logs/../../evil.log'],
    ['absolute', '/etc/evil.log'],
    ['drive', 'C:\\Windows\\evil.log'],
    ['drive-relative', 'C:evil.log'],
    ['UNC', '\\\\server\\share\\evil.log'],
  ])('unsafe name (%s)', async (_label, name) => {
    const p = await zipFile('evil.zip', [
      { name: 'ok.log', data: 'x' },
      { name, data: 'pwned' },
    ]);
    await expectRefused(p, 'unsafe-name');
  });

  test('encrypted entries', async () => {
    await expectRefused(
      await zipFile('pw.zip', [{ name: 'CBS.log', data: CBS_LINE, encrypted: true }]),
      'encrypted',
    );
  });

  test('truncated: a zip cut short', async () => {
    const full = await makeZip([{ name: 'CBS.log', data: CBS_LINE.repeat(200) }]);
    await expectRefused(await write('cut.zip', full.subarray(0, Math.floor(full.length / 2))), 'truncated');
  });

  cabTest('truncated cab, unsafe cab member name', async () => {
    const cab = makeCab([{ name: 'CbsPersist_1.log', data: Buffer.from(CBS_LINE.repeat(100)) }]);
    await expectRefused(await write('cut.cab', cab.subarray(0, cab.length - 10)), 'truncated');
    await expectRefused(
      await write('evil.cab', makeCab([{ name: '..\\..\\evil.log', data: Buffer.from('x') }])),
      'unsafe-name',
    );
  });

  test('executables: a program uploaded alone is refused; inside a bundle it is skipped', async () => {
    await expectRefused(
      await write('setup.exe', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)])),
      'executable',
    );
    await expectRefused(
      await write('tool.bin', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)])),
      'executable',
    );
    await expectRefused(
      await zipFile('only.zip', [
        { name: 'a.dll', data: 'MZ' },
        { name: 'b.ps1', data: 'x' },
      ]),
      'executable',
    );
    const b = await open(
      await zipFile('mixed.zip', [
        { name: 'a.dll', data: 'MZ' },
        { name: 'CBS.log', data: CBS_LINE },
      ]),
    );
    expect(Object.keys(await listing(b))).toEqual(['CBS.log']);
    expect(b.skipped).toEqual([{ path: 'a.dll', reason: 'executable' }]);
    await b.close();
  });

  test('a refusal during the scan leaves no temp files behind', async () => {
    const inner = await makeZip([{ name: '../evil.log', data: 'x' }]);
    const p = await zipFile('outer.zip', [{ name: 'inner.zip', data: inner }]);
    await expectRefused(p, 'unsafe-name');
    expect(await fs.readdir(tmpRoot)).toEqual([]);
  });
});
