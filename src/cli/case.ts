/**
 * `npm run case -- <command>`: cases for engineers outside Teams, on the bot's own database (DATA_DIR /
 * DATABASE_FILE, as the bot reads them).
 *   list [--status <s>] [--json] [--no-mask]              the cases, most recently changed first
 *   show <case-number> [--json|--md] [--lang en|zh-CN] [--no-mask]
 *                                                          the case summary, its timeline and its files
 *                                                          (Markdown), or all of it as JSON (timeline entries
 *                                                          as events with their text in --lang)
 *   purge-artifacts <case-number> [--by <name>] [--lang en|zh-CN]
 *                                                          delete the case's uploaded bundles now (findings stay)
 *
 * What `list` and `show` print is masked (phone numbers, e-mail, IPs, user names, tokens) unless --no-mask.
 * Exit codes: 0 done, 1 unknown case or no database, 2 usage.
 */
import { existsSync } from 'node:fs';
import type { Locale } from '../domain/locale';
import { LOCALES } from '../domain/locale';
import { loadConfig } from '../config';
import type { CaseRow, Store, TimelineEntry } from '../storage/ports';
import { openArtifacts, openStore as openConfiguredStore } from '../stores';
import { purgeCaseArtifacts } from '../uploads/retention';
import { CASE_NUMBER_PATTERN } from '../domain/caseNumber';
import { MASKING_OFF, MASKING_ON, maskSummary, maskText, maskValue } from '../cases/mask';
import type { Masking } from '../cases/mask';
import { buildCaseSummary, summaryText } from '../cases/summary';
import { entryText, timelineText } from '../cases/timeline';
import { formatCaseTime } from '../i18n';
import { t } from '../i18n';

const USAGE = [
  'usage: npm run case -- list [--status <status>] [--json] [--no-mask]',
  '       npm run case -- show <case-number> [--json|--md] [--lang en|zh-CN] [--no-mask]',
  '       npm run case -- purge-artifacts <case-number> [--by <name>] [--lang en|zh-CN]',
  '',
].join('\n');

/** The statuses a case record can have (src/domain/caseRecord CaseRecordPatch). */
const CASE_STATUSES = [
  'open',
  'awaiting-customer',
  'awaiting-engineer',
  'with-engineer',
  'archived',
  'closed',
] as const;

/** How long the problem column of `list` may get. */
const PROBLEM_CHARS = 80;

class UsageError extends Error {}

interface Options {
  positional: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

const VALUE_OPTIONS = new Set(['--status', '--lang', '--by']);
const FLAG_OPTIONS = new Set(['--json', '--md', '--no-mask']);

function parseOptions(args: string[]): Options {
  const options: Options = { positional: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (VALUE_OPTIONS.has(arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      options.values.set(arg, value);
    } else if (FLAG_OPTIONS.has(arg)) {
      options.flags.add(arg);
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      options.positional.push(arg);
    }
  }
  return options;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const options = parseOptions(rest);
    switch (command) {
      case 'list':
        return await list(options);
      case 'show':
        return await show(options);
      case 'purge-artifacts':
        return await purge(options);
      default:
        throw new UsageError(command ? `unknown command ${command}` : 'no command');
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`case: ${err.message}\n${USAGE}`);
    return 2;
  }
}

/**
 * Opens the bot's database as the bot is configured (STORE=sqlite: the file; STORE=postgres: the server);
 * `undefined` (and a message) when there is no SQLite file yet for a read-only command. `databaseFile`
 * names the database in messages.
 */
async function openStore(readOnly: boolean): Promise<{ store: Store; databaseFile: string } | undefined> {
  const config = loadConfig();
  if (config.store.kind === 'postgres')
    return { store: await openConfiguredStore(config), databaseFile: 'the PostgreSQL database' };
  if (readOnly && config.databaseFile !== ':memory:' && !existsSync(config.databaseFile)) {
    process.stderr.write(`no database at ${config.databaseFile} (set DATA_DIR or DATABASE_FILE)\n`);
    return undefined;
  }
  return { store: await openConfiguredStore(config), databaseFile: config.databaseFile };
}

function caseNumberArg(options: Options): string {
  const [caseNumber, extra] = options.positional;
  if (!caseNumber) throw new UsageError('a case number is needed');
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  if (!CASE_NUMBER_PATTERN.test(caseNumber))
    throw new UsageError(`not a case number: ${caseNumber} (expected CAS-12345-ABCDEF)`);
  return caseNumber;
}

/** The language asked for with --lang (English by default). */
function localeOf(options: Options): Locale {
  const lang = options.values.get('--lang') ?? 'en';
  if (!(LOCALES as readonly string[]).includes(lang))
    throw new UsageError(`unknown language ${lang} (one of ${LOCALES.join(', ')})`);
  return lang as Locale;
}

function maskingOf(options: Options): Masking {
  return options.flags.has('--no-mask') ? MASKING_OFF : MASKING_ON;
}

// ---------------------------------------------------------------------------------------------------------

async function list(options: Options): Promise<number> {
  if (options.positional.length > 0) throw new UsageError(`unexpected argument ${options.positional[0]}`);
  const status = options.values.get('--status');
  if (status !== undefined && !(CASE_STATUSES as readonly string[]).includes(status))
    throw new UsageError(`unknown status ${status} (one of ${CASE_STATUSES.join(', ')})`);
  const opened = await openStore(true);
  if (!opened) return 1;
  const { store } = opened;
  try {
    const rows = await store.cases.listByStatus(
      status ? [status] : [...CASE_STATUSES],
      Number.MAX_SAFE_INTEGER,
    );
    rows.sort((a, b) => b.updatedAt - a.updatedAt || a.caseNumber.localeCompare(b.caseNumber));
    const masking = maskingOf(options);
    const items = rows.map((row) => listItem(row, masking));
    if (options.flags.has('--json')) {
      process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
    } else if (items.length === 0) {
      process.stdout.write(status ? `no cases with status ${status}\n` : 'no cases\n');
    } else {
      process.stdout.write(
        table(
          ['CASE', 'STATUS', 'PRIORITY', 'OWNER', 'LANG', 'CREATED (UTC)', 'UPDATED (UTC)', 'PROBLEM'],
          items.map((c) => [
            c.caseNumber,
            c.status,
            c.priority,
            c.owner || '-',
            c.locale,
            formatCaseTime(Date.parse(c.createdAt), 'en'),
            formatCaseTime(Date.parse(c.updatedAt), 'en'),
            c.problem || '-',
          ]),
        ),
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

interface ListItem {
  caseNumber: string;
  status: string;
  priority: string;
  owner: string;
  locale: string;
  createdAt: string;
  updatedAt: string;
  problem: string;
}

function listItem(row: CaseRow, masking: Masking): ListItem {
  return {
    caseNumber: row.caseNumber,
    status: row.status,
    priority: row.priority ?? 'P3',
    owner: row.owner ?? '',
    locale: row.locale,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    problem: maskText(problemLine(row), masking),
  };
}

/** "KB5011503 · 0x80073712 · 2 machines · KB5011503 在两台终端上安装失败…" from the summary's problem. */
function problemLine(row: CaseRow): string {
  const problem = buildCaseSummary(row, []).problem;
  if (!problem) return '';
  const parts = [problem.kbNumbers.join(', '), problem.errorCodes.join(', ')];
  if (problem.machineCount !== undefined)
    parts.push(`${problem.machineCount} machine${problem.machineCount === 1 ? '' : 's'}`);
  parts.push(problem.description.replace(/\s+/g, ' ').trim());
  const line = parts.filter(Boolean).join(' · ');
  return line.length > PROBLEM_CHARS ? `${line.slice(0, PROBLEM_CHARS - 1)}…` : line;
}

/** Columns padded to the widest cell (CJK characters count twice); the last column is not padded. */
function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => displayWidth(row[i] ?? ''))));
  return (
    all
      .map((row) =>
        row
          .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - displayWidth(cell))))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
        ? 2
        : 1;
  return width;
}

// ---------------------------------------------------------------------------------------------------------

async function show(options: Options): Promise<number> {
  const caseNumber = caseNumberArg(options);
  if (options.flags.has('--json') && options.flags.has('--md'))
    throw new UsageError('choose one of --json and --md');
  const locale = localeOf(options);
  const masking = maskingOf(options);
  const opened = await openStore(true);
  if (!opened) return 1;
  const { store, databaseFile } = opened;
  try {
    const row = await store.cases.get(caseNumber);
    if (!row) {
      process.stderr.write(`no case ${caseNumber} in ${databaseFile}\n`);
      return 1;
    }
    const timeline = await store.cases.timeline(caseNumber);
    const summary = maskSummary(buildCaseSummary(row, timeline), masking);
    const files = await caseFiles(store, caseNumber, masking);
    if (options.flags.has('--json')) {
      process.stdout.write(
        `${JSON.stringify({ ...showJson(row, timeline, summary, masking, locale), files }, null, 2)}\n`,
      );
    } else {
      const now = Date.now();
      process.stdout.write(
        `${summaryText(summary, locale)}\n${timelineText(caseNumber, timeline, locale, { mask: masking.enabled, now })}\n${filesText(caseNumber, files, locale)}`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * The case record (its user-written parts masked), its timeline (masked; each entry's event as data where it
 * has one, and its text in `locale`) and the summary object.
 */
function showJson(
  row: CaseRow,
  timeline: TimelineEntry[],
  summary: ReturnType<typeof buildCaseSummary>,
  masking: Masking,
  locale: Locale,
): Record<string, unknown> {
  return {
    case: {
      ...row,
      problem: maskValue(row.problem, masking),
      details: maskValue(row.details, masking),
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
    },
    timeline: timeline.map((entry) => ({
      at: new Date(entry.at).toISOString(),
      actor: entry.actor,
      ...(entry.event ? { event: maskValue(entry.event, masking) } : {}),
      what: maskText(entryText(entry, locale), masking),
    })),
    summary,
    lang: locale,
    masked: masking.enabled,
  };
}

interface FileLine {
  kind: 'upload' | 'from-user' | 'to-user';
  name: string;
  size: number;
  at: string;
  by?: string;
  /** Where the bytes are on this server (DATA_DIR/artifacts/<case>/<sha256>), to copy them out. */
  path: string;
}

/** Everything the case holds, oldest first: the user's log uploads and the files passed with engineers. */
async function caseFiles(store: Store, caseNumber: string, masking: Masking): Promise<FileLine[]> {
  const artifacts = await openArtifacts(loadConfig());
  const [uploads, files] = await Promise.all([
    store.uploads.listByCase(caseNumber),
    store.caseFiles.listByCase(caseNumber),
  ]);
  const lines = await Promise.all([
    ...uploads.map(async (u) => ({
      at: u.receivedAt,
      line: {
        kind: 'upload' as const,
        name: u.name,
        size: u.size,
        path: await artifacts.localPath(u.artifactKey),
      },
    })),
    ...files.map(async (f) => ({
      at: f.at,
      line: {
        kind: f.direction,
        name: f.name,
        size: f.size,
        ...(f.direction === 'to-user' ? { by: f.by } : {}),
        path: await artifacts.localPath(f.artifactKey),
      },
    })),
  ]);
  return lines
    .sort((a, b) => a.at - b.at)
    .map(({ at, line }) => ({ ...line, name: maskText(line.name, masking), at: new Date(at).toISOString() }));
}

function filesText(caseNumber: string, files: FileLine[], locale: Locale): string {
  const out = [`## ${t(locale, 'caseFiles.title', { caseNumber })}`, ''];
  if (files.length === 0) out.push(t(locale, 'caseFiles.empty'));
  for (const f of files) {
    const what = t(locale, `caseFiles.${f.kind}`, { by: f.by ?? '' });
    const when = formatCaseTime(Date.parse(f.at), locale);
    out.push(
      `- ${when} · ${what} · ${f.name} (${f.size} B) · ${t(locale, 'caseFiles.stored')} \`${f.path}\``,
    );
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------

async function purge(options: Options): Promise<number> {
  const caseNumber = caseNumberArg(options);
  const name = options.values.get('--by');
  const by = name ? `engineer:${name}` : 'engineer';
  const locale = localeOf(options);
  const config = loadConfig();
  const opened = await openStore(false);
  if (!opened) return 1;
  const { store, databaseFile } = opened;
  try {
    if (!(await store.cases.get(caseNumber))) {
      process.stderr.write(`no case ${caseNumber} in ${databaseFile}\n`);
      return 1;
    }
    const artifacts = await openArtifacts(config);
    const removed = await purgeCaseArtifacts(store, artifacts, caseNumber, by, Date.now());
    process.stdout.write(`${t(locale, 'cli.purged', { caseNumber, removed })}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

// Exit once what was written has been flushed (stdout may be a pipe to another program).
main(process.argv.slice(2)).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (err: unknown) => {
    process.stderr.write(`case: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
