/**
 * The answer to "which terminal are these logs from?" typed instead of pressed: a machine of the case by its
 * host name or the number its name ends with ("0232的", "是TERM-0232的", "from 0231"), "another machine"
 * ("另一台", "不是这两台", "a different one"), or a host outside the case by name ("TERM-0240 的"). Only a
 * message that is the answer and nothing else is read as one ("0231好了" is a report): besides the name or
 * the words for another machine it may hold filler ("是…的日志", "these are from …"). Pure.
 */

/** What a typed answer says: one of the case's machines, another one (named or not), or nothing clear. */
export type MachineChoice =
  | { kind: 'machine'; machine: string }
  | { kind: 'other'; name?: string }
  /** A name or number that fits none of the case's machines, or several of them: the question stays. */
  | { kind: 'unclear'; said?: string };

/** Words for a machine outside the case's (read before names: "另一台" holds no name anyway). */
const ANOTHER =
  /另(?:外)?(?:一|那)?台|别的(?:机器|终端|电脑)?|其[他它](?:的)?(?:机器|终端|电脑)|不是这两台|两台都不是|都不是|新的?一台|\b(?:another|a different|a new|some other)(?: one| machine| terminal| pc| computer| host)?\b|\bneither(?: of (?:them|these|those))?\b|\bnone of (?:them|these|those)\b|^\s*other\s*$/iu;

/** A machine by its place on the card ("第二台", "the second one"); past the case's machines, another one. */
const ORDINAL =
  /第\s*([一二两三四五六七八九1-9])\s*(?:台|个)|\b(?:the )?(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)(?: one| machine| terminal| pc| computer)?\b/iu;
/** The place an ordinal names: "二" / "两" / "2" / "second" / "2nd" → 2. */
function placeOf(word: string): number {
  const zh = '一二三四五六七八九'.indexOf(word === '两' ? '二' : word);
  if (zh >= 0) return zh + 1;
  const en = ['first', 'second', 'third', 'fourth', 'fifth'].indexOf(word.toLowerCase());
  return en >= 0 ? en + 1 : Number.parseInt(word, 10);
}

/** A host name or a number a host name ends with: letters, digits, "-" or "_", with a digit in it. */
const NAME = /(?<![0-9a-z_-])[0-9a-z][0-9a-z_-]*\d[0-9a-z_-]*(?![0-9a-z_-])/giu;

/** What may stand around the answer: "是…的日志", "这些是从…上收集的", "it's from …", "these logs are …". */
const FILLER =
  /这些|那些|这个|那个|这是|那是|应该是|就是|都是|日志|上传|是从|来自|是|从|的|那台|这台|那一台|这一台|终端|机器|电脑|主机|上面|上|收集|导出|采集|[吧啊呢呀哦嗯]|\b(?:it|its|they|these|this|those|that|logs?|are|is|were|was|from|the|on|of|off|collected|taken|uploaded|machine|terminal|pc|computer|host|one)\b|['’](?:s|re)\b|[\s,，.。!！?？:：;；~～、"“”'‘’()（）]/giu;

/** Windows computer names are at most 15 characters (NetBIOS); a longer token is not a host name. */
const MAX_HOST = 15;

/** A token that is a code or a KB, not a name ("0x80073712", "KB5011503"). */
const NOT_A_NAME = /^(?:0x[0-9a-f]+|kb\d+)$/i;

/**
 * What `text` answers, given the case's machines (their host names), or undefined when it is not an answer
 * to the question (it says something else too, or names nothing).
 */
export function readMachineChoice(text: string, machines: readonly string[]): MachineChoice | undefined {
  if (text.length > 80) return undefined;
  const ordinal = ORDINAL.exec(text);
  const spoken = ordinal ? text.replace(ORDINAL, ' ') : text;
  const names = [...spoken.matchAll(NAME)].map((m) => m[0]).filter((n) => !NOT_A_NAME.test(n));
  const another = ANOTHER.exec(spoken);
  let rest = spoken.replace(NAME, ' ');
  if (another) rest = rest.replace(ANOTHER, ' ');
  if (rest.replace(FILLER, '') !== '') return undefined;
  if (ordinal && names.length === 0 && !another) {
    const n = placeOf(ordinal[1] ?? ordinal[2]);
    return n <= machines.length ? { kind: 'machine', machine: machines[n - 1] } : { kind: 'other' };
  }
  if (ordinal) return { kind: 'unclear' };
  if (names.length === 0) return another ? { kind: 'other' } : undefined;
  if (names.length > 1) return { kind: 'unclear', said: names.join(', ') };
  const [name] = names;
  const matches = machines.filter((machine) => namedBy(machine, name));
  if (matches.length === 1) return { kind: 'machine', machine: matches[0] };
  if (matches.length > 1) return { kind: 'unclear', said: name };
  // A whole host name outside the case: that machine. A bare number that ends no machine's name: unclear.
  return /[a-z]/i.test(name) && name.length >= 3 && name.length <= MAX_HOST && !another
    ? { kind: 'other', name }
    : { kind: 'unclear', said: name };
}

/**
 * `said` names `machine`: its whole name, or the end of it from a digit on ("0232", "232" of TERM-0232),
 * case and "-"/"_" aside; a single character is too little to tell terminals apart.
 */
function namedBy(machine: string, said: string): boolean {
  const plain = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const [host, token] = [plain(machine), plain(said)];
  if (host === token) return true;
  return token.length >= 2 && /^\d/.test(token) && host.endsWith(token);
}

/** How the question's hint names a machine shortly: the number its name ends with, if no other ends so. */
export function shortNameOf(machine: string, machines: readonly string[]): string {
  const tail = /\d+$/.exec(machine)?.[0];
  if (!tail || tail === machine) return machine;
  const shared = machines.filter((m) => m !== machine && m.endsWith(tail)).length > 0;
  return shared ? machine : tail;
}
