/**
 * Transcript tests: a conversation with the bot written as data (YAML) and played against the real app
 * (HTTP server, conversation runner, SQLite file, schedulers, upload routes; test/e2e/harness.ts) through
 * the local Teams connector. Nothing of the bot is mocked; only the bot's clock can be moved forward.
 *
 * # The format
 *
 * ```yaml
 * title: What the conversation shows        # required
 * locale: zh-CN                              # the Teams client's locale (default en-US)
 * env:                                       # configuration overrides, as environment variables
 *   FOLLOW_UPS: 2d,4d,7d,8d
 * timeout: 30s                               # how long a `bot` step waits by default (default 30s)
 * steps:
 *   - user: KB5011503 在两台终端上安装失败     # the user writes in the chat
 *   - bot:                                   # what the bot answers (see below)
 *       - text: 已为您建立案例 {case}
 *       - card: problem-definition
 *         contains: [KB5011503, 0x80073712]
 * ```
 *
 * Every scalar is text (the YAML failsafe schema): `0x80073712`, `5` or `no` stay as written.
 *
 * ## User steps (and the world around the chat)
 * - `user: <text>`: a chat message.
 * - `press: <verb>` (+ `inputs: {id: value}`): presses the action with this verb on the newest card
 *   that (in its current version) offers it, sending the card's input values with `inputs` applied,
 *   as Teams does (an `adaptiveCard/action` invoke).
 * - `upload: {machine, logs, day, source, name, status}`: a collector zip PUT over real HTTP to the
 *   upload link of the newest log-collection card (`/api/uploads/<token>`, what the upload page and the
 *   collector do). `logs`: `component-store-corrupt` (default; the reference case's CBS.log lines) or
 *   `clean` (the update installed); `day`: the logs' date (default 2022-05-19; another day gives other
 *   bytes); `source`: `wsus` (default) or `internet`; `name`: the file name (default
 *   `<machine>-<yyyyMMdd>-115300.zip`); `status`: the expected HTTP status (default 200).
 * - `attach: {machine, logs, day, source, name}`: the same zip attached to a chat message (1:1 chat);
 *   the local connector serves it and the bot downloads it.
 * - `wait: <duration>` (`500ms`, `30s`, `2h`, `2d`): time passes. The bot's clock (`startApp`'s `now`)
 *   moves forward at once; its schedulers keep polling in real time, so reminders that fell due go out
 *   on their next poll. The bot steps that follow wait for them.
 * - `jobs: hold` / `jobs: release`: stops / restarts the app's jobs loop (downloads and diagnoses),
 *   so that a transcript can act while an upload is still waiting to be analysed.
 *
 * ## What the bot answers
 * An expectation is one of
 * - `text: <phrase>` or `text: [<phrase>, ...]`: a chat message (no card) containing every phrase;
 *   a bare string (`- bot: 谢谢`) means the same;
 * - `card: <card id>`: a new card made from `cards/<card id>.template.json` (recognised by its
 *   fallback text, see `cardIdOf`);
 * - `updated: <card id>`: an earlier card of this id updated in place;
 * - `file: <phrase>`: a file offered on a file consent card (1:1 chats), its name containing the phrase;
 *
 * with, optionally, `contains: <phrase> | [...]` and `not_contains: ...` (the card's text as a user
 * reads it, or the message text) and `actions: [<verb>, ...]` (exactly the verbs the card offers).
 * A phrase is literal text; `/.../flags` is a regular expression; `{case}` stands for the case number
 * of this conversation (read from the case store). Inside `[...]` quote a phrase holding `{case}`
 * (YAML reads a bare `{` there as a mapping).
 *
 * - `bot: <expectation or list>`: the bot's next messages, in this order.
 * - `bot_any_order: [<expectations>]`: the bot's next messages, in any order (messages from the chat
 *   turn and from a background job, such as an upload's acknowledgement and its diagnosis, interleave).
 * - `quiet: <duration>`: the bot sends no message for this long.
 * - `store: {status, outcome, timeline, stages, survey}`: the case record of this conversation, as
 *   the engineers' side reads it from the store: `status` and `outcome` equal (`(none)`: no outcome); `timeline`: phrases found
 *   in the timeline entries in this order; `stages`: the remediation stages, exactly, as a list of
 *   `- <playbook id>: <outcome>` (`pending` before an outcome); `survey: {score, comment}`.
 *   `known_bug: <what is wrong>` next to it marks an expectation the bot does not meet yet (a bug that
 *   was reported, not fixed): the step must fail, and the runner fails once it passes.
 * Both `bot` steps take `timeout: <duration>` next to them.
 *
 * ## The matching rule
 * Every message the bot posts must be expected by exactly one expectation, in the order of the steps.
 * A `bot` step takes the messages after the last one matched so far: each must match its next
 * expectation (`bot`) or one of the group's expectations (`bot_any_order`), and the step waits, up to
 * its timeout, until all its expectations are matched. A message that matches no expectation of the
 * step fails it at once ("unexpected"). In-place updates of earlier cards (a frozen card, a progress
 * bar, the log-collection card's "received" line) are passed over unless a step expects them with
 * `updated:`; typing indicators are ignored. Before each user step, and for 1 s after the last step,
 * the runner fails on any message no step has taken. A failure shows the step (file and line), each
 * expectation (matched or not) and everything the bot sent since the previous step, marked; a card of
 * the expected kind that misses a phrase is shown in full. `TRANSCRIPT_TRACE=1 npx jest test/transcripts`
 * prints every step and everything the bot sends (cards in full) as it happens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, isMap, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { App } from '../../src/app';
import { parseDuration } from '../../src/config';
import { FILE_CONSENT_CARD, type LocalConnector, type RecordedActivity } from '../../tools/connector';
import { CATALOGS } from '../../src/i18n';
import type { CaseRow, TimelineEntry } from '../../src/storage/ports';
import {
  cardOf,
  connectTo,
  press,
  readCard,
  startBot,
  tempDataDir,
  testConfig,
  verbsOf,
} from '../e2e/harness';
import { LOG_KINDS, bundleName, collectorBundle, type BundleOptions, type LogKind } from './fixtures';

// ---------------------------------------------------------------------------------------------------
// The transcript as data

export interface Expectation {
  kind: 'text' | 'card' | 'updated' | 'file';
  /** Card id (card / updated) or file name phrase (file). */
  subject?: string;
  contains: string[];
  notContains: string[];
  actions?: string[];
  /** As written, for messages. */
  label: string;
}

interface Bundle extends BundleOptions {
  name: string;
  status: number;
}

export interface StoreExpectation {
  status?: string;
  outcome?: string;
  timeline?: string[];
  stages?: Array<[string, string]>;
  survey?: { score?: string; comment?: string };
}

export type Step = { line: number; label: string } & (
  | { kind: 'user'; text: string }
  | { kind: 'press'; verb: string; inputs: Record<string, string> }
  | { kind: 'upload' | 'attach'; bundle: Bundle }
  | { kind: 'wait' | 'quiet'; ms: number }
  | { kind: 'jobs'; action: 'hold' | 'release' }
  | { kind: 'bot'; ordered: boolean; expectations: Expectation[]; timeoutMs?: number }
  | { kind: 'store'; expect: StoreExpectation; knownBug?: string }
);

export interface Transcript {
  file: string;
  title: string;
  locale: string;
  env: Record<string, string>;
  timeoutMs: number;
  steps: Step[];
}

export class TranscriptError extends Error {
  override readonly name = 'TranscriptError';
}

const DEFAULT_TIMEOUT_MS = 30_000;
const FINAL_QUIET_MS = 1000;
const STORE_TIMEOUT_MS = 2000;

/** Reads and checks a transcript file; any unknown key or malformed value is an error with its line. */
export function loadTranscript(file: string): Transcript {
  return parseTranscript(fs.readFileSync(file, 'utf8'), path.basename(file));
}

export function parseTranscript(source: string, file: string): Transcript {
  const lineCounter = new LineCounter();
  // Failsafe schema: every scalar is a string, so 0x80073712, 5 and "no" stay what the author wrote.
  const doc = parseDocument(source, { schema: 'failsafe', lineCounter, prettyErrors: true });
  if (doc.errors.length > 0)
    throw new TranscriptError(`${file}: ${doc.errors.map((e) => e.message).join('\n')}`);
  const lineOf = (node: unknown): number => {
    const range = (node as YamlNode | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 0;
  };
  const root = doc.toJS() as unknown;
  const fail = (line: number, message: string): never => {
    throw new TranscriptError(`${file}:${line}: ${message}`);
  };
  if (!isRecord(root) || !isMap(doc.contents))
    return fail(1, 'a transcript is a mapping with title, steps and optional settings');
  onlyKeys(root, ['title', 'locale', 'env', 'timeout', 'steps'], (m) => fail(1, m));
  /** Fails at the line of a header setting. */
  const at = (key: string): Fail => {
    const line = lineOf(doc.get(key, true)) || 1;
    return (m) => fail(line, m);
  };
  const title = requireString(root.title, 'title', at('title'));
  const env = root.env === undefined ? {} : stringMap(root.env, 'env', at('env'));
  const timeoutMs =
    root.timeout === undefined ? DEFAULT_TIMEOUT_MS : duration(root.timeout, 'timeout', at('timeout'));
  const locale = root.locale === undefined ? 'en-US' : requireString(root.locale, 'locale', at('locale'));
  const stepsNode = doc.get('steps', true);
  if (!isSeq(stepsNode) || !Array.isArray(root.steps)) return at('steps')('`steps` must be a list');
  const steps = (root.steps as unknown[]).map((raw, i) => {
    const line = lineOf(stepsNode.items[i]);
    return parseStep(raw, line, (m) => fail(line, m));
  });
  return { file, title, locale, env, timeoutMs, steps };
}

type Fail = (message: string) => never;

const STEP_KEYS = [
  'user',
  'press',
  'upload',
  'attach',
  'wait',
  'quiet',
  'jobs',
  'bot',
  'bot_any_order',
  'store',
];

function parseStep(raw: unknown, line: number, fail: Fail): Step {
  if (!isRecord(raw)) return fail(`a step is a mapping with one of: ${STEP_KEYS.join(', ')}`);
  const kinds = Object.keys(raw).filter((k) => STEP_KEYS.includes(k));
  if (kinds.length !== 1) return fail(`a step has exactly one of: ${STEP_KEYS.join(', ')}`);
  const kind = kinds[0];
  const value = raw[kind];
  const label = `${kind}: ${oneLine(JSON.stringify(value), 100)}`;
  const extra = (allowed: string[]) => onlyKeys(raw, [kind, ...allowed], fail);
  switch (kind) {
    case 'user':
      extra([]);
      return { line, label, kind, text: requireString(value, kind, fail) };
    case 'press':
      extra(['inputs']);
      return {
        line,
        label,
        kind,
        verb: requireString(value, kind, fail),
        inputs: raw.inputs === undefined ? {} : stringMap(raw.inputs, 'inputs', fail),
      };
    case 'upload':
    case 'attach':
      extra([]);
      return { line, label, kind, bundle: parseBundle(value, kind === 'upload', fail) };
    case 'wait':
    case 'quiet':
      extra([]);
      return { line, label, kind, ms: duration(value, kind, fail) };
    case 'jobs':
      extra([]);
      if (value !== 'hold' && value !== 'release') return fail('`jobs` is `hold` or `release`');
      return { line, label, kind, action: value };
    case 'bot':
    case 'bot_any_order': {
      extra(['timeout']);
      const list = Array.isArray(value) ? value : [value];
      if (kind === 'bot_any_order' && !Array.isArray(value)) return fail('`bot_any_order` takes a list');
      if (list.length === 0) return fail(`\`${kind}\` needs at least one expectation`);
      return {
        line,
        label: kind,
        kind: 'bot',
        ordered: kind === 'bot',
        expectations: list.map((e) => parseExpectation(e, fail)),
        ...(raw.timeout === undefined ? {} : { timeoutMs: duration(raw.timeout, 'timeout', fail) }),
      };
    }
    default: {
      extra(['known_bug']);
      const step: Step = { line, label, kind: 'store', expect: parseStoreExpectation(value, fail) };
      if (raw.known_bug !== undefined) step.knownBug = requireString(raw.known_bug, 'known_bug', fail);
      return step;
    }
  }
}

function parseBundle(value: unknown, upload: boolean, fail: Fail): Bundle {
  const fields = typeof value === 'string' ? { machine: value } : value;
  if (!isRecord(fields)) return fail('a bundle is `{machine, logs, day, source, name}` or just the machine');
  onlyKeys(fields, ['machine', 'logs', 'day', 'source', 'name', ...(upload ? ['status'] : [])], fail);
  const machine = requireString(fields.machine, 'machine', fail);
  const logs = (fields.logs ?? 'component-store-corrupt') as LogKind;
  if (!LOG_KINDS.includes(logs)) return fail(`logs is one of ${LOG_KINDS.join(', ')}`);
  const day = fields.day === undefined ? '2022-05-19' : requireString(fields.day, 'day', fail);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return fail('day is YYYY-MM-DD');
  const source = fields.source ?? 'wsus';
  if (source !== 'wsus' && source !== 'internet') return fail('source is wsus or internet');
  const name =
    fields.name === undefined ? bundleName(machine, day) : requireString(fields.name, 'name', fail);
  const status = fields.status === undefined ? 200 : Number(fields.status);
  if (!Number.isInteger(status)) return fail('status is an HTTP status code');
  return { machine, logs, day, source, name, status };
}

function parseExpectation(raw: unknown, fail: Fail): Expectation {
  const fields = typeof raw === 'string' ? { text: raw } : raw;
  if (!isRecord(fields))
    return fail('an expectation is a phrase or a mapping (text / card / updated / file)');
  const kinds = (['text', 'card', 'updated', 'file'] as const).filter((k) => fields[k] !== undefined);
  if (kinds.length !== 1) return fail('an expectation has exactly one of: text, card, updated, file');
  const kind = kinds[0];
  onlyKeys(fields, [kind, 'contains', 'not_contains', ...(kind === 'text' ? [] : ['actions'])], fail);
  const phrases = (v: unknown, what: string) => (v === undefined ? [] : stringList(v, what, fail));
  const contains = phrases(fields.contains, 'contains');
  const subject = kind === 'text' ? undefined : requireString(fields[kind], kind, fail);
  if (kind === 'text') contains.unshift(...phrases(fields.text, 'text'));
  if (kind === 'card' || kind === 'updated') knownCardId(subject!, fail);
  const actions = fields.actions === undefined ? undefined : stringList(fields.actions, 'actions', fail);
  const expectation: Expectation = {
    kind,
    contains,
    notContains: phrases(fields.not_contains, 'not_contains'),
    label: oneLine(describeExpectationFields(kind, subject, contains, fields), 160),
  };
  if (subject !== undefined) expectation.subject = subject;
  if (actions) expectation.actions = actions;
  return expectation;
}

function describeExpectationFields(
  kind: string,
  subject: string | undefined,
  contains: string[],
  fields: Record<string, unknown>,
): string {
  if (kind === 'text') return `text ${contains.map((p) => JSON.stringify(p)).join(' + ')}`;
  let text = `${kind} ${subject}`;
  if (contains.length) text += ` containing ${contains.map((p) => JSON.stringify(p)).join(' + ')}`;
  if (fields.not_contains !== undefined) text += ` not containing ${JSON.stringify(fields.not_contains)}`;
  if (fields.actions !== undefined) text += ` with actions ${JSON.stringify(fields.actions)}`;
  return text;
}

function parseStoreExpectation(raw: unknown, fail: Fail): StoreExpectation {
  if (!isRecord(raw)) return fail('`store` is a mapping of status, outcome, timeline, stages, survey');
  onlyKeys(raw, ['status', 'outcome', 'timeline', 'stages', 'survey'], fail);
  const expect: StoreExpectation = {};
  if (raw.status !== undefined) expect.status = requireString(raw.status, 'status', fail);
  if (raw.outcome !== undefined) expect.outcome = requireString(raw.outcome, 'outcome', fail);
  if (raw.timeline !== undefined) expect.timeline = stringList(raw.timeline, 'timeline', fail);
  if (raw.stages !== undefined) {
    if (!Array.isArray(raw.stages)) return fail('stages is a list of `- <playbook id>: <outcome>`');
    expect.stages = raw.stages.map((entry) => {
      if (!isRecord(entry) || Object.keys(entry).length !== 1)
        return fail('each stage is `- <playbook id>: <outcome>`');
      const [id, outcome] = Object.entries(entry)[0];
      return [id, requireString(outcome, `stage ${id}`, fail)] as [string, string];
    });
  }
  if (raw.survey !== undefined) {
    const survey = stringMap(raw.survey, 'survey', fail);
    onlyKeys(survey, ['score', 'comment'], fail);
    expect.survey = survey;
  }
  return expect;
}

// ---------------------------------------------------------------------------------------------------
// Reading what the bot sent

let fallbackPatterns: Array<{ cardId: string; pattern: RegExp; literal: number }> | undefined;

/**
 * The card id of an Adaptive Card the bot sent, from its fallback text: every template's fallback is the
 * catalog string `card.<id>.fallback` (src/i18n), so the text, with its `{placeholders}` as wildcards,
 * names the template. When several fit, the one with the most literal text wins.
 */
export function cardIdOf(record: RecordedActivity): string | undefined {
  const fallback = (cardOf(record) as { fallbackText?: unknown } | undefined)?.fallbackText;
  if (typeof fallback !== 'string') return undefined;
  fallbackPatterns ??= Object.values(CATALOGS).flatMap((catalog) =>
    Object.entries(catalog)
      .filter(([key]) => /^card\.[^.]+\.fallback$/.test(key))
      .map(([key, template]) => {
        const parts = (template as string).split(/\{\w+\}/);
        return {
          cardId: key.split('.')[1],
          pattern: new RegExp(`^${parts.map(escapeRegExp).join('[\\s\\S]*?')}$`),
          literal: parts.join('').length,
        };
      }),
  );
  const fits = fallbackPatterns.filter((p) => p.pattern.test(fallback)).sort((a, b) => b.literal - a.literal);
  return fits[0]?.cardId;
}

function knownCardId(cardId: string, fail: Fail): void {
  const known = new Set(
    Object.keys(CATALOGS.en).flatMap((k) => /^card\.([^.]+)\.fallback$/.exec(k)?.[1] ?? []),
  );
  if (!known.has(cardId)) fail(`unknown card id "${cardId}"; cards are: ${[...known].sort().join(', ')}`);
}

function fileOffered(record: RecordedActivity): string | undefined {
  return record.activity.attachments?.find((a) => a.contentType === FILE_CONSENT_CARD)?.name;
}

function isTyping(record: RecordedActivity): boolean {
  return record.activity.type === 'typing';
}

/** A message added to the chat (as opposed to an in-place update or deletion of one). */
function isNewMessage(record: RecordedActivity): boolean {
  return record.kind !== 'update' && record.kind !== 'delete' && !isTyping(record);
}

/** What a user reads: the card's text, the offered file's name, or the message's text. */
function visibleText(record: RecordedActivity): string {
  if (cardOf(record)) return readCard(record);
  const file = fileOffered(record);
  if (file !== undefined) return `${file}\n${record.activity.text ?? ''}`;
  return record.activity.text ?? '';
}

// ---------------------------------------------------------------------------------------------------
// Running

interface Session {
  transcript: Transcript;
  app: App;
  connector: LocalConnector;
  clock: { offsetMs: number };
  /** Seq of the last message a step matched; later ones are still to be accounted for. */
  frontier: number;
  consumed: Set<number>;
}

export interface RunOptions {
  /** Called with each step before it runs and with each bot activity (full card texts): a trace to debug by. */
  trace?: (line: string) => void;
}

/** Plays a transcript against a fresh bot (its own data folder) and throws a TranscriptError on a mismatch. */
export async function runTranscript(transcript: Transcript, options: RunOptions = {}): Promise<void> {
  const dataDir = tempDataDir();
  const clock = { offsetMs: 0 };
  const app = await startBot(testConfig(dataDir, transcript.env), { now: () => Date.now() + clock.offsetMs });
  let connector: LocalConnector | undefined;
  try {
    connector = await connectTo(app, { locale: transcript.locale });
    const session: Session = { transcript, app, connector, clock, frontier: 0, consumed: new Set() };
    const trace = options.trace;
    if (trace) {
      connector.on('activity', (r) => {
        if (isTyping(r)) return;
        const full = cardOf(r) ? `\n${readCard(r).replace(/^/gm, '    | ')}` : '';
        trace(`  ${describe(session, r)}${full}`);
      });
    }
    for (const [index, step] of transcript.steps.entries()) {
      trace?.(`${transcript.file}:${step.line} ${step.label}`);
      await runStep(session, step, index);
    }
    await expectQuiet(session, FINAL_QUIET_MS, `after the last step (${transcript.file})`);
  } finally {
    await connector?.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function runStep(s: Session, step: Step, index: number): Promise<void> {
  const where = `${s.transcript.file}:${step.line} (step ${index + 1}, ${step.label})`;
  if (step.kind !== 'bot' && step.kind !== 'quiet' && step.kind !== 'store') unaccountedBefore(s, where);
  switch (step.kind) {
    case 'user':
      return expectOk(where, await s.connector.sendMessage(step.text));
    case 'press': {
      const card = newestCardWithVerb(s, step.verb, where);
      return expectOk(where, await press(s.connector, card, step.verb, step.inputs));
    }
    case 'upload':
      return upload(s, step.bundle, where);
    case 'attach': {
      const bytes = await collectorBundle(step.bundle);
      return expectOk(where, await s.connector.sendFile(step.bundle.name, bytes));
    }
    case 'wait':
      s.clock.offsetMs += step.ms;
      return;
    case 'quiet':
      return expectQuiet(s, step.ms, where);
    case 'jobs':
      if (step.action === 'hold') await s.app.jobs.stop();
      else s.app.jobs.start();
      return;
    case 'bot':
      return expectBot(s, step, where);
    case 'store':
      if (step.knownBug === undefined) return expectStore(s, step.expect, where);
      return expectKnownBug(() => expectStore(s, step.expect, where), step.knownBug, where);
  }
}

/** A step marked `known_bug` must still fail; once the bug is fixed it passes, and the marker must go. */
async function expectKnownBug(check: () => Promise<void>, bug: string, where: string): Promise<void> {
  try {
    await check();
  } catch (err) {
    if (err instanceof TranscriptError) return;
    throw err;
  }
  throw new TranscriptError(
    `${where}: this step passes now, but it is marked as a known bug ("${bug}"): remove the marker`,
  );
}

function expectOk(where: string, result: { status: number; body: unknown }): void {
  if (result.status !== 200) {
    throw new TranscriptError(
      `${where}: the bot answered HTTP ${result.status}: ${JSON.stringify(result.body)}`,
    );
  }
}

/** The newest card in the chat whose current version offers `verb` (what a user would press). */
function newestCardWithVerb(s: Session, verb: string, where: string): RecordedActivity {
  const cards = s.connector
    .activities()
    .filter((r) => isNewMessage(r) && cardOf(r))
    .map((r) => s.connector.latest(r.id) ?? r);
  const found = cards.reverse().find((r) => verbsOf(r).includes(verb));
  if (found) return found;
  const offered = cards.map((r) => `  ${cardIdOf(r) ?? '?'}: ${verbsOf(r).join(', ') || '(no actions)'}`);
  throw new TranscriptError(
    `${where}: no card in the chat offers "${verb}"; the cards offer:\n${offered.reverse().join('\n')}`,
  );
}

async function upload(s: Session, bundle: Bundle, where: string): Promise<void> {
  const card = s.connector
    .activities()
    .filter((r) => isNewMessage(r) && cardIdOf(r) === 'log-collection')
    .map((r) => s.connector.latest(r.id) ?? r)
    .at(-1);
  if (!card) throw new TranscriptError(`${where}: there is no log-collection card with an upload link`);
  const page = /https?:\/\/[^"\s]+\/upload\/CAS-[A-Za-z0-9_-]+/.exec(JSON.stringify(cardOf(card)))?.[0];
  if (!page)
    throw new TranscriptError(`${where}: the log-collection card has no upload link:\n${readCard(card)}`);
  const url = `${page.replace('/upload/', '/api/uploads/')}?name=${encodeURIComponent(bundle.name)}`;
  const res = await fetch(url, { method: 'PUT', body: new Uint8Array(await collectorBundle(bundle)) });
  const body = await res.text();
  if (res.status !== bundle.status) {
    throw new TranscriptError(
      `${where}: the upload answered HTTP ${res.status} (expected ${bundle.status}): ${body}`,
    );
  }
}

/** Fails when messages arrived that no step has taken (before a user step, and at the end). */
function unaccountedBefore(s: Session, where: string): void {
  const extra = pending(s).filter(isNewMessage);
  if (extra.length === 0) return;
  throw new TranscriptError(
    `${where}: before this step the bot sent messages no step expects:\n${extra.map((r) => `  ${describe(s, r)}`).join('\n')}`,
  );
}

/** Activities after the frontier that no step has matched yet. */
function pending(s: Session): RecordedActivity[] {
  return s.connector.activities().filter((r) => r.seq > s.frontier && !s.consumed.has(r.seq) && !isTyping(r));
}

async function expectQuiet(s: Session, ms: number, where: string): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const extra = pending(s).filter(isNewMessage);
    if (extra.length > 0) {
      throw new TranscriptError(
        `${where}: expected no message for ${ms} ms, but the bot sent:\n${extra.map((r) => `  ${describe(s, r)}`).join('\n')}`,
      );
    }
    if (Date.now() >= until) return;
    await nextActivity(s.connector, Math.min(100, until - Date.now()));
  }
}

type Verdict =
  | { state: 'done'; assigned: Map<number, number> }
  | { state: 'waiting'; assigned: Map<number, number>; skipped: Set<number> }
  | { state: 'unexpected'; assigned: Map<number, number>; skipped: Set<number>; unexpected: number };

async function expectBot(s: Session, step: Extract<Step, { kind: 'bot' }>, where: string): Promise<void> {
  const caseNumber = await currentCaseNumber(s);
  const expectations = step.expectations.map((e) => withCase(e, caseNumber));
  const timeoutMs = step.timeoutMs ?? s.transcript.timeoutMs;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stream = pending(s);
    const verdict = step.ordered ? matchInOrder(stream, expectations) : matchAnyOrder(stream, expectations);
    if (verdict.state === 'done') {
      for (const [, seq] of verdict.assigned) s.consumed.add(seq);
      s.frontier = Math.max(s.frontier, ...verdict.assigned.values());
      return;
    }
    if (verdict.state === 'unexpected' || Date.now() >= deadline) {
      const why =
        verdict.state === 'unexpected'
          ? `message #${verdict.unexpected} matches no expectation of this step`
          : `not every expectation was met within ${timeoutMs} ms`;
      throw new TranscriptError(report(s, where, why, step.ordered, expectations, stream, verdict));
    }
    await nextActivity(s.connector, Math.min(200, deadline - Date.now()));
  }
}

/** The next messages, in order; in-place updates that match nothing are passed over. */
function matchInOrder(stream: RecordedActivity[], expectations: Expectation[]): Verdict {
  const assigned = new Map<number, number>();
  const skipped = new Set<number>();
  let i = 0;
  for (const record of stream) {
    if (i >= expectations.length) break;
    if (matches(record, expectations[i])) {
      assigned.set(i++, record.seq);
    } else if (isNewMessage(record)) {
      return { state: 'unexpected', assigned, skipped, unexpected: record.seq };
    } else {
      skipped.add(record.seq);
    }
  }
  return i === expectations.length ? { state: 'done', assigned } : { state: 'waiting', assigned, skipped };
}

/**
 * The next messages, in any order: a matching (Kuhn's augmenting paths) of messages to expectations in
 * which every new message up to the last one used is matched. Updates are matched only if needed.
 */
function matchAnyOrder(stream: RecordedActivity[], expectations: Expectation[]): Verdict {
  const owner = new Map<number, number>(); // expectation index -> stream index
  const tryAssign = (r: number, seen: Set<number>): boolean => {
    for (let e = 0; e < expectations.length; e++) {
      if (seen.has(e) || !matches(stream[r], expectations[e])) continue;
      seen.add(e);
      const holder = owner.get(e);
      if (holder === undefined || tryAssign(holder, seen)) {
        owner.set(e, r);
        return true;
      }
    }
    return false;
  };
  const toSeqs = () => new Map([...owner].map(([e, r]) => [e, stream[r].seq] as [number, number]));
  const skipped = new Set<number>();
  for (let r = 0; r < stream.length; r++) {
    if (owner.size === expectations.length) break;
    if (tryAssign(r, new Set())) continue;
    if (isNewMessage(stream[r])) {
      return { state: 'unexpected', assigned: toSeqs(), skipped, unexpected: stream[r].seq };
    }
    skipped.add(stream[r].seq);
  }
  return owner.size === expectations.length
    ? { state: 'done', assigned: toSeqs() }
    : { state: 'waiting', assigned: toSeqs(), skipped };
}

function matches(record: RecordedActivity, e: Expectation): boolean {
  const update = record.kind === 'update';
  switch (e.kind) {
    case 'text':
      if (update || !isNewMessage(record) || cardOf(record) || fileOffered(record) !== undefined)
        return false;
      break;
    case 'card':
    case 'updated':
      if (update !== (e.kind === 'updated') || (!update && !isNewMessage(record))) return false;
      if (cardIdOf(record) !== e.subject) return false;
      if (e.actions && [...verbsOf(record)].sort().join() !== [...e.actions].sort().join()) return false;
      break;
    case 'file': {
      const name = fileOffered(record);
      if (update || name === undefined || !phraseIn(name, e.subject!)) return false;
      break;
    }
  }
  const text = visibleText(record);
  return e.contains.every((p) => phraseIn(text, p)) && !e.notContains.some((p) => phraseIn(text, p));
}

function phraseIn(text: string, phrase: string): boolean {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(phrase);
  return regex ? new RegExp(regex[1], regex[2]).test(text) : text.includes(phrase);
}

function withCase(e: Expectation, caseNumber: string | undefined): Expectation {
  if (caseNumber === undefined) return e;
  const fill = (p: string) => p.split('{case}').join(caseNumber);
  const filled: Expectation = {
    ...e,
    contains: e.contains.map(fill),
    notContains: e.notContains.map(fill),
    label: fill(e.label),
  };
  if (e.subject !== undefined) filled.subject = fill(e.subject);
  return filled;
}

async function caseRow(s: Session): Promise<CaseRow | undefined> {
  const rows = await s.app.store.cases.listByUser(s.connector.user.aadObjectId!);
  return rows.find((r) => r.conversationId === s.connector.conversationId);
}

async function currentCaseNumber(s: Session): Promise<string | undefined> {
  return (await caseRow(s))?.caseNumber;
}

function nextActivity(connector: LocalConnector, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      connector.off('activity', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(1, ms));
    connector.on('activity', done);
  });
}

// ---------------------------------------------------------------------------------------------------
// The case record

async function expectStore(s: Session, expect: StoreExpectation, where: string): Promise<void> {
  const deadline = Date.now() + STORE_TIMEOUT_MS;
  for (;;) {
    const row = await caseRow(s);
    const timeline = row ? await s.app.store.cases.timeline(row.caseNumber) : [];
    const problems = row ? storeMismatches(row, timeline, expect) : ['no case record for this conversation'];
    if (problems.length === 0) return;
    if (Date.now() >= deadline) {
      throw new TranscriptError(
        `${where}: the case record does not match:\n${problems.map((p) => `  ✗ ${p}`).join('\n')}\n` +
          `the case record:\n${row ? describeRow(row, timeline) : '  (none)'}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function storeMismatches(row: CaseRow, timeline: TimelineEntry[], expect: StoreExpectation): string[] {
  const problems: string[] = [];
  if (expect.status !== undefined && row.status !== expect.status)
    problems.push(`status is "${row.status}", expected "${expect.status}"`);
  const outcome = row.details.outcome ?? '(none)';
  if (expect.outcome !== undefined && outcome !== expect.outcome)
    problems.push(`outcome is "${outcome}", expected "${expect.outcome}"`);
  if (expect.timeline) {
    let from = 0;
    for (const phrase of expect.timeline) {
      const at = timeline.findIndex((entry, i) => i >= from && phraseIn(entry.what, phrase));
      if (at < 0) {
        problems.push(`no timeline entry ${from > 0 ? 'after the previous one ' : ''}contains "${phrase}"`);
        break;
      }
      from = at + 1;
    }
  }
  if (expect.stages) {
    const actual = (row.details.stages ?? []).map((st) => `${st.playbookId}: ${st.outcome ?? 'pending'}`);
    const wanted = expect.stages.map(([id, outcome]) => `${id}: ${outcome}`);
    if (actual.join('\n') !== wanted.join('\n'))
      problems.push(`stages are [${actual.join(', ')}], expected [${wanted.join(', ')}]`);
  }
  if (expect.survey) {
    const survey = row.details.survey;
    const actual = { score: survey ? String(survey.score) : undefined, comment: survey?.comment };
    for (const key of ['score', 'comment'] as const) {
      if (expect.survey[key] !== undefined && actual[key] !== expect.survey[key])
        problems.push(
          `survey ${key} is ${JSON.stringify(actual[key])}, expected ${JSON.stringify(expect.survey[key])}`,
        );
    }
  }
  return problems;
}

function describeRow(row: CaseRow, timeline: TimelineEntry[]): string {
  const stages = (row.details.stages ?? []).map((st) => `${st.playbookId}: ${st.outcome ?? 'pending'}`);
  return [
    `  case ${row.caseNumber}, status ${row.status}, outcome ${row.details.outcome ?? '(none)'}`,
    `  stages: ${stages.length ? stages.join(', ') : '(none)'}`,
    `  survey: ${JSON.stringify(row.details.survey ?? null)}`,
    '  timeline:',
    ...timeline.map((entry) => `    [${entry.actor}] ${entry.what}`),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Failure reports

function report(
  s: Session,
  where: string,
  why: string,
  ordered: boolean,
  expectations: Expectation[],
  stream: RecordedActivity[],
  verdict: Exclude<Verdict, { state: 'done' }>,
): string {
  const bySeq = new Map([...verdict.assigned].map(([e, seq]) => [seq, e]));
  const lines = [`${where}: ${why}.`, `expected${ordered ? ' (in this order)' : ' (in any order)'}:`];
  expectations.forEach((e, i) => {
    const seq = verdict.assigned.get(i);
    lines.push(
      `  ${seq === undefined ? '✗' : '✓'} ${i + 1}. ${e.label}${seq === undefined ? '' : `  -> #${seq}`}`,
    );
  });
  lines.push(
    stream.length
      ? 'the bot sent, since the previous step:'
      : 'the bot sent nothing since the previous step.',
  );
  for (const r of stream) {
    const e = bySeq.get(r.seq);
    const mark =
      e !== undefined
        ? `matched ${e + 1}`
        : r.seq === (verdict.state === 'unexpected' ? verdict.unexpected : -1)
          ? 'UNEXPECTED'
          : verdict.skipped.has(r.seq)
            ? 'passed over'
            : isNewMessage(r)
              ? 'not matched'
              : 'not needed';
    lines.push(`  ${describe(s, r)}   [${mark}]`);
  }
  // The full text of cards that are of the right kind but did not match (a phrase is missing).
  for (const [i, e] of expectations.entries()) {
    if (verdict.assigned.has(i) || (e.kind !== 'card' && e.kind !== 'updated')) continue;
    for (const r of stream.filter((r) => cardIdOf(r) === e.subject && !bySeq.has(r.seq))) {
      lines.push(
        `#${r.seq} (${e.subject}) reads:`,
        ...readCard(r)
          .split('\n')
          .map((l) => `    | ${l}`),
      );
      lines.push(`    actions: ${verbsOf(r).join(', ') || '(none)'}`);
    }
  }
  return lines.join('\n');
}

/** One line per bot activity: its number, what it is, and the start of what it says. */
function describe(s: Session, r: RecordedActivity): string {
  const text = oneLine(visibleText(r), 140);
  if (r.kind === 'update') {
    const original = s.connector.activities().find((o) => o.id === r.id && o.kind !== 'update');
    return `#${r.seq} update of #${original?.seq ?? '?'} (${cardIdOf(r) ?? 'message'}): ${JSON.stringify(text)}`;
  }
  if (cardOf(r)) return `#${r.seq} card ${cardIdOf(r) ?? '(unknown template)'}: ${JSON.stringify(text)}`;
  const file = fileOffered(r);
  if (file !== undefined) return `#${r.seq} file ${file}`;
  return `#${r.seq} ${r.activity.type === 'message' ? 'text' : r.activity.type}: ${JSON.stringify(text)}`;
}

// ---------------------------------------------------------------------------------------------------
// Small readers

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: string[], fail: Fail): void {
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length > 0)
    fail(`unknown key ${unknown.map((k) => `"${k}"`).join(', ')} (allowed: ${allowed.join(', ')})`);
}

function requireString(value: unknown, what: string, fail: Fail): string {
  if (typeof value === 'object' && value !== null)
    return fail(`${what} must be text, not a YAML ${Array.isArray(value) ? 'list' : 'mapping'} (quote it)`);
  if (typeof value !== 'string' || value === '') return fail(`${what} must be text`);
  return value;
}

function stringList(value: unknown, what: string, fail: Fail): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => requireString(v, what, fail));
}

function stringMap(value: unknown, what: string, fail: Fail): Record<string, string> {
  if (!isRecord(value)) return fail(`${what} must be a mapping`);
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (typeof v !== 'string') return fail(`${what}.${k} must be text`);
      return [k, v];
    }),
  );
}

function duration(value: unknown, what: string, fail: Fail): number {
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined) return fail(`${what} must be a duration such as 500ms, 30s, 2h or 2d`);
  return ms;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
