/** Entry names inside archives: decoding (UTF-8 flag, Info-ZIP Unicode Path, else CP936 as Chinese Windows
 * writes them), refusal of names that leave the archive, and the kinds we treat specially (.zip, .cab, programs). */
import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';

const UTF8_FLAG = 0x800;
const UNICODE_PATH_EXTRA = 0x7075;

/**
 * Decodes a zip entry name. Bit 11 set: UTF-8. An Info-ZIP Unicode Path extra field whose CRC matches the
 * raw name: its UTF-8 name. Otherwise the bytes are in the writer's OEM code page; Windows Explorer on
 * zh-CN writes CP936 (GBK), and CP936 decodes ASCII unchanged, so that is the fallback.
 */
export function decodeZipName(
  flags: number,
  raw: Buffer,
  extraFields: Array<{ id: number; data: Buffer }>,
): string {
  if (flags & UTF8_FLAG) return raw.toString('utf8');
  for (const f of extraFields) {
    // version (1) = 1, CRC-32 of the raw name (4), UTF-8 name; ignored when the CRC does not match.
    if (
      f.id === UNICODE_PATH_EXTRA &&
      f.data.length >= 6 &&
      f.data[0] === 1 &&
      f.data.readUInt32LE(1) === crc32(raw)
    ) {
      return f.data.subarray(5).toString('utf8');
    }
  }
  return iconv.decode(raw, 'cp936');
}

/**
 * Normalises an entry name to a relative '/'-separated path, or returns null when it is unsafe:
 * absolute (`/x`, `\x`), drive-qualified (`C:x`, `C:\x`), UNC (`\\server\share`), any `..` segment,
 * or control characters. Empty and `.` segments are dropped.
 */
export function safeEntryPath(name: string): string | null {
  if (/[\x00-\x1f]/.test(name)) return null;
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return null;
  if (/^[A-Za-z]:/.test(slashed)) return null;
  const parts: string[] = [];
  for (const seg of slashed.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return null;
    // a segment like "C:" inside a path is also a drive switch on Windows; "..." and trailing dots resolve to ".."
    if (/:/.test(seg) || /^\.+$/.test(seg)) return null;
    parts.push(seg);
  }
  return parts.join('/');
}

/** Programs and scripts: never offered for parsing (see index.ts for the policy). */
const EXECUTABLE = new Set([
  'exe',
  'dll',
  'sys',
  'com',
  'scr',
  'cpl',
  'ocx',
  'drv',
  'efi',
  'msi',
  'msp',
  'msu',
  'appx',
  'msix',
  'ps1',
  'psm1',
  'psd1',
  'bat',
  'cmd',
  'vbs',
  'vbe',
  'js',
  'jse',
  'wsf',
  'wsh',
  'hta',
  'jar',
  'lnk',
]);

export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function isExecutableName(name: string): boolean {
  return EXECUTABLE.has(extensionOf(name));
}

export type ArchiveKind = 'zip' | 'cab';

export function archiveKindOfName(name: string): ArchiveKind | null {
  const ext = extensionOf(name);
  return ext === 'zip' ? 'zip' : ext === 'cab' ? 'cab' : null;
}

/** Looks at the first bytes of a file. */
export function sniffMagic(head: Buffer): ArchiveKind | 'executable' | 'other-archive' | null {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
    const sig = head.readUInt32LE(0);
    if (sig === 0x04034b50 || sig === 0x06054b50 || sig === 0x08074b50 || sig === 0x06064b50) return 'zip';
  }
  if (head.subarray(0, 4).toString('latin1') === 'MSCF') return 'cab';
  if (head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a) return 'executable'; // 'MZ'
  const latin = head.subarray(0, 8).toString('latin1');
  if (
    latin.startsWith('Rar!') ||
    latin.startsWith('7z\xbc\xaf\x27\x1c') ||
    (head[0] === 0x1f && head[1] === 0x8b) || // gzip
    latin.startsWith('BZh') ||
    latin.startsWith('\xfd7zXZ')
  ) {
    return 'other-archive';
  }
  return null;
}
