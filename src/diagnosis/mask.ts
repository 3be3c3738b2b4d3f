/** Masks personal data and secrets in log text before it is stored or shown: user-profile names, e-mail
 * addresses, IP addresses, account SIDs, tokens and passwords. The masking rules are data (MASKS). */

export interface MaskRule {
  name: string;
  re: RegExp;
  replace: string;
}

/** Applied in order. Each rule is written under a line it was made for. */
export const MASKS: MaskRule[] = [
  // Scratch directory set to 'C:\Users\JaneDoe\AppData\Local\Temp\'.   /  \\?\C:\Users\li.wei\NTUSER.DAT
  {
    name: 'user-profile',
    re: /(\\(?:Users|Documents and Settings)\\)(?!(?:Public|Default|Default User|All Users|<user>)(?:\\|$|['"\s]))[^\\/:*?"'<>|\r\n]+/gi,
    replace: '$1<user>',
  },
  // Profile path written with forward slashes: C:/Users/JaneDoe/Desktop
  {
    name: 'user-profile-slash',
    re: /(\/(?:Users|home)\/)(?!(?:Public|Default|<user>)(?:\/|$))[^/\\:*?"<>|\r\n\s]+/gi,
    replace: '$1<user>',
  },
  // Registered to: james.smith@contoso.com
  {
    name: 'email',
    // Starts only where an address can start (a run of name characters is not rescanned from each position).
    re: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
    replace: '<email>',
  },
  // token=eyJ0eXAi...   Authorization: Bearer abc.def.ghi   password=Secret1   ?sig=Abc%2Fdef
  {
    name: 'secret-param',
    re: /\b(access_token|refresh_token|id_token|token|sig|signature|password|passwd|pwd|secret|apikey|api_key)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,'")\]]+)/gi,
    replace: '$1$2<secret>',
  },
  { name: 'bearer', re: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, replace: '$1 <secret>' },
  { name: 'jwt', re: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: '<token>' },
  // Caller SID for Applicability: S-1-5-21-1111111111-2222222222-3333333333-1001 (a person's account)
  { name: 'account-sid', re: /\bS-1-5-21(?:-\d+){3,4}\b/g, replace: 'S-1-5-21-<sid>' },
  // ServerURL = http://192.168.10.5:8530   IPv6 fe80::1c2b:3d4e:5f60:7a8b%12
  {
    name: 'ipv4',
    // Not package or file versions: '~~6.3.1.0', 'version 0.0.0.6' (first octet 0), '_10.0.1.2'.
    re: /(?<![\w.~])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d?)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\w~]|\.\d)/g,
    replace: '<ip>',
  },
  {
    name: 'ipv6',
    // Full form or '::' form only, so times (11:49:09) and C++ names (Class::Method) are left alone.
    re: /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})(?:%\d+)?(?![\w:])/gi,
    replace: '<ip>',
  },
];

/** The text with every MASKS rule applied. Version numbers such as 10.0.17763.2686 are left alone. */
export function maskText(text: string): string {
  let out = text;
  for (const m of MASKS) {
    m.re.lastIndex = 0;
    out = out.replace(m.re, m.replace);
  }
  return out;
}
