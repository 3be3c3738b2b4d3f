/**
 * `npm run chat`'s files: the conversation it continues (data/chat-conversation.json), the files the bot
 * sent (data/chat-downloads), paths as terminals paste them, and the stable ids of a user name.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const STATE_FILE = path.join('data', 'chat-conversation.json');
const DOWNLOAD_DIR = path.join('data', 'chat-downloads');

export interface SavedState {
  conversationId?: string;
  /** Reused so the bot's stored conversation references (proactive reminders) reach a restarted chat. */
  connectorPort?: number;
}

/** The same name gives the same Teams-like ids on every run, so the bot keeps the user's state. */
export function stableUser(name: string): { id: string; name: string; aadObjectId: string } {
  const hash = createHash('sha256').update(name).digest('hex');
  const aad = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-4${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
  return { id: `29:local-${hash.slice(0, 16)}`, name, aadObjectId: aad };
}

export function readState(): SavedState {
  try {
    const parsed = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as SavedState;
    return {
      conversationId: typeof parsed.conversationId === 'string' ? parsed.conversationId : undefined,
      connectorPort: typeof parsed.connectorPort === 'number' ? parsed.connectorPort : undefined,
    };
  } catch {
    return {};
  }
}

export function saveState(state: SavedState): void {
  mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2) + '\n');
}

/** Saves a file the bot sent under data/chat-downloads, keeping only its base name. */
export function saveDownload(name: string, bytes: Buffer): string {
  mkdirSync(DOWNLOAD_DIR, { recursive: true });
  const safe =
    path
      .basename(name)
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .replace(/^\.+/, '') || 'file';
  const target = path.join(DOWNLOAD_DIR, `${Date.now()}-${safe}`);
  writeFileSync(target, bytes);
  return target;
}

/** Accepts a path as terminals paste it: quoted, with escaped spaces, or starting with ~. */
export function unquotePath(argument: string): string {
  let file = argument.trim();
  if (/^(['"]).*\1$/.test(file)) file = file.slice(1, -1);
  else file = file.replace(/\\ /g, ' ');
  if (file === '~' || file.startsWith('~/')) file = path.join(os.homedir(), file.slice(1));
  return file;
}
