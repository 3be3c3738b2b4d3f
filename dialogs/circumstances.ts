/**
 * What users say about their machines' surroundings that decides which repair steps fit: where updates
 * come from ("走行内WSUS", "no internet access") and that they have no installation media. Pure, English
 * and Chinese phrasings; the plan (src/domain/plan.ts) takes the result.
 */
import type { Environment } from '../src/domain/diagnosis';
import type { UserSays } from '../src/domain/plan';

/**
 * Where updates come from, most specific first: a WSUS server (whatever else is said: such a client has
 * no Windows Update either; not one it "used to use"), no internet at all, or Windows Update over the internet
 * ("via Windows Updates", "by automatic Windows Update"). A negated internet ("不能上外网", "no internet
 * access") is checked before the plain one it contains.
 */
const SOURCES: ReadonlyArray<readonly [Environment, RegExp]> = [
  [
    'wsus',
    /(?<!\b(?:no|not|without)(?: an?| any)?(?: internal)? )(?<!\bused to (?:use |be on |be behind |point to |have )?(?:an? |the |our )?)(?<!没有|没|无|不用|不走|以前用|之前用|原来用)\bwsus\b|\bsccm\b|\bmecm\b|configuration manager|(?<!没有|没|无|不用|不走)(?:行内|内网|内部)?(?:更新服务器|补丁服务器)/i,
  ],
  [
    'offline',
    /(不能|无法|不可以|没法|没有办法|不让|禁止)(上|访问|连|连接)(外网|互联网|公网|internet)|没有?(外网|互联网|公网)|不通外网|断网|离线|隔离网|物理隔离|内网环境|\b(no|without) (internet|external network)|\b(offline|air-?gapped|disconnected|isolated network)\b|(can't|cannot|can not|unable to) (reach|access|connect to) (the )?(internet|windows update)/i,
  ],
  [
    'internet',
    /(能|可以)(上|访问|连)(外网|互联网|公网)|直接从微软更新|直连微软|\b(has|have|with) internet( access)?\b|\b(from|via|through|by|using) (the )?(automatic )?windows updates?\b/i,
  ],
];

/**
 * "没有安装介质", "网点没有安装盘", "we don't have the ISO": no media of the installed edition to repair
 * from. "有安装介质" or "拿到了安装盘" say the opposite and are not taken.
 */
const NO_MEDIA =
  /(没有|没|无|缺少|找不到|拿不到)(可用的|对应的|匹配的|合适的|[^，。,.;；!！?？]{0,12}?的)?\s*(安装|系统)?(介质|光盘|镜像|iso|安装盘|安装u盘|u盘|系统盘)|\b(no|don't have|do not have|haven't got|without|lack) (any |the |an? )?(matching |suitable |installation |install |windows )?(media|iso|dvd|usb|disc|image)\b/i;

/**
 * "拿到安装盘了", "现在有安装介质了", "找到了对应版本的ISO", "we have the ISO now", "got the installation
 * media": media to repair from, after all. A verb that a negation or a condition precedes ("还没拿到安装盘",
 * "没有安装介质", "如果有ISO", "we don't have the ISO", "haven't got the media") is not taken.
 */
const HAS_MEDIA =
  /(?<!没|没有|无|未|不|是否|如果|若|要是|假如)(有|拿到|找到|借到|弄到|准备好|下载好|下载到|下到)了?(?:[^，。,.;；!！?？没无]{0,12}?的)?\s*(安装|系统)?(介质|光盘|镜像|iso|安装盘|安装u盘|系统盘)|(?<!\b(?:no|not|don't|do not|doesn't|does not|didn't|did not|haven't|have not|hasn't|has not|never|if|if we|if you|whether|do we|do you|can we|could we)(?: yet| still)? )\b(have|has|got|found|obtained|downloaded|received)(?: now| finally)? (any |the |an? |our |some )?(matching |suitable |correct |right |installation |install |windows |ltsc |\d+ )*(media|iso|dvd|usb|disc|image)\b/i;

/** Where in `text` the last match of `pattern` starts (-1: none). */
function lastMatch(text: string, pattern: RegExp): number {
  const all = [...text.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))];
  return all.length > 0 ? all[all.length - 1].index : -1;
}

/**
 * Facts in `text` about the update source and installation media (only those found are set). Media said
 * both missing and at hand ("之前没有安装盘，现在拿到安装盘了"): what is said last counts.
 */
export function userSays(text: string): UserSays {
  const said: UserSays = {};
  const source = SOURCES.find(([, pattern]) => pattern.test(text));
  if (source) said.environment = source[0];
  const none = lastMatch(text, NO_MEDIA);
  const some = lastMatch(text, HAS_MEDIA);
  if (none >= 0 && none >= some) said.noMedia = true;
  else if (some >= 0) said.hasMedia = true;
  return said;
}

/** True when the text says something `userSays` takes. */
export function saysCircumstances(text: string): boolean {
  const said = userSays(text);
  return said.environment !== undefined || said.noMedia === true || said.hasMedia === true;
}

/**
 * `text` without what `userSays` takes from it ("我们没有安装介质" leaves "我们"): whether the rest still says
 * how a stage went ("做不了，没有安装盘" leaves "做不了").
 */
export function withoutCircumstances(text: string): string {
  return [NO_MEDIA, HAS_MEDIA, ...SOURCES.map(([, pattern]) => pattern)].reduce(
    (rest, pattern) => rest.replace(new RegExp(pattern.source, `${pattern.flags}g`), ' '),
    text,
  );
}
