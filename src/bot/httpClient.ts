/**
 * The HTTP client of the bot's connector requests (sends, updates, members): node:http(s) with a deadline
 * on every request, so a connector that accepts a request and never answers fails it. A 429 or 5xx answer
 * is returned to the caller as an error at once, with its status and Retry-After: the outbox retries it
 * with its own backoff (the client library's quick retries would hold a conversation's queue for seconds
 * and hide the Retry-After). The agent the library sets (a proxy) is used as given.
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
  agent?: http.Agent;
}

/** A response's headers as the library reads them. */
class Headers {
  constructor(private readonly raw: Record<string, string>) {}
  get(name: string): string | undefined {
    return this.raw[name.toLowerCase()];
  }
  contains(name: string): boolean {
    return name.toLowerCase() in this.raw;
  }
  toJson(): Record<string, string> {
    return { ...this.raw };
  }
  rawHeaders(): Record<string, string> {
    return { ...this.raw };
  }
}

/** A connector answer that another try may fix (429, 5xx); `statusCode` and `response` as the library's errors have them. */
export class ConnectorStatusError extends Error {
  constructor(
    readonly statusCode: number,
    readonly response: { headers: Headers; bodyAsText: string },
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
          agent: request.agent,
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
              reject(new ConnectorStatusError(status, { headers, bodyAsText }));
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
