/**
 * What happens around an upload, wherever it came from: an accepted upload is announced in the case's conversation in the same turn that schedules its
 * diagnosis; a refused one is explained there. The jobs (fetching a Teams attachment, diagnosing a
 * bundle) run in the jobs loop with a progress card that is updated in place and survives restarts.
 */
import type { Locale } from '../domain/locale';
import { isBundleError } from '../diagnosis/bundle';
import { diagnoseBundle, type MachineResult } from '../diagnosis/diagnose';
import type { Knowledge } from '../knowledge';
import type { Logger } from '../log';
import type { CaseFileRecord, ScheduledItem, Store, UploadRecord } from '../storage/ports';
import type { CaseFiles } from '../uploads/caseFiles';
import { JOB_DIAGNOSE, JOB_FETCH_ATTACHMENT, timerKey } from './runner';
import type { Notifier } from './notifier';
import type { ArtifactStore } from '../uploads/artifacts';
import { download } from '../uploads/download';
import { FINISHED_STATUSES } from '../uploads/retention';
import { summarize } from '../diagnosis/summary';
import { eventEntry } from '../cases/timeline';
import { UploadRefused, type Accepted, type UploadService } from '../uploads/service';
import type { OutboundPayload } from './outbound';
import { crashPoint } from '../faults';

/**
 * Files for people rather than for the diagnosis: images and office documents (a `.docx` is a zip, but not
 * a log bundle). Logs, zips and cabs go to the diagnosis as always.
 */
const FOR_PEOPLE = /\.(png|jpe?g|gif|bmp|webp|heic|tiff?|pdf|docx?|xlsx?|pptx?|msg|eml|rtf)$/i;

export function isForPeople(name: string, contentType?: string): boolean {
  return Boolean(contentType?.startsWith('image/')) || FOR_PEOPLE.test(name);
}

export interface IntakeDeps {
  store: Store;
  notifier: Notifier;
  uploads: UploadService;
  artifacts: ArtifactStore;
  knowledge: Knowledge | undefined;
  logger: Logger;
  card: (
    cardId: string,
    locale: Locale,
    data: Record<string, unknown>,
  ) => { card: object; fallbackText: string };
  /** Keeps a long job's claim alive (the jobs loop's owner). */
  renewClaim: (item: ScheduledItem) => Promise<boolean>;
  /**
   * The bot's token for an attachment URL of the conversation's own channel service (undefined for any
   * other host, or without credentials): some channels serve attachments only to the bot.
   */
  downloadToken?: (conversationId: string, url: string) => Promise<string | undefined>;
  /**
   * While the case is with the engineers, a file the user sends that is not logs (a screenshot, a
   * document) is kept as a case file and handed to them (src/handoff/desk.ts) instead of being diagnosed.
   */
  forEngineers?: {
    files: Pick<CaseFiles, 'add'>;
    received(record: CaseFileRecord): Promise<void>;
  };
  /** Attachment downloads must use https once the bot is authenticated (no credentials: local development). */
  requireHttps: boolean;
  maxUploadBytes: number;
  now?: () => number;
}

type ProgressStage = 'received' | 'unpacking' | 'parsing' | 'done' | 'failed';

export class Intake {
  private readonly now: () => number;

  constructor(private readonly deps: IntakeDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The diagnosis job of an upload: committed with the upload's record (see UploadService). */
  async diagnosisJob(record: UploadRecord): Promise<Omit<ScheduledItem, 'id'> | undefined> {
    const conversationId = await this.conversationOf(record.caseNumber);
    if (!conversationId) return undefined;
    return {
      key: diagnosisJobKey(conversationId, record.id),
      conversationId,
      kind: JOB_DIAGNOSE,
      dueAt: this.now(),
      payload: { uploadId: record.id },
    };
  }

  /**
   * Whether an upload already recorded is diagnosed or on its way: its job is still to run, or it ran
   * and the case holds its findings. (A job that never was, or one that found no usable file, is not.)
   */
  async inHand(record: UploadRecord): Promise<boolean> {
    const row = await this.deps.store.cases.get(record.caseNumber);
    if (!row) return true;
    const job = await this.deps.store.schedules.byKey(diagnosisJobKey(row.conversationId, record.id));
    if (!job) return false;
    if (!job.done) return true;
    return (row.details.findings ?? []).some((f) => f.uploadId === record.id);
  }

  /**
   * Announces an accepted upload (its diagnosis job was committed with its record) with the first
   * state of its progress card, in one turn.
   */
  async accepted(accepted: Accepted, extra: { completeScheduledIds?: string[] } = {}): Promise<void> {
    const { record, duplicate, again } = accepted;
    const conversationId = await this.conversationOf(record.caseNumber);
    if (!conversationId) return;
    const row = await this.deps.store.cases.get(record.caseNumber);
    const locale: Locale = row?.locale === 'zh-CN' ? 'zh-CN' : 'en';
    const progress = progressMessage(this.deps, record, locale, { stage: 'received', percent: 0 }, record.id);
    const turn = (processedId: string) => ({
      processedId,
      events: [
        {
          type: 'upload.received' as const,
          uploadId: record.id,
          name: record.name,
          size: record.size,
          duplicate,
        },
      ],
      outbox: duplicate ? [] : [{ key: 'progress', payload: progress.payload }],
      completeScheduledIds: extra.completeScheduledIds,
    });
    // The first announcement of an upload has a stable id (its diagnosis job makes sure it was made); a
    // duplicate, or bytes sent again that were never diagnosed, can arrive many times: each is worth a word.
    const first = duplicate
      ? 'duplicate'
      : await this.deps.notifier.notify(conversationId, turn(`upload:${record.id}`));
    if (first === 'duplicate' && (duplicate || again))
      await this.deps.notifier.notify(
        conversationId,
        turn(`upload:${record.id}:${duplicate ? 'dup' : 'again'}:${this.now()}`),
      );
    crashPoint('upload.after-announce');
  }

  /** Tells the conversation an upload was refused and why. */
  async refused(
    caseNumber: string,
    name: string,
    refusal: UploadRefused,
    extra: { processedId?: string; completeScheduledIds?: string[] } = {},
  ): Promise<void> {
    const conversationId = await this.conversationOf(caseNumber);
    if (!conversationId) return;
    await this.deps.notifier.notify(conversationId, {
      processedId: extra.processedId,
      events: [{ type: 'upload.refused', name: name, code: refusal.code, params: refusal.params }],
      completeScheduledIds: extra.completeScheduledIds,
    });
  }

  /** The jobs loop's delivery: one scheduled job, run to the end. */
  async run(item: ScheduledItem): Promise<'gone' | void> {
    if (item.kind === JOB_FETCH_ATTACHMENT) return this.fetchAttachment(item);
    if (item.kind === JOB_DIAGNOSE) return this.diagnose(item);
    this.deps.logger.error({ kind: item.kind, id: item.id }, 'unknown job kind; dropping it');
    return 'gone';
  }

  private async fetchAttachment(item: ScheduledItem): Promise<'gone' | void> {
    const { caseNumber, name, url, contentType, forEngineers } = item.payload as {
      caseNumber: string;
      name: string;
      url: string;
      contentType?: string;
      forEngineers?: boolean;
    };
    const done = { processedId: `sched:${item.id}`, completeScheduledIds: [item.id] };
    try {
      const botToken = this.deps.downloadToken;
      const body = await download(url, {
        requireHttps: this.deps.requireHttps,
        logger: this.deps.logger,
        token: botToken && (() => botToken(item.conversationId, url)),
      });
      const engineers = this.deps.forEngineers;
      // A screenshot or a document is for people, not for the diagnosis: it is kept with the case (the
      // engineers' case page lists it), and the thread hears of it when engineers have the case.
      if (engineers && (forEngineers || isForPeople(name, contentType))) {
        const record = await engineers.files.add(
          caseNumber,
          { name, body: body.stream, length: body.length, contentType: contentType ?? body.contentType },
          { direction: 'from-user', by: 'user' },
        );
        const toEngineers = forEngineers || (await this.withEngineers(caseNumber));
        // The file is kept either way; a thread that cannot be told now must not make the job run again.
        if (toEngineers)
          await engineers
            .received(record)
            .catch((err: unknown) =>
              this.deps.logger.error(
                { err, caseNumber },
                'file kept for the engineers, but the thread was not told',
              ),
            );
        else
          await this.deps.store.cases.appendTimeline(
            eventEntry(caseNumber, this.now(), 'user', {
              key: 'userFileKept',
              params: { file: record.name },
            }),
          );
        await this.deps.notifier.notify(item.conversationId, {
          ...done,
          events: [{ type: 'file.forwarded', name: record.name, toEngineers }],
        });
        return;
      }
      const accepted = await this.deps.uploads.ingest(
        caseNumber,
        'attachment',
        name,
        body.stream,
        body.length,
      );
      await this.accepted(accepted, { completeScheduledIds: [item.id] });
    } catch (err) {
      if (!(err instanceof UploadRefused)) throw err;
      await this.refused(caseNumber, name, err, done);
    }
  }

  /** The case is escalated and not handed back or ended (taken or still waiting for an engineer). */
  private async withEngineers(caseNumber: string): Promise<boolean> {
    const [escalation, row] = await Promise.all([
      this.deps.store.escalations.get(caseNumber),
      this.deps.store.cases.get(caseNumber),
    ]);
    return (
      escalation !== undefined &&
      escalation.endedAt === undefined &&
      row !== undefined &&
      !FINISHED_STATUSES.includes(row.status)
    );
  }

  private async diagnose(item: ScheduledItem): Promise<'gone' | void> {
    const { uploadId } = item.payload as { uploadId: string };
    const upload = await this.deps.store.uploads.get(uploadId);
    const caseRow = upload ? await this.deps.store.cases.get(upload.caseNumber) : undefined;
    if (!upload || !caseRow) return 'gone';
    const locale: Locale = caseRow.locale === 'zh-CN' ? 'zh-CN' : 'en';
    // The upload's announcement, unless it was made (a process that died right after recording the
    // upload never made it): the case must know the upload before its diagnosis arrives.
    await this.accepted({ record: upload, duplicate: false });
    const progress = new ProgressCard(this.deps, item, upload, caseRow.conversationId, locale);
    const done = { processedId: `sched:${item.id}`, completeScheduledIds: [item.id] };
    const fail = async (code: string, params: Record<string, string | number>): Promise<void> => {
      await progress.show('failed', 100);
      await this.deps.notifier.notify(caseRow.conversationId, {
        ...done,
        events: [{ type: 'diagnosis.failed', uploadId, name: upload.name, code, params }],
      });
    };

    await progress.show('unpacking', 5);
    // A job under way dies with its process here; another instance (or the restarted one) takes it over.
    crashPoint('diagnosis.running');
    let machines: MachineResult[];
    try {
      machines = await diagnoseBundle(await this.deps.artifacts.localPath(upload.artifactKey), {
        displayName: upload.name,
        kb: kbOf(caseRow.problem),
        knowledge: this.deps.knowledge ?? null,
        onProgress: ({ file, bytesDone, bytesTotal }) =>
          file
            ? progress.scanning(file, 10 + Math.round((80 * bytesDone) / Math.max(1, bytesTotal)))
            : undefined,
      });
    } catch (err) {
      if (!isBundleError(err)) throw err;
      return fail(err.code, { ...(err.params as Record<string, string | number>) });
    }
    const usable = machines.filter((m) => m.files.some((f) => f.format !== 'unknown'));
    if (usable.length === 0) return fail('no-usable-logs', { missing: EXPECTED_LOG_NAMES });
    await progress.show('done', 100);
    await this.deps.notifier.notify(caseRow.conversationId, {
      ...done,
      events: usable.map((m) => ({
        type: 'diagnosis.done' as const,
        summary: summarize(m, upload, this.deps.knowledge),
      })),
    });
  }

  private async conversationOf(caseNumber: string): Promise<string | undefined> {
    const row = await this.deps.store.cases.get(caseNumber);
    if (!row) this.deps.logger.warn({ caseNumber }, 'upload for an unknown case');
    return row?.conversationId;
  }
}

/**
 * The job's progress card: posted once, then updated in place through the outbox (the card's slot is
 * per upload, so a job resumed after a restart updates the same card). Each update has a stable id: a
 * step repeated after a restart is not shown twice.
 */
class ProgressCard {
  private lastUpdate = 0;
  private lastFile: string | undefined;

  constructor(
    private readonly deps: IntakeDeps,
    private readonly item: ScheduledItem,
    private readonly upload: UploadRecord,
    private readonly conversationId: string,
    private readonly locale: Locale,
  ) {}

  /** Progress while logs are scanned: every new log, and otherwise at most one update a second. */
  async scanning(file: string, percent: number): Promise<void> {
    if (file === this.lastFile && Date.now() - this.lastUpdate < 1000) return;
    this.lastFile = file;
    await this.show('parsing', percent, file);
  }

  async show(stage: ProgressStage, percent: number, file?: string): Promise<void> {
    this.lastUpdate = Date.now();
    await this.deps.renewClaim(this.item);
    try {
      await this.deps.notifier.post(this.conversationId, [
        progressMessage(this.deps, this.upload, this.locale, { stage, percent, file }, this.item.id),
      ]);
    } catch (err) {
      // Progress is a courtesy: a failed update must not fail the diagnosis.
      this.deps.logger.warn({ err: String(err), job: this.item.id }, 'progress card update failed');
    }
  }
}

/** One state of an upload's progress card, as an outbox message for the card's slot. */
function progressMessage(
  deps: Pick<IntakeDeps, 'card'>,
  upload: UploadRecord,
  locale: Locale,
  step: { stage: ProgressStage; percent: number; file?: string },
  jobId: string,
): { id: string; payload: OutboundPayload } {
  const { card, fallbackText } = deps.card('progress', locale, {
    caseNumber: upload.caseNumber,
    name: upload.name,
    stage: step.stage,
    percent: step.percent,
    ...(step.file ? { file: step.file } : {}),
  });
  return {
    id: `progress:${jobId}:${step.stage}:${step.percent}:${step.file ?? ''}`,
    payload: {
      kind: 'card',
      card,
      fallbackText,
      slot: `progress:${upload.id}`,
      replace: true,
      caseNumber: upload.caseNumber,
    },
  };
}

/** Diagnosis jobs are keyed by upload: scheduling one again replaces the earlier one. */
function diagnosisJobKey(conversationId: string, uploadId: string): string {
  return timerKey(conversationId, `job:diagnose:${uploadId}`);
}

/** The logs a bundle needs, as their files are called on every Windows (so in every language). */
const EXPECTED_LOG_NAMES = 'CBS.log, WindowsUpdate.log, System.evtx / Setup.evtx, systeminfo.txt';

function kbOf(problem: unknown): string | undefined {
  const kbs = (problem as { kbNumbers?: unknown } | null)?.kbNumbers;
  return Array.isArray(kbs) && typeof kbs[0] === 'string' ? kbs[0] : undefined;
}
