/**
 * The engineers' case page, behind the link the bot gives in a case's thread (`files`, and the download
 * links of new uploads): GET /engineer/:token lists the user's uploads to download and the files already
 * sent to the user, and takes files to send the user; GET /engineer/:token/artifacts/:uploadId downloads
 * one upload, GET /engineer/:token/files/:fileId one file the user sent the engineers (or they the user); PUT or POST /api/engineer/:token?name=… sends one file (the raw body) to the user in the
 * name of the engineer who has the case. The page speaks the engineers' language.
 */
import type restify from 'restify';
import type { Locale } from '../domain/locale';
import type { Logger } from '../log';
import type { CaseFileRecord, UploadRecord } from '../storage/ports';
import { UploadRefused } from '../uploads/service';
import { cleanName } from '../domain/names';
import type { EngineerLinks, CaseFiles } from '../uploads/caseFiles';
import { formatCaseTime } from '../i18n';
import {
  REFUSAL_STATUS,
  STYLE,
  dropZoneScript,
  escapeHtml,
  getAndHead,
  logTransferFailure,
  messagePage,
  newNonce,
  requestFileName,
  sendDownload,
  sendPage,
  type Page,
  type Text,
} from './pages';

export interface EngineerRouteDeps {
  links: Pick<EngineerLinks, 'authorize'>;
  shared: Pick<CaseFiles, 'add' | 'limitMb' | 'limitBytes'>;
  /** The case's uploads (log bundles from the user) and files (both ways), oldest first. */
  files(caseNumber: string): Promise<{ uploads: UploadRecord[]; files: CaseFileRecord[] }>;
  /** A stored upload of the case and where its bytes are; undefined for another case's id. */
  upload(caseNumber: string, uploadId: string): Promise<{ name: string; path: string } | undefined>;
  /** A file of the case and where its bytes are; undefined for another case's id. */
  file(caseNumber: string, fileId: string): Promise<{ name: string; path: string } | undefined>;
  /** After a file was stored for the user: send it (the desk tells the user and the thread). */
  afterShare(record: CaseFileRecord): Promise<void>;
  text: Text;
  locale: Locale;
  logger: Logger;
}

/** What the page (or a refused file) says; anything else is an unusable link (`files` gives a new one). */
const PROBLEM_KEYS: Readonly<Record<string, string>> = {
  'expired-link': 'casePage.expired',
  'case-closed': 'casePage.closed',
  'too-large': 'casePage.tooLarge',
  empty: 'casePage.empty',
};

export function registerEngineerRoutes(server: restify.Server, deps: EngineerRouteDeps): void {
  const say = (key: string, params?: Record<string, string | number>) => deps.text(deps.locale, key, params);
  const refuse = (res: restify.Response, err: unknown, what: string) => {
    if (err instanceof UploadRefused) {
      return sendPage(
        res,
        REFUSAL_STATUS[err.code] ?? 422,
        messagePage(deps.text, deps.locale, say(PROBLEM_KEYS[err.code] ?? 'casePage.invalid')),
      );
    }
    deps.logger.error({ err }, `${what} failed`);
    if (!res.headersSent) sendPage(res, 500, messagePage(deps.text, deps.locale, say('uploadPage.error')));
  };

  getAndHead(server, '/engineer/:token', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    try {
      const grant = await deps.links.authorize(token);
      const files = await deps.files(grant.caseNumber);
      sendPage(res, 200, casePage(deps, token, { ...grant, ...files }));
    } catch (err) {
      refuse(res, err, 'case page');
    }
  });

  const downloads =
    (find: (caseNumber: string, id: string) => Promise<{ name: string; path: string } | undefined>) =>
    async (req: restify.Request, res: restify.Response) => {
      try {
        const { caseNumber } = await deps.links.authorize(String(req.params.token ?? ''));
        const found = await find(caseNumber, String(req.params.id ?? ''));
        if (!found) return sendPage(res, 404, messagePage(deps.text, deps.locale, say('casePage.invalid')));
        await sendDownload(res, found);
      } catch (err) {
        refuse(res, err, 'download');
      }
    };
  getAndHead(server, '/engineer/:token/artifacts/:id', downloads(deps.upload));
  getAndHead(server, '/engineer/:token/files/:id', downloads(deps.file));

  const share = async (req: restify.Request, res: restify.Response) => {
    const name = cleanName(requestFileName(req, 'file'));
    const declared = req.header('content-length') ? Number(req.header('content-length')) : undefined;
    try {
      const grant = await deps.links.authorize(String(req.params.token ?? ''));
      if (grant.owner === undefined) {
        req.resume();
        res.send(409, {
          ok: false,
          code: 'not-taken',
          message: say('casePage.takeFirst', { caseNumber: grant.caseNumber }),
        });
        return;
      }
      const record = await deps.shared.add(
        grant.caseNumber,
        { name, body: req, length: declared, contentType: req.header('content-type') || undefined },
        { direction: 'to-user', by: grant.owner },
      );
      await deps.afterShare(record);
      res.send(200, { ok: true, id: record.id, size: record.size, message: say('casePage.sent', { name }) });
    } catch (err) {
      req.resume();
      if (err instanceof UploadRefused) {
        res.send(REFUSAL_STATUS[err.code] ?? 422, {
          ok: false,
          code: err.code,
          message: say(PROBLEM_KEYS[err.code] ?? 'casePage.invalid', { ...err.params, name }),
        });
        return;
      }
      logTransferFailure(deps.logger, req, err, {}, 'sharing a file');
      res.send(500, { ok: false, code: 'internal', message: say('uploadPage.error') });
    }
  };
  server.put('/api/engineer/:token', share);
  server.post('/api/engineer/:token', share);
}

function casePage(
  deps: EngineerRouteDeps,
  token: string,
  view: {
    caseNumber: string;
    expiresAt: number;
    owner?: string;
    uploads: UploadRecord[];
    files: CaseFileRecord[];
  },
): Page {
  const nonce = newNonce();
  const t = (key: string, params?: Record<string, string | number>) =>
    escapeHtml(deps.text(deps.locale, key, params));
  const { caseNumber } = view;
  const item = (href: string, name: string, details: string[]) =>
    `<li><a href="${escapeHtml(href)}">${escapeHtml(cleanName(name))}</a> <small>${details.map(escapeHtml).join(' · ')}</small></li>`;
  const list = (items: string[], emptyKey: string) =>
    items.length ? `<ul>${items.join('')}</ul>` : `<p><small>${t(emptyKey)}</small></p>`;
  const base = `/engineer/${token}`;
  const fromUser = [
    ...view.uploads.map((u) => ({
      at: u.receivedAt,
      html: item(`${base}/artifacts/${u.id}`, u.name, [
        sizeText(u.size),
        formatCaseTime(u.receivedAt, deps.locale, true),
      ]),
    })),
    ...view.files
      .filter((f) => f.direction === 'from-user')
      .map((f) => ({
        at: f.at,
        html: item(`${base}/files/${f.id}`, f.name, [
          sizeText(f.size),
          formatCaseTime(f.at, deps.locale, true),
        ]),
      })),
  ]
    .sort((a, b) => a.at - b.at)
    .map((entry) => entry.html);
  const toUser = view.files
    .filter((f) => f.direction === 'to-user')
    .map((f) =>
      item(`${base}/files/${f.id}`, f.name, [
        sizeText(f.size),
        f.by,
        formatCaseTime(f.at, deps.locale, true),
      ]),
    );
  const uploads = list(fromUser, 'casePage.noUploads');
  const shared = list(toUser, 'casePage.noneShared');
  const limitMb = deps.shared.limitMb;
  const strings = {
    uploading: deps.text(deps.locale, 'uploadPage.uploading'),
    failed: deps.text(deps.locale, 'uploadPage.failed'),
    tooLarge: deps.text(deps.locale, 'uploadPage.tooLarge', { limitMb }),
  };
  const send =
    view.owner === undefined
      ? `<p>${t('casePage.takeFirst', { caseNumber })}</p>`
      : `<p>${t('casePage.sendIntro', { name: view.owner })}</p>
<div id="drop" tabindex="0" role="button">${t('uploadPage.drop')}<br><small>${t('uploadPage.limit', { limitMb })}</small></div>
<input id="picker" type="file" multiple hidden>
<div id="files"></div>
<p><small>${t('uploadPage.script')}</small><br><code id="curl"></code></p>`;
  const html = `<!doctype html>
<html lang="${deps.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${t('casePage.title', { caseNumber })}</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body><main>
<h1>${t('casePage.title', { caseNumber })}</h1>
<h2>${t('casePage.uploads')}</h2>
${uploads}
<h2>${t('casePage.shared')}</h2>
${shared}
<h2>${t('casePage.send')}</h2>
${send}
<p><small>${t('casePage.expires', { expires: formatCaseTime(view.expiresAt, deps.locale, true) })}</small></p>
</main>
${view.owner === undefined ? '' : dropZoneScript(nonce, strings, deps.shared.limitBytes, `/api/engineer/${token}`, 'file')}
</body></html>`;
  return { html, nonce };
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
