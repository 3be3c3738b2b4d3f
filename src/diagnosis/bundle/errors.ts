/** Why a bundle was refused: a typed error with a stable code, and its message in English and Chinese
 * (the user sees the message; logs and the engine see the code and params). */
import { BUNDLE_ERROR_CODES } from '../../domain/failures';

export { BUNDLE_ERROR_CODES };

export type BundleErrorCode = (typeof BUNDLE_ERROR_CODES)[number];

/** Details for the message. `path` is always a display path inside the bundle, never a disk path. */
export interface BundleErrorParams {
  path?: string;
  limit?: number;
  actual?: number;
  detail?: string;
}

export class BundleError extends Error {
  readonly code: BundleErrorCode;
  readonly params: BundleErrorParams;

  constructor(code: BundleErrorCode, params: BundleErrorParams = {}, options?: { cause?: unknown }) {
    super(bundleErrorMessage(code, 'en', params), options);
    this.name = 'BundleError';
    this.code = code;
    this.params = params;
  }
}

export function isBundleError(err: unknown): err is BundleError {
  return err instanceof BundleError;
}

type Locale = 'en' | 'zh-CN';

function size(n: number | undefined): string {
  if (n === undefined) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 10 ? 0 : 1)} ${units[i]}`;
}

const messages: Record<BundleErrorCode, Record<Locale, (p: BundleErrorParams) => string>> = {
  'not-found': {
    en: () => 'The uploaded file could not be found. Please upload it again.',
    'zh-CN': () => '找不到上传的文件，请重新上传。',
  },
  'not-archive': {
    en: (p) =>
      `${p.path ? `"${p.path}" is` : 'This file is'} not a .zip or .cab archive that can be read. Please compress the log folder with "Send to > Compressed (zipped) folder" and upload the .zip.`,
    'zh-CN': (p) =>
      `${p.path ? `“${p.path}”` : '此文件'}不是可读取的 .zip 或 .cab 压缩包。请右键日志文件夹，选择“发送到 > 压缩(zipped)文件夹”，然后上传生成的 .zip 文件。`,
  },
  empty: {
    en: () => 'The upload contains no log files.',
    'zh-CN': () => '上传的内容中没有日志文件。',
  },
  'too-many-entries': {
    en: (p) => `The archive holds more than ${p.limit ?? '?'} files. Please upload only the collected logs.`,
    'zh-CN': (p) => `压缩包中的文件超过 ${p.limit ?? '?'} 个。请只上传收集到的日志。`,
  },
  'too-large': {
    en: (p) =>
      `${p.path ? `"${p.path}"` : 'The upload'} is larger than the limit of ${size(p.limit)}. Please upload only the collected logs.`,
    'zh-CN': (p) =>
      `${p.path ? `“${p.path}”` : '上传内容'}超过了 ${size(p.limit)} 的上限。请只上传收集到的日志。`,
  },
  bomb: {
    en: (p) =>
      `${p.path ? `"${p.path}"` : 'The archive'} expands far more than real logs do (a possible zip bomb), so it was not opened.`,
    'zh-CN': (p) =>
      `${p.path ? `“${p.path}”` : '该压缩包'}解压后的大小远超正常日志（可能是压缩炸弹），因此未打开。`,
  },
  'too-deep': {
    en: (p) =>
      `Archives are nested more than ${p.limit ?? '?'} levels deep${p.path ? ` at "${p.path}"` : ''}. Please upload the logs in one zip.`,
    'zh-CN': (p) =>
      `压缩包嵌套超过 ${p.limit ?? '?'} 层${p.path ? `（“${p.path}”）` : ''}。请把日志放进一个 zip 后上传。`,
  },
  'unsafe-name': {
    en: (p) =>
      `The archive contains an unsafe file name${p.path ? ` ("${p.path}")` : ''} that points outside the archive, so it was not opened.`,
    'zh-CN': (p) =>
      `压缩包中含有指向压缩包以外位置的不安全文件名${p.path ? `（“${p.path}”）` : ''}，因此未打开。`,
  },
  encrypted: {
    en: (p) =>
      `${p.path ? `"${p.path}"` : 'The archive'} is password-protected. Please upload it without a password.`,
    'zh-CN': (p) => `${p.path ? `“${p.path}”` : '该压缩包'}设置了密码。请去掉密码后重新上传。`,
  },
  truncated: {
    en: (p) =>
      `${p.path ? `"${p.path}"` : 'The archive'} is damaged or incomplete (perhaps the upload was cut off). Please upload it again.`,
    'zh-CN': (p) => `${p.path ? `“${p.path}”` : '该压缩包'}已损坏或不完整（可能上传被中断）。请重新上传。`,
  },
  executable: {
    en: (p) =>
      `${p.path ? `"${p.path}" is` : 'This is'} a program or script, not a log. Please upload the zip of collected logs instead.`,
    'zh-CN': (p) => `${p.path ? `“${p.path}”` : '此文件'}是程序或脚本，而不是日志。请上传收集到的日志 zip。`,
  },
  unsupported: {
    en: (p) =>
      `${p.path ? `"${p.path}"` : 'The archive'} uses a compression method that cannot be read${p.detail ? ` (${p.detail})` : ''}. Please compress it again with Windows "Send to > Compressed (zipped) folder".`,
    'zh-CN': (p) =>
      `${p.path ? `“${p.path}”` : '该压缩包'}使用了无法读取的压缩方式${p.detail ? `（${p.detail}）` : ''}。请用 Windows 的“发送到 > 压缩(zipped)文件夹”重新压缩。`,
  },
  'cab-unavailable': {
    en: (p) =>
      `${p.path ? `"${p.path}"` : 'This .cab file'} cannot be read on this server because the cabextract tool is not installed. Please tell the administrator, or upload the .log files instead of .cab.`,
    'zh-CN': (p) =>
      `服务器未安装 cabextract 工具，无法读取${p.path ? `“${p.path}”` : '此 .cab 文件'}。请联系管理员，或改为上传 .log 文件。`,
  },
};

/** The user-facing message for a refusal. Locales other than Chinese fall back to English. */
export function bundleErrorMessage(
  code: BundleErrorCode,
  locale: string,
  params: BundleErrorParams = {},
): string {
  const l: Locale = locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  return messages[code][l](params);
}
