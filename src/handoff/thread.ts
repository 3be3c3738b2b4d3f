/**
 * What engineers do in the engineers' channel: card buttons and commands in a case's thread (take, hand
 * back, close, send a file, note, priority, timeline, files, queue) and the owner's words and files for the
 * user. The answers in the channel are queued in the desk's outbox lane (`TurnOut`), like every post.
 */
import type { CaseFileRecord, EscalationRecord } from '../storage/ports';
import { ESCALATION_VERBS, durationText, reasonText } from '../cards/data/escalation';
import { inBoth, timelineText } from '../cases/timeline';
import { formatCaseTime } from '../i18n';
import { crashPoint } from '../faults';
import type { ChannelActor, ChannelTurn } from './channel';
import type { Command } from './commands';
import type { DeskContext, Refusal } from './context';

/** Where a channel turn's answers go: queued, each under a stable id derived from the activity. */
export interface TurnOut {
  reply(text: string): Promise<void>;
  /** A stable id for something else this turn queues (a card refresh, an event for the user). */
  id(label: string): string;
  /** Work that needs the network (fetching a file): run after the turn's transaction commits. */
  later(step: () => Promise<void>): void;
}

export class ThreadActions {
  constructor(private readonly ctx: DeskContext) {}

  /** An engineer's card action or command (the caller checked that the writer is an engineer). */
  async act(turn: ChannelTurn, command: Command | undefined, addressed: boolean, out: TurnOut) {
    const { store } = this.ctx.deps;
    if (turn.kind === 'action') return this.onAction(turn, out);
    if (command?.name === 'queue') return this.listQueue(out);
    if (command?.name === 'help' || !turn.threadRootId) {
      if (addressed)
        await out.reply(this.ctx.say('desk.help', { mention: await this.ctx.mention('me', turn) }));
      return;
    }
    const escalation = await this.ctx.caseOfThread(turn.threadRootId);
    if (!escalation) {
      // A reply the bot can read in a thread that is no case's is answered: every time when addressed, else
      // once per thread (engineers may talk there among themselves).
      if (addressed) await out.reply(this.ctx.say('desk.noCaseHere'));
      else if (await store.channelActivities.claim(`no-case|${turn.threadRootId}`, this.ctx.now()))
        await out.reply(this.ctx.say('desk.noCaseThread', { mention: await this.ctx.mention('me', turn) }));
      return;
    }
    if (!command) return this.replyToUser(escalation, turn, out);
    const { caseNumber } = escalation;
    switch (command.name) {
      case 'take':
        return this.take(escalation, turn.actor, out);
      case 'handback':
        return this.handBack(escalation, turn.actor, out);
      case 'close':
        return this.close(escalation, turn.actor, out);
      case 'timeline':
        return this.showTimeline(caseNumber, out);
      case 'files':
        if (escalation.endedAt !== undefined) {
          await out.reply(this.ctx.say('desk.ended', { caseNumber }));
          return;
        }
        await out.reply(this.ctx.say('desk.caseFiles', this.caseLinkParams(caseNumber)));
        return;
      case 'send':
        if (!(await this.requireOpen(escalation, out, turn.actor, 'send'))) return;
        await this.ctx.timeline(caseNumber, 'engineer', {
          key: 'fileToUser',
          params: { name: turn.actor.name, file: inBoth(`timeline.file.${command.fileId}`) },
        });
        await this.ctx.toUser(
          caseNumber,
          { type: 'engineer.file', name: turn.actor.name, fileId: command.fileId },
          out.id('file'),
        );
        await out.reply(this.ctx.say('desk.fileSent'));
        return;
      case 'note':
        await this.ctx.timeline(caseNumber, 'engineer', {
          key: 'engineerNote',
          params: { name: turn.actor.name, text: command.text },
        });
        await out.reply(this.ctx.say('desk.noted'));
        return;
      case 'priority':
        await store.cases.setEngineerFields(caseNumber, { priority: command.priority }, this.ctx.now());
        await this.ctx.timeline(caseNumber, 'engineer', {
          key: 'prioritySet',
          params: { name: turn.actor.name, priority: command.priority },
        });
        await this.ctx.posts.refresh(caseNumber, out.id('refresh'));
        await out.reply(this.ctx.say('desk.priority', { priority: command.priority }));
        return;
    }
  }

  /** The engineers' case page (uploads, files, a file for the user) and until when the link works. */
  caseLinkParams(caseNumber: string): Record<string, string> {
    const link = this.ctx.deps.caseLinks.issue(caseNumber);
    return {
      caseNumber,
      link: link.pageUrl,
      expires: formatCaseTime(link.expiresAt, this.ctx.deps.settings.locale, true),
    };
  }

  private async onAction(turn: ChannelTurn, out: TurnOut): Promise<void> {
    const { store } = this.ctx.deps;
    const caseNumber = typeof turn.data?.caseNumber === 'string' ? turn.data.caseNumber : undefined;
    const escalation = caseNumber
      ? await store.escalations.get(caseNumber)
      : turn.cardActivityId
        ? await store.escalations.byCard(turn.cardActivityId)
        : undefined;
    if (!escalation) {
      await out.reply(this.ctx.say('desk.noCaseHere'));
      return;
    }
    if (turn.verb === ESCALATION_VERBS.take) return this.take(escalation, turn.actor, out);
    if (turn.verb === ESCALATION_VERBS.timeline) return this.showTimeline(escalation.caseNumber, out);
    await out.reply(this.ctx.say('desk.help'));
  }

  private async take(escalation: EscalationRecord, actor: ChannelActor, out: TurnOut): Promise<void> {
    const { store } = this.ctx.deps;
    const { caseNumber } = escalation;
    const won = await store.escalations.take(
      caseNumber,
      { id: actor.aadObjectId ?? actor.id, name: actor.name },
      this.ctx.now(),
    );
    // The moment the crash tests kill the process: taken, nothing answered yet (all one transaction).
    crashPoint('desk.after-take');
    if (!won) {
      const current = await store.escalations.get(caseNumber);
      const ended = current?.endedAt !== undefined;
      const why: Refusal = ended ? { key: 'ended' } : { key: 'takenBy', owner: current?.takenByName ?? '?' };
      await this.ctx.refused(actor, caseNumber, 'take', why);
      await out.reply(
        this.ctx.say(ended ? 'desk.ended' : 'desk.alreadyTaken', {
          caseNumber,
          name: current?.takenByName ?? '?',
        }),
      );
      return;
    }
    await store.cases.setEngineerFields(
      caseNumber,
      { owner: actor.name, status: 'with-engineer' },
      this.ctx.now(),
    );
    await this.ctx.timeline(caseNumber, 'engineer', { key: 'takenOver', params: { name: actor.name } });
    await this.ctx.posts.refresh(caseNumber, out.id('refresh'));
    await out.reply(
      this.ctx.say('desk.taken', { caseNumber, name: actor.name, mention: await this.ctx.mention('me') }),
    );
    await this.ctx.toUser(caseNumber, { type: 'engineer.joined', name: actor.name }, out.id('joined'));
  }

  private async handBack(escalation: EscalationRecord, actor: ChannelActor, out: TurnOut): Promise<void> {
    const { store } = this.ctx.deps;
    const { caseNumber } = escalation;
    if (!(await this.requireOpen(escalation, out, actor, 'handback'))) return;
    await store.escalations.end(caseNumber, this.ctx.now());
    await store.cases.setEngineerFields(caseNumber, { owner: null }, this.ctx.now());
    await this.ctx.timeline(caseNumber, 'engineer', { key: 'handedBack', params: { name: actor.name } });
    await this.ctx.toUser(caseNumber, { type: 'engineer.handback', name: actor.name }, out.id('handback'));
    await this.ctx.posts.refresh(caseNumber, out.id('refresh'));
    await out.reply(this.ctx.say('desk.handedBack', { caseNumber }));
  }

  private async close(escalation: EscalationRecord, actor: ChannelActor, out: TurnOut): Promise<void> {
    const { caseNumber } = escalation;
    if (!(await this.requireOpen(escalation, out, actor, 'close'))) return;
    await this.ctx.timeline(caseNumber, 'engineer', { key: 'closeProposed', params: { name: actor.name } });
    await this.ctx.toUser(caseNumber, { type: 'engineer.close', name: actor.name }, out.id('close'));
    await out.reply(this.ctx.say('desk.closing', { caseNumber }));
  }

  private async requireOpen(
    escalation: EscalationRecord,
    out: TurnOut,
    actor: ChannelActor,
    what: string,
  ): Promise<boolean> {
    const { caseNumber } = escalation;
    if (escalation.endedAt !== undefined) {
      await this.ctx.refused(actor, caseNumber, what, { key: 'ended' });
      await out.reply(this.ctx.say('desk.ended', { caseNumber }));
      return false;
    }
    if (escalation.takenById === undefined) {
      await this.ctx.refused(actor, caseNumber, what, { key: 'notTaken' });
      await out.reply(this.ctx.say('desk.takeFirst', { caseNumber }));
      return false;
    }
    return true;
  }

  /** The owner's words go to the user; other engineers talking in the thread stay among engineers. */
  private async replyToUser(escalation: EscalationRecord, turn: ChannelTurn, out: TurnOut): Promise<void> {
    const { caseNumber } = escalation;
    const owner = escalation.takenById === (turn.actor.aadObjectId ?? turn.actor.id);
    // A reply that cannot reach the user is answered, never dropped: the case left the engineers, or
    // nobody has taken it yet (the writer meant the user, or meant to take it).
    if (escalation.endedAt !== undefined) {
      await out.reply(this.ctx.say('desk.endedReply', { caseNumber }));
      return;
    }
    if (escalation.takenById === undefined) {
      await out.reply(this.ctx.say('desk.notTakenReply', { caseNumber }));
      return;
    }
    if (!owner) {
      // Talk among engineers in a taken case's thread stays there; say why (and log the refusal) only when
      // the writer addressed the bot.
      if (!turn.mentioned) return;
      const name = escalation.takenByName ?? '?';
      await this.ctx.refused(turn.actor, caseNumber, inBoth('timeline.action.writeToUser'), {
        key: 'ownedBy',
        owner: name,
      });
      await out.reply(this.ctx.say('desk.notOwner', { name }));
      return;
    }
    const text = turn.text ?? '';
    if (text) {
      await this.ctx.timeline(caseNumber, 'engineer', {
        key: 'engineerToUser',
        params: { name: turn.actor.name, text },
      });
      await this.ctx.toUser(
        caseNumber,
        { type: 'engineer.message', name: turn.actor.name, text },
        out.id('message'),
      );
    }
    if (turn.files?.length) out.later(() => this.passFiles(escalation, turn, out));
  }

  /**
   * Files in the owner's message: what the bot can fetch (pasted images, download links) goes to the user.
   * Files attached in a channel live in the team's SharePoint, which the bot cannot read without Microsoft
   * Graph (and the user usually cannot open): the owner gets the case page to drop them on instead.
   */
  private async passFiles(escalation: EscalationRecord, turn: ChannelTurn, out: TurnOut) {
    const { caseNumber } = escalation;
    const unreadable: string[] = [];
    for (const file of turn.files ?? []) {
      if (!file.url) {
        unreadable.push(file.name);
        continue;
      }
      let record: CaseFileRecord;
      try {
        record = await this.ctx.deps.fetchShared(
          caseNumber,
          { ...file, url: file.url },
          turn.reference,
          turn.actor.name,
        );
      } catch (err) {
        this.ctx.deps.logger.warn({ caseNumber, err }, 'could not fetch a file from the thread');
        unreadable.push(file.name);
        continue;
      }
      await this.ctx.fileShared(record);
    }
    if (unreadable.length === 0) return;
    await out.reply(
      this.ctx.say('desk.filesNotRelayed', {
        names: unreadable.join(', '),
        ...this.caseLinkParams(caseNumber),
      }),
    );
  }

  private async showTimeline(caseNumber: string, out: TurnOut): Promise<void> {
    const { store, settings } = this.ctx.deps;
    const entries = await store.cases.timeline(caseNumber);
    await out.reply(
      timelineText(caseNumber, entries, settings.locale, { mask: settings.mask, now: this.ctx.now() }),
    );
  }

  private async listQueue(out: TurnOut): Promise<void> {
    const { store, settings } = this.ctx.deps;
    const open = await store.escalations.listOpen();
    if (open.length === 0) {
      await out.reply(this.ctx.say('desk.queueEmpty'));
      return;
    }
    const now = this.ctx.now();
    const rows = await Promise.all(open.map((e) => store.cases.get(e.caseNumber)));
    const lines = open.map((e, i) => {
      const params = {
        caseNumber: e.caseNumber,
        priority: rows[i]?.priority ?? 'P3',
        waiting: durationText(now - e.requestedAt, settings.locale),
        reason: reasonText(e.reason, settings.locale),
        name: e.takenByName ?? '',
      };
      return `- ${this.ctx.say(e.takenByName ? 'desk.queueTaken' : 'desk.queueWaiting', params)}`;
    });
    await out.reply([this.ctx.say('desk.queueTitle', { count: open.length }), ...lines].join('\n'));
  }
}
