/**
 * The per-case upload link: GET /upload/:token serves a small page (in the case's language) that sends
 * each dropped file with a progress bar; PUT or POST /api/uploads/:token takes one file as the raw request
 * body (curl -T, Invoke-WebRequest, the collector script). Bodies are streamed, never parsed or buffered.
 */
import { megabytes } from '../domain/sizes';
import type restify from 'restify';
import type { Locale } from '../domain/locale';
import type { Logger } from '../log';
import { refusalKey } from '../domain/failures';
import { UploadRefused, type Accepted, type UploadService } from '../uploads/service';
import { cleanName } from '../domain/names';
import { collectorKit } from '../uploads/collectorKit';
import { textCopy } from '../uploads/files';
import {
  REFUSAL_STATUS,
  STYLE,
  dropZoneScript,
  escapeHtml,
  getAndHead,
  isHead,
  linkProblemKey,
  logTransferFailure,
  messagePage as page,
  newNonce,
  requestFileName,
  sendDownload,
  sendPage,
  type Page,
} from './pages';
import { formatCaseTime } from '../i18n';

export interface UploadRouteDeps {
  uploads: UploadService;
  logger: Logger;
  text: (locale: Locale, key: string, params?: Record<string, string | number>) => string;
  pickLocale: (clientLocale?: string, text?: string) => Locale;
  maxBytes: number;
  /** How users reach this server (for links inside the collector kit); default: the request's host. */
  publicUrl?: () => string;
  /** After an accepted upload: tell the case's conversation and schedule the diagnosis. */
  afterUpload: (accepted: Accepted) => Promise<void>;
  /** After a refused upload through a valid link: tell the case's conversation why. */
  afterRefusal: (caseNumber: string, name: string, refusal: UploadRefused) => Promise<void>;
  /** A file an engineer shared with the case, for download by the user (the holder of the case's link). */
  shared: (
    caseNumber: string,
    fileId: string,
  ) => Promise<{ record: { name: string }; path: string } | undefined>;
}

export function registerUploadRoutes(server: restify.Server, deps: UploadRouteDeps): void {
  const localeOf = (req: restify.Request, caseLocale?: string): Locale =>
    deps.pickLocale(caseLocale ?? (req.header('accept-language') || undefined));

  getAndHead(server, '/upload/:token', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    try {
      const grant = await deps.uploads.authorize(token);
      const locale = localeOf(req, grant.locale);
      sendPage(res, 200, uploadPage(deps, locale, token, grant.caseNumber, grant.expiresAt));
    } catch (err) {
      const linked = err instanceof UploadRefused ? err.link?.caseNumber : undefined;
      const locale = localeOf(req, linked && (await deps.uploads.caseLocale(linked)));
      if (!(err instanceof UploadRefused)) {
        deps.logger.error({ err }, 'upload page failed');
        return sendPage(res, 500, messagePage(deps, locale, deps.text(locale, 'uploadPage.error')));
      }
      sendPage(
        res,
        REFUSAL_STATUS[err.code] ?? 422,
        messagePage(deps, locale, deps.text(locale, linkProblemKey(err.code))),
      );
    }
  });

  // The collector kit, with this case's link built into collect-and-upload.cmd.
  getAndHead(server, '/upload/:token/collector.zip', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    try {
      const grant = await deps.uploads.authorize(token);
      const base = `${req.isSecure() ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
      res.writeHead(200, {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="collect-logs-${grant.caseNumber}.zip"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      if (isHead(res)) return void res.end();
      collectorKit(grant.caseNumber, `${deps.publicUrl?.() || base}/api/uploads/${token}`).pipe(res);
    } catch (err) {
      const locale = localeOf(req);
      const code = err instanceof UploadRefused ? err.code : 'error';
      if (!(err instanceof UploadRefused)) deps.logger.error({ err }, 'collector kit failed');
      sendPage(
        res,
        err instanceof UploadRefused ? (REFUSAL_STATUS[code] ?? 422) : 500,
        messagePage(
          deps,
          locale,
          deps.text(locale, err instanceof UploadRefused ? linkProblemKey(code) : 'uploadPage.error'),
        ),
      );
    }
  });

  // Text copies of the scripts the bot sends (the attachment-free way: download, rename to .cmd).
  getAndHead(server, '/upload/:token/files/:name', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    const name = String(req.params.name ?? '');
    try {
      await deps.uploads.authorize(token);
      const bytes = await textCopy(name);
      if (!bytes) {
        const locale = localeOf(req);
        return sendPage(res, 404, messagePage(deps, locale, deps.text(locale, 'uploadPage.invalid')));
      }
      res.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': bytes.length,
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(bytes);
    } catch (err) {
      const locale = localeOf(req);
      if (!(err instanceof UploadRefused)) {
        deps.logger.error({ err }, 'text copy failed');
        return sendPage(res, 500, messagePage(deps, locale, deps.text(locale, 'uploadPage.error')));
      }
      sendPage(
        res,
        REFUSAL_STATUS[err.code] ?? 422,
        messagePage(deps, locale, deps.text(locale, linkProblemKey(err.code))),
      );
    }
  });

  // A file an engineer shared with the case (the user's way to it where Teams cannot send files).
  getAndHead(server, '/upload/:token/shared/:fileId', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    try {
      const { caseNumber } = await deps.uploads.authorize(token);
      const found = await deps.shared(caseNumber, String(req.params.fileId ?? ''));
      if (!found) {
        const locale = localeOf(req);
        return sendPage(res, 404, messagePage(deps, locale, deps.text(locale, 'uploadPage.invalid')));
      }
      await sendDownload(res, { name: found.record.name, path: found.path });
    } catch (err) {
      const locale = localeOf(req);
      if (!(err instanceof UploadRefused)) {
        deps.logger.error({ err }, 'shared file download failed');
        if (!res.headersSent)
          sendPage(res, 500, messagePage(deps, locale, deps.text(locale, 'uploadPage.error')));
        return;
      }
      sendPage(
        res,
        REFUSAL_STATUS[err.code] ?? 422,
        messagePage(deps, locale, deps.text(locale, linkProblemKey(err.code))),
      );
    }
  });

  const receive = async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    const name = cleanName(requestFileName(req, 'upload.zip'));
    const declared = req.header('content-length') ? Number(req.header('content-length')) : undefined;
    let locale = localeOf(req);
    let caseNumber: string | undefined;
    try {
      const grant = await deps.uploads.authorize(token);
      locale = localeOf(req, grant.locale);
      caseNumber = grant.caseNumber;
      const accepted = await deps.uploads.receive(token, name, req, declared);
      const { record, duplicate } = accepted;
      await deps
        .afterUpload(accepted)
        .catch((err: unknown) =>
          deps.logger.error({ err, caseNumber }, 'upload stored, but the conversation could not be told'),
        );
      res.send(200, {
        ok: true,
        uploadId: record.id,
        duplicate,
        size: record.size,
        sha256: record.sha256,
        message: deps.text(locale, duplicate ? 'uploadPage.duplicate' : 'uploadPage.received', {
          name: record.name,
        }),
      });
    } catch (err) {
      // Don't leave the client blocked writing a body nobody reads.
      req.resume();
      if (err instanceof UploadRefused && !caseNumber && err.link) {
        // An expired link still names its case: answer in the case's language, and tell the chat,
        // which posts a fresh link.
        caseNumber = err.link.caseNumber;
        locale = localeOf(req, await deps.uploads.caseLocale(caseNumber));
      }
      if (err instanceof UploadRefused) {
        deps.logger.info({ code: err.code, caseNumber }, 'upload refused');
        if (caseNumber) {
          await deps
            .afterRefusal(caseNumber, name, err)
            .catch((e: unknown) =>
              deps.logger.error(
                { err: e, caseNumber },
                'could not tell the conversation about a refused upload',
              ),
            );
        }
        res.send(REFUSAL_STATUS[err.code] ?? 422, {
          ok: false,
          code: err.code,
          message: deps.text(locale, refusalKey(err.code), { ...err.params, name }),
        });
        return;
      }
      logTransferFailure(deps.logger, req, err, { caseNumber }, 'upload');
      res.send(500, { ok: false, code: 'internal', message: deps.text(locale, 'uploadPage.error') });
    }
  };
  server.put('/api/uploads/:token', receive);
  server.post('/api/uploads/:token', receive);
}

function uploadPage(
  deps: UploadRouteDeps,
  locale: Locale,
  token: string,
  caseNumber: string,
  expiresAt: number,
): Page {
  const nonce = newNonce();
  const t = (key: string, params?: Record<string, string | number>) =>
    escapeHtml(deps.text(locale, key, params));
  const expires = formatCaseTime(expiresAt, locale, true);
  const strings = {
    uploading: deps.text(locale, 'uploadPage.uploading'),
    failed: deps.text(locale, 'uploadPage.failed'),
    tooLarge: deps.text(locale, 'uploadPage.tooLarge', {
      limitMb: megabytes(deps.maxBytes),
    }),
  };
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${t('uploadPage.title', { caseNumber })}</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body><main>
<h1>${t('uploadPage.title', { caseNumber })}</h1>
<p>${t('uploadPage.intro')}</p>
<div id="drop" tabindex="0" role="button">${t('uploadPage.drop')}<br><small>${t('uploadPage.limit', { limitMb: megabytes(deps.maxBytes) })}</small></div>
<input id="picker" type="file" multiple hidden>
<div id="files"></div>
<p><a href="/upload/${escapeHtml(token)}/collector.zip">${t('uploadPage.collector')}</a><br><small>${t('uploadPage.collectorHint')}</small></p>
<p><small>${t('uploadPage.expires', { expires })}</small></p>
<p><small>${t('uploadPage.script')}</small><br><code id="curl"></code></p>
</main>
${dropZoneScript(nonce, strings, deps.maxBytes, `/api/uploads/${token}`, 'file.zip')}
</body></html>`;
  return { html, nonce };
}

function messagePage(deps: UploadRouteDeps, locale: Locale, message: string): Page {
  return page(deps.text, locale, message);
}
