/**
 * The Teams file-sending wire details (src/bot/fileConsent.ts) and the file catalog (src/uploads/files.ts):
 * the PUT to an upload session against a real local HTTP server, the consent card and its answer, the
 * fallback texts of every file in both languages.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  FILE_CONSENT_CARD,
  FILE_INFO_CARD,
  FileUploadError,
  canOfferFiles,
  consentCard,
  fileInfoCard,
  putFile,
  readConsentAnswer,
} from '../../src/bot/fileConsent';
import { t } from '../../src/i18n';
import {
  FILE_IDS,
  FileCatalog,
  MAX_INLINE_SCRIPT_BYTES,
  UnknownFileError,
  isFileId,
  sharedFileId,
  textCopy,
} from '../../src/uploads/files';
import { Readable } from 'node:stream';
import os from 'node:os';
import { FileArtifactStore } from '../../src/uploads/artifacts';
import { CaseFiles } from '../../src/uploads/caseFiles';
import { openSqliteStore } from '../../src/storage/sqlite';

const SCRIPTS = path.resolve(__dirname, '../../knowledge/scripts');
const CJK = /[\u4e00-\u9fff]/;

interface Received {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

describe('putFile', () => {
  let server: http.Server;
  let base: string;
  let received: Received[];
  let status: number;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        // Not chained: restify, loaded by other suites in the same worker, patches writeHead to return nothing.
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end('{"id":"x"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    received = [];
    status = 201;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('PUTs the whole file as the single, final chunk of the upload session', async () => {
    const bytes = Buffer.from('0123456789'.repeat(1000));

    await putFile(`${base}/session/1?sig=abc`, bytes);

    expect(received).toHaveLength(1);
    expect(received[0].method).toBe('PUT');
    expect(received[0].headers['content-length']).toBe('10000');
    expect(received[0].headers['content-range']).toBe('bytes 0-9999/10000');
    expect(received[0].body.equals(bytes)).toBe(true);
  });

  it('fails when the session refuses the bytes', async () => {
    status = 403;

    await expect(putFile(`${base}/session/2`, Buffer.from('x'))).rejects.toThrow(FileUploadError);
  });

  it('refuses plain http when https is required, other schemes always, and empty files', async () => {
    await expect(putFile(`${base}/s`, Buffer.from('x'), { requireHttps: true })).rejects.toThrow(/http:/);
    await expect(putFile('file:///etc/passwd', Buffer.from('x'))).rejects.toThrow(/file:/);
    await expect(putFile(`${base}/s`, Buffer.alloc(0))).rejects.toThrow(/empty/);
    await expect(putFile('not a url', Buffer.from('x'))).rejects.toThrow(FileUploadError);
    expect(received).toEqual([]);
  });
});

describe('the consent card and its answer', () => {
  const file = {
    name: 'collect-logs-CAS-1.zip',
    size: 1234,
    description: 'the kit',
    fileId: 'collector-kit',
    caseNumber: 'CAS-1',
  };

  it('is offered in personal chats only', () => {
    expect(canOfferFiles({ conversation: { conversationType: 'personal' } as never })).toBe(true);
    for (const conversationType of ['groupChat', 'channel', undefined])
      expect(canOfferFiles({ conversation: { conversationType } as never })).toBe(false);
  });

  it('carries the size and the file to build again in both contexts', () => {
    expect(consentCard(file)).toEqual({
      contentType: FILE_CONSENT_CARD,
      name: 'collect-logs-CAS-1.zip',
      content: {
        description: 'the kit',
        sizeInBytes: 1234,
        acceptContext: { fileId: 'collector-kit', caseNumber: 'CAS-1' },
        declineContext: { fileId: 'collector-kit', caseNumber: 'CAS-1' },
      },
    });
  });

  it('reads accept with its upload session, decline without, and nothing else', () => {
    const uploadInfo = {
      name: 'a.zip',
      uploadUrl: 'https://x/u',
      contentUrl: 'https://x/c',
      uniqueId: 'id',
      fileType: 'zip',
    };
    const context = { fileId: 'collector-kit', caseNumber: 'CAS-1' };

    expect(
      readConsentAnswer({ value: { type: 'fileUpload', action: 'accept', context, uploadInfo } }),
    ).toEqual({
      action: 'accept',
      context,
      uploadInfo,
    });
    expect(readConsentAnswer({ value: { type: 'fileUpload', action: 'decline', context } })).toEqual({
      action: 'decline',
      context,
    });
    expect(readConsentAnswer({ value: { action: 'maybe', context } })).toBeUndefined();
    expect(readConsentAnswer({ value: { action: 'accept', context: { fileId: 1 } } })).toBeUndefined();
    expect(readConsentAnswer({})).toBeUndefined();
    expect(fileInfoCard(uploadInfo)).toEqual({
      contentType: FILE_INFO_CARD,
      contentUrl: 'https://x/c',
      name: 'a.zip',
      content: { uniqueId: 'id', fileType: 'zip' },
    });
  });
});

describe('the file catalog', () => {
  let issued = 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
  const store = openSqliteStore(path.join(dir, 'bot.sqlite'));
  const shared = new CaseFiles(store, new FileArtifactStore(path.join(dir, 'artifacts')));
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const catalog = new FileCatalog({
    shared,
    links: {
      issue: async (caseNumber) => {
        issued++;
        const token = `${caseNumber}_${issued}`;
        return {
          pageUrl: `https://bot.example/upload/${token}`,
          apiUrl: `https://bot.example/api/uploads/${token}`,
          expiresAt: 0,
        };
      },
    },
    text: t,
  });

  it('knows its files', () => {
    expect(FILE_IDS.every(isFileId)).toBe(true);
    expect(isFileId('../etc/passwd')).toBe(false);
    expect(isFileId(sharedFileId('0f8fad5b-d9cb-469f-a165-70867728950e'))).toBe(true);
    expect(isFileId('shared:../../bot.sqlite')).toBe(false);
    expect(isFileId('shared:')).toBe(false);
  });

  it('sends a file an engineer shared, only for its own case, in the case language', async () => {
    const [CASE, OTHER] = ['CAS-00001-ABC123', 'CAS-00002-ABC123'];
    const bytes = Buffer.from('Windows Registry Editor Version 5.00\r\n');
    const record = await shared.add(
      CASE,
      { name: 'fix.reg', body: Readable.from([bytes]), contentType: 'text/plain' },
      { direction: 'to-user', by: 'Wang Engineer' },
    );
    const fileId = sharedFileId(record.id);

    const file = await catalog.resolve(fileId, CASE, 'zh-CN');
    expect(file.name).toBe('fix.reg');
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(file.description).toMatch(CJK);
    expect(file.description).toContain('Wang Engineer');
    expect(await catalog.nameOf(fileId, CASE)).toBe('fix.reg');
    const fallback = await catalog.fallback(fileId, CASE, 'en');
    expect(fallback).toContain(`(https://bot.example/upload/${CASE}_${issued}/shared/${record.id})`);
    expect(fallback).toContain('Wang Engineer');

    await expect(catalog.resolve(fileId, OTHER, 'en')).rejects.toBeInstanceOf(UnknownFileError);
    await expect(catalog.nameOf(fileId, OTHER)).rejects.toBeInstanceOf(UnknownFileError);
    await expect(catalog.fallback(fileId, OTHER, 'en')).rejects.toBeInstanceOf(UnknownFileError);
  });

  it('builds the collector kit with a fresh upload link', async () => {
    const file = await catalog.resolve('collector-kit', 'CAS-1', 'en');

    expect(file.name).toBe('collect-logs-CAS-1.zip');
    expect(file.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(file.description).toContain('collect-and-upload.cmd');
  });

  it('sends UpdateReset.cmd as it is, small enough to quote', async () => {
    const file = await catalog.resolve('update-reset', 'CAS-1', 'zh-CN');
    const original = fs.readFileSync(path.join(SCRIPTS, 'UpdateReset.cmd'));

    expect(file.bytes.equals(original)).toBe(true);
    expect(original.length).toBeLessThan(MAX_INLINE_SCRIPT_BYTES);
    expect(file.description).toMatch(CJK);
    expect((await textCopy('UpdateReset.txt'))!.equals(original)).toBe(true);
    expect(await textCopy('collect-logs.ps1')).toBeUndefined();
    expect(await textCopy('constructor')).toBeUndefined();
  });

  it.each(['en', 'zh-CN'] as const)('gives the fallbacks in %s', async (locale) => {
    const kit = await catalog.fallback('collector-kit', 'CAS-1', locale);
    const reset = await catalog.fallback('update-reset', 'CAS-1', locale);

    expect(CJK.test(kit)).toBe(locale === 'zh-CN');
    expect(kit).toMatch(/\(https:\/\/bot\.example\/upload\/CAS-1_\d+\/collector\.zip\)/);
    expect(kit).toMatch(
      /```\ncollect-logs\.cmd -UploadUrl "https:\/\/bot\.example\/api\/uploads\/CAS-1_\d+" -CaseNumber CAS-1\n```/,
    );
    expect(reset).toMatch(/\(https:\/\/bot\.example\/upload\/CAS-1_\d+\/files\/UpdateReset\.txt\)/);
    const script = fs
      .readFileSync(path.join(SCRIPTS, 'UpdateReset.cmd'), 'utf8')
      .replace(/\r\n/g, '\n')
      .trimEnd();
    expect(reset).toContain('```\n' + script + '\n```');
    expect(reset).toContain('.cmd');
  });
});
