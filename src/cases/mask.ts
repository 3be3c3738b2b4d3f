/**
 * Masking for what leaves the user's own chat: posts in the engineers' channel, case summaries, the
 * timeline and the `npm run case` printouts. Builds on the log-text rules of src/diagnosis/mask.ts
 * (user profiles, e-mail, secrets, JWTs, SIDs, IP addresses) and adds what people type into a chat:
 * phone numbers, credentials written as "用户名：… 密码：…", our upload tokens, long hex/base64 secrets,
 * DOMAIN\user and user@DOMAIN names.
 *
 * Never masked: case numbers (CAS-06265-C1Y8H2), KB numbers, error codes (0x80073712), build and version
 * numbers (10.0.17763.2686, 17763.2686), dates and times. The user's own view of their data is never
 * masked: callers only mask what engineers or other readers see.
 */
import { maskText as maskLogText } from '../diagnosis/mask';
import type { Localized } from '../domain/diagnosis';
import type { SummaryAttempt } from './attempts';
import type { CaseSummary, Fix } from './summary';
import { isHanName, maskFileName } from './personalNames';

/** Whether masking is on (configuration decides; the functions return their input unchanged when off). */
export interface Masking {
  enabled: boolean;
}

export const MASKING_ON: Masking = Object.freeze({ enabled: true });
export const MASKING_OFF: Masking = Object.freeze({ enabled: false });

/** Placeholders the masks write (also what a reader of a masked post sees). */
export const MASK_PLACEHOLDERS = [
  '<phone>',
  '<email>',
  '<ip>',
  '<token>',
  '<secret>',
  '<user>',
  '<name>',
] as const;

/** Service accounts and path roots that look like DOMAIN\user but name nobody. */
const NOT_A_DOMAIN =
  /^(?:NT AUTHORITY|NT SERVICE|BUILTIN|HKLM|HKCU|HKCR|HKU|HKEY_[A-Z_]+|SOFTWARE|SYSTEM|WINDOWS)$/i;
const NOT_A_USER =
  /^(?:SYSTEM|LOCAL|NETWORK|LocalService|NetworkService|TrustedInstaller|Administrators|Users|Guests)$/i;
/** DOMAIN\name where the name is a file (LOGS\CBS.log): a relative path, not an account. */
const FILE_NAME =
  /\.(?:log|txt|cab|zip|etl|evtx|xml|json|ini|inf|dll|exe|cmd|bat|ps1|mum|cat|manifest|dat)$/i;

/** A masking rule for chat text: like src/diagnosis/mask's MaskRule, with a function where a pattern is not enough. */
export interface ChatMaskRule {
  name: string;
  re: RegExp;
  replace: string | ((whole: string, ...groups: string[]) => string);
}

/**
 * Runs before the log rules: what they would cut in pieces (tokens), not see (credentials in prose), or
 * take too much of (a profile path in a sentence: the log rule runs to the end of the line).
 */
export const CHAT_MASKS_BEFORE: ChatMaskRule[] = [
  // zhangsan_13812345678_TERM-0231.zip   张三-TERM-0232日志.zip (people in the names of uploaded files)
  {
    name: 'file-name',
    re: /[^\s"'<>|:*?\\/，。；、]+\.(?:zip|cab|log|txt|evtx|etl|csv|xml|png|jpe?g|gif|bmp|pdf|docx?|xlsx?|7z|rar)\b/gi,
    replace: (whole) => maskFileName(whole),
  },
  // 联系人：张三   负责人 李四   我是王五   contact: Li Wei
  {
    name: 'person-label',
    re: /((?:联系人|姓名|负责人|经办人|报告人|管理员|我是|我叫)\s*[:：]?\s*)([\u4e00-\u9fff]{2,3})/g,
    replace: (whole, label, name) => (isHanName(name) ? `${label}<name>` : whole),
  },
  {
    name: 'person-label-en',
    re: /(\b(?:contact|contact person|name)\s*[:：]\s*)[A-Z][a-z]+(?: [A-Z][a-z]+)?/g,
    replace: '$1<name>',
  },
  // https://bot.example/u/CAS-06265-C1Y8H2_9f86d081884c_mj8k2h1c_AbCdEfGhIjKlMnOpQrStUv (the case stays readable)
  {
    name: 'upload-token',
    re: /\b(CAS-\d{5}-[A-Z0-9]{6})_[0-9a-f]{12}_[0-9a-z]{1,11}_[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g,
    replace: '$1_<token>',
  },
  // 用户名：bankuser01  密码：P@ssw0rd!   user name: li.wei   login = admin01   账号: zhangsan
  {
    name: 'credential-label',
    re: /((?:用户名|用户账号|账号|帐号|登录名|\b(?:user ?name|login|account))\s*[:：=]\s*)(?!<user>)[^\s,，;；。、)）]+/gi,
    replace: '$1<user>',
  },
  {
    name: 'password-label',
    re: /((?:密码|口令|密钥|令牌|\b(?:pass ?word|passcode|pin))\s*[:：=]\s*)(?!<secret>)[^\s,，;；。、)）]+/gi,
    replace: '$1<secret>',
  },
  // 日志在 C:\Users\zhangsan\Desktop，…   logs under C:\Users\zhangsan. Then…   C:\Users\zhang san\Desktop
  {
    name: 'user-profile-in-prose',
    re: /(\\(?:Users|Documents and Settings)\\)(?!(?:Public|Default|Default User|All Users)(?:\\|$|['"\s]))(?:[^\\/:*?"'<>|\r\n]+(?=\\)|[^\\/:*?"'<>|\r\n\s,，。;；、)）]+)/gi,
    // A sentence's full stop after the name stays.
    replace: (whole, dir) => `${dir}<user>${whole.endsWith('.') ? '.' : ''}`,
  },
];

/** Runs after the log rules (which already took e-mail, profile paths, IPs, JWTs and `token=` values). */
export const CHAT_MASKS_AFTER: ChatMaskRule[] = [
  // +86 138 1234 5678   +86-13812345678   13812345678   138-1234-5678   联系人：张先生13812345678
  {
    name: 'cn-mobile',
    re: /(?<![\w+]|\w[.-])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\w]|[.-]\d)/g,
    replace: '<phone>',
  },
  // 010-12345678   0755 8765 4321   (021) 6123-4567   010-12345678 转 801
  {
    name: 'cn-landline',
    re: /(?<![\w+]|\w[.-])(?:\(0\d{2,3}\)\s?|0\d{2,3}[\s-])\d{3,4}[\s-]?\d{4}(?:\s*(?:ext\.?|转|x)\s*\d{1,5})?(?![\w]|[.-]\d)/g,
    replace: '<phone>',
  },
  // +1 (425) 555-0100   +44 20 7946 0958   +49 30 12345678 (at least 8 digits after the '+')
  {
    name: 'intl-phone',
    re: /(?<![\w+])\+\d{1,3}(?:[\s-]?\(\d{1,4}\))?(?:[\s-]?\d{1,4}){2,5}(?![\w]|[.-]\d)/g,
    replace: (whole) => ((whole.match(/\d/g)?.length ?? 0) >= 8 ? '<phone>' : whole),
  },
  // CORP\zhangsan   BANKHQ\li.wei (upper-case NetBIOS domain; not a path: nothing before it, no folder after it)
  {
    name: 'domain-user',
    re: /(?<![\w\\/:.$-])([A-Z][A-Z0-9-]{1,14}|NT AUTHORITY|NT SERVICE)\\(?!<user>)([A-Za-z][\w.-]{0,63})(?![\w\\.-])/g,
    replace: (whole, domain, user) =>
      NOT_A_DOMAIN.test(domain) || NOT_A_USER.test(user) || FILE_NAME.test(user)
        ? whole
        : `${domain}\\<user>`,
  },
  // zhangsan@CORP   administrator@bankhq (a UPN or logon name without a dotted domain; e-mail went before)
  {
    name: 'user-at-domain',
    re: /(?<![\w.%+<-])[A-Za-z][\w.-]{0,63}@(?!<)[A-Za-z][\w-]{1,62}(?![\w@-]|\.\w)/g,
    replace: '<user>',
  },
  // 3f786850e387550fdab836ed7e6dc881de23001b (≥ 24 hex digits, letters and digits mixed)
  {
    name: 'long-hex',
    re: /(?<![\w+/=-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{24,}(?![\w+/=-])/gi,
    replace: '<secret>',
  },
];

/** Base64 secrets (≥ 24 characters): checked by `looksRandom`, since paths and CamelCase words qualify too. */
const BASE64_CANDIDATE = /(?<![\w+/=.:\\-])[A-Za-z0-9+/]{24,}={0,2}(?![\w+/=.\\-])/g;

/** Class of a character for `looksRandom`: upper, lower, digit, other. */
function charClass(c: string): number {
  if (c >= 'A' && c <= 'Z') return 0;
  if (c >= 'a' && c <= 'z') return 1;
  if (c >= '0' && c <= '9') return 2;
  return 3;
}

/**
 * Whether a base64-looking run is random rather than words or a path: it mixes upper case, lower case
 * and digits, is not a path of words (Windows/WinSxS/Temp), and changes character class often (random
 * base64 ~65% of neighbours, CamelCase words ~20-40%).
 */
export function looksRandom(run: string): boolean {
  const body = run.replace(/=+$/, '');
  if (!/[A-Z]/.test(body) || !/[a-z]/.test(body) || !/\d/.test(body)) return false;
  const segments = body.split('/');
  const words = segments.filter((segment) => /^[A-Za-z][a-z]{2,}/.test(segment)).length;
  if (segments.length > 1 && words * 2 >= segments.length) return false;
  let changes = 0;
  for (let i = 1; i < body.length; i++) if (charClass(body[i]) !== charClass(body[i - 1])) changes++;
  return changes / (body.length - 1) >= 0.45;
}

function applyRules(text: string, rules: ChatMaskRule[]): string {
  let out = text;
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    const { replace } = rule;
    out =
      typeof replace === 'string'
        ? out.replace(rule.re, replace)
        : out.replace(rule.re, (whole: string, ...groups: unknown[]) =>
            replace(whole, ...groups.filter((g): g is string => typeof g === 'string')),
          );
  }
  return out;
}

/**
 * What no rule may touch, set aside before masking and put back after: case numbers (not inside an upload
 * token), KB numbers, error codes, and version numbers named as such ("version 6.3.1.0", "v1.2", "版本 2.0.1"),
 * which would otherwise read as IP addresses. (The `(?=\d)` keeps the lookbehind to digits: tried at every
 * position, its `\s*` rescanned long runs of spaces, in quadratic time.)
 */
const KEEP =
  /CAS-\d{5}-[A-Z0-9]{6}(?![\w-])|\bKB\d{6,8}\b|\b0x[0-9a-f]{8}\b|(?=\d)(?<=(?:\b(?:version|ver\.?|v)|版本)\s*)\d+(?:\.\d+){1,3}\b/gi;
/** Private-use characters around the index of a kept piece (never in user text, never matched by a rule). */
const KEPT = /\uE000(\d+)\uE001/g;

/**
 * `text` with phone numbers, e-mail addresses, IP addresses, user names, tokens and secrets masked
 * (unchanged when `masking` is off).
 */
export function maskText(text: string, masking: Masking = MASKING_ON): string {
  if (!masking.enabled || typeof text !== 'string' || text === '') return text;
  const kept: string[] = [];
  KEEP.lastIndex = 0;
  let out = text.replace(KEEP, (piece) => `\uE000${kept.push(piece) - 1}\uE001`);
  out = applyRules(out, CHAT_MASKS_BEFORE);
  out = maskLogText(out);
  out = applyRules(out, CHAT_MASKS_AFTER);
  BASE64_CANDIDATE.lastIndex = 0;
  out = out.replace(BASE64_CANDIDATE, (run) => (looksRandom(run) ? '<secret>' : run));
  KEPT.lastIndex = 0;
  return out.replace(KEPT, (whole, index: string) => kept[Number(index)] ?? whole);
}

function maskLocalized(value: Localized | undefined, masking: Masking): Localized | undefined {
  return value && { en: maskText(value.en, masking), 'zh-CN': maskText(value['zh-CN'], masking) };
}

/**
 * A copy of the summary with every text that came from the user or from the logs masked: the problem
 * definition (description, impact, contact, OS, since), each machine's name, meaning, cause and evidence
 * lines, the common cause, stage titles and reported error codes, and the survey comment. The input is not
 * changed; with masking off it is returned as is.
 */
export function maskSummary(summary: CaseSummary, masking: Masking = MASKING_ON): CaseSummary {
  if (!masking.enabled) return summary;
  const m = (text: string): string => maskText(text, masking);
  const opt = (text: string | undefined): string | undefined => (text === undefined ? undefined : m(text));
  const stage = <S extends CaseSummary['tried'][number]>(s: S): S => ({
    ...s,
    title: maskLocalized(s.title, masking)!,
    ...(s.errorCode !== undefined ? { errorCode: m(s.errorCode) } : {}),
  });
  // What the user tried, per machine: the machines' names as the analysis masks them.
  const attempt = (a: SummaryAttempt): SummaryAttempt => ({
    ...a,
    title: maskLocalized(a.title, masking)!,
    results: a.results.map((r) => ({ ...r, machine: m(r.machine) })),
  });
  const fix = (f: Fix): Fix => ({ attempt: attempt(f.attempt), machines: f.machines.map(m) });
  const p = summary.problem;
  return {
    ...summary,
    attempts: summary.attempts.map(attempt),
    fixes: summary.fixes.map(fix),
    ...(p
      ? {
          problem: {
            ...p,
            kbNumbers: p.kbNumbers.map(m),
            errorCodes: p.errorCodes.map(m),
            description: m(p.description),
            ...(p.os !== undefined ? { os: opt(p.os) } : {}),
            ...(p.since !== undefined ? { since: opt(p.since) } : {}),
            ...(p.impact !== undefined ? { impact: opt(p.impact) } : {}),
            ...(p.contact !== undefined ? { contact: opt(p.contact) } : {}),
          },
        }
      : {}),
    machines: summary.machines.map((machine) => ({
      ...machine,
      machine: m(machine.machine),
      ...(machine.meaning ? { meaning: maskLocalized(machine.meaning, masking) } : {}),
      ...(machine.cause ? { cause: maskLocalized(machine.cause, masking) } : {}),
      evidence: machine.evidence.map((e) => ({ ...e, file: m(e.file), text: m(e.text) })),
    })),
    ...(summary.commonCause
      ? {
          commonCause: {
            ...summary.commonCause,
            ...(summary.commonCause.reason
              ? { reason: maskLocalized(summary.commonCause.reason, masking) }
              : {}),
          },
        }
      : {}),
    recommended: summary.recommended.map((r) => ({ ...r, title: maskLocalized(r.title, masking)! })),
    tried: summary.tried.map(stage),
    ...(summary.fixedBy ? { fixedBy: stage(summary.fixedBy) } : {}),
    ...(summary.survey
      ? {
          survey: {
            ...summary.survey,
            ...(summary.survey.comment !== undefined ? { comment: m(summary.survey.comment) } : {}),
          },
        }
      : {}),
    progress: summary.progress.map((item) => {
      switch (item.kind) {
        case 'analysed':
          return { ...item, machine: m(item.machine) };
        case 'stage':
          return { ...item, stage: stage(item.stage) };
        case 'attempt':
          return { ...item, attempt: attempt(item.attempt) };
        case 'ended':
          return {
            ...item,
            ...(item.fixedBy ? { fixedBy: stage(item.fixedBy) } : {}),
            ...(item.fixes ? { fixes: item.fixes.map(fix) } : {}),
          };
        default:
          return item;
      }
    }),
  };
}

/**
 * A copy of a JSON value (a case record's problem or details) with every string in it masked; keys, numbers
 * and the structure stay. With masking off the value is returned as is.
 */
export function maskValue<T>(value: T, masking: Masking = MASKING_ON): T {
  if (!masking.enabled) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskText(v, masking);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(Object.entries(v).map(([key, inner]) => [key, walk(inner)]));
    return v;
  };
  return walk(value) as T;
}
