/**
 * The HTTP server (restify): POST /api/messages (JSON only, body-size capped), GET /healthz. Tracks
 * requests in flight so that shutdown can stop accepting, let them finish, then close.
 *
 * No request has a deadline as a whole (a 300 MB bundle from a branch office takes as long as it takes);
 * a connection that sends and receives nothing for IDLE_TIMEOUT_MS is closed instead, and the headers of
 * a request must arrive within HEADERS_TIMEOUT_MS (slowloris).
 */
import restify, { type Server } from 'restify';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log';
import { loggablePath } from './pages';

/** A connection with no bytes either way for this long is closed (an upload in progress keeps it open). */
export const IDLE_TIMEOUT_MS = 120_000;
/** The request line and headers must arrive within this. */
export const HEADERS_TIMEOUT_MS = 60_000;

export interface HttpDeps {
  logger: Logger;
  maxBodyBytes: number;
  /** Idle timeout per connection (default IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
  version: string;
  handleMessages: (req: restify.Request, res: restify.Response) => Promise<void>;
  /** Throws when the store cannot be read (or, with `write`, cannot be written: a full disk, a read-only file). */
  checkStore: (options?: { write?: boolean }) => Promise<void>;
}

export interface HttpServer {
  server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting connections and waits (up to graceMs) for requests in flight. */
  close(graceMs: number): Promise<void>;
}

export function createHttpServer(deps: HttpDeps): HttpServer {
  const server = restify.createServer({ name: 'update-case-bot', handleUncaughtExceptions: false });
  server.server.requestTimeout = 0;
  server.server.headersTimeout = HEADERS_TIMEOUT_MS;
  // Without a 'timeout' listener, Node destroys the idle socket: the request errors ('aborted'), and an
  // upload's pipeline removes its partial file as it does when the client goes away.
  server.server.setTimeout(deps.idleTimeoutMs ?? IDLE_TIMEOUT_MS);
  let inFlight = 0;
  let idle: (() => void) | undefined;

  server.pre((req, res, next) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    next();
  });

  // Activities are JSON: no form or multipart parsing (which would write files to /tmp before the
  // authentication check, and let any web page post a turn from a browser).
  server.post(
    '/api/messages',
    jsonOnly(deps.maxBodyBytes),
    restify.plugins.bodyReader({ maxBodySize: deps.maxBodyBytes }),
    restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false }),
    // Whether the body is an activity at all is the bot's to say (src/bot: activityProblem, 400).
    async (req: restify.Request, res: restify.Response) => {
      try {
        await deps.handleMessages(req, res);
      } catch (err) {
        deps.logger.error({ err }, 'activity processing failed');
        if (!res.headersSent) res.send(500, { error: 'internal error' });
      }
    },
  );

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    try {
      await deps.checkStore({ write: true });
      res.send(200, { status: 'ok', version: deps.version, store: 'ok' });
    } catch (writeErr) {
      try {
        await deps.checkStore();
      } catch (err) {
        deps.logger.error({ err }, 'health check: store unreachable');
        res.send(503, { status: 'unavailable', version: deps.version, store: 'unreachable' });
        return;
      }
      // Reads work, writes do not: no turn can commit (a full disk).
      deps.logger.error({ err: writeErr }, 'health check: store cannot write');
      res.send(503, { status: 'degraded', version: deps.version, store: 'cannot write' });
    }
  });

  server.on('restifyError', (req, res, err, cb) => {
    deps.logger.warn(
      { path: loggablePath(req.path()), status: err.statusCode, msg: err.message },
      'request refused',
    );
    return cb();
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.removeListener('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close(graceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((r) => (idle = r)), delay(graceMs)]);
      }
      // Keep-alive connections would hold close() open; requests in flight are done by now.
      server.server.closeIdleConnections?.();
      await Promise.race([closed, delay(graceMs)]);
      server.server.closeAllConnections?.();
    },
  };
}

/**
 * Refuses what is not a plain JSON body before it is read: another content type or any content encoding
 * (415; a gzip body could unpack far beyond the cap) and a declared length over the cap (413).
 */
function jsonOnly(maxBytes: number): restify.RequestHandler {
  return (req, res, next) => {
    if (req.getContentType().trim() !== 'application/json' || req.header('content-encoding')) {
      res.send(415, {
        error: 'expected an uncompressed Bot Framework activity (Content-Type: application/json)',
      });
      return next(false);
    }
    if (Number(req.header('content-length') || 0) > maxBytes) {
      res.header('connection', 'close');
      res.send(413, { error: `the activity is larger than ${maxBytes} bytes` });
      return next(false);
    }
    return next();
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
