/**
 * The engineers' desk: escalated cases as cards in the engineers' Teams channel, takeover (race-safe:
 * one owner), relaying between the user's chat and the case's thread, engineer commands in the thread
 * (hand back, close, note, priority, timeline, queue), re-announcing what nobody took, and the closure
 * summary. Nothing here knows Bot Framework types: the channel is reached through `ChannelPort`
 * (channel.ts, implemented in src/bot) and the user's conversation through the notifier, as proactive
 * turns of the case machine. The thread's commands are read by commands.ts.
 */
import type { CaseEvent } from '../domain/events';
import type { EscalationReason, RelayedMessage, TimelineEvent } from '../domain/caseRecord';
import type { Locale } from '../domain/locale';
import type { ConversationSink } from '../domain/chat';
import type { Logger } from '../log';
import type { CaseFileRecord, CaseRow, EscalationRecord, Store } from '../storage/ports';
import {
  ESCALATION_CARD_ID,
  ESCALATION_VERBS,
  durationText,
  escalationCardData,
  reasonText,
} from '../cases/caseCard';
import { MASKING_OFF, MASKING_ON, maskSummary, maskText } from '../cases/mask';
import { buildCaseSummary, summaryText } from '../cases/summary';
import { eventEntry, inBoth, timelineText } from '../cases/timeline';
import { sharedFileId } from '../uploads/files';
import { formatCaseTime, hasKey, t } from '../i18n';
import type { ChannelActor, ChannelFile, ChannelPort, ChannelTurn, EngineersChannel } from './channel';
import { parseCommand } from './commands';

export interface DeskSettings {
  /** User ids (Teams or Entra object ids) of the engineers; empty: the members of the engineers' team. */
  roster: readonly string[];
  /** A fixed engineers' channel id; otherwise the first team channel the bot is installed in. */
  channelId?: string;
  reannounceMs: number;
  mask: boolean;
  /** The channel's language (cards, replies, summaries). */
  locale: Locale;
}

export interface DeskDeps {
  store: Store;
  channel: ChannelPort;
  /** Delivers events to the user's conversation as a proactive turn of its case machine. */
  notifyUser(conversationId: string, events: CaseEvent[], processedId: string): Promise<unknown>;
  card: (
    cardId: string,
    locale: Locale,
    data: Record<string, unknown>,
  ) => { card: object; fallbackText: string };
  text: (locale: Locale, key: string, params?: Record<string, string | number>) => string;
  logger: Logger;
  /**
   * The engineers' case link (src/uploads/caseFiles.ts): its page lists the user's uploads
   * (`<page>/artifacts/<id>`) and takes files for the user.
   */
  caseLinks: { issue(caseNumber: string): { pageUrl: string; expiresAt: number } };
  /** Fetches a file pasted into a case's thread and keeps it as a file shared with the case's user. */
  fetchShared(
    caseNumber: string,
    file: ChannelFile & { url: string },
    reference: unknown,
    by: string,
  ): Promise<CaseFileRecord>;
  settings: DeskSettings;
  now?: () => number;
}

const CHANNEL_KEY = 'engineers.channel';
/** Settings key prefix: a case card's activity id -> its case number (older cards of a case included). */
const CARD_KEY = 'engineers.card.';

/** Why an engineer's action was refused (`timeline.refusal.<key>`; `owner` for a case someone else has). */
interface Refusal {
  key: 'notEngineer' | 'ended' | 'notTaken' | 'takenBy' | 'ownedBy';
  owner?: string;
}
/** How long an answer about team membership is trusted (someone removed from the team loses access after it). */
const MEMBERSHIP_TTL_MS = 10 * 60_000;

export class EngineerDesk {
  private readonly now: () => number;
  /** Answers about team membership (without a roster), per team and user, until they expire. */
  private readonly members = new Map<string, { member: boolean; until: number }>();

  constructor(private readonly deps: DeskDeps) {
    this.now = deps.now ?? Date.now;
  }

  // ---- from the user's side (runner effects) ----

  /** A case goes to the engineers: recorded, and its card posted in the channel (if it is known yet). */
  async escalate(caseNumber: string, reason: EscalationReason): Promise<void> {
    const { record, opened } = await this.deps.store.escalations.open(caseNumber, reason, this.now());
    if (!opened) return;
    await this.timeline(caseNumber, 'bot', { key: 'escalated', params: { reason } });
    await this.announce(record);
  }

  /**
   * Messages for the user could not be delivered (given up after retries): on the case's timeline, and
   * the engineers are told — in the case's thread when they have it, otherwise by escalating the case.
   */
  async undeliverable(caseNumber: string, undelivered: Record<Locale, string>): Promise<void> {
    await this.timeline(caseNumber, 'bot', { key: 'undeliverable', params: { what: undelivered } });
    const what = undelivered[this.deps.settings.locale];
    const escalation = await this.deps.store.escalations.get(caseNumber);
    if (escalation && escalation.endedAt === undefined) {
      if (escalation.cardActivityId)
        await this.postToThread(caseNumber, this.say('desk.undeliverable', { what }));
      return;
    }
    await this.escalate(caseNumber, 'undeliverable');
  }

  /** The user wrote, sent a file, or new logs were diagnosed: into the case's thread for its engineer. */
  async relay(caseNumber: string, message: RelayedMessage): Promise<void> {
    const params = relayParams(message, this.mask);
    if (message.kind === 'upload') {
      params.link = `${this.deps.caseLinks.issue(caseNumber).pageUrl}/artifacts/${message.uploadId}`;
    }
    await this.postToThread(caseNumber, this.say(`desk.relay.${message.kind}`, params));
  }

  /** The user sent a file for the engineers (not logs): its download link into the thread. */
  async userFileReceived(record: CaseFileRecord): Promise<void> {
    await this.timeline(record.caseNumber, 'user', {
      key: 'userFileForEngineers',
      params: { file: record.name },
    });
    const link = `${this.deps.caseLinks.issue(record.caseNumber).pageUrl}/files/${record.id}`;
    await this.postToThread(
      record.caseNumber,
      this.say('desk.relay.userFile', { name: fileName(record.name, this.mask), link }),
    );
  }

  /** The case ended (survey and summary done): the closure summary in the thread, the escalation ended. */
  async caseClosed(caseNumber: string): Promise<void> {
    const escalation = await this.deps.store.escalations.get(caseNumber);
    const channel = await this.channel();
    if (!escalation) return;
    await this.deps.store.escalations.end(caseNumber, this.now());
    if (!escalation.cardActivityId || !channel) return;
    const row = await this.deps.store.cases.get(caseNumber);
    if (!row) return;
    const summary = buildCaseSummary(row, await this.deps.store.cases.timeline(caseNumber));
    const masked = this.deps.settings.mask
      ? maskSummary(summary, MASKING_ON)
      : maskSummary(summary, MASKING_OFF);
    await this.deps.channel.inThread(channel, escalation.cardActivityId, async (sink) => {
      await sink.sendText(summaryText(masked, this.deps.settings.locale));
    });
    await this.refreshCard(caseNumber);
  }

  /**
   * The case's owner gave the user a file (pasted in the thread, or dropped on the case page): it goes to
   * the user's chat in the owner's name, onto the timeline, and the thread is told.
   */
  async fileShared(record: CaseFileRecord): Promise<void> {
    const { caseNumber } = record;
    await this.timeline(caseNumber, 'engineer', {
      key: 'fileToUser',
      params: { name: record.by, file: record.name },
    });
    await this.toUser(
      caseNumber,
      { type: 'engineer.file', name: record.by, fileId: sharedFileId(record.id) },
      `file:${record.id}`,
    );
    await this.postToThread(
      caseNumber,
      this.say('desk.sharedSent', { name: fileName(record.name, this.mask) }),
    );
  }

  // ---- from the channel (src/bot routes channel activities here) ----

  /**
   * Handles an activity of the engineers' channel and returns true; false for any other channel (a case
   * conversation held in a channel goes to the case machine). The engineers' channel is the configured one,
   * or else the first team channel the bot is installed in.
   */
  async handle(turn: ChannelTurn, sink: ConversationSink): Promise<boolean> {
    // Teams sends an install as two activities at once: learning the channel is done one at a time.
    if (turn.kind !== 'install') return this.route(turn, sink);
    const run = this.installs.then(() => this.route(turn, sink));
    this.installs = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private installs: Promise<void> = Promise.resolve();

  /**
   * A team that is not the engineers' installed the bot: a polite word there (once; Teams announces an
   * install twice) and nothing else — its channel is not the queue and gets no case conversation.
   */
  private async refuseTeam(turn: ChannelTurn, sink: ConversationSink): Promise<boolean> {
    this.deps.logger.warn(
      { channelId: turn.channelId, teamId: turn.teamId, by: turn.actor.id },
      "installed in a team that is not the engineers'; refused",
    );
    if (await this.deps.store.channelActivities.claim(`refused-team|${turn.channelId}`, this.now())) {
      const locale = turn.locale && /^zh\b/i.test(turn.locale) ? 'zh-CN' : 'en';
      await sink.sendText(this.deps.text(locale, 'desk.notThisTeam'));
    }
    return true;
  }

  private async route(turn: ChannelTurn, sink: ConversationSink): Promise<boolean> {
    const channel = await this.channel();
    const fixed = this.deps.settings.channelId;
    const ours = fixed
      ? turn.channelId === fixed
      : channel
        ? channel.channelId === turn.channelId
        : turn.kind === 'install';
    if (!ours && turn.kind === 'install') return this.refuseTeam(turn, sink);
    if (!ours) return false;
    // A redelivered activity was handled the first time (at most once: a failure was reported then).
    if (turn.kind !== 'install' && turn.activityId) {
      const key = `${turn.channelId};${turn.threadRootId ?? ''}|${turn.activityId}`;
      if (!(await this.deps.store.channelActivities.claim(key, this.now()))) {
        this.deps.logger.info({ activityId: turn.activityId }, 'channel activity delivered again; ignored');
        return true;
      }
    }
    if (!channel || turn.kind === 'install') await this.learnChannel(turn, sink, !channel);
    else if (turn.botName && turn.botName !== channel.botName)
      await this.deps.store.settings.set(CHANNEL_KEY, { ...channel, botName: turn.botName });
    if (turn.kind !== 'install') await this.work(turn, sink);
    return true;
  }

  /**
   * The bot may read every message of the channel (resource-specific consent): engineers talking among
   * themselves get no answer unless they address the bot (a command, a card button, an @mention).
   */
  private async work(turn: ChannelTurn, sink: ConversationSink): Promise<void> {
    const command = parseCommand(turn.text ?? '');
    const addressed = turn.kind === 'action' || command !== undefined || turn.mentioned === true;
    if (!(await this.isEngineer(turn))) {
      if (!addressed) return;
      const card = turn.cardActivityId ?? turn.threadRootId;
      const escalation = card ? await this.deps.store.escalations.byCard(card) : undefined;
      const what = turn.verb ?? command?.name ?? inBoth('timeline.action.message');
      await this.refused(turn.actor, escalation?.caseNumber, what, { key: 'notEngineer' });
      await sink.sendText(this.say('desk.notEngineer', { name: turn.actor.name }));
      return;
    }
    if (turn.kind === 'action') return this.onAction(turn, sink);
    if (command?.name === 'queue') return this.listQueue(sink);
    if (command?.name === 'help' || !turn.threadRootId) {
      if (addressed) await sink.sendText(this.say('desk.help', { mention: await this.mention('me', turn) }));
      return;
    }
    const escalation = await this.caseOfThread(turn.threadRootId);
    if (!escalation) {
      // A reply the bot can read in a thread that is no case's is answered: every time when addressed, else
      // once per thread (engineers may talk there among themselves).
      if (addressed) await sink.sendText(this.say('desk.noCaseHere'));
      else if (await this.deps.store.channelActivities.claim(`no-case|${turn.threadRootId}`, this.now()))
        await sink.sendText(this.say('desk.noCaseThread', { mention: await this.mention('me', turn) }));
      return;
    }
    if (!command) return this.replyToUser(escalation, turn, sink);
    switch (command.name) {
      case 'take':
        return this.take(escalation, turn.actor, sink);
      case 'handback':
        return this.handBack(escalation, turn.actor, sink);
      case 'close':
        return this.close(escalation, turn.actor, sink);
      case 'timeline':
        return this.showTimeline(escalation.caseNumber, sink);
      case 'files':
        if (escalation.endedAt !== undefined) {
          await sink.sendText(this.say('desk.ended', { caseNumber: escalation.caseNumber }));
          return;
        }
        await sink.sendText(this.say('desk.caseFiles', this.caseLinkParams(escalation.caseNumber)));
        return;
      case 'send':
        if (!(await this.requireOpen(escalation, sink, turn.actor, 'send'))) return;
        await this.timeline(escalation.caseNumber, 'engineer', {
          key: 'fileToUser',
          params: { name: turn.actor.name, file: inBoth(`timeline.file.${command.fileId}`) },
        });
        await this.toUser(
          escalation.caseNumber,
          { type: 'engineer.file', name: turn.actor.name, fileId: command.fileId },
          'file',
        );
        await sink.sendText(this.say('desk.fileSent'));
        return;
      case 'note':
        await this.timeline(escalation.caseNumber, 'engineer', {
          key: 'engineerNote',
          params: { name: turn.actor.name, text: command.text },
        });
        await sink.sendText(this.say('desk.noted'));
        return;
      case 'priority':
        await this.deps.store.cases.setEngineerFields(
          escalation.caseNumber,
          { priority: command.priority },
          this.now(),
        );
        await this.timeline(escalation.caseNumber, 'engineer', {
          key: 'prioritySet',
          params: { name: turn.actor.name, priority: command.priority },
        });
        await this.refreshCard(escalation.caseNumber);
        await sink.sendText(this.say('desk.priority', { priority: command.priority }));
        return;
    }
  }

  /** Re-announces escalations nobody took for a while, and posts those that waited for a channel. */
  async sweep(): Promise<void> {
    const channel = await this.channel();
    if (!channel) return;
    const now = this.now();
    for (const escalation of await this.deps.store.escalations.listOpen()) {
      if (!escalation.cardActivityId) {
        await this.announce(escalation);
      } else if (
        escalation.takenById === undefined &&
        now - (escalation.announcedAt ?? escalation.requestedAt) >= this.deps.settings.reannounceMs
      ) {
        const waiting = durationText(now - escalation.requestedAt, this.deps.settings.locale);
        await this.deps.channel.inThread(channel, escalation.cardActivityId, async (sink) => {
          await sink.sendText(this.say('desk.stillWaiting', { caseNumber: escalation.caseNumber, waiting }));
        });
        await this.deps.store.escalations.touched(escalation.caseNumber, now);
        await this.refreshCard(escalation.caseNumber);
      }
    }
  }

  // ---- internals ----

  private get mask(): boolean {
    return this.deps.settings.mask;
  }

  /** Posts into the thread of the case's open escalation; false (and a warning) when there is none. */
  private async postToThread(caseNumber: string, text: string): Promise<boolean> {
    const escalation = await this.deps.store.escalations.get(caseNumber);
    const channel = await this.channel();
    if (!escalation?.cardActivityId || escalation.endedAt !== undefined || !channel) {
      this.deps.logger.warn({ caseNumber }, 'nothing to post into: no open escalation thread');
      return false;
    }
    await this.deps.channel.inThread(channel, escalation.cardActivityId, (sink) =>
      sink.sendText(text).then(() => {}),
    );
    return true;
  }

  private say(key: string, params?: Record<string, string | number>): string {
    return this.deps.text(this.deps.settings.locale, key, params);
  }

  /**
   * On the roster; without one, a member of the engineers' team — asked of Teams, since a shared channel
   * also holds people from outside the team. Answers are kept for a while; a failed check refuses.
   */
  private async isEngineer(turn: ChannelTurn): Promise<boolean> {
    const { actor } = turn;
    const { roster } = this.deps.settings;
    if (roster.length > 0)
      return (
        roster.includes(actor.id) || (actor.aadObjectId !== undefined && roster.includes(actor.aadObjectId))
      );
    const channel = await this.channel();
    const teamId = channel?.teamId ?? turn.teamId;
    if (!channel || !teamId) return false;
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

  /** The case a thread belongs to: the case whose card is its root, now or earlier (a case escalated again). */
  private async caseOfThread(rootActivityId: string): Promise<EscalationRecord | undefined> {
    const current = await this.deps.store.escalations.byCard(rootActivityId);
    if (current) return current;
    const caseNumber = await this.deps.store.settings.get(`${CARD_KEY}${rootActivityId}`);
    return typeof caseNumber === 'string' ? this.deps.store.escalations.get(caseNumber) : undefined;
  }

  /**
   * How to @mention the bot, for the hints: "@<its name as Teams shows it>" (from the activity, else the
   * channel as learned), or words for it when no name is known ('me' in the bot's replies, 'bot' on cards).
   */
  private async mention(fallback: 'me' | 'bot', turn?: ChannelTurn): Promise<string> {
    const name = turn?.botName ?? (await this.channel())?.botName;
    return name ? `@${name}` : this.say(fallback === 'me' ? 'desk.mentionMe' : 'desk.mentionBot');
  }

  private async channel(): Promise<EngineersChannel | undefined> {
    const stored = (await this.deps.store.settings.get(CHANNEL_KEY)) as EngineersChannel | undefined;
    const fixed = this.deps.settings.channelId;
    if (fixed && stored?.channelId !== fixed) return undefined;
    return stored;
  }

  /** Remembers how to reach the channel; the first time, says hello and posts what waited for it. */
  private async learnChannel(turn: ChannelTurn, sink: ConversationSink, first: boolean): Promise<void> {
    const channel: EngineersChannel = {
      channelId: turn.channelId,
      reference: turn.reference,
      ...(turn.teamId ? { teamId: turn.teamId } : {}),
      ...(turn.botName ? { botName: turn.botName } : {}),
    };
    await this.deps.store.settings.set(CHANNEL_KEY, channel);
    this.deps.logger.info({ channelId: turn.channelId }, 'engineers channel learned');
    if (!first) return;
    await sink.sendText(this.say('desk.installed', { mention: await this.mention('me', turn) }));
    await this.sweep();
  }

  /** Posts (or re-posts) the case card and remembers it as the case's thread. */
  private async announce(escalation: EscalationRecord): Promise<void> {
    const channel = await this.channel();
    if (!channel) {
      this.deps.logger.warn(
        { caseNumber: escalation.caseNumber },
        'no engineers channel yet; escalation waits',
      );
      return;
    }
    const rendered = await this.renderCard(escalation.caseNumber);
    if (!rendered) return;
    const activityId = await this.deps.channel.postThread(channel, rendered);
    await this.deps.store.escalations.announced(
      escalation.caseNumber,
      channel.channelId,
      activityId,
      this.now(),
    );
    // Every card the case ever had stays its thread (a case escalated again gets a new card).
    await this.deps.store.settings.set(`${CARD_KEY}${activityId}`, escalation.caseNumber);
    await this.timeline(escalation.caseNumber, 'bot', { key: 'cardPosted' });
    await this.pointToFiles(escalation.caseNumber);
  }

  /** What the user sent before the card was posted (logs, screenshots): the case page, under the card. */
  private async pointToFiles(caseNumber: string): Promise<void> {
    const [uploads, files] = await Promise.all([
      this.deps.store.uploads.listByCase(caseNumber),
      this.deps.store.caseFiles.listByCase(caseNumber),
    ]);
    const fromUser = files.filter((f) => f.direction === 'from-user').length;
    if (uploads.length + fromUser === 0) return;
    await this.postToThread(
      caseNumber,
      this.say('desk.filesWaiting', {
        uploads: uploads.length,
        files: fromUser,
        ...this.caseLinkParams(caseNumber),
      }),
    );
  }

  private async renderCard(caseNumber: string) {
    const [row, escalation] = await Promise.all([
      this.deps.store.cases.get(caseNumber),
      this.deps.store.escalations.get(caseNumber),
    ]);
    if (!row || !escalation) return undefined;
    const timeline = await this.deps.store.cases.timeline(caseNumber);
    const data = {
      ...escalationCardData(row, timeline, escalation, this.now(), {
        mask: this.mask,
        locale: this.deps.settings.locale,
      }),
      mention: await this.mention('bot'),
    };
    return this.deps.card(ESCALATION_CARD_ID, this.deps.settings.locale, data);
  }

  private async refreshCard(caseNumber: string): Promise<void> {
    const [escalation, channel] = await Promise.all([
      this.deps.store.escalations.get(caseNumber),
      this.channel(),
    ]);
    const rendered = await this.renderCard(caseNumber);
    if (!escalation?.cardActivityId || !channel || !rendered) return;
    const cardId = escalation.cardActivityId;
    await this.deps.channel.inThread(channel, cardId, (sink) =>
      sink.updateCard(cardId, rendered.card, rendered.fallbackText),
    );
  }

  private async onAction(turn: ChannelTurn, sink: ConversationSink): Promise<void> {
    const caseNumber = typeof turn.data?.caseNumber === 'string' ? turn.data.caseNumber : undefined;
    const escalation = caseNumber
      ? await this.deps.store.escalations.get(caseNumber)
      : turn.cardActivityId
        ? await this.deps.store.escalations.byCard(turn.cardActivityId)
        : undefined;
    if (!escalation) {
      await sink.sendText(this.say('desk.noCaseHere'));
      return;
    }
    if (turn.verb === ESCALATION_VERBS.take) return this.take(escalation, turn.actor, sink);
    if (turn.verb === ESCALATION_VERBS.timeline) return this.showTimeline(escalation.caseNumber, sink);
    await sink.sendText(this.say('desk.help'));
  }

  private async take(
    escalation: EscalationRecord,
    actor: ChannelActor,
    sink: ConversationSink,
  ): Promise<void> {
    const { caseNumber } = escalation;
    const won = await this.deps.store.escalations.take(
      caseNumber,
      { id: actor.aadObjectId ?? actor.id, name: actor.name },
      this.now(),
    );
    if (!won) {
      const current = await this.deps.store.escalations.get(caseNumber);
      const key = current?.endedAt !== undefined ? 'desk.ended' : 'desk.alreadyTaken';
      const why: Refusal =
        current?.endedAt !== undefined
          ? { key: 'ended' }
          : { key: 'takenBy', owner: current?.takenByName ?? '?' };
      await this.refused(actor, caseNumber, 'take', why);
      await sink.sendText(this.say(key, { caseNumber, name: current?.takenByName ?? '?' }));
      return;
    }
    await this.deps.store.cases.setEngineerFields(
      caseNumber,
      { owner: actor.name, status: 'with-engineer' },
      this.now(),
    );
    await this.timeline(caseNumber, 'engineer', { key: 'takenOver', params: { name: actor.name } });
    await this.refreshCard(caseNumber);
    await sink.sendText(
      this.say('desk.taken', { caseNumber, name: actor.name, mention: await this.mention('me') }),
    );
    await this.toUser(caseNumber, { type: 'engineer.joined', name: actor.name }, 'joined');
  }

  private async handBack(
    escalation: EscalationRecord,
    actor: ChannelActor,
    sink: ConversationSink,
  ): Promise<void> {
    if (!(await this.requireOpen(escalation, sink, actor, 'handback'))) return;
    await this.deps.store.escalations.end(escalation.caseNumber, this.now());
    await this.deps.store.cases.setEngineerFields(escalation.caseNumber, { owner: null }, this.now());
    await this.timeline(escalation.caseNumber, 'engineer', {
      key: 'handedBack',
      params: { name: actor.name },
    });
    await this.toUser(escalation.caseNumber, { type: 'engineer.handback', name: actor.name }, 'handback');
    await this.refreshCard(escalation.caseNumber);
    await sink.sendText(this.say('desk.handedBack', { caseNumber: escalation.caseNumber }));
  }

  private async close(
    escalation: EscalationRecord,
    actor: ChannelActor,
    sink: ConversationSink,
  ): Promise<void> {
    if (!(await this.requireOpen(escalation, sink, actor, 'close'))) return;
    await this.timeline(escalation.caseNumber, 'engineer', {
      key: 'closeProposed',
      params: { name: actor.name },
    });
    await this.toUser(escalation.caseNumber, { type: 'engineer.close', name: actor.name }, 'close');
    await sink.sendText(this.say('desk.closing', { caseNumber: escalation.caseNumber }));
  }

  private async requireOpen(
    escalation: EscalationRecord,
    sink: ConversationSink,
    actor: ChannelActor,
    what: string,
  ): Promise<boolean> {
    if (escalation.endedAt !== undefined) {
      await this.refused(actor, escalation.caseNumber, what, { key: 'ended' });
      await sink.sendText(this.say('desk.ended', { caseNumber: escalation.caseNumber }));
      return false;
    }
    if (escalation.takenById === undefined) {
      await this.refused(actor, escalation.caseNumber, what, { key: 'notTaken' });
      await sink.sendText(this.say('desk.takeFirst', { caseNumber: escalation.caseNumber }));
      return false;
    }
    return true;
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
      await this.timeline(caseNumber, 'bot', { key: 'refused', params: { name: actor.name, action, why } });
  }

  /** The owner's words go to the user; other engineers talking in the thread stay among engineers. */
  private async replyToUser(
    escalation: EscalationRecord,
    turn: ChannelTurn,
    sink: ConversationSink,
  ): Promise<void> {
    const owner = escalation.takenById === (turn.actor.aadObjectId ?? turn.actor.id);
    // A reply that cannot reach the user is answered, never dropped: the case left the engineers, or
    // nobody has taken it yet (the writer meant the user, or meant to take it).
    if (escalation.endedAt !== undefined) {
      await sink.sendText(this.say('desk.endedReply', { caseNumber: escalation.caseNumber }));
      return;
    }
    if (escalation.takenById === undefined) {
      await sink.sendText(this.say('desk.notTakenReply', { caseNumber: escalation.caseNumber }));
      return;
    }
    if (!owner) {
      // Talk among engineers in a taken case's thread stays there; say why (and log the refusal) only when
      // the writer addressed the bot.
      if (!turn.mentioned) return;
      await this.refused(turn.actor, escalation.caseNumber, inBoth('timeline.action.writeToUser'), {
        key: 'ownedBy',
        owner: escalation.takenByName ?? '?',
      });
      await sink.sendText(this.say('desk.notOwner', { name: escalation.takenByName ?? '?' }));
      return;
    }
    const text = turn.text ?? '';
    if (text) {
      await this.timeline(escalation.caseNumber, 'engineer', {
        key: 'engineerToUser',
        params: { name: turn.actor.name, text },
      });
      await this.toUser(
        escalation.caseNumber,
        { type: 'engineer.message', name: turn.actor.name, text },
        'message',
      );
    }
    if (turn.files?.length) await this.passFiles(escalation, turn, sink);
  }

  /**
   * Files in the owner's message: what the bot can fetch (pasted images, download links) goes to the user.
   * Files attached in a channel live in the team's SharePoint, which the bot cannot read without Microsoft
   * Graph (and the user usually cannot open): the owner gets the case page to drop them on instead.
   */
  private async passFiles(escalation: EscalationRecord, turn: ChannelTurn, sink: ConversationSink) {
    const { caseNumber } = escalation;
    const unreadable: string[] = [];
    for (const file of turn.files ?? []) {
      if (!file.url) {
        unreadable.push(file.name);
        continue;
      }
      let record: CaseFileRecord;
      try {
        record = await this.deps.fetchShared(
          caseNumber,
          { ...file, url: file.url },
          turn.reference,
          turn.actor.name,
        );
      } catch (err) {
        this.deps.logger.warn({ caseNumber, err }, 'could not fetch a file from the thread');
        unreadable.push(file.name);
        continue;
      }
      await this.fileShared(record);
    }
    if (unreadable.length === 0) return;
    await sink.sendText(
      this.say('desk.filesNotRelayed', { names: unreadable.join(', '), ...this.caseLinkParams(caseNumber) }),
    );
  }

  private caseLinkParams(caseNumber: string): Record<string, string> {
    const link = this.deps.caseLinks.issue(caseNumber);
    return {
      caseNumber,
      link: link.pageUrl,
      expires: formatCaseTime(link.expiresAt, this.deps.settings.locale, true),
    };
  }

  private async showTimeline(caseNumber: string, sink: ConversationSink): Promise<void> {
    const entries = await this.deps.store.cases.timeline(caseNumber);
    await sink.sendText(
      timelineText(caseNumber, entries, this.deps.settings.locale, { mask: this.mask, now: this.now() }),
    );
  }

  private async listQueue(sink: ConversationSink): Promise<void> {
    const open = await this.deps.store.escalations.listOpen();
    if (open.length === 0) {
      await sink.sendText(this.say('desk.queueEmpty'));
      return;
    }
    const now = this.now();
    const locale = this.deps.settings.locale;
    const rows = await Promise.all(open.map((e) => this.deps.store.cases.get(e.caseNumber)));
    const lines = open.map((e, i) => {
      const row = rows[i];
      const params = {
        caseNumber: e.caseNumber,
        priority: row?.priority ?? 'P3',
        waiting: durationText(now - e.requestedAt, locale),
        reason: reasonText(e.reason, locale),
        name: e.takenByName ?? '',
      };
      return `- ${this.say(e.takenByName ? 'desk.queueTaken' : 'desk.queueWaiting', params)}`;
    });
    await sink.sendText([this.say('desk.queueTitle', { count: open.length }), ...lines].join('\n'));
  }

  private async toUser(caseNumber: string, event: CaseEvent, what: string): Promise<void> {
    const row: CaseRow | undefined = await this.deps.store.cases.get(caseNumber);
    if (!row) return;
    await this.deps.notifyUser(row.conversationId, [event], `engineer:${what}:${caseNumber}:${this.now()}`);
  }

  /** An entry on the case's timeline, as an event (rendered in each reader's language). */
  private async timeline(caseNumber: string, actor: string, event: TimelineEvent): Promise<void> {
    await this.deps.store.cases.appendTimeline(eventEntry(caseNumber, this.now(), actor, event));
  }
}

/**
 * A file name for a message in the channel: masked like other personal data, and with Markdown's
 * characters escaped, so that a name like `[x](https://…)` is shown, not turned into a link.
 */
export function fileName(name: string, mask: boolean): string {
  return maskText(name, mask ? MASKING_ON : MASKING_OFF).replace(/[\\`*_[\]()<>#!|]/g, (c) => `\\${c}`);
}

function relayParams(message: RelayedMessage, mask: boolean): Record<string, string> {
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
  }
}
