/**
 * What the bot's web pages share: the strict headers (a nonce for the one inline script and style, no
 * referrer so a link never leaks), the look, escaping, the drop zone that sends each file with a progress
 * bar, the page that says why a link cannot be used, and streaming a stored file as a download.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type restify from 'restify';
import type { Locale } from '../domain/locale';
import type { Logger } from '../log';
import { cleanName } from '../domain/names';

export type Text = (locale: Locale, key: string, params?: Record<string, string | number>) => string;

export interface Page {
  html: string;
  nonce: string;
}

/** HTTP status of each refusal code a link or an upload can meet. */
export const REFUSAL_STATUS: Readonly<Record<string, number>> = {
  'invalid-link': 403,
  'expired-link': 410,
  'revoked-link': 410,
  'case-closed': 409,
  'too-large': 413,
  'case-full': 507,
  empty: 400,
  executable: 415,
  'not-a-bundle': 415,
  'download-failed': 502,
};

export function sendPage(res: restify.Response, status: number, page: Page): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'content-security-policy': `default-src 'none'; script-src 'nonce-${page.nonce}'; style-src 'nonce-${page.nonce}'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'`,
  });
  res.end(page.html);
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export const STYLE = `
body{font-family:"Segoe UI","Microsoft YaHei",system-ui,sans-serif;margin:0;background:#f5f5f5;color:#242424}
main{max-width:640px;margin:40px auto;background:#fff;padding:24px 32px;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:20px 0 8px}p{line-height:1.5}
#drop{border:2px dashed #8a8886;border-radius:8px;padding:32px;text-align:center;cursor:pointer}
#drop.over{border-color:#2b579a;background:#eef3fb}
.file{margin:12px 0}.bar{height:8px;background:#e1dfdd;border-radius:4px;overflow:hidden}
.bar>div{height:100%;width:0;background:#2b579a;transition:width .2s}.ok{color:#107c10}.err{color:#a4262c}
ul{padding-left:20px}li{margin:4px 0}
code{background:#f3f2f1;padding:2px 4px;border-radius:3px;word-break:break-all}small{color:#605e5c}`;

/**
 * The script behind `#drop` / `#picker` / `#files`: each chosen or dropped file is PUT to `putUrl?name=…`
 * with a progress bar, and the server's JSON `message` is shown under it. `#curl` (if present) shows the
 * same request as a curl command.
 */
export function dropZoneScript(
  nonce: string,
  strings: { uploading: string; failed: string; tooLarge: string },
  maxBytes: number,
  putUrl: string,
  curlExample: string,
): string {
  return `<script nonce="${nonce}">
(function(){
  var S=${JSON.stringify(strings).replace(/</g, '\\u003c')}, MAX=${maxBytes}, URL_=${JSON.stringify(putUrl)};
  var drop=document.getElementById('drop'), picker=document.getElementById('picker'), list=document.getElementById('files');
  function row(name){var d=document.createElement('div');d.className='file';var l=document.createElement('div');l.textContent=name+' - '+S.uploading;var b=document.createElement('div');b.className='bar';var f=document.createElement('div');b.appendChild(f);d.appendChild(l);d.appendChild(b);list.appendChild(d);return{label:l,fill:f,name:name};}
  function send(file){var r=row(file.name);if(file.size>MAX){r.label.textContent=file.name+' - '+S.tooLarge;r.label.className='err';return;}
    var x=new XMLHttpRequest();x.open('PUT',URL_+'?name='+encodeURIComponent(file.name));
    x.upload.onprogress=function(e){if(e.lengthComputable){r.fill.style.width=Math.round(100*e.loaded/e.total)+'%';}};
    x.onload=function(){var m;try{m=JSON.parse(x.responseText);}catch(e){m={ok:false,message:S.failed};}r.fill.style.width='100%';r.label.textContent=file.name+' - '+m.message;r.label.className=m.ok?'ok':'err';};
    x.onerror=function(){r.label.textContent=file.name+' - '+S.failed;r.label.className='err';};x.send(file);}
  var curl=document.getElementById('curl');if(curl)curl.textContent='curl -T <'+${JSON.stringify(curlExample)}+'> "'+location.origin+URL_+'"';
  function take(files){for(var i=0;i<files.length;i++)send(files[i]);}
  drop.onclick=function(){picker.click();};drop.onkeydown=function(e){if(e.key==='Enter'||e.key===' ')picker.click();};
  picker.onchange=function(){take(picker.files);picker.value='';};
  drop.ondragover=function(e){e.preventDefault();drop.className='over';};drop.ondragleave=function(){drop.className='';};
  drop.ondrop=function(e){e.preventDefault();drop.className='';take(e.dataTransfer.files);};
})();
</script>`;
}

/** A page that only says something (a link that cannot be used, an error). */
export function messagePage(text: Text, locale: Locale, message: string): Page {
  const nonce = newNonce();
  const title = escapeHtml(text(locale, 'uploadPage.unavailable'));
  return {
    nonce,
    html: `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title><style nonce="${nonce}">${STYLE}</style></head><body><main><h1>${title}</h1><p>${escapeHtml(message)}</p></main></body></html>`,
  };
}

/** Streams a stored file as a download under its display name (ASCII fallback plus the UTF-8 name). */
export async function sendDownload(
  res: restify.Response,
  file: { name: string; path: string },
): Promise<void> {
  const { size } = await stat(file.path);
  // Names are cleaned when stored; this also covers names stored before cleaning dropped bidi controls.
  const name = cleanName(file.name);
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': size,
    'content-disposition': `attachment; filename="${asciiName(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (isHead(res)) res.end();
  else await pipeline(createReadStream(file.path), res);
}

/** Whether the response answers a HEAD request (headers only: Node sends no body for it). */
export function isHead(res: restify.Response): boolean {
  return res.req?.method === 'HEAD';
}

/** A page or a download: served for GET, and for HEAD with the same headers and no body. */
export function getAndHead(
  server: restify.Server,
  path: string,
  handler: (req: restify.Request, res: restify.Response) => Promise<void>,
): void {
  server.get(path, handler);
  server.head(path, handler);
}

/**
 * A request path as it may be logged: the token of an upload or case link (a capability) replaced by its
 * case number and `…<token>`, and at most 200 characters.
 */
export function loggablePath(path: string): string {
  const redacted = path.replace(
    /^(\/(?:api\/)?(?:upload|uploads|engineer)\/)([^/?#]*)/,
    (_whole, prefix: string, token: string) =>
      `${prefix}${/^CAS-\d{5}-[A-Z0-9]{6}/.exec(token)?.[0] ?? ''}…<token>`,
  );
  return redacted.length > 200 ? `${redacted.slice(0, 200)}…` : redacted;
}

/**
 * A failed upload or download: a client that went away (closed the connection, or sent nothing for the
 * idle timeout) is worth an info line, anything else an error with its stack.
 */
export function logTransferFailure(
  logger: Logger,
  req: restify.Request,
  err: unknown,
  fields: Record<string, unknown>,
  what: string,
): void {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const gone =
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    (err as Error | undefined)?.message === 'aborted' ||
    (req.destroyed && !req.complete);
  if (gone)
    logger.info(
      { ...fields, code: code ?? 'aborted' },
      `${what} stopped: the client went away or sent nothing for too long`,
    );
  else logger.error({ ...fields, err }, `${what} failed`);
}

/** A file name safe inside a quoted header value (the UTF-8 name goes in filename*). */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

/** The name a PUT names its file by: `?name=`, else the `x-file-name` header, else `fallback`. */
export function requestFileName(req: restify.Request, fallback: string): string {
  const query = new URL(req.url ?? '/', 'http://local').searchParams;
  return query.get('name') ?? decodeHeader(req.header('x-file-name')) ?? fallback;
}

function decodeHeader(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** What a page says when its link cannot be used. */
export function linkProblemKey(code: string): string {
  const known: Record<string, string> = {
    'expired-link': 'uploadPage.expired',
    'revoked-link': 'uploadPage.revoked',
    'case-closed': 'uploadPage.closed',
  };
  return known[code] ?? 'uploadPage.invalid';
}
