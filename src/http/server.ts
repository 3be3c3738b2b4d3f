/**
 * The HTTP server (restify): POST /api/messages (body-size capped), GET /healthz. Tracks requests in
 * flight so that shutdown can stop accepting, let them finish, then close.
 */
import restify, { type Server } from 'restify';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log';

export interface HttpDeps {
  logger: Logger;
  maxBodyBytes: number;
  version: string;
  handleMessages: (req: restify.Request, res: restify.Response) => Promise<void>;
  checkStore: () => Promise<void>;
}

export interface HttpServer {
  server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting connections and waits (up to graceMs) for requests in flight. */
  close(graceMs: number): Promise<void>;
}

export function createHttpServer(deps: HttpDeps): HttpServer {
  const server = restify.createServer({ name: 'update-case-bot', handleUncaughtExceptions: false });
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

  server.post(
    '/api/messages',
    restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes, mapParams: false, mapFiles: false }),
    async (req: restify.Request, res: restify.Response) => {
      if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
        res.send(400, { error: 'expected a Bot Framework activity (JSON object)' });
        return;
      }
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
      await deps.checkStore();
      res.send(200, { status: 'ok', version: deps.version, store: 'ok' });
    } catch (err) {
      deps.logger.error({ err }, 'health check: store unreachable');
      res.send(503, { status: 'unavailable', version: deps.version, store: 'unreachable' });
    }
  });

  server.on('restifyError', (req, res, err, cb) => {
    deps.logger.warn({ path: req.path(), status: err.statusCode, msg: err.message }, 'request refused');
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

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
