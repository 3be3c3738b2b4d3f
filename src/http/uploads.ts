/**
 * The per-case upload link: GET /upload/:token serves a small page (in the case's language) that sends
 * each dropped file with a progress bar; PUT or POST /api/uploads/:token takes one file as the raw request
 * body (curl -T, Invoke-WebRequest, the collector script). Bodies are streamed, never parsed or buffered.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type restify from 'restify';
import type { Locale } from '../../dialogs/locale';
import type { Logger } from '../log';
import { refusalKey } from '../../dialogs/messages';
import { UploadRefused, cleanName, type Accepted, type UploadService } from '../uploads/service';
import { collectorKit } from '../uploads/collectorKit';
import { textCopy } from '../uploads/files';

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
  /** A stored upload of the case, for download by the link's holder (the engineer who has the case). */
  artifact?: (caseNumber: string, uploadId: string) => Promise<{ name: string; path: string } | undefined>;
}

const STATUS: Record<string, number> = {
  'invalid-link': 403,
  'expired-link': 410,
  'revoked-link': 410,
  'case-closed': 409,
  'too-large': 413,
  empty: 400,
  executable: 415,
  'not-a-bundle': 415,
  'download-failed': 502,
};

export function registerUploadRoutes(server: restify.Server, deps: UploadRouteDeps): void {
  const localeOf = (req: restify.Request, caseLocale?: string): Locale =>
    deps.pickLocale(caseLocale ?? (req.header('accept-language') || undefined));

  server.get('/upload/:token', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    try {
      const grant = await deps.uploads.authorize(token);
      const locale = localeOf(req, grant.locale);
      sendPage(res, 200, uploadPage(deps, locale, token, grant.caseNumber, grant.expiresAt));
    } catch (err) {
      const locale = localeOf(req);
      if (!(err instanceof UploadRefused)) {
        deps.logger.error({ err }, 'upload page failed');
        return sendPage(res, 500, messagePage(deps, locale, deps.text(locale, 'uploadPage.error')));
      }
      sendPage(
        res,
        STATUS[err.code] ?? 422,
        messagePage(deps, locale, deps.text(locale, linkProblemKey(err.code))),
      );
    }
  });

  // The collector kit, with this case's link built into collect-and-upload.cmd.
  server.get('/upload/:token/collector.zip', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    try {
      const grant = await deps.uploads.authorize(token);
      const base = `${req.isSecure() ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
      res.writeHead(200, {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="collect-logs-${grant.caseNumber}.zip"`,
        'cache-control': 'no-store',
      });
      collectorKit(grant.caseNumber, `${deps.publicUrl?.() || base}/api/uploads/${token}`).pipe(res);
    } catch (err) {
      const locale = localeOf(req);
      const code = err instanceof UploadRefused ? err.code : 'error';
      if (!(err instanceof UploadRefused)) deps.logger.error({ err }, 'collector kit failed');
      sendPage(
        res,
        err instanceof UploadRefused ? (STATUS[code] ?? 422) : 500,
        messagePage(
          deps,
          locale,
          deps.text(locale, err instanceof UploadRefused ? linkProblemKey(code) : 'uploadPage.error'),
        ),
      );
    }
  });

  // Text copies of the scripts the bot sends (the attachment-free way: download, rename to .cmd).
  server.get('/upload/:token/files/:name', async (req: restify.Request, res: restify.Response) => {
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
        STATUS[err.code] ?? 422,
        messagePage(deps, locale, deps.text(locale, linkProblemKey(err.code))),
      );
    }
  });

  // A stored upload of the case (the engineers' thread links it): streamed as it was received.
  server.get('/upload/:token/artifacts/:uploadId', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    const uploadId = String(req.params.uploadId ?? '');
    try {
      const { caseNumber } = await deps.uploads.authorize(token);
      const found = deps.artifact ? await deps.artifact(caseNumber, uploadId) : undefined;
      if (!found) {
        const locale = localeOf(req);
        return sendPage(res, 404, messagePage(deps, locale, deps.text(locale, 'uploadPage.invalid')));
      }
      const { size } = await stat(found.path);
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': size,
        'content-disposition': `attachment; filename="${asciiName(found.name)}"; filename*=UTF-8''${encodeURIComponent(found.name)}`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      await pipeline(createReadStream(found.path), res);
    } catch (err) {
      const locale = localeOf(req);
      if (!(err instanceof UploadRefused)) {
        deps.logger.error({ err }, 'artifact download failed');
        if (!res.headersSent)
          sendPage(res, 500, messagePage(deps, locale, deps.text(locale, 'uploadPage.error')));
        return;
      }
      sendPage(
        res,
        STATUS[err.code] ?? 422,
        messagePage(deps, locale, deps.text(locale, linkProblemKey(err.code))),
      );
    }
  });

  const receive = async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params.token ?? '');
    const query = new URL(req.url ?? '/', 'http://local').searchParams;
    const name = query.get('name') ?? decodeHeader(req.header('x-file-name')) ?? 'upload.zip';
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
        res.send(STATUS[err.code] ?? 422, {
          ok: false,
          code: err.code,
          message: deps.text(locale, refusalKey(err.code), { ...err.params, name: cleanName(name) }),
        });
        return;
      }
      deps.logger.error({ err }, 'upload failed');
      res.send(500, { ok: false, code: 'internal', message: deps.text(locale, 'uploadPage.error') });
    }
  };
  server.put('/api/uploads/:token', receive);
  server.post('/api/uploads/:token', receive);
}

/** What the page says when its link cannot be used. */
function linkProblemKey(code: string): string {
  const known: Record<string, string> = {
    'expired-link': 'uploadPage.expired',
    'revoked-link': 'uploadPage.revoked',
    'case-closed': 'uploadPage.closed',
  };
  return known[code] ?? 'uploadPage.invalid';
}

function decodeHeader(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function sendPage(res: restify.Response, status: number, page: { html: string; nonce: string }): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'content-security-policy': `default-src 'none'; script-src 'nonce-${page.nonce}'; style-src 'nonce-${page.nonce}'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'`,
  });
  res.end(page.html);
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const STYLE = `
body{font-family:"Segoe UI","Microsoft YaHei",system-ui,sans-serif;margin:0;background:#f5f5f5;color:#242424}
main{max-width:640px;margin:40px auto;background:#fff;padding:24px 32px;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:20px;margin:0 0 8px}p{line-height:1.5}
#drop{border:2px dashed #8a8886;border-radius:8px;padding:32px;text-align:center;cursor:pointer}
#drop.over{border-color:#2b579a;background:#eef3fb}
.file{margin:12px 0}.bar{height:8px;background:#e1dfdd;border-radius:4px;overflow:hidden}
.bar>div{height:100%;width:0;background:#2b579a;transition:width .2s}.ok{color:#107c10}.err{color:#a4262c}
code{background:#f3f2f1;padding:2px 4px;border-radius:3px;word-break:break-all}small{color:#605e5c}`;

function uploadPage(
  deps: UploadRouteDeps,
  locale: Locale,
  token: string,
  caseNumber: string,
  expiresAt: number,
): { html: string; nonce: string } {
  const nonce = randomBytes(16).toString('base64');
  const t = (key: string, params?: Record<string, string | number>) =>
    escapeHtml(deps.text(locale, key, params));
  const expires = new Date(expiresAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const strings = {
    uploading: deps.text(locale, 'uploadPage.uploading'),
    failed: deps.text(locale, 'uploadPage.failed'),
    tooLarge: deps.text(locale, 'uploadPage.tooLarge', {
      limitMb: Math.floor(deps.maxBytes / 1048576),
    }),
  };
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${t('uploadPage.title', { caseNumber })}</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body><main>
<h1>${t('uploadPage.title', { caseNumber })}</h1>
<p>${t('uploadPage.intro')}</p>
<div id="drop" tabindex="0" role="button">${t('uploadPage.drop')}<br><small>${t('uploadPage.limit', { limitMb: Math.floor(deps.maxBytes / 1048576) })}</small></div>
<input id="picker" type="file" multiple hidden>
<div id="files"></div>
<p><a href="/upload/${escapeHtml(token)}/collector.zip">${t('uploadPage.collector')}</a><br><small>${t('uploadPage.collectorHint')}</small></p>
<p><small>${t('uploadPage.expires', { expires })}</small></p>
<p><small>${t('uploadPage.script')}</small><br><code id="curl"></code></p>
</main>
<script nonce="${nonce}">
(function(){
  var S=${JSON.stringify(strings).replace(/</g, '\\u003c')}, MAX=${deps.maxBytes}, URL_=${JSON.stringify(`/api/uploads/${token}`)};
  var drop=document.getElementById('drop'), picker=document.getElementById('picker'), list=document.getElementById('files');
  function row(name){var d=document.createElement('div');d.className='file';var l=document.createElement('div');l.textContent=name+' - '+S.uploading;var b=document.createElement('div');b.className='bar';var f=document.createElement('div');b.appendChild(f);d.appendChild(l);d.appendChild(b);list.appendChild(d);return{label:l,fill:f,name:name};}
  function send(file){var r=row(file.name);if(file.size>MAX){r.label.textContent=file.name+' - '+S.tooLarge;r.label.className='err';return;}
    var x=new XMLHttpRequest();x.open('PUT',URL_+'?name='+encodeURIComponent(file.name));
    x.upload.onprogress=function(e){if(e.lengthComputable){r.fill.style.width=Math.round(100*e.loaded/e.total)+'%';}};
    x.onload=function(){var m;try{m=JSON.parse(x.responseText);}catch(e){m={ok:false,message:S.failed};}r.fill.style.width='100%';r.label.textContent=file.name+' - '+m.message;r.label.className=m.ok?'ok':'err';};
    x.onerror=function(){r.label.textContent=file.name+' - '+S.failed;r.label.className='err';};x.send(file);}
  document.getElementById('curl').textContent='curl -T <file.zip> "'+location.origin+URL_+'"';
  function take(files){for(var i=0;i<files.length;i++)send(files[i]);}
  drop.onclick=function(){picker.click();};drop.onkeydown=function(e){if(e.key==='Enter'||e.key===' ')picker.click();};
  picker.onchange=function(){take(picker.files);picker.value='';};
  drop.ondragover=function(e){e.preventDefault();drop.className='over';};drop.ondragleave=function(){drop.className='';};
  drop.ondrop=function(e){e.preventDefault();drop.className='';take(e.dataTransfer.files);};
})();
</script></body></html>`;
  return { html, nonce };
}

function messagePage(
  deps: UploadRouteDeps,
  locale: Locale,
  message: string,
): { html: string; nonce: string } {
  const nonce = randomBytes(16).toString('base64');
  const title = escapeHtml(deps.text(locale, 'uploadPage.unavailable'));
  return {
    nonce,
    html: `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title><style nonce="${nonce}">${STYLE}</style></head><body><main><h1>${title}</h1><p>${escapeHtml(message)}</p></main></body></html>`,
  };
}

/** A file name safe inside a quoted header value (the UTF-8 name goes in filename*). */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}
