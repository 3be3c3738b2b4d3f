/**
 * The engineers' desk: escalated cases as cards in the engineers' Teams channel, takeover (race-safe:
 * one owner), relaying between the user's chat and the case's thread, engineer commands in the thread
 * (thread.ts), re-announcing what nobody took, and the closure summary. Nothing here knows Bot Framework
 * types: the channel is reached through `ChannelPort` (channel.ts, implemented in src/bot) and the user's
 * conversation through the notifier, as proactive turns of the case machine.
 *
 * Everything the desk says in Teams is queued in the outbox (posts.ts) and sent by the deliverer, with
 * the retries and the crash-safety of every other message.
 */
import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '../domain/events';
import type { EscalationReason, RelayedMessage, TimelineEvent } from '../domain/caseRecord';
import type { Locale } from '../domain/locale';
import type { CaseFileRecord, EscalationRecord } from '../storage/ports';
import { durationText } from '../cards/data/escalation';
import { MASKING_OFF, MASKING_ON, maskSummary, maskText } from '../cases/mask';
import { buildCaseSummary, summaryText } from '../cases/summary';
import { eventEntry, inBoth } from '../cases/timeline';
import { hasKey, t } from '../i18n';
import { sharedFileId } from '../uploads/files';
import type { ChannelActor, ChannelTurn, EngineersChannel } from './channel';
import { parseCommand } from './commands';
import { CARD_KEY, fileName, type DeskContext, type DeskDeps, type Refusal } from './context';
import { DeskPosts, deskLane, type ChannelPost } from './posts';
import { ThreadActions, type TurnOut } from './thread';
import { CHANNEL_KEY, onRoster, recheckChannel, standing, type StoredChannel } from './recheck';

export { fileName, type DeskDeps, type DeskSettings } from './context';

/** How long an answer about team membership is trusted (someone removed from the team loses access after it). */
const MEMBERSHIP_TTL_MS = 10 * 60_000;

export class EngineerDesk {
  private readonly now: () => number;
  /** Answers about team membership (without a roster), per team and user, until they expire. */
  private readonly members = new Map<string, { member: boolean; until: number }>();
  readonly posts: DeskPosts;
  private readonly ctx: DeskContext;
  private readonly thread: ThreadActions;

  constructor(private readonly deps: DeskDeps) {
    this.now = deps.now ?? Date.now;
    const timeline = (caseNumber: string, actor: string, event: TimelineEvent) =>
      deps.store.cases.appendTimeline(eventEntry(caseNumber, this.now(), actor, event));
    this.posts = new DeskPosts({
      store: deps.store,
      channel: deps.channel,
      queued: deps.queued,
      card: deps.card,
      engineersChannel: () => this.channel(),
      afterAnnounce: (caseNumber, announceId) => this.pointToFiles(caseNumber, `${announceId}|files`),
      timeline,
      mention: () => this.mention('bot'),
      settings: deps.settings,
      logger: deps.logger,
      now: this.now,
    });
    this.ctx = {
      deps,
      posts: this.posts,
      now: this.now,
      say: (key, params) => this.say(key, params),
      timeline,
      toUser: (caseNumber, event, what) => this.toUser(caseNumber, event, what),
      engineersChannel: () => this.channel(),
      refused: (actor, caseNumber, action, refusal) => this.refused(actor, caseNumber, action, refusal),
      caseOfThread: (root) => this.caseOfThread(root),
      mention: (fallback, turn) => this.mention(fallback, turn),
      fileShared: (record) => this.fileShared(record),
    };
    this.thread = new ThreadActions(this.ctx);
  }

  /** Carries out a post the outbox holds (the deliverer calls it). */
  deliver(post: ChannelPost, entryId: string): Promise<void> {
    return this.posts.deliver(post, entryId);
  }

  // ---- from the user's side (runner effects; `key` makes what they queue one message however often they run) ----

  /** A case goes to the engineers: recorded, and its card queued for the channel (if it is known yet). */
  async escalate(caseNumber: string, reason: EscalationReason): Promise<void> {
    const { record, opened } = await this.deps.store.escalations.open(caseNumber, reason, this.now());
    if (!opened) return;
    await this.ctx.timeline(caseNumber, 'bot', { key: 'escalated', params: { reason } });
    await this.announce(record);
  }

  /**
   * Messages for the user could not be delivered (given up after retries): on the case's timeline, and
   * the engineers are told — in the case's thread when they have it, otherwise by escalating the case.
   */
  async undeliverable(caseNumber: string, undelivered: Record<Locale, string>, key: string): Promise<void> {
    await this.ctx.timeline(caseNumber, 'bot', { key: 'undeliverable', params: { what: undelivered } });
    const what = undelivered[this.deps.settings.locale];
    const escalation = await this.deps.store.escalations.get(caseNumber);
    if (escalation && escalation.endedAt === undefined) {
      await this.posts.toThread(caseNumber, `${key}|undeliverable`, this.say('desk.undeliverable', { what }));
      return;
    }
    await this.escalate(caseNumber, 'undeliverable');
  }

  /** The user wrote, sent a file, or new logs were diagnosed: into the case's thread for its engineer. */
  async relay(caseNumber: string, message: RelayedMessage, key: string): Promise<void> {
    const params = relayParams(message, this.mask, this.deps.settings.locale);
    if (message.kind === 'upload') {
      params.link = `${this.deps.caseLinks.issue(caseNumber).pageUrl}/artifacts/${message.uploadId}`;
    }
    await this.posts.toThread(caseNumber, `${key}|relay`, this.say(`desk.relay.${message.kind}`, params));
  }

  /** The user sent a file for the engineers (not logs): its download link into the thread. */
  async userFileReceived(record: CaseFileRecord): Promise<void> {
    await this.ctx.timeline(record.caseNumber, 'user', {
      key: 'userFileForEngineers',
      params: { file: record.name },
    });
    const link = `${this.deps.caseLinks.issue(record.caseNumber).pageUrl}/files/${record.id}`;
    await this.posts.toThread(
      record.caseNumber,
      `file:${record.id}|received`,
      this.say('desk.relay.userFile', { name: fileName(record.name, this.mask), link }),
    );
  }

  /** The case ended (survey and summary done): the closure summary in the thread, the escalation ended. */
  async caseClosed(caseNumber: string, key: string): Promise<void> {
    const escalation = await this.deps.store.escalations.get(caseNumber);
    const channel = await this.channel();
    if (!escalation) return;
    await this.deps.store.escalations.end(caseNumber, this.now());
    if (!escalation.cardActivityId || !channel) return;
    const row = await this.deps.store.cases.get(caseNumber);
    if (!row) return;
    const summary = buildCaseSummary(row, await this.deps.store.cases.timeline(caseNumber));
    const masked = maskSummary(summary, this.mask ? MASKING_ON : MASKING_OFF);
    await this.posts.queue(deskLane(channel.channelId), [
      {
        id: `${key}|summary`,
        post: { op: 'thread', caseNumber, text: summaryText(masked, this.deps.settings.locale) },
      },
      { id: `${key}|refresh`, post: { op: 'refresh', caseNumber } },
    ]);
  }

  /**
   * The case's owner gave the user a file (pasted in the thread, or dropped on the case page): it goes to
   * the user's chat in the owner's name, onto the timeline, and the thread is told.
   */
  async fileShared(record: CaseFileRecord): Promise<void> {
    const { caseNumber } = record;
    await this.ctx.timeline(caseNumber, 'engineer', {
      key: 'fileToUser',
      params: { name: record.by, file: record.name },
    });
    await this.toUser(
      caseNumber,
      { type: 'engineer.file', name: record.by, fileId: sharedFileId(record.id) },
      `file:${record.id}`,
    );
    await this.posts.toThread(
      caseNumber,
      `file:${record.id}|shared`,
      this.say('desk.sharedSent', { name: fileName(record.name, this.mask) }),
    );
  }

  // ---- from the channel (src/bot routes channel activities here) ----

  /**
   * Handles an activity of the engineers' channel and returns true; false for any other channel (a case
   * conversation held in a channel goes to the case machine). Its answers are queued in the lane
   * `deskLane(turn.channelId)`. The engineers' channel is the configured one, or else the first team
   * channel the bot is installed in (with a roster, by an engineer on it).
   */
  async handle(turn: ChannelTurn): Promise<boolean> {
    // Teams sends an install as two activities at once: learning the channel is done one at a time.
    if (turn.kind !== 'install') return this.route(turn);
    const run = this.installs.then(() => this.route(turn));
    this.installs = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private installs: Promise<void> = Promise.resolve();

  /** Re-announces escalations nobody took for a while, and posts those that waited for a channel. */
  async sweep(): Promise<void> {
    await this.recheckChannel();
    const channel = await this.channel();
    if (!channel) return;
    const now = this.now();
    const lane = deskLane(channel.channelId);
    // Cards on their way already (a card whose tries were given up is queued anew).
    const queued = new Set(
      (await this.deps.store.outbox.pending(lane))
        .map((e) => e.payload.post as ChannelPost | undefined)
        .flatMap((post) => (post?.op === 'announce' ? [post.caseNumber] : [])),
    );
    for (const escalation of await this.deps.store.escalations.listOpen()) {
      const { caseNumber } = escalation;
      // A card posted in a channel that is no longer the engineers' (recheck.ts) is posted again here.
      const elsewhere =
        escalation.channelConversationId !== undefined &&
        escalation.channelConversationId !== channel.channelId;
      if (!escalation.cardActivityId || elsewhere) {
        // It waited for the channel, or the tries to post its card were given up.
        if (!queued.has(caseNumber)) await this.announce(escalation, `|${now}`);
      } else if (
        escalation.takenById === undefined &&
        now - (escalation.announcedAt ?? escalation.requestedAt) >= this.deps.settings.reannounceMs
      ) {
        const round = `${caseNumber}|${escalation.announcedAt ?? escalation.requestedAt}`;
        const waiting = durationText(now - escalation.requestedAt, this.deps.settings.locale);
        await this.deps.store.escalations.touched(caseNumber, now);
        await this.posts.queue(lane, [
          {
            id: `${round}|still-waiting`,
            post: { op: 'thread', caseNumber, text: this.say('desk.stillWaiting', { caseNumber, waiting }) },
          },
          { id: `${round}|still-waiting-refresh`, post: { op: 'refresh', caseNumber } },
        ]);
      }
    }
  }

  // ---- internals ----

  private get mask(): boolean {
    return this.deps.settings.mask;
  }

  private say(key: string, params?: Record<string, string | number>): string {
    return this.deps.text(this.deps.settings.locale, key, params);
  }

  /**
   * Where a channel turn's answers go: the turn's own thread, under ids derived from the activity; work
   * that needs the network is put in `later` (run after the turn's commit).
   */
  private out(turn: ChannelTurn, later: Array<() => Promise<void>>): TurnOut {
    const lane = deskLane(turn.channelId);
    const base = `${turn.threadRootId ?? ''}|${turn.activityId ?? randomUUID()}`;
    let replies = 0;
    return {
      id: (label) => `${base}|${label}`,
      later: (step) => void later.push(step),
      reply: (text) =>
        this.posts.queue(lane, [
          { id: `${base}|reply-${++replies}`, post: { op: 'reply', reference: turn.reference, text } },
        ]),
    };
  }

  /**
   * May this install make the channel the engineers'? With a roster, only when someone on it installed
   * the bot: a team of outsiders installing it first must not receive the escalations. Without one (no
   * credentials: local development, see config.ts), the first install.
   */
  private mayLearnFrom(actor: ChannelActor): boolean {
    const { roster } = this.deps.settings;
    return roster.length === 0 || this.onRoster(actor);
  }

  private onRoster(actor: ChannelActor): boolean {
    return onRoster(this.deps.settings.roster, actor);
  }

  /**
   * Re-checks a learned channel against the rules in force now (recheck.ts): at start, and at each sweep
   * until Teams could be asked. Until then a channel the rules do not vouch for gets no escalations.
   */
  async recheckChannel(): Promise<void> {
    if (this.channelChecked) return;
    try {
      await recheckChannel(this.deps, this.now());
      this.channelChecked = true;
    } catch (err) {
      this.deps.logger.warn({ err }, "could not re-check the engineers' channel; will try again");
    }
  }

  private channelChecked = false;

  /**
   * A team that is not the engineers' installed the bot: a polite word there (once; Teams announces an
   * install twice) and nothing else — its channel is not the queue and gets no case conversation.
   */
  private async refuseTeam(turn: ChannelTurn): Promise<boolean> {
    this.deps.logger.warn(
      { channelId: turn.channelId, teamId: turn.teamId, by: turn.actor.id },
      "installed in a team that is not the engineers'; refused",
    );
    const locale = turn.locale && /^zh\b/i.test(turn.locale) ? 'zh-CN' : 'en';
    await this.posts.queue(deskLane(turn.channelId), [
      {
        id: `refused-team|${turn.channelId}`,
        post: { op: 'reply', reference: turn.reference, text: this.deps.text(locale, 'desk.notThisTeam') },
      },
    ]);
    return true;
  }

  private async route(turn: ChannelTurn): Promise<boolean> {
    const channel = await this.channel();
    const fixed = this.deps.settings.channelId;
    const ours = fixed
      ? turn.channelId === fixed
      : channel
        ? channel.channelId === turn.channelId
        : turn.kind === 'install' && this.mayLearnFrom(turn.actor);
    if (!ours && turn.kind === 'install') return this.refuseTeam(turn);
    if (!ours) return false;
    // Asking Teams who is an engineer is done before the unit below: nothing in it waits for the network.
    const engineer = turn.kind !== 'install' && (await this.isEngineer(turn, channel));
    const later: Array<() => Promise<void>> = [];
    // One transaction: the activity marked handled, what it changes (a case taken, handed back, noted) and
    // the answers queued. A process killed half-way leaves none of it, and Teams' redelivery is handled
    // in full; once committed, a redelivery is recognised and skipped.
    await this.deps.store.atomically(async () => {
      if (turn.kind !== 'install' && turn.activityId) {
        const key = `${turn.channelId};${turn.threadRootId ?? ''}|${turn.activityId}`;
        if (!(await this.deps.store.channelActivities.claim(key, this.now()))) {
          this.deps.logger.info({ activityId: turn.activityId }, 'channel activity delivered again; ignored');
          return;
        }
      }
      if (!channel || turn.kind === 'install') await this.learnChannel(turn, !channel);
      else if (turn.botName && turn.botName !== channel.botName)
        await this.deps.store.settings.set(CHANNEL_KEY, { ...channel, botName: turn.botName });
      if (turn.kind !== 'install') await this.work(turn, this.out(turn, later), engineer);
    });
    // What needs the network (files fetched from the thread) runs once the turn is committed.
    for (const step of later) await step();
    return true;
  }

  /**
   * The bot may read every message of the channel (resource-specific consent): engineers talking among
   * themselves get no answer unless they address the bot (a command, a card button, an @mention).
   */
  private async work(turn: ChannelTurn, out: TurnOut, engineer: boolean): Promise<void> {
    const command = parseCommand(turn.text ?? '');
    const addressed = turn.kind === 'action' || command !== undefined || turn.mentioned === true;
    if (engineer) return this.thread.act(turn, command, addressed, out);
    if (!addressed) return;
    const card = turn.cardActivityId ?? turn.threadRootId;
    const escalation = card ? await this.deps.store.escalations.byCard(card) : undefined;
    const what = turn.verb ?? command?.name ?? inBoth('timeline.action.message');
    await this.refused(turn.actor, escalation?.caseNumber, what, { key: 'notEngineer' });
    await out.reply(this.say('desk.notEngineer', { name: turn.actor.name }));
  }

  /**
   * On the roster; without one, a member of the engineers' team — asked of Teams, since a shared channel
   * also holds people from outside the team. Answers are kept for a while; a failed check refuses.
   */
  private async isEngineer(turn: ChannelTurn, learned: EngineersChannel | undefined): Promise<boolean> {
    const { actor } = turn;
    if (this.deps.settings.roster.length > 0) return this.onRoster(actor);
    // The channel as it is about to be learned, when this turn is the first one heard from it.
    const channel = learned ?? { channelId: turn.channelId, reference: turn.reference, teamId: turn.teamId };
    const teamId = channel.teamId ?? turn.teamId;
    if (!teamId) return false;
    const key = `${teamId}|${actor.id}`;
    const known = this.members.get(key);
    if (known && known.until > this.now()) return known.member;
    let member: boolean;
    try {
      member = await this.deps.channel.isTeamMember(channel, teamId, actor.id);
    } catch (err) {
      this.deps.logger.warn({ err, teamId }, 'could not check membership of the engineers team; refused');
      return false;
    }
    this.members.set(key, { member, until: this.now() + MEMBERSHIP_TTL_MS });
    return member;
  }

  /** The engineers' channel, when one is known and the rules in force vouch for it (recheck.ts). */
  private async channel(): Promise<EngineersChannel | undefined> {
    const stored = (await this.deps.store.settings.get(CHANNEL_KEY)) as StoredChannel | null | undefined;
    return stored && standing(stored, this.deps.settings) === 'trusted' ? stored : undefined;
  }

  /** Remembers how to reach the channel; the first time, says hello and posts what waited for it. */
  private async learnChannel(turn: ChannelTurn, first: boolean): Promise<void> {
    const channel: StoredChannel = {
      channelId: turn.channelId,
      reference: turn.reference,
      learnedFrom: {
        id: turn.actor.id,
        ...(turn.actor.aadObjectId ? { aadObjectId: turn.actor.aadObjectId } : {}),
      },
      ...(turn.teamId ? { teamId: turn.teamId } : {}),
      ...(turn.botName ? { botName: turn.botName } : {}),
    };
    await this.deps.store.settings.set(CHANNEL_KEY, channel);
    this.deps.logger.info({ channelId: turn.channelId, by: turn.actor.id }, 'engineers channel learned');
    if (!first) return;
    await this.posts.queue(deskLane(turn.channelId), [
      {
        id: `installed|${turn.channelId}`,
        post: {
          op: 'reply',
          reference: turn.reference,
          text: this.say('desk.installed', { mention: await this.mention('me', turn) }),
        },
      },
    ]);
    await this.sweep();
  }

  /** Queues the case card (a new post, the root of the case's thread); `again` names a new try. */
  private async announce(escalation: EscalationRecord, again = ''): Promise<void> {
    const { caseNumber, requestedAt } = escalation;
    const channel = await this.channel();
    if (!channel) {
      this.deps.logger.warn({ caseNumber }, 'no engineers channel yet; escalation waits');
      return;
    }
    await this.posts.queue(deskLane(channel.channelId), [
      {
        id: `${caseNumber}|${requestedAt}|announce${again}`,
        post: { op: 'announce', caseNumber, requestedAt },
      },
    ]);
  }

  /** What the user sent before the card was posted (logs, screenshots): the case page, under the card. */
  private async pointToFiles(caseNumber: string, id: string): Promise<void> {
    const [uploads, files] = await Promise.all([
      this.deps.store.uploads.listByCase(caseNumber),
      this.deps.store.caseFiles.listByCase(caseNumber),
    ]);
    const fromUser = files.filter((f) => f.direction === 'from-user').length;
    if (uploads.length + fromUser === 0) return;
    await this.posts.toThread(
      caseNumber,
      id,
      this.say('desk.filesWaiting', {
        uploads: uploads.length,
        files: fromUser,
        ...this.thread.caseLinkParams(caseNumber),
      }),
    );
  }

  /** A refused action on the audit trail: the log always, the case's timeline when it concerns a case. */
  private async refused(
    actor: ChannelActor,
    caseNumber: string | undefined,
    action: string | Record<Locale, string>,
    refusal: Refusal,
  ) {
    const why = inBoth(`timeline.refusal.${refusal.key}`, { owner: refusal.owner ?? '?' });
    // A command or card verb ('take', 'escalation.take'): as typed in English, by its name in Chinese.
    const command =
      typeof action === 'string' ? `timeline.action.${action.replace(/^escalation\./, '')}` : '';
    if (typeof action === 'string' && hasKey(command)) action = { en: action, 'zh-CN': t('zh-CN', command) };
    this.deps.logger.warn(
      {
        audit: 'refused',
        actor: actor.aadObjectId ?? actor.id,
        caseNumber,
        action: typeof action === 'string' ? action : action.en,
        why: why.en,
      },
      'engineer action refused',
    );
    if (caseNumber)
      await this.ctx.timeline(caseNumber, 'bot', {
        key: 'refused',
        params: { name: actor.name, action, why },
      });
  }

  /** The case a thread belongs to: the case whose card is its root, now or earlier (a case escalated again). */
  private async caseOfThread(rootActivityId: string): Promise<EscalationRecord | undefined> {
    const current = await this.deps.store.escalations.byCard(rootActivityId);
    if (current) return current;
    const caseNumber = await this.deps.store.settings.get(`${CARD_KEY}${rootActivityId}`);
    return typeof caseNumber === 'string' ? this.deps.store.escalations.get(caseNumber) : undefined;
  }

  /** See DeskContext.mention. */
  private async mention(fallback: 'me' | 'bot', turn?: ChannelTurn): Promise<string> {
    const name = turn?.botName ?? (await this.channel())?.botName;
    return name ? `@${name}` : this.say(fallback === 'me' ? 'desk.mentionMe' : 'desk.mentionBot');
  }

  /** Queues `event` for the case's user; `key` is stable (the channel activity or the file it comes from). */
  private async toUser(caseNumber: string, event: CaseEvent, key: string): Promise<void> {
    const row = await this.deps.store.cases.get(caseNumber);
    if (!row) return;
    await this.deps.notifyUser(row.conversationId, [event], `engineer:${key}`, caseNumber);
  }
}

function relayParams(message: RelayedMessage, mask: boolean, locale: Locale): Record<string, string> {
  const m = (text: string) => maskText(text, mask ? MASKING_ON : MASKING_OFF);
  switch (message.kind) {
    case 'text':
      return { text: m(message.text) };
    case 'file':
    case 'upload':
      return { name: fileName(message.name, mask) };
    case 'diagnosis':
      return {
        machine: m(message.machine),
        error: message.errorCode ? `${message.errorCode} ${message.symbolicName ?? ''}`.trim() : '-',
      };
    case 'closureDeclined':
      return {};
    case 'planResumed':
      return { text: m(message.text), number: String(message.number), title: message.title[locale] };
  }
}
