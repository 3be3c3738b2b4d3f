/**
 * Fetching a file a Teams message points at. Download-info URLs are pre-authorised; other attachment URLs
 * of the channel (pasted images, some channels' files) answer 401/403 until the bot's own token is shown,
 * so the download is retried once with it. The token is only ever asked for, never guessed at here: the
 * caller decides which hosts may see it.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Logger } from '../log';
import { UploadRefused } from './service';

export interface DownloadOptions {
  /** Only https once the bot is authenticated (no credentials: local development). */
  requireHttps: boolean;
  /** The bot's token for this URL, when the channel serves it only to the bot. */
  token?: () => Promise<string | undefined>;
  logger: Logger;
  timeoutMs?: number;
}

/** Streams the file at `url`; refuses (`download-failed`) a bad URL, a network failure or a non-2xx answer. */
export async function download(
  url: string,
  options: DownloadOptions,
): Promise<{ stream: Readable; length?: number; contentType?: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UploadRefused('download-failed', { status: 'bad-url' });
  }
  const allowed = options.requireHttps ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(parsed.protocol))
    throw new UploadRefused('download-failed', { status: parsed.protocol });
  const get = async (token?: string): Promise<Response> => {
    try {
      return await fetch(parsed, {
        signal: AbortSignal.timeout(options.timeoutMs ?? 30 * 60_000),
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    } catch (err) {
      options.logger.warn({ err: String(err) }, 'attachment download failed');
      throw new UploadRefused('download-failed', { status: 'network' });
    }
  };
  let res = await get();
  if ((res.status === 401 || res.status === 403) && options.token) {
    const token = await options.token();
    if (token) {
      await res.body?.cancel();
      res = await get(token);
    }
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new UploadRefused('download-failed', { status: res.status });
  }
  const length = Number(res.headers.get('content-length') ?? '') || undefined;
  const contentType = res.headers.get('content-type') ?? undefined;
  return {
    stream: Readable.fromWeb(res.body as unknown as WebReadableStream),
    ...(length ? { length } : {}),
    ...(contentType ? { contentType } : {}),
  };
}
