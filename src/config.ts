/**
 * Configuration: the only reader of process.env. Validated with zod at start-up (every problem listed
 * at once), typed and frozen; `redactedConfig` is the only form that may be logged.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** '500ms', '30s', '15m', '2h', '2d' or a plain number of milliseconds. */
export function parseDuration(raw: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(raw);
  if (!m) return undefined;
  const unit = (m[2] ?? 'ms').toLowerCase();
  const factor: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Math.round(Number(m[1]) * factor[unit]);
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `"${v}" is not a duration (use e.g. 500ms, 30s, 15m, 2h, 2d)`,
        });
        return z.NEVER;
      }
      return ms;
    });

/** Ascending durations, comma-separated ("2d,4d,7d,8d"). */
const durations = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const list = v.split(',').map((part) => parseDuration(part.trim()));
      const ascending = list.every((ms, i) => ms !== undefined && (i === 0 || ms > (list[i - 1] ?? 0)));
      if (list.length === 0 || !ascending) {
        ctx.addIssue({
          code: 'custom',
          message: `"${v}" is not a list of ascending durations (use e.g. 2d,4d,7d,8d)`,
        });
        return z.NEVER;
      }
      return list as number[];
    });

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .default(fallback ? 'true' : 'false')
    .transform((v) => (v === '' ? fallback : ['true', '1', 'yes'].includes(v)));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().optional(),
  ALLOW_UNAUTHENTICATED: bool(false),
  MICROSOFT_APP_ID: z.string().default(''),
  MICROSOFT_APP_PASSWORD: z.string().default(''),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MICROSOFT_APP_TENANT_ID: z.string().default(''),
  DATA_DIR: z.string().default('./data'),
  DATABASE_FILE: z.string().optional(),
  STORE: z.enum(['sqlite', 'postgres']).default('sqlite'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// (or postgresql://) URL')
    .optional(),
  DATABASE_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(10),
  ARTIFACTS: z.enum(['fs', 'azure-blob']).default('fs'),
  AZURE_STORAGE_CONNECTION_STRING: z.string().optional(),
  AZURE_STORAGE_CONTAINER: z
    .string()
    .regex(
      /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
      'must be a valid container name (3-63 of a-z, 0-9, -)',
    )
    .default('artifacts'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  FOLLOW_UPS: durations('2d,4d,7d,8d'),
  SCHEDULER_POLL: duration('5s'),
  SHUTDOWN_GRACE: duration('10s'),
  PUBLIC_URL: z.string().url().optional(),
  UPLOAD_SIGNING_KEY: z.string().optional(),
  UPLOAD_LINK_TTL: duration('7d'),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024 * 1024),
  CASE_UPLOAD_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(20 * 1024 * 1024 * 1024),
  ARTIFACT_RETENTION: duration('30d'),
  JOB_LEASE: duration('2m'),
  ENGINEERS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ENGINEERS_CHANNEL_ID: z.string().optional(),
  ENGINEERS_LOCALE: z.enum(['en', 'zh-CN']).default('en'),
  ESCALATION_REANNOUNCE: duration('30m'),
  ENGINEER_LINK_TTL: duration('24h'),
  MASK_CHANNEL_POSTS: bool(true),
  CONNECTOR_TIMEOUT: duration('30s'),
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  DELIVERY_BACKOFF: duration('5s'),
  INSTANCE_ID: z
    .string()
    .regex(/^[^#\s]+$/, 'no spaces and no #')
    .optional(),
  // Outbound proxy, as curl and most tools read it (either case; the upper-case one wins).
  HTTPS_PROXY: proxyUrl(),
  https_proxy: proxyUrl(),
  HTTP_PROXY: proxyUrl(),
  http_proxy: proxyUrl(),
  NO_PROXY: z.string().optional(),
  no_proxy: z.string().optional(),
});

function proxyUrl() {
  return z
    .string()
    .refine((v) => {
      try {
        return ['http:', 'https:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, 'must be an http:// or https:// URL of the proxy (e.g. http://proxy.example.com:8080)')
    .optional();
}

/** Cross-field rules, checked on the raw values so that they are reported together with schema problems. */
function crossFieldProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const appId = env.MICROSOFT_APP_ID ?? '';
  const appType = env.MICROSOFT_APP_TYPE || 'MultiTenant';
  if (appId !== '' && appType !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD) {
    problems.push('MICROSOFT_APP_PASSWORD: is required with MICROSOFT_APP_ID');
  }
  if (appId !== '' && appType !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) {
    problems.push(`MICROSOFT_APP_TENANT_ID: is required for ${appType}`);
  }
  if (appId !== '' && !env.ENGINEERS_CHANNEL_ID && !env.ENGINEERS?.trim()) {
    problems.push(
      "ENGINEERS_CHANNEL_ID: with Microsoft App credentials, name the engineers' channel (or list the " +
        'engineers in ENGINEERS): otherwise the first team that installs the bot would receive the escalations',
    );
  }
  if (env.UPLOAD_SIGNING_KEY && decodeKey(env.UPLOAD_SIGNING_KEY).length < 32) {
    problems.push('UPLOAD_SIGNING_KEY: must be at least 32 bytes (64 hex digits or 44 base64 characters)');
  }
  problems.push(...storageProblems(env));
  const host = env.HOST ?? '';
  const allow = ['true', '1', 'yes'].includes(env.ALLOW_UNAUTHENTICATED ?? '');
  if (appId === '' && host !== '' && !isLoopback(host) && !allow) {
    problems.push(
      `HOST: binding ${host} without Microsoft App credentials would accept unauthenticated requests from the ` +
        'network; set MICROSOFT_APP_ID/MICROSOFT_APP_PASSWORD, or ALLOW_UNAUTHENTICATED=true if you really mean it',
    );
  }
  return problems;
}

/** Several instances: where they share state, and what they must share besides. */
function storageProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (env.STORE === 'postgres') {
    if (!env.DATABASE_URL && !env.PGHOST && !env.PGDATABASE)
      problems.push(
        'STORE=postgres: set DATABASE_URL (postgres://user:password@host:5432/db) or the PG* variables',
      );
    // Each instance would otherwise make its own key in its DATA_DIR and refuse the others' upload links.
    if (!env.UPLOAD_SIGNING_KEY)
      problems.push(
        'UPLOAD_SIGNING_KEY: is required with STORE=postgres (every instance must sign upload links alike)',
      );
  } else if (env.DATABASE_URL) {
    problems.push('DATABASE_URL: is used only with STORE=postgres (the default store is the SQLite file)');
  }
  if (env.ARTIFACTS === 'azure-blob' && !env.AZURE_STORAGE_CONNECTION_STRING)
    problems.push('AZURE_STORAGE_CONNECTION_STRING: is required with ARTIFACTS=azure-blob');
  return problems;
}

export function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host === '::1' ||
    host === '[::1]' ||
    /^(?:::ffff:)?127\.\d+\.\d+\.\d+$/i.test(host)
  );
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly authenticated: boolean;
  readonly allowUnauthenticated: boolean;
  readonly app: {
    readonly id: string;
    readonly password: string;
    readonly type: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId: string;
  };
  readonly dataDir: string;
  /** The SQLite file (STORE=sqlite, the default). */
  readonly databaseFile: string;
  /** Where conversations, cases and timers live: one SQLite file, or PostgreSQL shared by several instances. */
  readonly store:
    | { readonly kind: 'sqlite' }
    | {
        readonly kind: 'postgres';
        /** Without it the standard PG* variables name the server. */
        readonly url?: string;
        readonly maxConnections: number;
      };
  /** Where uploaded bundles and shared files live: a folder in DATA_DIR, or an Azure Blob container. */
  readonly artifacts:
    | { readonly kind: 'fs' }
    | { readonly kind: 'azure-blob'; readonly connectionString: string; readonly container: string };
  readonly logLevel: string;
  readonly maxBodyBytes: number;
  /**
   * Reminders when a step goes unanswered, as delays after the user's last reply: the first asks about
   * the step, the next ones whether help is still needed, the one before last warns, the last archives.
   */
  readonly followUpsMs: readonly number[];
  readonly schedulerPollMs: number;
  readonly shutdownGraceMs: number;
  /** How users reach this server (upload links); default: the address it listens on. */
  readonly publicUrl?: string;
  /** HMAC key for upload links (base64 or hex, >= 32 bytes); default: one kept in DATA_DIR. */
  readonly uploadSigningKey?: Buffer;
  readonly uploadLinkTtlMs: number;
  readonly maxUploadBytes: number;
  /** What all uploads of one case may take together. */
  readonly caseUploadQuotaBytes: number;
  /** Artifacts of a closed or archived case are deleted this long after it closed. */
  readonly artifactRetentionMs: number;
  readonly jobLeaseMs: number;
  /** Deadline of each request to the channel's connector (a send, an update). */
  readonly connectorTimeoutMs: number;
  /** Sends of one message tried at most this often before it is given up (and the engineers told). */
  readonly deliveryAttempts: number;
  /** The first retry of a failed send waits about this long; each next one twice as long (max 10 min). */
  readonly deliveryBackoffMs: number;
  /**
   * Names this instance across restarts (default: host name and data folder). Claims (outbox messages,
   * reminders, jobs) carry it with a per-start boot id, so a restarted instance takes back at once what
   * its previous start held when it died. Two live instances must never share it.
   */
  readonly instanceId: string;
  /**
   * The outbound proxy for calls to Teams and Microsoft (connector, sign-in, attachments): HTTPS_PROXY for
   * https URLs, HTTP_PROXY for http ones, none for hosts in NO_PROXY.
   */
  readonly proxy: { readonly https?: string; readonly http?: string; readonly noProxy: readonly string[] };
  /** The engineers' side: roster (empty: members of the engineers' team), channel, language, queue. */
  readonly engineers: {
    readonly roster: readonly string[];
    readonly channelId?: string;
    readonly locale: 'en' | 'zh-CN';
    readonly reannounceMs: number;
    /** How long an engineer's case link works (it also dies when the case leaves the engineers). */
    readonly linkTtlMs: number;
    /** Mask phone numbers, e-mail, IPs, user names and tokens in channel posts and summaries. */
    readonly mask: boolean;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The environment without empty values: `HOST=` (or `DATA_DIR=` in a .env file) means "not set", so the
 * default applies (`HOST=` must not bind every interface, `PORT=` must not pick a random port).
 */
function setValues(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
}

/** Reads and validates the environment (process.env by default). Throws ConfigError listing every problem. */
export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): Config {
  const env = setValues(rawEnv);
  const parsed = schema.safeParse(env);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`)),
    ...crossFieldProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const authenticated = e.MICROSOFT_APP_ID !== '';
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    port: e.PORT,
    // No credentials: loopback only, unless the operator explicitly asked for more (validated above).
    host: e.HOST ?? (authenticated ? '0.0.0.0' : '127.0.0.1'),
    authenticated,
    allowUnauthenticated: e.ALLOW_UNAUTHENTICATED,
    app: Object.freeze({
      id: e.MICROSOFT_APP_ID,
      password: e.MICROSOFT_APP_PASSWORD,
      type: e.MICROSOFT_APP_TYPE,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
    }),
    dataDir,
    databaseFile: path.resolve(e.DATABASE_FILE ?? path.join(dataDir, 'bot.sqlite')),
    store: Object.freeze(
      e.STORE === 'postgres'
        ? {
            kind: 'postgres' as const,
            ...(e.DATABASE_URL ? { url: e.DATABASE_URL } : {}),
            maxConnections: e.DATABASE_MAX_CONNECTIONS,
          }
        : { kind: 'sqlite' as const },
    ),
    artifacts: Object.freeze(
      e.ARTIFACTS === 'azure-blob'
        ? {
            kind: 'azure-blob' as const,
            connectionString: e.AZURE_STORAGE_CONNECTION_STRING ?? '',
            container: e.AZURE_STORAGE_CONTAINER,
          }
        : { kind: 'fs' as const },
    ),
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    followUpsMs: e.FOLLOW_UPS,
    schedulerPollMs: e.SCHEDULER_POLL,
    shutdownGraceMs: e.SHUTDOWN_GRACE,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    uploadSigningKey: e.UPLOAD_SIGNING_KEY ? decodeKey(e.UPLOAD_SIGNING_KEY) : undefined,
    uploadLinkTtlMs: e.UPLOAD_LINK_TTL,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    caseUploadQuotaBytes: e.CASE_UPLOAD_QUOTA_BYTES,
    artifactRetentionMs: e.ARTIFACT_RETENTION,
    jobLeaseMs: e.JOB_LEASE,
    connectorTimeoutMs: e.CONNECTOR_TIMEOUT,
    deliveryAttempts: e.DELIVERY_ATTEMPTS,
    deliveryBackoffMs: e.DELIVERY_BACKOFF,
    instanceId: e.INSTANCE_ID ?? `${os.hostname()}:${dataDir}`,
    proxy: Object.freeze({
      ...((e.HTTPS_PROXY ?? e.https_proxy) ? { https: e.HTTPS_PROXY ?? e.https_proxy } : {}),
      ...((e.HTTP_PROXY ?? e.http_proxy) ? { http: e.HTTP_PROXY ?? e.http_proxy } : {}),
      noProxy: Object.freeze(
        (e.NO_PROXY ?? e.no_proxy ?? '')
          .split(/[\s,]+/)
          .map((entry) => entry.trim().toLowerCase())
          .filter(Boolean),
      ),
    }),
    engineers: Object.freeze({
      roster: Object.freeze(e.ENGINEERS),
      ...(e.ENGINEERS_CHANNEL_ID ? { channelId: e.ENGINEERS_CHANNEL_ID } : {}),
      locale: e.ENGINEERS_LOCALE,
      reannounceMs: e.ESCALATION_REANNOUNCE,
      linkTtlMs: e.ENGINEER_LINK_TTL,
      mask: e.MASK_CHANNEL_POSTS,
    }),
  });
}

function decodeKey(raw: string): Buffer {
  return /^[0-9a-f]+$/i.test(raw) && raw.length % 2 === 0
    ? Buffer.from(raw, 'hex')
    : Buffer.from(raw, 'base64');
}

/** The configuration as it may be logged: secrets replaced. */
export function redactedConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    app: { ...config.app, password: config.app.password ? '[redacted]' : '' },
    uploadSigningKey: config.uploadSigningKey ? '[redacted]' : undefined,
    proxy: {
      ...config.proxy,
      https: config.proxy.https && redactUrl(config.proxy.https),
      http: config.proxy.http && redactUrl(config.proxy.http),
    },
    store:
      config.store.kind === 'postgres' && config.store.url
        ? { ...config.store, url: redactUrl(config.store.url) }
        : config.store,
    artifacts:
      config.artifacts.kind === 'azure-blob'
        ? { ...config.artifacts, connectionString: redactConnectionString(config.artifacts.connectionString) }
        : config.artifacts,
  };
}

/**
 * A URL as it may be logged (a database's, a proxy's): postgres://bot:secret@db:5432/ucb ->
 * postgres://bot:redacted@db:5432/ucb (and a password in the query).
 */
function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = 'redacted';
    if (url.searchParams.has('password')) url.searchParams.set('password', 'redacted');
    return url.toString();
  } catch {
    return '[redacted]';
  }
}

/** AccountKey and SharedAccessSignature replaced; the account and endpoints stay (they say where). */
function redactConnectionString(raw: string): string {
  return raw.replace(/(AccountKey|SharedAccessSignature)=[^;]*/gi, '$1=[redacted]');
}

/** Settings for building the Teams app package (`npm run package`), read from the same environment. */
export interface PackagingConfig {
  readonly botId: string;
  readonly teamsAppId: string;
  readonly developerName: string;
  readonly websiteUrl: string;
}

export function loadPackagingConfig(env: NodeJS.ProcessEnv = process.env): PackagingConfig {
  const placeholder = '00000000-0000-0000-0000-000000000000';
  const botId = env.MICROSOFT_APP_ID || placeholder;
  return Object.freeze({
    botId,
    teamsAppId: env.TEAMS_APP_ID || botId,
    developerName: env.TEAMS_APP_DEVELOPER || 'Update Case Bot team',
    websiteUrl: env.TEAMS_APP_WEBSITE || 'https://example.com/update-case-bot',
  });
}
