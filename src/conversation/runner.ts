/**
 * The turn runner: load the conversation's persisted snapshot -> actor of the case machine with the
 * turn's effects -> send the events -> commit state, timers, case records and the turn's rendered
 * messages (the outbox) in one transaction (eTag) -> hand the conversation to the deliverer, which sends
 * them. Turns of one conversation are serialized; a redelivered activity is skipped, and since its
 * messages were committed with it, none is lost when the process dies between the commit and the send.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createActor, type Actor } from 'xstate';
import type { CaseEvent } from '../domain/events';
import type { CaseRecordPatch, EscalationReason, RelayedMessage } from '../domain/caseRecord';
import type { Effect, OfferFile, SaveCase, ShowStage } from '../../dialogs/effects';
import { CARDS } from '../../dialogs/messages';
import type { Locale } from '../domain/locale';
import { MACHINE_VERSION, caseMachine, migrations } from '../../dialogs/caseMachine';
import type { CaseRuntime } from '../../dialogs/caseContext';
import { fulfilled, withRuntimeInputs } from '../../dialogs/caseRuntime';
import { understand } from '../../dialogs/understand';
import type {
  CaseDetails,
  CaseRow,
  ConversationRecord,
  ScheduledItem,
  Store,
  TurnCommit,
} from '../storage/ports';
import { formatCaseTime } from '../i18n';
import { timelineEventText } from '../cases/timeline';
import { chatName } from '../domain/names';
import type { Logger } from '../log';
import { Lanes } from './lanes';
import { CardSlots } from './liveCards';
import { hasActingButtons } from '../cards/freeze';
import { cardData } from '../cards/data';
import { outbound, type OutboundPayload } from './outbound';
import type { OutboundMessage, TimelineEntry } from '../storage/ports';
import { crashPoint } from '../faults';

/** One inbound turn, already translated from the channel's wire format. */
export interface InboundTurn {
  conversationId: string;
  /** Activity id (or `sched:<id>` for a timer); a second delivery of the same id is skipped. */
  processedId?: string;
  /** Other ids that, already processed, make this turn a duplicate too (one install announced twice). */
  skipIfProcessed?: string[];
  userId?: string;
  /** The client's locale as sent (e.g. 'zh-cn'); used to pick the language of a new conversation. */
  clientLocale?: string;
  /** The user's text, if any; also used to pick the language of a new conversation. */
  text?: string;
  /** Channel conversation reference, stored for proactive sends. */
  reference?: unknown;
  events: CaseEvent[];
  /** Messages to send after this turn's own, committed with it (e.g. a progress card). */
  outbox?: Array<{ key: string; payload: OutboundPayload }>;
  /** Scheduled items this turn delivers; marked done in the same commit. */
  completeScheduledIds?: string[];
  /** Timers or jobs to schedule in the same commit (e.g. the diagnosis of an upload this turn announces). */
  schedule?: Array<Omit<ScheduledItem, 'id'>>;
}

export interface RunnerDeps {
  store: Store;
  logger: Logger;
  settings: { followUpsMs: readonly number[] };
  newCaseNumber: () => string;
  pickLocale: (clientLocale?: string, text?: string) => Locale;
  text: (locale: Locale, key: string, params?: Record<string, string | number>) => string;
  card: (
    cardId: string,
    locale: Locale,
    data: Record<string, unknown>,
  ) => { card: object; fallbackText: string };
  /** Issues per-case upload links for `offerUpload` effects. */
  links: { issue(caseNumber: string): Promise<{ pageUrl: string; apiUrl: string; expiresAt: number }> };
  /** Builds the files of `offerFile` effects and their texts (src/uploads/files.ts). */
  /** Card data the machine cannot build itself: stages from the knowledge base, summaries from the record. */
  cardData: {
    stage(effect: ShowStage, locale: Locale): Record<string, unknown>;
    summary(row: CaseRow, timeline: TimelineEntry[], locale: Locale): Record<string, unknown>;
  };
  /** Called after a turn committed messages for the conversation (the deliverer sends them). */
  onCommitted?: (conversationId: string) => void;
  files: {
    resolve(
      fileId: OfferFile['fileId'],
      caseNumber: string,
      locale: Locale,
    ): Promise<{ name: string; bytes: Buffer; description: string }>;
    fallback(fileId: OfferFile['fileId'], caseNumber: string, locale: Locale): Promise<string>;
  };
  now?: () => number;
}

/** Kinds of scheduled items that are jobs (claimed by the jobs loop, not the reminders loop). */
export const JOB_PREFIX = 'job.';
export const JOB_FETCH_ATTACHMENT = 'job.fetch-attachment';
export const JOB_DIAGNOSE = 'job.diagnose';

const STAGE_CARD = CARDS.remediation.cardId;
const STAGE_SLOT = CARDS.remediation.slot;
const SUMMARY_CARD = CARDS.summary.cardId;

export type TurnOutcome = 'done' | 'duplicate';

/** How often a turn is run when other instances keep committing the same conversation first. */
const TURN_ATTEMPTS = 5;

export class ConflictError extends Error {
  constructor(conversationId: string) {
    super(`conversation ${conversationId} was changed concurrently ${TURN_ATTEMPTS} times; turn abandoned`);
    this.name = 'ConflictError';
  }
}

type CaseActor = Actor<typeof caseMachine>;

interface Settled {
  persisted: unknown;
  locale: Locale;
  effects: Effect[];
  /** The case the conversation works on after the turn, if any. */
  caseNumber?: string;
  /** The case it worked on before the turn. */
  previousCase?: string;
}

/** The engineers' side (src/handoff/desk.ts): escalations, relays into a case's thread, closure summaries. */
export interface EngineersPort {
  escalate(caseNumber: string, reason: EscalationReason): Promise<void>;
  relay(caseNumber: string, message: RelayedMessage): Promise<void>;
  caseClosed(caseNumber: string): Promise<void>;
}

/** User messages kept on the case record for the engineers' case card. */
const RECENT_MESSAGES = 5;

export class ConversationRunner {
  private readonly lanes = new Lanes();
  private readonly now: () => number;
  /** What the machine gets at its edge each turn (case numbers, the reminders' configured delays). */
  private readonly runtime: CaseRuntime;

  constructor(private readonly deps: RunnerDeps) {
    this.now = deps.now ?? Date.now;
    this.runtime = { newCaseNumber: deps.newCaseNumber, settings: deps.settings };
  }

  /** Runs one turn; turns of the same conversation never overlap. */
  handle(turn: InboundTurn): Promise<TurnOutcome> {
    return this.lanes.run(turn.conversationId, () => this.runTurn(turn));
  }

  /** Waits for every turn in progress (graceful shutdown). */
  drain(): Promise<void> {
    return this.lanes.drain();
  }

  private async runTurn(turn: InboundTurn): Promise<TurnOutcome> {
    const { store } = this.deps;
    // A lost eTag race (another instance committed first) is retried on fresh state, after a short random
    // pause so that instances racing on one busy conversation fall out of step.
    for (let attempt = 0; attempt < TURN_ATTEMPTS; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      const record = await store.conversations.load(turn.conversationId);
      if (record && (await this.seenBefore(turn))) {
        await this.completeOnly(turn);
        return 'duplicate';
      }
      const settled = this.settle(record, turn);
      const commit = await this.buildCommit(record, turn, settled);
      crashPoint('turn.before-commit');
      const result = await store.conversations.commit(commit);
      if (!result.ok) {
        this.deps.logger.warn(
          { conversationId: turn.conversationId, attempt },
          'eTag conflict, retrying turn',
        );
        continue;
      }
      crashPoint('turn.after-commit');
      crashPoint(`after-commit:${turn.events[0]?.type ?? 'none'}`);
      if (commit.outbox?.length) this.deps.onCommitted?.(turn.conversationId);
      return 'done';
    }
    throw new ConflictError(turn.conversationId);
  }

  /** Restores (or starts) the machine, sends the turn's events and returns what it asked for. */
  private settle(record: ConversationRecord | undefined, turn: InboundTurn): Settled {
    // The effects the machine emits, in order (its actions never write anywhere else).
    const effects: Effect[] = [];
    const { actor, failure } = this.restore(caseMachine, record, turn, effects);
    // The case machine has no async children by design (long work runs as jobs that report back with
    // events), so the snapshot is settled as soon as send() returns.
    for (const event of turn.events) {
      const current = (actor.getSnapshot().context as { caseNumber?: string }).caseNumber;
      actor.send(withRuntimeInputs(understand(event, current), this.runtime));
    }
    if (failure.error || actor.getSnapshot().status === 'error') {
      actor.stop();
      throw failure.error ?? actor.getSnapshot().error;
    }
    const persisted = actor.getPersistedSnapshot();
    const { locale, caseNumber } = actor.getSnapshot().context as { locale: Locale; caseNumber?: string };
    actor.stop();
    return { persisted, locale, effects, caseNumber, previousCase: readCaseNumber(record?.snapshot) };
  }

  /**
   * A started actor: the persisted one, migrated to this machine version, or — when that cannot be
   * done (no migration, a newer writer, a state that no longer exists) — a fresh one with a notice.
   */
  private restore(
    machine: typeof caseMachine,
    record: ConversationRecord | undefined,
    turn: InboundTurn,
    effects: Effect[],
  ): { actor: CaseActor; failure: { error?: unknown } } {
    const start = (options: Parameters<typeof createActor<typeof machine>>[1]) => {
      const failure: { error?: unknown } = {};
      const actor = createActor(machine, options);
      actor.subscribe({ error: (err: unknown) => (failure.error = err) });
      actor.on('effect', (emitted) => effects.push(fulfilled(emitted.effect, this.runtime)));
      actor.start();
      return { actor, failure };
    };
    const fresh = (locale: Locale) => start({ input: { locale } });
    if (!record) return fresh(this.deps.pickLocale(turn.clientLocale, turn.text));
    const oldLocale = readLocale(record.snapshot) ?? this.deps.pickLocale(turn.clientLocale, turn.text);
    try {
      let snapshot = record.snapshot;
      for (let v = record.machineVersion; v < MACHINE_VERSION; v++) {
        const migrate = migrations[v];
        if (!migrate) throw new Error(`no migration from machine version ${v}`);
        snapshot = migrate(snapshot);
      }
      if (record.machineVersion > MACHINE_VERSION) {
        throw new Error(
          `snapshot written by a newer machine (v${record.machineVersion} > v${MACHINE_VERSION})`,
        );
      }
      // XState throws on start when a persisted state no longer exists in the machine.
      const restored = start({ snapshot: snapshot as never });
      if (restored.failure.error || restored.actor.getSnapshot().status === 'error') {
        restored.actor.stop();
        throw restored.failure.error ?? new Error('restored snapshot is in an error state');
      }
      return restored;
    } catch (err) {
      this.deps.logger.warn(
        { conversationId: record.conversationId, machineVersion: record.machineVersion, err: String(err) },
        'persisted conversation could not be restored; starting over with a notice',
      );
      effects.length = 0;
      effects.push({ kind: 'say', key: 'system.reset' });
      return fresh(oldLocale);
    }
  }

  private async buildCommit(
    record: ConversationRecord | undefined,
    turn: InboundTurn,
    s: Settled,
  ): Promise<TurnCommit> {
    const now = this.now();
    const commit: TurnCommit = {
      conversationId: turn.conversationId,
      expectedETag: record?.eTag,
      record: {
        conversationId: turn.conversationId,
        machineVersion: MACHINE_VERSION,
        snapshot: s.persisted,
        reference: turn.reference ?? record?.reference ?? null,
        cardSlots: record?.cardSlots ?? {},
      },
      processedId: turn.processedId,
      completeScheduledIds: turn.completeScheduledIds,
      schedule: [...(turn.schedule ?? [])],
      cancelKeys: [],
      cases: [],
      timeline: [],
      now,
    };
    for (const effect of s.effects) {
      if (effect.kind === 'schedule') {
        commit.schedule!.push({
          key: timerKey(turn.conversationId, effect.key),
          conversationId: turn.conversationId,
          kind: effect.timerKind,
          dueAt: now + effect.delayMs,
          payload: { key: effect.key, data: effect.payload ?? {} },
        });
      } else if (effect.kind === 'cancelSchedule') {
        commit.cancelKeys!.push(timerKey(turn.conversationId, effect.key));
      } else if (effect.kind === 'saveCase') {
        await this.addCase(commit, effect, turn);
      } else if (effect.kind === 'fetchAttachment') {
        // Downloading can take minutes: a job does it, never the turn.
        commit.schedule!.push({
          key: timerKey(turn.conversationId, `job:fetch:${randomUUID()}`),
          conversationId: turn.conversationId,
          kind: JOB_FETCH_ATTACHMENT,
          dueAt: now,
          payload: {
            caseNumber: effect.caseNumber,
            name: effect.name,
            url: effect.url,
            contentType: effect.contentType,
            ...(effect.forEngineers ? { forEngineers: true } : {}),
          },
        });
      }
    }
    const said = turn.events.find((e) => e.type === 'user.message');
    if (said?.type === 'user.message' && s.caseNumber)
      await this.keepMessage(commit, s.caseNumber, said.text);
    commit.outbox = await this.render(commit, turn, s);
    return commit;
  }

  /**
   * The turn's messages, rendered now in the conversation's language, with ids that are the same every
   * time this turn runs (a turn run again after a crash before its commit adds nothing twice).
   */
  private async render(commit: TurnCommit, turn: InboundTurn, s: Settled): Promise<OutboundMessage[]> {
    const turnKey = `${turn.conversationId}|${turn.processedId ?? `t:${randomUUID()}`}`;
    const payloads: OutboundPayload[] = [];
    // The conversation left a case for a new one: that case's cards whose buttons still act are frozen.
    if (s.previousCase && s.previousCase !== s.caseNumber) {
      const note = this.deps.text(s.locale, 'frozen.caseEnded', { caseNumber: s.previousCase });
      for (const live of new CardSlots(commit.record.cardSlots ?? {}).liveOf(s.previousCase))
        payloads.push({ kind: 'freeze', slot: live.slot, note });
    }
    for (const effect of s.effects) {
      const payload = await this.renderEffect(commit, effect, s.locale);
      if (payload) payloads.push({ ...payload, ...(s.caseNumber ? { caseNumber: s.caseNumber } : {}) });
    }
    const messages = payloads.map((p, i) => outbound(`${turnKey}#${i}`, turn.conversationId, p));
    for (const extra of turn.outbox ?? [])
      messages.push(outbound(`${turnKey}#${extra.key}`, turn.conversationId, extra.payload));
    return messages;
  }

  private async renderEffect(
    commit: TurnCommit,
    effect: Effect,
    locale: Locale,
  ): Promise<OutboundPayload | undefined> {
    switch (effect.kind) {
      case 'say':
        return { kind: 'text', text: this.deps.text(locale, effect.key, chatParams(effect.params)) };
      case 'typing':
        return { kind: 'typing' };
      case 'offerFile':
        return this.renderFile(commit.conversationId, effect, locale);
      case 'escalate':
      case 'relay':
      case 'caseClosed':
        return { kind: 'engineers', effect };
      case 'card':
      case 'updateCard':
      case 'offerUpload':
      case 'showStage':
      case 'showSummary': {
        const request = await this.cardRequest(commit, effect, locale);
        const { card, fallbackText } = this.deps.card(request.cardId, locale, request.data);
        const owner = typeof request.data.caseNumber === 'string' ? request.data.caseNumber : undefined;
        return {
          kind: 'card',
          card,
          fallbackText,
          ...(request.slot ? { slot: request.slot, live: hasActingButtons(card) } : {}),
          ...(owner ? { owner } : {}),
          ...(request.replace
            ? { replace: true }
            : request.slot
              ? { freezeNote: this.deps.text(locale, 'frozen.sentAgain') }
              : {}),
        };
      }
      default:
        return undefined;
    }
  }

  /** The user's last few messages ride on the case record (for the engineers' case card). */
  private async keepMessage(commit: TurnCommit, caseNumber: string, text: string): Promise<void> {
    let row = commit.cases!.find((c) => c.caseNumber === caseNumber);
    if (!row) {
      const stored = await this.deps.store.cases.get(caseNumber);
      if (!stored) return;
      const { createdAt: _created, updatedAt: _updated, ...rest } = stored;
      row = rest;
      commit.cases!.push(row);
    }
    const recent = [...(row.details?.recentMessages ?? []), { at: commit.now, text }];
    row.details = { ...row.details, recentMessages: recent.slice(-RECENT_MESSAGES) };
  }

  private async addCase(commit: TurnCommit, effect: SaveCase, turn: InboundTurn): Promise<void> {
    const patch = effect.caseRecord;
    const pending = commit.cases!.find((c) => c.caseNumber === patch.caseNumber);
    const existing: Partial<CaseRow> = pending ?? (await this.deps.store.cases.get(patch.caseNumber)) ?? {};
    const merged = {
      caseNumber: patch.caseNumber,
      conversationId: turn.conversationId,
      userId: existing.userId || turn.userId || '',
      status: patch.status,
      locale: patch.locale,
      problem: patch.problem ?? existing.problem ?? null,
      scopeConfirmed: patch.scopeConfirmed ?? existing.scopeConfirmed ?? false,
      details: mergeDetails(existing.details ?? {}, patch),
    };
    if (pending) Object.assign(pending, merged);
    else commit.cases!.push(merged);
    if (patch.timeline)
      commit.timeline!.push({
        caseNumber: patch.caseNumber,
        actor: patch.timeline.actor,
        // The English words too, for readers of the plain text (and entries older than events).
        what: timelineEventText(patch.timeline.event, 'en'),
        event: patch.timeline.event,
        at: commit.now,
      });
  }

  /**
   * The card an effect shows: its template, its data (src/cards/data/, with links, knowledge or the case
   * record added) and slot.
   */
  private async cardRequest(
    commit: TurnCommit,
    effect: Extract<Effect, { kind: 'card' | 'updateCard' | 'offerUpload' | 'showStage' | 'showSummary' }>,
    locale: Locale,
  ): Promise<{ cardId: string; data: Record<string, unknown>; slot?: string; replace: boolean }> {
    switch (effect.kind) {
      case 'showStage':
        return {
          cardId: STAGE_CARD,
          data: this.deps.cardData.stage(effect, locale),
          slot: `${STAGE_SLOT}:${effect.index}`,
          replace: effect.update === true,
        };
      case 'showSummary':
        return {
          cardId: SUMMARY_CARD,
          data: await this.summaryData(commit, effect.caseNumber, locale),
          slot: CARDS.summary.slot,
          replace: false,
        };
      case 'offerUpload': {
        const link = await this.deps.links.issue(effect.caseNumber);
        const data = {
          ...cardData(effect.input, locale),
          uploadUrl: link.pageUrl,
          uploadApiUrl: link.apiUrl,
          collectorUrl: `${link.pageUrl}/collector.zip`,
          uploadExpires: formatCaseTime(link.expiresAt, locale, true),
        };
        return { cardId: effect.cardId, data, slot: effect.slot, replace: effect.update === true };
      }
      default:
        return {
          cardId: effect.cardId,
          data: cardData(effect.input, locale),
          slot: effect.slot,
          replace: effect.kind === 'updateCard',
        };
    }
  }

  /** The summary from the record as this turn leaves it (its changes are not committed yet). */
  private async summaryData(commit: TurnCommit, caseNumber: string, locale: Locale) {
    const stored = await this.deps.store.cases.get(caseNumber);
    const pending = commit.cases?.find((c) => c.caseNumber === caseNumber);
    if (!stored && !pending) throw new Error(`summary of unknown case ${caseNumber}`);
    const row = {
      ...stored,
      ...pending,
      createdAt: stored?.createdAt ?? commit.now,
      updatedAt: commit.now,
    } as CaseRow;
    const timeline = [
      ...(await this.deps.store.cases.timeline(caseNumber)),
      ...(commit.timeline ?? [])
        .filter((e) => e.caseNumber === caseNumber)
        .map((e) => ({ ...e, at: e.at ?? commit.now })),
    ];
    return this.deps.cardData.summary(row, timeline, locale);
  }

  /**
   * A file to offer (or its fallback). A file that cannot be built is logged and skipped: the messages
   * around it (the log-collection card carries the same link) still reach the user.
   */
  private async renderFile(
    conversationId: string,
    effect: OfferFile,
    locale: Locale,
  ): Promise<OutboundPayload | undefined> {
    try {
      const file = await this.deps.files.resolve(effect.fileId, effect.caseNumber, locale);
      const fallbackText = await this.deps.files.fallback(effect.fileId, effect.caseNumber, locale);
      const { fileId, caseNumber } = effect;
      return {
        kind: 'file',
        file: { name: file.name, size: file.bytes.length, description: file.description, fileId, caseNumber },
        fallbackText,
      };
    } catch (err) {
      this.deps.logger.error(
        { conversationId, fileId: effect.fileId, err },
        'file to offer could not be built',
      );
      return undefined;
    }
  }

  private async seenBefore(turn: InboundTurn): Promise<boolean> {
    const ids = [turn.processedId, ...(turn.skipIfProcessed ?? [])].filter((id): id is string => !!id);
    for (const id of ids)
      if (await this.deps.store.conversations.wasProcessed(turn.conversationId, id)) return true;
    return false;
  }

  /** A redelivered timer whose turn was already committed: just mark it done. */
  private async completeOnly(turn: InboundTurn): Promise<void> {
    for (const id of turn.completeScheduledIds ?? []) await this.deps.store.schedules.complete(id);
  }
}

/** Timer keys are unique per database, so they carry the conversation they belong to. */
export function timerKey(conversationId: string, key: string): string {
  return `${conversationId}|${key}`;
}

function readCaseNumber(snapshot: unknown): string | undefined {
  const caseNumber = (snapshot as { context?: { caseNumber?: unknown } } | null)?.context?.caseNumber;
  return typeof caseNumber === 'string' ? caseNumber : undefined;
}

/** The language a persisted conversation speaks, if it says. */
export function readLocale(snapshot: unknown): Locale | undefined {
  const locale = (snapshot as { context?: { locale?: unknown } } | null)?.context?.locale;
  return locale === 'zh-CN' || locale === 'en' ? locale : undefined;
}

/** A short reference code users can quote to support ("E-7K2Q9M"). */
export function newReferenceCode(): string {
  return `E-${randomBytes(4).toString('base64url').replace(/[-_]/g, 'X').slice(0, 6).toUpperCase()}`;
}

/** The record's details with the fields a patch sets replaced (a field the patch leaves out stays). */
function mergeDetails(details: CaseDetails, patch: CaseRecordPatch): CaseDetails {
  const merged: CaseDetails = { ...details };
  if (patch.findings) merged.findings = patch.findings;
  if (patch.initialFindings) merged.initialFindings = patch.initialFindings;
  if (patch.stages) merged.stages = patch.stages;
  if (patch.attempts) merged.attempts = patch.attempts;
  if (patch.survey) merged.survey = patch.survey;
  if (patch.problemConfirmed === false) merged.problemUnconfirmed = true;
  else if (patch.problemConfirmed === true) delete merged.problemUnconfirmed;
  if (patch.outcome === null) delete merged.outcome;
  else if (patch.outcome) merged.outcome = patch.outcome;
  return merged;
}

/**
 * A message's parameters as chat text: `name` (a file's or a person's name, which users and engineers
 * choose) cannot form Markdown links or emphasis in the bot's voice. Done here, where text is rendered,
 * so the names in events and records stay plain data.
 */
function chatParams(params: Record<string, string | number> | undefined) {
  return params && typeof params.name === 'string' ? { ...params, name: chatName(params.name) } : params;
}
