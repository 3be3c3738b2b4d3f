/**
 * `npm run case -- <command>`: case maintenance for engineers outside Teams, on the bot's own database.
 *   purge-artifacts <case-number> [--by <name>]   delete the case's uploaded bundles now (findings stay)
 */
import path from 'node:path';
import { loadConfig } from '../config';
import { openSqliteStore } from '../storage/sqlite';
import { FileArtifactStore } from '../uploads/artifacts';
import { purgeCaseArtifacts } from '../uploads/retention';
import { CASE_NUMBER_PATTERN } from '../cases/caseNumber';

const USAGE = 'usage: npm run case -- purge-artifacts <case-number> [--by <name>]\n';

async function main(argv: string[]): Promise<number> {
  const [command, caseNumber, ...rest] = argv;
  if (command !== 'purge-artifacts' || !caseNumber) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) {
    process.stderr.write(`not a case number: ${caseNumber} (expected CAS-12345-ABCDEF)\n`);
    return 2;
  }
  const byIndex = rest.indexOf('--by');
  const by = byIndex >= 0 && rest[byIndex + 1] ? `engineer:${rest[byIndex + 1]}` : 'engineer';
  const config = loadConfig();
  const store = openSqliteStore(config.databaseFile);
  try {
    if (!(await store.cases.get(caseNumber))) {
      process.stderr.write(`no case ${caseNumber} in ${config.databaseFile}\n`);
      return 1;
    }
    const artifacts = new FileArtifactStore(path.join(config.dataDir, 'artifacts'));
    const removed = await purgeCaseArtifacts(store, artifacts, caseNumber, by, Date.now());
    process.stdout.write(
      `${caseNumber}: deleted ${removed} uploaded bundle(s); upload links revoked; findings kept\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`case: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
