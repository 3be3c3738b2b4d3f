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
import { UploadRefused, type Accepted, type UploadService } from '../uploads/service';

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

  /** Announces an accepted upload and, unless it is a duplicate, schedules its diagnosis in the same turn. */
  async accepted(accepted: Accepted, extra: { completeScheduledIds?: string[] } = {}): Promise<void> {
    const { record, duplicate } = accepted;
    const conversationId = await this.conversationOf(record.caseNumber);
    if (!conversationId) return;
    const schedule = duplicate
      ? []
      : [
          {
            key: timerKey(conversationId, `job:diagnose:${record.id}`),
            conversationId,
            kind: JOB_DIAGNOSE,
            dueAt: this.now(),
            payload: { uploadId: record.id },
          },
        ];
    await this.deps.notifier.notify(conversationId, {
      // A duplicate can arrive many times; each one is worth a word to the user.
      processedId: duplicate ? `upload:${record.id}:dup:${this.now()}` : `upload:${record.id}`,
      events: [
        {
          type: 'upload.received',
          uploadId: record.id,
          name: record.name,
          size: record.size,
          duplicate,
        },
      ],
      schedule,
      completeScheduledIds: extra.completeScheduledIds,
    });
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
          await this.deps.store.cases.appendTimeline({
            caseNumber,
            at: this.now(),
            actor: 'user',
            what: `The user sent ${record.name} (kept with the case; not a log bundle).`,
          });
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
    const { uploadId } = item.payload as { uploadId: string; progressActivityId?: string };
    const upload = await this.deps.store.uploads.get(uploadId);
    const caseRow = upload ? await this.deps.store.cases.get(upload.caseNumber) : undefined;
    if (!upload || !caseRow) return 'gone';
    const locale: Locale = caseRow.locale === 'zh-CN' ? 'zh-CN' : 'en';
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

/** The job's progress card: posted once, then updated in place (also after a restart resumed the job). */
class ProgressCard {
  private activityId: string | undefined;

  constructor(
    private readonly deps: IntakeDeps,
    private readonly item: ScheduledItem,
    private readonly upload: UploadRecord,
    private readonly conversationId: string,
    private readonly locale: Locale,
  ) {
    this.activityId = (item.payload as { progressActivityId?: string }).progressActivityId;
  }

  private lastUpdate = 0;

  /** Progress while logs are scanned: at most one card update every two seconds. */
  async scanning(file: string, percent: number): Promise<void> {
    if (Date.now() - this.lastUpdate < 2000) return;
    await this.show('parsing', percent, file);
  }

  async show(stage: ProgressStage, percent: number, file?: string): Promise<void> {
    this.lastUpdate = Date.now();
    await this.deps.renewClaim(this.item);
    const { card, fallbackText } = this.deps.card('progress', this.locale, {
      caseNumber: this.upload.caseNumber,
      name: this.upload.name,
      stage,
      percent,
      ...(file ? { file } : {}),
    });
    try {
      await this.deps.notifier.withSink(this.conversationId, async (sink) => {
        if (this.activityId) return sink.updateCard(this.activityId, card, fallbackText);
        this.activityId = await sink.sendCard(card, fallbackText);
      });
      if (
        this.activityId &&
        (this.item.payload as { progressActivityId?: string }).progressActivityId !== this.activityId
      ) {
        await this.deps.store.schedules.updatePayload(this.item.id, {
          ...this.item.payload,
          progressActivityId: this.activityId,
        });
      }
    } catch (err) {
      // Progress is a courtesy: a failed update must not fail the diagnosis.
      this.deps.logger.warn({ err: String(err), job: this.item.id }, 'progress card update failed');
    }
  }
}

/** The logs a bundle needs, as their files are called on every Windows (so in every language). */
const EXPECTED_LOG_NAMES = 'CBS.log, WindowsUpdate.log, System.evtx / Setup.evtx, systeminfo.txt';

function kbOf(problem: unknown): string | undefined {
  const kbs = (problem as { kbNumbers?: unknown } | null)?.kbNumbers;
  return Array.isArray(kbs) && typeof kbs[0] === 'string' ? kbs[0] : undefined;
}
