/** File permissions of the database: the file and its WAL and shared-memory companions, owner only. */
import fs from 'node:fs';

const OWNER_ONLY = 0o600;

/** Sets 0600 on the database file and on `-wal` / `-shm` where they exist (they are created with the umask). */
export function restrictFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, OWNER_ONLY);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}
