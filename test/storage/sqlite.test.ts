/**
 * What is the SQLite store's own: its file (folder, WAL, permissions), its migrations. What every store
 * does (turns, eTags, timers, cases, outbox, races between instances) is the contract suite's
 * (sqlite.contract.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, SchemaTooNewError } from '../../src/storage/sqlite';
import { MIGRATIONS, migrate } from '../../src/storage/sqlite/migrations';
import type { Store } from '../../src/storage/ports';
import { commitOk, T0, turn } from './contract/engine';

let dir: string;
let file: string;
const opened: Store[] = [];

function open(at = file): Store {
  const store = openSqliteStore(at);
  opened.push(store);
  return store;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-sqlite-'));
  file = path.join(dir, 'nested', 'bot.db');
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('opening', () => {
  it('creates the parent folder, uses WAL and answers ping', async () => {
    const store = open();

    await expect(store.ping()).resolves.toBeUndefined();
    expect(fs.existsSync(file)).toBe(true);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('works in memory', async () => {
    const store = open(':memory:');

    await commitOk(store, turn());

    expect((await store.conversations.load('conv-1'))?.machineVersion).toBe(1);
  });

  it('applies each migration once, however often the file is reopened', async () => {
    const first = open();
    await commitOk(first, turn());
    await first.close();

    open();
    await open().close();

    const raw = new Database(file, { readonly: true });
    const rows = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    raw.close();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    expect((await open().conversations.load('conv-1'))?.snapshot).toEqual(turn().record.snapshot);
  });

  it('refuses a database written by a newer build, naming both versions', async () => {
    await open().close();
    const raw = new Database(file);
    raw
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(99, 'future', T0);
    raw.close();

    let error: unknown;
    try {
      open();
    } catch (err) {
      error = err;
    }

    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toMatch(
      new RegExp(`version 99.*only up to version ${MIGRATIONS[MIGRATIONS.length - 1].version}`),
    );
  });

  it('leaves the schema at the previous version when a migration fails', () => {
    const raw = new Database(path.join(dir, 'partial.db'));
    const broken = [
      { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'half', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];

    expect(() => migrate(raw, broken, 'partial.db')).toThrow(/nowhere/);

    const versions = raw.prepare('SELECT version FROM schema_migrations').all();
    const tableB = raw.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get();
    raw.close();
    expect(versions).toEqual([{ version: 1 }]);
    expect(tableB).toBeUndefined();
  });
});
