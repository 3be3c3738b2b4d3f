// A small client for Microsoft's Agents Playground (pinned 0.2.28), started with `npm run playground`'s
// command against a bot: it types messages and presses card actions through the Playground's internal HTTP
// API, and reads what the bot sent from the Playground's log file (its only record of the bot's replies).

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actionData, renderCard } from '../../tools/cardText';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CARD = 'application/vnd.microsoft.card.adaptive';
/** What the Playground logs, one JSON object after a prefix per line (see /tmp/pgwalk/walk.py). */
const MARKERS = ['{"logAction":"appendLog"', '{"action":"createMessage"', '{"action":"updateMessage"'];

// The Playground's payloads are deep and loosely typed; typing each path would hide what is read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** One attachment of a post, as the bot sent it (a card, or a file: its consent card, its info card). */
export interface PostAttachment {
  contentType: string;
  name?: string;
  content?: Json;
  contentUrl?: string;
}

/** One message the bot posted (`new`) or a later version of it (`update`), in the order logged. */
export interface Post {
  /** Its place in the log, from 1 (see `cursor()`). */
  seq: number;
  kind: 'new' | 'update';
  /** The chat, the channel ('team-id') or a thread ('team-id;messageid=<root id>'). */
  conversationId: string;
  /** The message id (an update carries the id of the message it replaces). */
  id: string;
  text: string;
  /** The Adaptive Card, if the message carries one. */
  card?: Json;
  /** Everything attached (cards and files), with the names the bot gave them. */
  attachments: PostAttachment[];
  /** The whole logged payload, for checks on everything that went out. */
  raw: Json;
}

/** The card as a user reads it (the text client's rendering). */
export function cardText(post: Post): string {
  return post.card ? renderCard(post.card).text : '';
}

/** Everything the post shows: its text and its card's text. */
export function shown(post: Post): string {
  return [post.text, cardText(post)].filter(Boolean).join('\n');
}

/** The attachments other than the card, for a failure's account of what was posted: ` [type name]`. */
function filesOf(post: Post): string {
  return post.attachments
    .filter((a) => a.contentType !== CARD)
    .map((a) => ` [${a.contentType}${a.name === undefined ? '' : ` ${a.name}`}]`)
    .join('');
}

export function verbsOf(post: Post): string[] {
  if (!post.card) return [];
  return renderCard(post.card)
    .actions.map((a) => a.verb)
    .filter((v): v is string => typeof v === 'string');
}

export function hasVerb(post: Post, verb: string): boolean {
  return verbsOf(post).includes(verb);
}

export interface WaitOptions {
  /** Only posts logged after this cursor (see `cursor()`). */
  after?: number;
  timeoutMs?: number;
}

export class Playground {
  /** The Playground's address, http://127.0.0.1:<port>. */
  readonly url: string;
  readonly personalChatId: string;
  readonly userId: string;
  /** The Playground's user's display name (the engineer, in a channel). */
  readonly userName: string;
  readonly botId: string;
  readonly teamId: string;
  /** The team's channel the bot is installed in ('team-id'). */
  readonly channelId: string;

  private readonly posts: Post[] = [];
  /** Every logged copy of what the bot sent, duplicates included (the connector call and the chat's copy). */
  private readonly copies: Post[] = [];
  private readonly created = new Set<string>();
  private readOffset = 0;
  private partial = Buffer.alloc(0);

  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    readonly workDir: string,
    private readonly output: () => string,
    url: string,
    config: Json,
  ) {
    this.url = url;
    this.personalChatId = config.personalChat.id;
    this.userId = config.currentUser.id;
    this.userName = config.currentUser.name;
    this.botId = config.bot.id;
    this.teamId = config.teams[0].id;
    this.channelId = config.teams[0].channels[0].id;
  }

  /** Runs `src/cli/playground.ts --bot <botUrl> --ui-port 0` in a temp directory of its own. */
  static async start(botUrl: string, timeoutMs = 60_000): Promise<Playground> {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'playground-walk-'));
    const child = spawn(TSX, [path.join(ROOT, 'src/cli/playground.ts'), '--bot', botUrl, '--ui-port', '0'], {
      cwd: workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: if Ctrl-C does not stop it, SIGKILL reaches the Playground under it too.
      detached: true,
    });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const port = await poll(
        () => /Agents Playground: http:\/\/localhost:(\d+)/.exec(output)?.[1],
        timeoutMs,
        () => `the Playground did not start:\n${output}`,
        () => child.exitCode !== null,
      );
      const url = `http://127.0.0.1:${port}`;
      const config = ((await call('GET', `${url}/_internal/v1/config`)) as Json).config as Json;
      return new Playground(child, exited, workDir, () => output, url, config);
    } catch (error) {
      await stopChild(child, exited);
      fs.rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Stops the Playground (Ctrl-C, then SIGKILL if it lingers) and removes its directory. */
  async stop(): Promise<void> {
    await stopChild(this.child, this.exited);
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }

  get logFile(): string {
    return path.join(this.workDir, 'data/playground/devTools/m365agentsplayground.log');
  }

  /** The bot's thread under a post in the channel. */
  threadOf(post: Post): string {
    return `${post.conversationId.split(';')[0]};messageid=${post.id}`;
  }

  // ---- acting as the user ----

  /** Adds the bot to the team: it learns the team's channel as the engineers' channel. */
  async installInTeam(): Promise<number> {
    const at = this.cursor();
    await call('POST', `${this.url}/_debug/conversation/${this.channelId}/installation`, {});
    return at;
  }

  /** Types a message (with `mention`, addressed to the bot as a channel needs); returns the cursor before it. */
  async say(conversationId: string, text: string, options: { mention?: boolean } = {}): Promise<number> {
    const at = this.cursor();
    const tag = '<at>Test Bot</at>';
    await call('POST', `${this.url}/_conversation/v1/conversations/${conversationId}/messages`, {
      type: 'text',
      text: options.mention ? `${tag} ${text}` : text,
      textFormat: 'plain',
      from: { id: this.userId },
      ...(options.mention
        ? { mentions: [{ mentioned: { id: this.botId, name: 'Test Bot' }, text: tag }] }
        : {}),
    });
    return at;
  }

  /**
   * Posts a message with attachments, as pasting an image does ({contentType: 'image/png', contentUrl}).
   * The Playground's compose API takes only Adaptive and hero cards as attachments (its
   * validateCreateMessageRequest), so this goes the way its "Mock an Activity → Custom activity" does: its
   * template activity for the conversation, completed and sent through it to the bot. The Playground answers
   * before the bot has it: only what the bot sends back tells it arrived. Returns the cursor before it.
   */
  async paste(
    conversationId: string,
    text: string,
    attachments: Json[],
    options: { mention?: boolean } = {},
  ): Promise<number> {
    const template = (await call(
      'GET',
      `${this.url}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(conversationId)}`,
    )) as Json;
    const tag = '<at>Test Bot</at>';
    // The template leaves out what the Playground's own messages carry: the sender's name, and in a channel
    // the team and channel (as Teams sends them).
    const channel = conversationId.split(';')[0] === this.channelId;
    const at = this.cursor();
    await call('POST', `${this.url}/_internal/v1/customActivities`, {
      ...template,
      type: 'message',
      from: { ...template.from, name: this.userName },
      channelData: {
        tenant: { id: template.conversation?.tenantId },
        ...(channel ? { team: { id: this.teamId }, channel: { id: this.channelId } } : {}),
      },
      text: options.mention ? `${tag} ${text}` : text,
      textFormat: 'plain',
      attachments,
      ...(options.mention
        ? {
            entities: [
              ...((template.entities ?? []) as Json[]),
              { type: 'mention', mentioned: { id: this.botId, name: 'Test Bot' }, text: tag },
            ],
          }
        : {}),
    });
    return at;
  }

  /**
   * Presses the card action with this verb, sending the card's data and input values (plus `values`) as
   * Teams does (Action.Execute). A card posted in the channel is pressed in its thread. Returns the cursor
   * before the press.
   */
  async press(post: Post, verb: string, values: Record<string, string> = {}): Promise<number> {
    const rendered = renderCard(post.card, { values });
    const action = rendered.actions.find((a) => a.verb === verb);
    if (!action) {
      const has = rendered.actions.map((a) => a.verb ?? a.title).join(', ');
      throw new Error(`the card has no action ${verb}; it has ${has}:\n${rendered.text}`);
    }
    const data = { ...(actionData(action, rendered.inputs, values) as Json), verb };
    const conversationId = post.conversationId === this.channelId ? this.threadOf(post) : post.conversationId;
    const at = this.cursor();
    await call('POST', `${this.url}/_conversation/v1/invoke`, {
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data } },
      from: { id: this.userId },
      conversation: { id: conversationId },
      replyToId: post.id,
    });
    return at;
  }

  // ---- reading what the bot sent ----

  /** Everything the bot posted so far (new messages and updates). */
  all(): Post[] {
    this.readLog();
    return [...this.posts];
  }

  /** Every copy the log holds of what the bot sent (its own activity and the chat's rendering of it). */
  allCopies(): Post[] {
    this.readLog();
    return [...this.copies];
  }

  /** A position in the log: `waitFor(..., { after })` looks only at what came later. */
  cursor(): number {
    this.readLog();
    return this.posts.length === 0 ? 0 : this.posts[this.posts.length - 1].seq;
  }

  /** The first post after `after` that matches, once the Playground has logged it. */
  async waitFor(what: string, predicate: (post: Post) => boolean, options: WaitOptions = {}): Promise<Post> {
    const after = options.after ?? 0;
    return poll(
      () => this.all().find((p) => p.seq > after && predicate(p)),
      options.timeoutMs ?? 30_000,
      () =>
        `timed out waiting for ${what}; the bot posted since:\n` +
        this.all()
          .filter((p) => p.seq > after)
          .map(
            (p) =>
              `  #${p.seq} ${p.kind} in ${p.conversationId}: ${shown(p).slice(0, 200).replace(/\n/g, ' | ')}` +
              filesOf(p),
          )
          .join('\n') +
        `\nPlayground output:\n${this.output().slice(-2000)}`,
    );
  }

  /** Reads the log lines added since the last read (a line still being written waits for the next). */
  private readLog(): void {
    let fd: number;
    try {
      fd = fs.openSync(this.logFile, 'r');
    } catch {
      return; // not written yet
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= this.readOffset) return;
      const buffer = Buffer.alloc(size - this.readOffset);
      fs.readSync(fd, buffer, 0, buffer.length, this.readOffset);
      this.readOffset = size;
      // Split on bytes, so a character cut by the read waits for the rest of its line.
      const pending = Buffer.concat([this.partial, buffer]);
      const end = pending.lastIndexOf(0x0a);
      this.partial = pending.subarray(end + 1);
      if (end >= 0)
        for (const line of pending.subarray(0, end).toString('utf8').split('\n')) this.parse(line);
    } finally {
      fs.closeSync(fd);
    }
  }

  private parse(line: string): void {
    const starts = MARKERS.map((m) => line.indexOf(m)).filter((i) => i >= 0);
    if (starts.length === 0) return;
    let entry: Json;
    try {
      entry = JSON.parse(line.slice(Math.min(...starts)).trim()) as Json;
    } catch {
      return; // not one of ours
    }
    if (entry.action === 'createMessage' || entry.action === 'updateMessage') {
      const message = entry.message as Json;
      if (message?.from?.id !== this.botId) return;
      const kind = entry.action === 'createMessage' ? 'new' : 'update';
      this.add(kind, entry.actionConversationId, message.messageId, message.text ?? message.content, message);
      return;
    }
    const log = entry.log as Json;
    if (log?.type !== 'bot' || log.from !== 'User Application') return;
    const body = (log.request?.body ?? {}) as Json;
    if (log.activityName === 'message') {
      this.add('new', body.conversation?.id ?? log.conversationId, log.response?.body?.id, body.text, body);
    } else if (log.activityName === 'createConversation') {
      // A new post in a channel: `team-id;messageid=<id>`.
      const [channel, id] = String(log.messageId ?? '').split(';messageid=');
      this.add('new', channel, id, body.activity?.text, body.activity ?? {});
    }
  }

  private add(kind: Post['kind'], conversationId: unknown, id: unknown, text: unknown, raw: Json): void {
    if (typeof conversationId !== 'string' || typeof id !== 'string' || !id) return;
    const attachments = ((raw.attachments ?? []) as Json[])
      .filter((a) => typeof a?.contentType === 'string')
      .map((a): PostAttachment => ({
        contentType: a.contentType,
        ...(typeof a.name === 'string' ? { name: a.name } : {}),
        ...(a.content !== undefined ? { content: a.content } : {}),
        ...(typeof a.contentUrl === 'string' ? { contentUrl: a.contentUrl } : {}),
      }));
    const card = attachments.find((a) => a.contentType === CARD)?.content;
    const post: Post = {
      seq: this.posts.length + 1,
      kind,
      conversationId,
      id,
      text: typeof text === 'string' ? text : '',
      ...(card ? { card } : {}),
      attachments,
      raw,
    };
    this.copies.push(post);
    if (kind === 'new') {
      // Logged twice (the connector call and the chat's new message): the first one counts. The chat's
      // copy, logged first, drops the attachments' names: they come from the connector call's copy.
      if (this.created.has(id)) {
        const first = this.posts.find((p) => p.kind === 'new' && p.id === id);
        first?.attachments.forEach((a, i) => {
          const name = attachments[i]?.contentType === a.contentType ? attachments[i].name : undefined;
          if (a.name === undefined && name !== undefined) a.name = name;
        });
        return;
      }
      this.created.add(id);
    }
    this.posts.push(post);
  }
}

/** One call to the Playground's HTTP API; throws unless it answers 2xx. */
async function call(method: string, url: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function poll<T>(
  probe: () => T | undefined,
  timeoutMs: number,
  describe: () => string,
  gaveUp: () => boolean = () => false,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline || gaveUp()) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}
