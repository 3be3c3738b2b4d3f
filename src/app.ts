/**
 * Composition: config -> store -> conversation runner -> bot -> HTTP server, the upload intake, and two
 * durable loops over the same scheduled items: reminders, and long jobs (attachment downloads,
 * diagnoses). `startApp` is what `npm start` runs and what the end-to-end tests start on a free port.
 */
import { isLoopback, type Config } from './config';
import { createLogger, type Logger } from './log';
import { describeStores, openArtifacts, openStore } from './stores';
import type { ScheduledItem, Store } from './storage/ports';
import { ConversationRunner, JOB_PREFIX, newReferenceCode, readLocale } from './conversation/runner';
import { Deliverer } from './conversation/deliverer';
import { outbound, type OutboundPayload } from './conversation/outbound';
import { Notifier } from './conversation/notifier';
import { Scheduler } from './conversation/scheduler';
import { createAdapter } from './bot/adapter';
import { Bot } from './bot/bot';
import { createHttpServer } from './http/server';
import { registerEngineerRoutes } from './http/engineer';
import { registerUploadRoutes } from './http/uploads';
import { newCaseNumber } from './domain/caseNumber';
import { pickLocale, t } from './i18n';
import { renderCard } from './cards/render';
import { loadKnowledge, type Knowledge } from './knowledge';
import { stageCardData } from './cards/data/stage';
import { EngineerDesk } from './handoff/desk';
import { deskLane } from './handoff/posts';
import { buildCaseSummary } from './cases/summary';
import { summaryCardData } from './cards/data/summary';
import { eventEntry, inBoth } from './cases/timeline';
import type { Locale } from './domain/locale';
import type { ArtifactStore } from './uploads/artifacts';
import { FileCatalog, isFileId } from './uploads/files';
import { Intake } from './conversation/jobs';
import { inspectArchive } from './uploads/inspect';
import { UploadLinks, loadSigningKey } from './uploads/links';
import { FINISHED_STATUSES, sweepRetention } from './uploads/retention';
import { UploadService } from './uploads/service';
import { ENGINEER_TOKEN_PURPOSE, EngineerLinks, CaseFiles } from './uploads/caseFiles';
import { download } from './uploads/download';
import { UploadTokens } from './uploads/tokens';
import { VERSION } from './version';
import { startInstance } from './instance';

export interface App {
  url: string;
  host: string;
  port: number;
  store: Store;
  scheduler: Scheduler;
  jobs: Scheduler;
  deliverer: Deliverer;
  links: UploadLinks;
  engineerLinks: EngineerLinks;
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  now?: () => number;
  /** A store to use instead of the one the config names (fault-injection tests). */
  store?: Store;
  /** An artifact store to use instead of the one the config names. */
  artifacts?: ArtifactStore;
  /** Stands in for the bot's Bot Framework token (which needs Microsoft's sign-in service) in tests. */
  downloadToken?: (conversationId: string, url: string) => Promise<string | undefined>;
}

function threadIdOf(reference: unknown): string {
  return (reference as { conversation?: { id?: string } } | undefined)?.conversation?.id ?? '';
}

const RETENTION_SWEEP_MS = 6 * 60 * 60 * 1000;
/** A partial upload file nobody wrote to for this long belongs to no upload in progress (idle ones are cut at 2 min). */
const PARTIAL_AGE_MS = 5 * 60 * 1000;

export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  const store = options.store ?? (await openStore(config, logger));
  let artifacts: ArtifactStore;
  try {
    artifacts = options.artifacts ?? (await openArtifacts(config));
  } catch (err) {
    if (!options.store) await store.close();
    throw err;
  }
  const instance = startInstance(config.instanceId, config.dataDir);
  const signingKey = loadSigningKey(config.dataDir, config.uploadSigningKey);
  const tokens = new UploadTokens(signingKey);
  let publicUrl = config.publicUrl ?? '';
  const links = new UploadLinks(tokens, store.uploads, () => publicUrl, config.uploadLinkTtlMs, now);

  const engineerLinks = new EngineerLinks(
    new UploadTokens(signingKey, ENGINEER_TOKEN_PURPOSE),
    store,
    () => publicUrl,
    config.engineers.linkTtlMs,
    now,
  );
  const caseFiles = new CaseFiles(store, artifacts, now);
  const files = new FileCatalog({ links, shared: caseFiles, text: t });
  let knowledge: Knowledge | undefined;
  try {
    knowledge = loadKnowledge();
  } catch (err) {
    // Diagnosis still names codes and rules without the catalogue; the validator in `npm test` keeps it sound.
    logger.error({ err }, 'knowledge base failed to load; diagnoses will lack explanations');
  }
  const runner = new ConversationRunner({
    store,
    logger,
    settings: { followUpsMs: config.followUpsMs },
    newCaseNumber,
    pickLocale,
    text: t,
    card: renderCard,
    links,
    files,
    // The deliverer sends through the bot, which needs this runner: it is wired in below.
    onCommitted: (conversationId) => deliverer.kick(conversationId),
    cardData: {
      stage: (effect, locale) =>
        stageCardData(
          { playbooks: knowledge?.playbooks ?? new Map(), causes: knowledge?.causes ?? new Map() },
          effect,
          locale,
        ),
      summary: (row, timeline, locale) => summaryCardData(buildCaseSummary(row, timeline), locale),
    },
    now,
  });
  const bot = new Bot({
    adapter: createAdapter(config),
    runner,
    logger,
    appId: config.app.id,
    pickLocale,
    errorText: (locale, reference) => t(locale, 'system.error', { reference }),
    fileConsent: {
      files,
      isFileId,
      caseOf: async (caseNumber) => {
        const row = await store.cases.get(caseNumber);
        return row && { conversationId: row.conversationId, locale: pickLocale(row.locale) };
      },
      text: t,
      requireHttps: config.authenticated,
      send: async (conversationId, messages) =>
        void (await notifier.post(
          conversationId,
          messages.map(({ id, message, caseNumber }) => ({
            id,
            payload: { ...message, ...(caseNumber ? { caseNumber } : {}) },
          })),
        )),
    },
    // A turn waits this long for its replies to go out before it answers the channel.
    flush: (conversationId) => deliverer.flush(conversationId, Math.min(5000, config.connectorTimeoutMs)),
    // Through the outbox like every message, even when nothing of the conversation is stored yet (the
    // activity's reference is queued with it) or the turn was the engineers' channel's.
    apologize: async ({ conversationId, channelId, id, text, reference }) => {
      if (channelId) {
        const lane = deskLane(channelId);
        await desk.posts.queue(lane, [{ id, post: { op: 'reply', reference, text } }]);
        return lane;
      }
      await store.outbox.add(
        [outbound(`${conversationId}|${id}`, conversationId, { kind: 'text', text, to: reference })],
        now(),
      );
      deliverer.kick(conversationId);
      return conversationId;
    },
  });
  const notifier = new Notifier(store, runner, (conversationId) => deliverer.kick(conversationId), now);
  // The caseNumber a message concerns, and what it was, for the timeline and the engineers.
  const describe = (payload: OutboundPayload, error: string): Record<Locale, string> => {
    const what = (locale: Locale) =>
      payload.kind === 'engineers' ? payload.effect.kind : t(locale, `timeline.undelivered.${payload.kind}`);
    return { en: `${what('en')}: ${error}`, 'zh-CN': `${what('zh-CN')}：${error}` };
  };
  const deliverer: Deliverer = new Deliverer({
    store,
    channel: bot,
    engineers: async (effect, id) => {
      if (effect.kind === 'escalate') await desk.escalate(effect.caseNumber, effect.reason);
      else if (effect.kind === 'relay') await desk.relay(effect.caseNumber, effect.message, id);
      else await desk.caseClosed(effect.caseNumber, id);
    },
    channelPosts: (post, id) => desk.deliver(post, id),
    events: (conversationId, events, processedId) => notifier.notify(conversationId, { events, processedId }),
    onGiveUp: async (entry, payload, error) => {
      if (payload.kind === 'engineers' || !payload.caseNumber) return;
      // The engineers' channel itself cannot be reached: the case's timeline says what they missed.
      if (payload.kind === 'channel') {
        await store.cases.appendTimeline(
          eventEntry(payload.caseNumber, now(), 'bot', {
            key: 'channelUndeliverable',
            params: { op: payload.post.op, error: String(error) },
          }),
        );
        return;
      }
      // An answered consent card left in the chat: the case's timeline says so; not worth an engineer.
      if (payload.kind === 'delete') {
        await store.cases.appendTimeline(
          eventEntry(payload.caseNumber, now(), 'bot', {
            key: 'undeliverable',
            params: { what: describe(payload, error) },
          }),
        );
        return;
      }
      await desk.undeliverable(payload.caseNumber, describe(payload, error), `gave-up|${entry.id}`);
    },
    logger,
    owner: instance.owner('outbox'),
    // One send is one connector request with a deadline (a refused connection is retried quickly): a
    // message claimed by a process that died is claimed again after this.
    leaseMs: 2 * config.connectorTimeoutMs + 10_000,
    pollMs: config.schedulerPollMs,
    maxAttempts: config.deliveryAttempts,
    backoffMs: config.deliveryBackoffMs,
    now,
  });
  const desk: EngineerDesk = new EngineerDesk({
    store,
    channel: bot,
    // Queued in the user's lane, in the desk's transaction; the deliverer runs them as a turn (`events`).
    notifyUser: async (conversationId, events, processedId, caseNumber) => {
      await store.outbox.add(
        [
          outbound(`${conversationId}|${processedId}`, conversationId, {
            kind: 'events',
            events,
            caseNumber,
          }),
        ],
        now(),
      );
      store.afterCommit(() => deliverer.kick(conversationId));
    },
    queued: (lane) => store.afterCommit(() => deliverer.kick(lane)),
    card: renderCard,
    text: t,
    logger,
    caseLinks: engineerLinks,
    // A file pasted in a case's thread: fetched (with the bot's token where the channel asks for it) and
    // kept as a file shared with the user.
    fetchShared: async (caseNumber, file, reference, by) => {
      const fetched = await download(file.url, {
        requireHttps: config.authenticated,
        logger,
        token: () =>
          options.downloadToken
            ? options.downloadToken(threadIdOf(reference), file.url)
            : bot.downloadToken(reference, file.url),
        // Inside the Teams turn: pasted images are small, and the channel will not wait minutes.
        timeoutMs: 60_000,
      });
      return caseFiles.add(
        caseNumber,
        {
          name: file.name,
          body: fetched.stream,
          length: fetched.length,
          contentType: file.contentType ?? fetched.contentType,
        },
        { direction: 'to-user', by },
      );
    },
    settings: config.engineers,
    now,
  });
  bot.attachDesk(desk);

  const uploads = new UploadService({
    tokens,
    records: store.uploads,
    artifacts,
    maxBytes: config.maxUploadBytes,
    caseQuotaBytes: config.caseUploadQuotaBytes,
    caseInfo: async (caseNumber) => {
      const row = await store.cases.get(caseNumber);
      return row ? { locale: row.locale, open: !FINISHED_STATUSES.includes(row.status) } : undefined;
    },
    inspect: inspectArchive,
    // The intake is built below (it needs this service); these run only once uploads arrive.
    diagnosis: {
      job: (record) => intake.diagnosisJob(record),
      inHand: (record) => intake.inHand(record),
      schedule: async (job) => void (await store.schedules.schedule(job)),
    },
    now,
  });
  const jobsOwner = instance.owner('jobs');
  const intake: Intake = new Intake({
    store,
    notifier,
    uploads,
    artifacts,
    knowledge,
    logger,
    card: renderCard,
    renewClaim: (item) => store.schedules.extendClaim(item.id, jobsOwner, now() + config.jobLeaseMs),
    requireHttps: config.authenticated,
    downloadToken:
      options.downloadToken ??
      (async (conversationId: string, url: string): Promise<string | undefined> => {
        const record = await store.conversations.load(conversationId);
        return record?.reference ? bot.downloadToken(record.reference, url) : undefined;
      }),
    maxUploadBytes: config.maxUploadBytes,
    forEngineers: { files: caseFiles, received: (record) => desk.userFileReceived(record) },
    now,
  });

  const deliverReminder = async (item: ScheduledItem): Promise<'gone' | void> => {
    const payload = item.payload as { key?: string; data?: Record<string, unknown> };
    const outcome = await notifier.notify(item.conversationId, {
      processedId: `sched:${item.id}`,
      events: [
        { type: 'reminder.due', key: payload.key ?? item.key, kind: item.kind, payload: payload.data },
      ],
      completeScheduledIds: [item.id],
    });
    return outcome === 'gone' ? 'gone' : undefined;
  };
  /**
   * A reminder or a job whose turn failed: the user hears an apology once per item (its id makes it
   * one message), and when the scheduler gives the item up, the case's timeline and the engineers hear.
   */
  const backgroundFailed = async (
    item: ScheduledItem,
    failure: { attempts: number; final: boolean },
  ): Promise<void> => {
    const record = await store.conversations.load(item.conversationId);
    const locale = readLocale(record?.snapshot) ?? 'en';
    const caseNumber = (record?.snapshot as { context?: { caseNumber?: string } } | undefined)?.context
      ?.caseNumber;
    if (failure.attempts === 1) {
      await notifier.post(item.conversationId, [
        {
          id: `apology:${item.id}`,
          payload: { kind: 'text', text: t(locale, 'system.error', { reference: newReferenceCode() }) },
        },
      ]);
    }
    if (failure.final && caseNumber)
      await desk.undeliverable(
        caseNumber,
        inBoth('timeline.undelivered.job', { kind: item.kind, attempts: failure.attempts }),
        `background|${item.id}|${failure.attempts}`,
      );
  };
  const scheduler = new Scheduler({
    store: store.schedules,
    deliver: deliverReminder,
    owner: instance.owner('reminders'),
    pollMs: config.schedulerPollMs,
    leaseMs: 60_000,
    filter: { excludeKindPrefix: JOB_PREFIX },
    backoffMs: config.deliveryBackoffMs,
    onFailure: (item, failure) => backgroundFailed(item, failure),
    now,
    logger,
  });
  // One job at a time per instance: a diagnosis is CPU-bound, and the turn loop must stay responsive.
  const jobs = new Scheduler({
    store: store.schedules,
    deliver: (item) => intake.run(item),
    owner: jobsOwner,
    pollMs: config.schedulerPollMs,
    leaseMs: config.jobLeaseMs,
    batch: 1,
    filter: { kindPrefix: JOB_PREFIX },
    backoffMs: config.deliveryBackoffMs,
    onFailure: (item, failure) => backgroundFailed(item, failure),
    now,
    logger,
  });

  /** What this instance's previous start held when it died is claimable again at once (see src/instance.ts). */
  const reclaim = async (): Promise<void> => {
    if (!instance.reclaim) {
      logger.warn(
        { instanceId: config.instanceId, pid: instance.heldBy },
        'another live process uses this instance id; claims of a previous start run out on their own',
      );
      return;
    }
    const released = {
      outbox: await store.outbox.releaseClaims(instance.prefix('outbox'), instance.owner('outbox')),
      reminders: await store.schedules.releaseClaims(
        instance.prefix('reminders'),
        instance.owner('reminders'),
      ),
      jobs: await store.schedules.releaseClaims(instance.prefix('jobs'), jobsOwner),
    };
    if (released.outbox + released.reminders + released.jobs > 0)
      logger.info({ released, instanceId: instance.id }, "released the previous start's claims");
  };
  const http = createHttpServer({
    logger,
    maxBodyBytes: config.maxBodyBytes,
    version: VERSION,
    handleMessages: (req, res) => bot.process(req, res),
    checkStore: (options) => store.ping(options),
  });
  registerUploadRoutes(http.server, {
    uploads,
    logger,
    text: t,
    pickLocale,
    maxBytes: config.maxUploadBytes,
    publicUrl: () => publicUrl,
    afterUpload: (accepted) => intake.accepted(accepted),
    // An expired link is worth one new link per link, however often a script retries with it.
    afterRefusal: (caseNumber, name, refusal) =>
      intake.refused(
        caseNumber,
        name,
        refusal,
        refusal.link ? { processedId: `upload:expired-link:${refusal.link.grantId}` } : {},
      ),
    shared: async (caseNumber, id) => {
      const found = await caseFiles.open(caseNumber, id);
      return found?.record.direction === 'to-user' ? found : undefined;
    },
  });
  registerEngineerRoutes(http.server, {
    links: engineerLinks,
    shared: caseFiles,
    files: async (caseNumber) => ({
      uploads: await store.uploads.listByCase(caseNumber),
      files: await store.caseFiles.listByCase(caseNumber),
    }),
    file: async (caseNumber, fileId) => {
      const found = await caseFiles.open(caseNumber, fileId);
      return found && { name: found.record.name, path: found.path };
    },
    upload: async (caseNumber, uploadId) => {
      const upload = await store.uploads.get(uploadId);
      if (!upload || upload.caseNumber !== caseNumber) return undefined;
      return { name: upload.name, path: await artifacts.localPath(upload.artifactKey) };
    },
    afterShare: (record) => desk.fileShared(record),
    text: t,
    locale: config.engineers.locale,
    logger,
  });
  const address = await http.listen(config.port, config.host);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  publicUrl ||= url;
  await reclaim();
  scheduler.start();
  jobs.start();
  deliverer.start();
  // A channel learned under older rules is checked against today's before it gets anything (recheck.ts).
  void desk.recheckChannel();

  const sweep = () =>
    sweepRetention(store, artifacts, config.artifactRetentionMs, now(), logger).catch((err: unknown) =>
      logger.error({ err }, 'retention sweep failed'),
    );
  // Uploads a dead process left half-written: at start, and from then on (one in progress writes often).
  const cleanPartials = () =>
    artifacts
      .cleanPartials(PARTIAL_AGE_MS)
      .then((removed) => removed && logger.info({ removed }, 'removed partial uploads left behind'))
      .catch((err: unknown) => logger.error({ err }, 'removing partial uploads failed'));
  void cleanPartials();
  const partialSweeper = setInterval(cleanPartials, PARTIAL_AGE_MS).unref();
  void sweep();
  const sweeper = setInterval(sweep, RETENTION_SWEEP_MS).unref();
  // Escalations nobody took are announced again; ones that waited for a channel are posted once it is known.
  const deskSweeper = setInterval(
    () => void desk.sweep().catch((err: unknown) => logger.error({ err }, 'escalation sweep failed')),
    Math.min(60_000, Math.max(1_000, config.engineers.reannounceMs / 2)),
  ).unref();

  logger.info(
    { url, publicUrl, authenticated: config.authenticated, ...describeStores(config) },
    config.authenticated
      ? 'listening; every request to /api/messages must carry a valid Bot Framework token'
      : isLoopback(address.address)
        ? 'listening on loopback only: no Microsoft App credentials configured (local development)'
        : 'listening WITHOUT authentication (ALLOW_UNAUTHENTICATED=true)',
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    host: address.address,
    port: address.port,
    store,
    scheduler,
    jobs,
    deliverer,
    links,
    engineerLinks,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        clearInterval(partialSweeper);
        clearInterval(deskSweeper);
        await http.close(config.shutdownGraceMs);
        await Promise.all([scheduler.stop(), jobs.stop()]);
        await runner.drain();
        await deliverer.stop();
        await store.close();
        instance.close();
        logger.info('stopped');
      })();
      return closing;
    },
  };
}
