/**
 * Composition: config -> store -> conversation runner -> bot -> HTTP server, plus the durable
 * scheduler. `startApp` is what `npm start` runs and what the end-to-end tests start on a free port.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from './config';
import { createLogger, type Logger } from './log';
import { openSqliteStore } from './storage/sqlite';
import type { ScheduledItem, Store } from './storage/ports';
import { ConversationRunner } from './conversation/runner';
import { Scheduler } from './conversation/scheduler';
import { createAdapter } from './bot/adapter';
import { Bot } from './bot/bot';
import { createHttpServer } from './http/server';
import { newCaseNumber } from './cases/caseNumber';
import { pickLocale, t } from './i18n';
import { renderCard } from './cards/render';
import { VERSION } from './version';


export interface App {
  url: string;
  host: string;
  port: number;
  store: Store;
  scheduler: Scheduler;
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  now?: () => number;
  /** A store to use instead of the SQLite file named by the config (fault-injection tests). */
  store?: Store;
}

export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  const store = options.store ?? openSqliteStore(config.databaseFile);
  const runner = new ConversationRunner({
    store,
    logger,
    settings: { nudgeAfterMs: config.nudgeAfterMs },
    newCaseNumber,
    pickLocale,
    text: t,
    card: renderCard,
    now,
  });
  const bot = new Bot({
    adapter: createAdapter(config),
    runner,
    logger,
    appId: config.app.id,
    pickLocale,
    errorText: (locale, reference) => t(locale, 'system.error', { reference }),
  });

  const deliver = async (item: ScheduledItem): Promise<'gone' | void> => {
    const record = await store.conversations.load(item.conversationId);
    if (!record?.reference) return 'gone';
    const payload = item.payload as { key?: string; data?: Record<string, unknown> };
    await bot.proactive(record.reference, async (sink) => {
      await runner.handle(
        {
          conversationId: item.conversationId,
          processedId: `sched:${item.id}`,
          events: [{ type: 'reminder.due', key: payload.key ?? item.key, kind: item.kind, payload: payload.data }],
          completeScheduledIds: [item.id],
        },
        sink,
      );
    });
  };
  const scheduler = new Scheduler({
    store: store.schedules,
    deliver,
    owner: `bot-${process.pid}-${randomUUID().slice(0, 8)}`,
    pollMs: config.schedulerPollMs,
    leaseMs: 60_000,
    now,
    logger,
  });

  const http = createHttpServer({
    logger,
    maxBodyBytes: config.maxBodyBytes,
    version: VERSION,
    handleMessages: (req, res) => bot.process(req, res),
    checkStore: () => store.ping(),
  });
  const address = await http.listen(config.port, config.host);
  scheduler.start();

  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info(
    {
      url: `http://${host}:${address.port}`,
      authenticated: config.authenticated,
      database: config.databaseFile,
    },
    config.authenticated
      ? 'listening; every request to /api/messages must carry a valid Bot Framework token'
      : config.host === '127.0.0.1'
        ? 'listening on loopback only: no Microsoft App credentials configured (local development)'
        : 'listening WITHOUT authentication (ALLOW_UNAUTHENTICATED=true)',
  );

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    host: address.address,
    port: address.port,
    store,
    scheduler,
    close() {
      closing ??= (async () => {
        await http.close(config.shutdownGraceMs);
        await scheduler.stop();
        await runner.drain();
        await store.close();
        logger.info('stopped');
      })();
      return closing;
    },
  };
}
