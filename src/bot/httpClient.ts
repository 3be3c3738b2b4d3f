/**
 * The HTTP client of the bot's connector requests (sends, updates, members): node:http(s) with a deadline
 * on every request, so a connector that accepts a request and never answers fails it. A 429 or 5xx answer
 * is returned to the caller as an error at once, with its status and Retry-After: the outbox retries it
 * with its own backoff (the client library's quick retries would hold a conversation's queue for seconds
 * and hide the Retry-After). Requests use node's global agents, which src/proxy.ts routes through the
 * configured proxy (HTTPS_PROXY, NO_PROXY …) like every other outbound call; the agent the library's own
 * pipeline sets from the environment (a second reading of the same variables, with its own NO_PROXY rules
 * and plain forwarding for http://) is not used.
 */
import http from 'node:http';
import https from 'node:https';

/** The parts of the library's request (a core-http WebResourceLike) this client reads. */
interface WebResourceLike {
  url: string;
  method: string;
  headers: { toJson(options?: { preserveCase?: boolean }): Record<string, string> };
  body?: unknown;
  timeout?: number;
  abortSignal?: AbortSignal;
}

/** A response's headers as the library reads them (core-http's names and core-rest-pipeline's). */
class Headers {
  constructor(private readonly raw: Record<string, string>) {}
  get(name: string): string | undefined {
    return this.raw[name.toLowerCase()];
  }
  contains(name: string): boolean {
    return name.toLowerCase() in this.raw;
  }
  has(name: string): boolean {
    return this.contains(name);
  }
  toJson(): Record<string, string> {
    return { ...this.raw };
  }
  /** The name the pipeline's headers use (the library reads an error's response with it). */
  toJSON(): Record<string, string> {
    return { ...this.raw };
  }
  [Symbol.iterator](): Iterator<[string, string]> {
    return Object.entries(this.raw)[Symbol.iterator]();
  }
  rawHeaders(): Record<string, string> {
    return { ...this.raw };
  }
}

/**
 * A connector answer that another try may fix (429, 5xx); `statusCode` and `response` as the library's
 * errors have them. The response names its request and status: the client library reads them off an
 * error's response (without them it fails with a TypeError of its own, and the status and Retry-After are
 * lost: a 429 retried at once, a 404 tried again as if it could help).
 */
export class ConnectorStatusError extends Error {
  constructor(
    readonly statusCode: number,
    readonly response: {
      request: { url: string; method: string; headers: Headers };
      status: number;
      headers: Headers;
      bodyAsText: string;
    },
  ) {
    super(`the connector answered ${statusCode}`);
    this.name = 'ConnectorStatusError';
  }
}

export class BoundedHttpClient {
  constructor(private readonly timeoutMs: number) {}

  sendRequest(request: WebResourceLike): Promise<unknown> {
    const url = new URL(request.url);
    const transport = url.protocol === 'https:' ? https : http;
    const body = typeof request.body === 'string' || Buffer.isBuffer(request.body) ? request.body : undefined;
    const timeoutMs = Math.min(request.timeout || this.timeoutMs, this.timeoutMs);
    return new Promise((resolve, reject) => {
      const req = transport.request(
        url,
        {
          method: request.method,
          headers: {
            ...request.headers.toJson({ preserveCase: true }),
            ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
          },
          signal: request.abortSignal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            clearTimeout(timer);
            const headers = new Headers(
              Object.fromEntries(
                Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
              ),
            );
            const status = res.statusCode ?? 0;
            const bodyAsText = Buffer.concat(chunks).toString('utf8');
            if (status === 429 || status >= 500)
              reject(
                new ConnectorStatusError(status, {
                  request: {
                    url: request.url,
                    method: request.method,
                    headers: new Headers(lowerCased(request.headers.toJson())),
                  },
                  status,
                  headers,
                  bodyAsText,
                }),
              );
            else resolve({ request, status, headers, bodyAsText });
          });
        },
      );
      // The whole request, answer included, within the deadline.
      const timer = setTimeout(() => {
        const error = new Error(`no answer from the connector within ${timeoutMs} ms`);
        error.name = 'TimeoutError';
        req.destroy(error);
      }, timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.end(body);
    });
  }
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
