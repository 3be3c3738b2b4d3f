/**
 * The files the bot sends users, shared by the conversation runner (the offer) and the bot (the upload
 * after the user accepted a file consent card): the per-case collector kit, the remediation scripts of
 * knowledge/scripts, and the files engineers share with the case (`shared:<id>`). Also the texts that go with them, in the conversation's language: the description on
 * the consent card, the note with the sent file, and the attachment-free fallback for group chats and
 * channels (or a declined card): a download link, and the text to copy.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FileId } from '../domain/caseRecord';
import type { Locale } from '../domain/locale';
import { SCRIPTS_DIR, collectorKit } from './collectorKit';
import type { CaseFileRecord } from '../storage/ports';
import type { UploadLink } from './links';
import type { CaseFiles } from './caseFiles';

export const FILE_IDS: readonly FileId[] = ['collector-kit', 'update-reset'];

const SHARED_PREFIX = 'shared:';
const SHARED_ID = /^shared:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function isFileId(value: unknown): value is FileId {
  return (
    typeof value === 'string' && ((FILE_IDS as readonly string[]).includes(value) || SHARED_ID.test(value))
  );
}

/** The file id under which a shared file is offered to the user. */
export function sharedFileId(id: string): FileId {
  return `${SHARED_PREFIX}${id}`;
}

function sharedIdOf(fileId: FileId): string | undefined {
  return SHARED_ID.exec(fileId)?.[1];
}

/** A script sent in a chat message's code block must stay readable there (Teams caps a message near 28 KB). */
export const MAX_INLINE_SCRIPT_BYTES = 20 * 1024;

/**
 * Text copies of scripts, served at `/upload/<token>/files/<name>` to anyone holding the case's link:
 * a `.txt` survives mail filters and download blockers; the user renames it back to `.cmd`.
 */
export const TEXT_COPIES: Readonly<Record<string, string>> = { 'UpdateReset.txt': 'UpdateReset.cmd' };

/** The bytes of a text copy (CRLF kept: cmd.exe misreads labels in LF-only batch files), or undefined. */
export async function textCopy(name: string, scriptsDir = SCRIPTS_DIR): Promise<Buffer | undefined> {
  const script = Object.prototype.hasOwnProperty.call(TEXT_COPIES, name) ? TEXT_COPIES[name] : undefined;
  return script ? fs.readFile(path.join(scriptsDir, script)) : undefined;
}

/** A file ready to send: its bytes and its texts in one language. */
export interface OfferedFile {
  fileId: FileId;
  caseNumber: string;
  name: string;
  bytes: Buffer;
  /** What the file is, for the consent card. */
  description: string;
  /** Said with the file once it is in the chat. */
  sentText: string;
}

export interface FileCatalogDeps {
  /** Issues a fresh per-case upload link (the collector kit carries one; fallbacks link the upload page). */
  links: { issue(caseNumber: string): Promise<UploadLink> };
  /** The case's files (src/uploads/caseFiles.ts); only those for the user are sent. */
  shared: Pick<CaseFiles, 'read' | 'open'>;
  text: (locale: Locale, key: string, params?: Record<string, string | number>) => string;
  scriptsDir?: string;
}

type Texts = { description: string; sent: string; fallback: string };

const TEXT_KEYS: Readonly<Record<'collector-kit' | 'update-reset' | 'shared', Texts>> = {
  'collector-kit': {
    description: 'file.collectorKit.description',
    sent: 'file.collectorKit.sent',
    fallback: 'file.collectorKit.fallback',
  },
  'update-reset': {
    description: 'file.updateReset.description',
    sent: 'file.updateReset.sent',
    fallback: 'file.updateReset.fallback',
  },
  shared: {
    description: 'file.shared.description',
    sent: 'file.shared.sent',
    fallback: 'file.shared.fallback',
  },
};

function textKeys(fileId: FileId): Texts {
  return fileId === 'collector-kit' || fileId === 'update-reset' ? TEXT_KEYS[fileId] : TEXT_KEYS.shared;
}

/** A file the catalog does not have (a shared file of another case, or one deleted by retention). */
export class UnknownFileError extends Error {
  override readonly name = 'UnknownFileError';
}

export class FileCatalog {
  private readonly scriptsDir: string;

  constructor(private readonly deps: FileCatalogDeps) {
    this.scriptsDir = deps.scriptsDir ?? SCRIPTS_DIR;
  }

  /** The file and its texts. The collector kit is built anew, with a fresh upload link inside. */
  async resolve(fileId: FileId, caseNumber: string, locale: Locale): Promise<OfferedFile> {
    const { name, bytes, by } = await this.build(fileId, caseNumber);
    const keys = textKeys(fileId);
    const params = { caseNumber, name, engineer: by ?? '' };
    return {
      fileId,
      caseNumber,
      name,
      bytes,
      description: this.deps.text(locale, keys.description, params),
      sentText: this.deps.text(locale, keys.sent, params),
    };
  }

  /** The file's name without building it (for messages about a file that could not be sent). */
  async nameOf(fileId: FileId, caseNumber: string): Promise<string> {
    if (fileId === 'collector-kit') return collectorKitName(caseNumber);
    if (fileId === 'update-reset') return 'UpdateReset.cmd';
    return (await this.sharedRecord(fileId, caseNumber)).name;
  }

  /**
   * The attachment-free way to the same file: a link to download it (under a fresh upload link of the
   * case) and what to copy — for the kit the one-line collector command, for a script the script itself.
   */
  async fallback(fileId: FileId, caseNumber: string, locale: Locale): Promise<string> {
    const link = await this.deps.links.issue(caseNumber);
    const key = textKeys(fileId).fallback;
    const sharedId = sharedIdOf(fileId);
    if (sharedId) {
      const record = await this.sharedRecord(fileId, caseNumber);
      return this.deps.text(locale, key, {
        caseNumber,
        name: record.name,
        engineer: record.by,
        url: `${link.pageUrl}/shared/${sharedId}`,
      });
    }
    if (fileId === 'collector-kit') {
      return this.deps.text(locale, key, {
        caseNumber,
        collectorUrl: `${link.pageUrl}/collector.zip`,
        apiUrl: link.apiUrl,
      });
    }
    const script = await this.inlineScript('UpdateReset.cmd');
    return this.deps.text(locale, key, {
      caseNumber,
      txtUrl: `${link.pageUrl}/files/UpdateReset.txt`,
      script,
    });
  }

  private async build(
    fileId: FileId,
    caseNumber: string,
  ): Promise<{ name: string; bytes: Buffer; by?: string }> {
    const sharedId = sharedIdOf(fileId);
    if (sharedId) {
      const found = await this.deps.shared.read(caseNumber, sharedId);
      if (found?.record.direction !== 'to-user')
        throw new UnknownFileError(`no shared file ${sharedId} on case ${caseNumber}`);
      return { name: found.record.name, bytes: found.bytes, by: found.record.by };
    }
    if (fileId === 'collector-kit') {
      const link = await this.deps.links.issue(caseNumber);
      return {
        name: collectorKitName(caseNumber),
        bytes: await toBuffer(collectorKit(caseNumber, link.apiUrl)),
      };
    }
    return {
      name: 'UpdateReset.cmd',
      bytes: await fs.readFile(path.join(this.scriptsDir, 'UpdateReset.cmd')),
    };
  }

  private async sharedRecord(fileId: FileId, caseNumber: string): Promise<CaseFileRecord> {
    const id = sharedIdOf(fileId);
    const found = id ? await this.deps.shared.open(caseNumber, id) : undefined;
    if (found?.record.direction !== 'to-user')
      throw new UnknownFileError(`no shared file ${fileId} on case ${caseNumber}`);
    return found.record;
  }

  /** A script as chat text (LF line ends), refused when too long for a message. */
  private async inlineScript(script: string): Promise<string> {
    const bytes = await fs.readFile(path.join(this.scriptsDir, script));
    if (bytes.length > MAX_INLINE_SCRIPT_BYTES)
      throw new Error(`${script} is ${bytes.length} bytes, too long to quote in a chat message`);
    return bytes.toString('utf8').replace(/\r\n/g, '\n').trimEnd();
  }
}

export function collectorKitName(caseNumber: string): string {
  return `collect-logs-${caseNumber}.zip`;
}

/** Collects a (small) stream into one buffer. */
export async function toBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}
