// A local stand-in for Teams and its Bot Framework connector (REST API v3) on 127.0.0.1: it sends
// Teams-shaped activities to the bot and records what the bot sends back. Plain HTTP/JSON, no SDK.

import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** An activity as JSON; only the fields this module reads are typed. */
export interface Activity {
  type: string;
  id?: string;
  text?: string;
  replyToId?: string;
  conversation?: { id: string; [key: string]: unknown };
  attachments?: Attachment[];
  [key: string]: unknown;
}

export interface Attachment {
  contentType: string;
  name?: string;
  contentUrl?: string;
  content?: unknown;
  [key: string]: unknown;
}

export interface ChannelAccount {
  id: string;
  name: string;
  aadObjectId?: string;
}

/** What the bot did, in the order it reached the connector. */
export interface RecordedActivity {
  /** Arrival order, from 1; pass it as `after` to wait only for later activities. */
  seq: number;
  /** send: POST .../activities; reply: POST .../activities/{replyToId}; update: PUT; delete: DELETE;
   *  create: the activity carried by POST /v3/conversations. */
  kind: 'send' | 'reply' | 'update' | 'delete' | 'create';
  /** The activity's id: assigned here for send/reply/create, the target's id for update/delete. */
  id: string;
  conversationId: string;
  replyToId?: string;
  activity: Activity;
  at: Date;
}

/** A file the bot uploaded to an `uploadUrl` after the user accepted its file consent card. */
export interface UploadedFile {
  name: string;
  bytes: Buffer;
  uploadUrl: string;
  /** Where the uploaded file can be downloaded again (what Teams would show in the chat). */
  contentUrl: string;
  uniqueId: string;
}

/** The bot's HTTP answer to an inbound activity (for invokes, `body` is the invoke response). */
export interface SendResult {
  status: number;
  body: unknown;
  /** The activity as POSTed to the bot. */
  activity: Activity;
  /** What the bot sent to this conversation while the POST was open (a turn's direct replies). */
  replies: RecordedActivity[];
  /** The last seq before the POST; `waitFor(p, ms, { after: result.seq })` skips earlier activities. */
  seq: number;
}

export interface LocalConnectorOptions {
  /** The bot's messaging endpoint. Default: BOT_URL-style `http://127.0.0.1:3978/api/messages`. */
  botUrl?: string;
  /** Port to listen on (127.0.0.1 only); 0 or absent picks a free one. */
  port?: number;
  /** If `port` is taken, take a free one instead of failing. */
  fallbackToFreePort?: boolean;
  channelId?: string;
  tenantId?: string;
  conversationId?: string;
  locale?: string;
  user?: Partial<ChannelAccount>;
  bot?: Partial<ChannelAccount>;
  /** How long to wait for the bot to answer one POST. Default 120 s (a diagnosis turn can be slow). */
  requestTimeoutMs?: number;
  /** Largest request body the connector accepts (activities, uploads). Default 64 MiB. */
  maxBodyBytes?: number;
}

/** Options every `send*` method accepts; they override the connector's defaults for one activity. */
export interface SendOptions {
  conversationId?: string;
  locale?: string;
  user?: Partial<ChannelAccount>;
  replyToId?: string;
  /** Extra or replacing activity fields, shallow-merged last. */
  extra?: Partial<Activity>;
}

export interface LocalConnectorEvents {
  activity: [RecordedActivity];
  upload: [UploadedFile];
  download: [{ name: string; url: string }];
  /** A request the connector does not implement (answered 404); worth a look when a bot misbehaves. */
  unhandled: [{ method: string; url: string }];
}

/**
 * A fault the connector plays for one request of the bot's (tests of a Teams service that fails):
 * `'hang'` accepts the request and never answers it; a status (with an optional Retry-After in seconds)
 * answers with that error without recording anything. `undefined`: the request is served as usual.
 */
export type ConnectorFault = 'hang' | { status: number; retryAfterSeconds?: number } | undefined;

/** Which requests fail: asked for every request under /v3/conversations. */
export type FaultRule = (request: { method: string; conversationId?: string }) => ConnectorFault;

/** The bot could not be reached at all (as opposed to answering with an error status). */
export class BotUnreachableError extends Error {
  override readonly name = 'BotUnreachableError';
  constructor(
    readonly botUrl: string,
    readonly code: string,
  ) {
    super(`cannot reach the bot at ${botUrl} (${code})`);
  }
}

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

const DEFAULT_BOT_URL = 'http://127.0.0.1:3978/api/messages';
const HOST = '127.0.0.1';

interface ServedFile {
  name: string;
  bytes: Buffer;
  contentType: string;
}

interface Waiter {
  predicate: (record: RecordedActivity) => boolean;
  after: number;
  resolve: (record: RecordedActivity) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Teams, as far as a bot can tell, on loopback. Create with `await LocalConnector.start(options)`.
 *
 * Outbound (bot -> connector): every activity is recorded with its conversation, reply-to id and kind,
 * gets an id, and is announced with `on('activity', ...)`. Inbound (`sendMessage`, `sendInvoke`, ...):
 * Teams-shaped activities whose `serviceUrl` is this connector, POSTed to the bot's endpoint.
 */
export class LocalConnector extends EventEmitter<LocalConnectorEvents> {
  /** Default conversation for `send*`; change it to start a new chat. */
  conversationId: string;
  /** Default locale for `send*` (Teams sends the client's UI language). */
  locale: string;
  /** Default sender for `send*`. */
  user: ChannelAccount;
  readonly botUrl: string;
  readonly bot: ChannelAccount;
  readonly channelId: string;
  readonly tenantId: string;

  private readonly records: RecordedActivity[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly files = new Map<string, ServedFile>();
  private readonly uploadSlots = new Map<string, { name: string; uniqueId: string }>();
  private readonly uploaded: UploadedFile[] = [];
  private readonly conversationMembers = new Map<string, ChannelAccount[]>();
  private readonly requestTimeoutMs: number;
  private readonly maxBodyBytes: number;
  private nextId = 1;
  private closed = false;
  private faultRule: FaultRule | undefined;
  /** Requests held by a 'hang' fault, answered never (their sockets are closed with the connector). */
  private readonly hanging = new Set<http.ServerResponse>();

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    options: LocalConnectorOptions,
  ) {
    super();
    this.botUrl = options.botUrl ?? DEFAULT_BOT_URL;
    this.channelId = options.channelId ?? 'msteams';
    this.tenantId = options.tenantId ?? '00000000-0000-0000-0000-00000000000a';
    this.conversationId = options.conversationId ?? LocalConnector.newConversationId();
    this.locale = options.locale ?? 'en-US';
    this.user = {
      id: options.user?.id ?? '29:local-user',
      name: options.user?.name ?? 'Local User',
      aadObjectId: options.user?.aadObjectId ?? '00000000-0000-0000-0000-000000000001',
    };
    this.bot = { id: options.bot?.id ?? '28:bot', name: options.bot?.name ?? 'Update Case Bot' };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
    server.on('request', (req, res) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'ServiceError', message: String(error) } });
        else res.destroy();
      });
    });
  }

  /** Starts listening on 127.0.0.1 (never beyond) and resolves when ready. */
  static async start(options: LocalConnectorOptions = {}): Promise<LocalConnector> {
    const server = http.createServer();
    let port: number;
    try {
      port = await listen(server, options.port ?? 0);
    } catch (error) {
      if (!options.fallbackToFreePort || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      port = await listen(server, 0);
    }
    return new LocalConnector(server, port, options);
  }

  /** A fresh id shaped like a Teams personal-chat conversation id. */
  static newConversationId(): string {
    return `a:local-${randomUUID()}`;
  }

  /** The `serviceUrl` put on inbound activities; the bot replies here. */
  get serviceUrl(): string {
    return `http://${HOST}:${this.port}`;
  }

  /** Recorded activities of one conversation (default: the current one), oldest first. */
  activities(conversationId: string = this.conversationId): RecordedActivity[] {
    return this.records.filter((record) => record.conversationId === conversationId);
  }

  /** Every recorded activity of every conversation, oldest first. */
  allActivities(): RecordedActivity[] {
    return [...this.records];
  }

  /** The newest version of an activity the bot sent (after updates), or undefined if never sent. */
  latest(activityId: string): RecordedActivity | undefined {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const record = this.records[i];
      if (record.id === activityId && record.kind !== 'delete') return record;
    }
    return undefined;
  }

  /** The seq of the newest recorded activity (0 if none). */
  cursor(): number {
    return this.records.length;
  }

  /**
   * Resolves with the first recorded activity matching `predicate` whose seq is greater than
   * `after` (default 0: activities already recorded count too, so a reply sent during the turn is
   * never missed). Rejects after `timeoutMs`, listing what did arrive.
   */
  waitFor(
    predicate: (record: RecordedActivity) => boolean,
    timeoutMs = 5000,
    options: { after?: number } = {},
  ): Promise<RecordedActivity> {
    const after = options.after ?? 0;
    const found = this.records.find((record) => record.seq > after && predicate(record));
    if (found) return Promise.resolve(found);
    if (this.closed) return Promise.reject(new Error('LocalConnector is closed'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        after,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const seen = this.records
            .filter((record) => record.seq > after)
            .map(
              (record) => `#${record.seq} ${record.kind} ${record.activity.type} ${summary(record.activity)}`,
            );
          reject(
            new Error(
              `no matching activity within ${timeoutMs} ms; received: ${seen.length ? seen.join('; ') : 'nothing'}`,
            ),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Serves bytes at an unguessable loopback URL and returns it (a Teams `downloadUrl`). */
  serveFile(name: string, bytes: Uint8Array, contentType = 'application/octet-stream'): string {
    const token = randomUUID();
    this.files.set(token, { name, bytes: Buffer.from(bytes), contentType });
    return `${this.serviceUrl}/files/${token}/${encodeURIComponent(name)}`;
  }

  /** Files the bot uploaded through accepted file consent cards, oldest first. */
  uploads(): UploadedFile[] {
    return [...this.uploaded];
  }

  /** Builds an inbound activity with every field Teams sets; `fields` are merged last. */
  buildActivity(type: string, fields: Partial<Activity> = {}, options: SendOptions = {}): Activity {
    const user = { ...this.user, ...options.user };
    const conversationId = options.conversationId ?? this.conversationId;
    const locale = options.locale ?? this.locale;
    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const activity: Activity = {
      type,
      id: `${Date.now()}${String(this.nextId++).padStart(4, '0')}`,
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      localTimezone: timezone,
      channelId: this.channelId,
      serviceUrl: this.serviceUrl,
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      conversation: { id: conversationId, conversationType: 'personal', tenantId: this.tenantId },
      recipient: { id: this.bot.id, name: this.bot.name },
      locale,
      textFormat: 'plain',
      entities: [{ type: 'clientInfo', locale, platform: 'Web', timezone }],
      channelData: { tenant: { id: this.tenantId } },
    };
    if (options.replyToId !== undefined) activity.replyToId = options.replyToId;
    return { ...activity, ...fields, ...options.extra };
  }

  /** POSTs any activity to the bot and returns its answer. */
  async send(activity: Activity): Promise<SendResult> {
    const seq = this.cursor();
    const conversationId = activity.conversation?.id ?? this.conversationId;
    const response = await postJson(this.botUrl, activity, this.requestTimeoutMs);
    const replies = this.records.filter((r) => r.seq > seq && r.conversationId === conversationId);
    return { ...response, activity, replies, seq };
  }

  /** A user's chat message. */
  sendMessage(text: string, options: SendOptions = {}): Promise<SendResult> {
    return this.send(this.buildActivity('message', { text }, options));
  }

  /**
   * An Adaptive Card `Action.Execute`, as Teams sends it: an `adaptiveCard/action` invoke. `data` is
   * the action's data with the card's input values already merged in. Pass the card's activity id as
   * `options.replyToId`, as Teams does.
   */
  sendInvoke(verb: string, data: unknown = {}, options: SendOptions = {}): Promise<SendResult> {
    const value = { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' };
    return this.send(this.buildActivity('invoke', { name: 'adaptiveCard/action', value }, options));
  }

  /** An Adaptive Card `Action.Submit`, as Teams sends it: a message whose `value` is the data. */
  sendSubmit(data: unknown, options: SendOptions = {}): Promise<SendResult> {
    const activity = this.buildActivity('message', { value: data }, options);
    activity.channelData = { ...(activity.channelData as object), postBack: true };
    return this.send(activity);
  }

  /** A file the user attached in a 1:1 chat: served here, sent as a Teams download-info attachment. */
  sendFile(
    name: string,
    bytes: Uint8Array,
    options: SendOptions & { text?: string } = {},
  ): Promise<SendResult> {
    const downloadUrl = this.serveFile(name, bytes);
    const attachment: Attachment = {
      contentType: FILE_DOWNLOAD_INFO,
      contentUrl: downloadUrl,
      name,
      content: { downloadUrl, uniqueId: randomUUID(), fileType: path.extname(name).slice(1).toLowerCase() },
    };
    const fields: Partial<Activity> = { attachments: [attachment] };
    if (options.text !== undefined) fields.text = options.text;
    return this.send(this.buildActivity('message', fields, options));
  }

  /** What Teams sends when the app is added to a personal chat: members added, the bot included. */
  sendConversationUpdate(
    options: SendOptions & { membersAdded?: ChannelAccount[] } = {},
  ): Promise<SendResult> {
    const user = { ...this.user, ...options.user };
    const membersAdded = options.membersAdded ?? [
      { id: this.bot.id, name: this.bot.name },
      { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    ];
    const activity = this.buildActivity('conversationUpdate', { membersAdded }, options);
    activity.channelData = { ...(activity.channelData as object), eventType: 'teamMemberAdded' };
    return this.send(activity);
  }

  /**
   * The user's answer to a file consent card the bot sent (how a bot sends a file in a Teams 1:1
   * chat): a `fileConsent/invoke`. On accept, `uploadInfo.uploadUrl` points here; what the bot PUTs
   * there appears in `uploads()` and is announced with `on('upload', ...)`.
   */
  answerFileConsent(
    consent: RecordedActivity,
    action: 'accept' | 'decline',
    options: SendOptions = {},
  ): Promise<SendResult> {
    const attachment = consent.activity.attachments?.find((a) => a.contentType === FILE_CONSENT_CARD);
    if (!attachment) throw new Error(`activity ${consent.id} carries no file consent card`);
    const card = (attachment.content ?? {}) as { acceptContext?: unknown; declineContext?: unknown };
    const name = attachment.name ?? 'file';
    const value: Record<string, unknown> = {
      type: 'fileUpload',
      action,
      context: action === 'accept' ? card.acceptContext : card.declineContext,
    };
    if (action === 'accept') {
      const token = randomUUID();
      const uniqueId = randomUUID();
      this.uploadSlots.set(token, { name, uniqueId });
      value.uploadInfo = {
        name,
        uploadUrl: `${this.serviceUrl}/uploads/${token}`,
        contentUrl: `${this.serviceUrl}/uploads/${token}`,
        uniqueId,
        fileType: path.extname(name).slice(1).toLowerCase(),
      };
    }
    const replyToId = options.replyToId ?? consent.id;
    return this.send(
      this.buildActivity('invoke', { name: 'fileConsent/invoke', value }, { ...options, replyToId }),
    );
  }

  /** Makes the connector fail requests of the bot's as `rule` says (none: serve normally again). */
  setFault(rule: FaultRule | undefined): void {
    this.faultRule = rule;
  }

  /** How many requests a 'hang' fault is holding now. */
  get hangingRequests(): number {
    return this.hanging.size;
  }

  /** Stops listening, drops open connections and rejects pending `waitFor`s. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('LocalConnector closed while waiting'));
    }
    this.waiters.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // --- the connector's REST API -------------------------------------------------------------

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.serviceUrl);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);

    if (parts[0] === 'files' && parts.length >= 2 && (method === 'GET' || method === 'HEAD')) {
      return this.download(parts[1], method, res);
    }
    if (parts[0] === 'uploads' && parts.length === 2) {
      if (method === 'PUT') return this.upload(parts[1], req, res);
      if (method === 'GET' || method === 'HEAD') return this.downloadUpload(parts[1], method, res);
    }
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') return this.notFound(method, req.url, res);
    const fault = this.faultRule?.({ method, conversationId: parts[2] });
    if (fault === 'hang') {
      req.resume();
      this.hanging.add(res);
      res.once('close', () => this.hanging.delete(res));
      return;
    }
    if (fault) {
      req.resume();
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      res.writeHead(fault.status, headers);
      res.end(
        JSON.stringify({ error: { code: 'ServiceError', message: `fault injected: ${fault.status}` } }),
      );
      return;
    }

    // v3/conversations
    if (parts.length === 2 && method === 'POST') return this.createConversation(req, res);
    const conversationId = parts[2];
    if (conversationId === undefined) return this.notFound(method, req.url, res);

    if (parts[3] === 'activities') {
      const activityId = parts[4];
      if (parts.length === 4 && method === 'POST') return this.record(req, res, 'send', conversationId);
      if (parts.length === 5 && method === 'POST')
        return this.record(req, res, 'reply', conversationId, activityId);
      if (parts.length === 5 && method === 'PUT')
        return this.record(req, res, 'update', conversationId, activityId);
      if (parts.length === 5 && method === 'DELETE') {
        this.push({
          kind: 'delete',
          id: activityId,
          conversationId,
          activity: { type: 'delete', id: activityId },
        });
        // Not chained: restify, when loaded in the same process, replaces ServerResponse#writeHead with one returning undefined.
        res.writeHead(200);
        res.end();
        return;
      }
      if (parts.length === 6 && parts[5] === 'members' && method === 'GET') {
        return sendJson(res, 200, this.members());
      }
    }
    if ((parts[3] === 'members' || parts[3] === 'pagedmembers') && method === 'GET') {
      const members = this.membersOf(conversationId);
      if (parts[3] === 'pagedmembers') return sendJson(res, 200, { members });
      if (parts.length === 4) return sendJson(res, 200, members);
      const member = members.find((m) => m.id === parts[4] || m.aadObjectId === parts[4]);
      if (member) return sendJson(res, 200, member);
      return sendJson(res, 404, {
        error: { code: 'MemberNotFoundInConversation', message: 'The member is not in this conversation' },
      });
    }
    return this.notFound(method, req.url, res);
  }

  private async record(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    kind: 'send' | 'reply' | 'update',
    conversationId: string,
    pathActivityId?: string,
  ): Promise<void> {
    const activity = await this.readJson<Activity>(req, res);
    if (!activity) return;
    const id = kind === 'update' ? (pathActivityId ?? '') : this.assignId();
    const replyToId = kind === 'reply' ? pathActivityId : activity.replyToId;
    this.push({ kind, id, conversationId, replyToId, activity: { ...activity, id } });
    sendJson(res, 200, { id });
  }

  private async createConversation(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await this.readJson<{
      isGroup?: boolean;
      activity?: Activity;
      members?: { id?: string }[];
      channelData?: { channel?: { id?: string } };
    }>(req, res);
    if (!body) return;
    // A new post in a Teams channel: it starts a thread whose conversation id is `<channel>;messageid=<post id>`.
    const channelId = body.channelData?.channel?.id;
    if (channelId) {
      if (!body.activity)
        return sendJson(res, 400, { error: { code: 'BadArgument', message: 'activity required' } });
      const id = this.assignId();
      this.push({ kind: 'create', id, conversationId: channelId, activity: { ...body.activity, id } });
      return sendJson(res, 200, {
        id: `${channelId};messageid=${id}`,
        activityId: id,
        serviceUrl: this.serviceUrl,
      });
    }
    // Teams answers a 1:1 create with the existing personal chat, so proactive sends land in it.
    const withUser = body.members?.some((m) => m.id === this.user.id || m.id === this.user.aadObjectId);
    const conversationId =
      !body.isGroup && withUser ? this.conversationId : LocalConnector.newConversationId();
    const answer: Record<string, unknown> = { id: conversationId, serviceUrl: this.serviceUrl };
    if (body.activity) {
      const id = this.assignId();
      this.push({ kind: 'create', id, conversationId, activity: { ...body.activity, id } });
      answer.activityId = id;
    }
    sendJson(res, 200, answer);
  }

  private download(token: string, method: string, res: http.ServerResponse): void {
    const file = this.files.get(token);
    if (!file) return sendJson(res, 404, { error: { code: 'NotFound', message: 'no such file' } });
    this.emit('download', { name: file.name, url: `${this.serviceUrl}/files/${token}` });
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length });
    res.end(method === 'HEAD' ? undefined : file.bytes);
  }

  private async upload(token: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const slot = this.uploadSlots.get(token);
    if (!slot) return sendJson(res, 404, { error: { code: 'NotFound', message: 'no such upload session' } });
    const bytes = await this.readBody(req, res);
    if (!bytes) return;
    const url = `${this.serviceUrl}/uploads/${token}`;
    const file: UploadedFile = {
      name: slot.name,
      bytes,
      uploadUrl: url,
      contentUrl: url,
      uniqueId: slot.uniqueId,
    };
    this.files.set(`upload:${token}`, { name: slot.name, bytes, contentType: 'application/octet-stream' });
    this.uploaded.push(file);
    this.emit('upload', file);
    // OneDrive's answer to the final chunk of an upload session.
    sendJson(res, 201, { id: slot.uniqueId, name: slot.name, size: bytes.length });
  }

  private downloadUpload(token: string, method: string, res: http.ServerResponse): void {
    this.download(`upload:${token}`, method, res);
  }

  /**
   * Sets who belongs to a conversation (a team's id: its members), as GET …/members answers for it;
   * conversations not set have the connector's user as their only member.
   */
  setMembers(conversationId: string, members: ChannelAccount[]): void {
    this.conversationMembers.set(conversationId, members);
  }

  private membersOf(conversationId: string): ChannelAccount[] {
    return this.conversationMembers.get(conversationId) ?? this.members();
  }

  private members(): (ChannelAccount & Record<string, unknown>)[] {
    const [givenName, ...rest] = this.user.name.split(' ');
    return [
      {
        ...this.user,
        objectId: this.user.aadObjectId,
        givenName,
        surname: rest.join(' '),
        userPrincipalName: `${this.user.name.toLowerCase().replace(/\s+/g, '.')}@example.com`,
        email: `${this.user.name.toLowerCase().replace(/\s+/g, '.')}@example.com`,
        tenantId: this.tenantId,
        userRole: 'user',
      },
    ];
  }

  private notFound(method: string, url: string | undefined, res: http.ServerResponse): void {
    this.emit('unhandled', { method, url: url ?? '' });
    sendJson(res, 404, { error: { code: 'NotFound', message: `${method} ${url} is not implemented here` } });
  }

  private push(fields: Omit<RecordedActivity, 'seq' | 'at'>): void {
    const record: RecordedActivity = { ...fields, seq: this.records.length + 1, at: new Date() };
    if (record.replyToId === undefined) delete record.replyToId;
    this.records.push(record);
    for (const waiter of [...this.waiters]) {
      if (record.seq > waiter.after && waiter.predicate(record)) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(record);
      }
    }
    this.emit('activity', record);
  }

  private assignId(): string {
    return `1:local-${this.nextId++}`;
  }

  private async readJson<T>(req: http.IncomingMessage, res: http.ServerResponse): Promise<T | undefined> {
    const bytes = await this.readBody(req, res);
    if (!bytes) return undefined;
    try {
      return JSON.parse(bytes.toString('utf8')) as T;
    } catch {
      sendJson(res, 400, { error: { code: 'BadSyntax', message: 'body is not JSON' } });
      return undefined;
    }
  }

  private readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.maxBodyBytes) {
          tooLarge = true;
          chunks.length = 0;
          return;
        }
        if (!tooLarge) chunks.push(chunk);
      });
      req.on('end', () => {
        if (!tooLarge) return resolve(Buffer.concat(chunks));
        sendJson(res, 413, {
          error: { code: 'MessageSizeTooBig', message: `over ${this.maxBodyBytes} bytes` },
        });
        resolve(undefined);
      });
      req.on('error', reject);
    });
  }
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** POSTs JSON without keep-alive (no sockets left open after a test) and parses a JSON answer. */
function postJson(url: string, body: unknown, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        timeout: timeoutMs,
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text === '' ? undefined : text;
          try {
            if (text !== '') parsed = JSON.parse(text);
          } catch {
            // Not JSON: keep the text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (
        ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN'].includes(code)
      ) {
        reject(new BotUnreachableError(url, code));
      } else {
        reject(error);
      }
    });
    req.end(payload);
  });
}

function summary(activity: Activity): string {
  if (typeof activity.text === 'string' && activity.text !== '')
    return JSON.stringify(activity.text.slice(0, 60));
  const types = activity.attachments?.map((a) => a.contentType).join(',');
  return types ? `[${types}]` : '';
}
