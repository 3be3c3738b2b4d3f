/** The storage contract on the embedded SQLite store: a new database file per test, one connection per "instance". */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../src/storage/sqlite';
import { storeContract } from './contract';

let dir: string | undefined;

storeContract({
  name: 'SQLite',
  async database() {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-contract-'));
    const file = path.join(dir, 'bot.db');
    return async () => openSqliteStore(file);
  },
  async cleanUp() {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  },
});
