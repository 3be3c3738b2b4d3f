/** The loaded catalogue's lookups: codes by value, name or Win32 number, causes, playbooks, KB applicability. */
import { hresultFromWin32, normaliseCode } from './codes';
import type {
  Applicability,
  BuildFamily,
  Cause,
  ErrorCodeEntry,
  KbRelease,
  Knowledge,
  Localized,
  Playbook,
  SourceRef,
} from './types';

export interface Tables {
  errorCodes: Map<string, ErrorCodeEntry>;
  names: Map<string, ErrorCodeEntry>;
  causes: Map<string, Cause>;
  playbooks: Map<string, Playbook>;
  kbs: Map<string, KbRelease>;
  families: Map<number, BuildFamily>;
  sources: Map<string, SourceRef>;
}

/** Parses '17763', '17763.2686', '10.0.17763.2686', 'Build 17763' → { build, ubr? }. */
export function parseOsBuild(raw: string | undefined): { build: number; ubr?: number } | undefined {
  if (!raw) return undefined;
  const m = /(?:^|[^\d.])(?:10\.0\.)?(\d{5})(?:\.(\d{1,5}))?(?![\d])/.exec(' ' + raw.trim());
  if (!m) return undefined;
  return { build: Number(m[1]), ubr: m[2] !== undefined ? Number(m[2]) : undefined };
}

export function makeKnowledge(t: Tables): Knowledge {
  /** 'Windows 10 1809 / LTSC 2019 / Windows Server 2019' — or 'build 12345' when the family is unknown. */
  const familyName = (build: number, lang: keyof Localized): string =>
    t.families.get(build)?.name[lang] ?? (lang === 'en' ? `build ${build}` : `版本号 ${build}`);
  const majorOf = (b: string) => Number(b.split('.')[0]);
  const kbFamilies = (rel: KbRelease, lang: keyof Localized) =>
    [...new Set(rel.builds.map(majorOf))].map((b) => familyName(b, lang)).join(lang === 'en' ? '; ' : '；');

  const byName = (name: string): ErrorCodeEntry | undefined => {
    if (typeof name !== 'string') return undefined;
    let n = name.trim().toUpperCase();
    const wrapped = /^HRESULT_FROM_WIN32\s*\(\s*([A-Z0-9_]+)\s*\)$/.exec(n);
    if (wrapped) n = wrapped[1];
    return t.names.get(n);
  };

  const win32 = (code: number): ErrorCodeEntry | undefined => {
    const hr = hresultFromWin32(code);
    return hr ? t.errorCodes.get(hr) : undefined;
  };

  const applicability = (kbRaw: string, osBuild: string | undefined): Applicability => {
    const kbKey = String(kbRaw ?? '')
      .trim()
      .toUpperCase()
      .replace(/^(KB)?\s*/, 'KB');
    const rel = t.kbs.get(kbKey);
    const machine = parseOsBuild(osBuild);
    const family = machine ? `${familyName(machine.build, 'en')} (${machine.build})` : undefined;
    if (!rel) {
      return {
        verdict: 'unknown',
        kbBuilds: [],
        family,
        note: {
          en: `${kbKey} is not in the catalogue; check its "OS Build" in the KB article or the Microsoft Update Catalog before blaming the machine.`,
          'zh-CN': `知识库中没有 ${kbKey} 的记录；请先在该 KB 文章或 Microsoft Update Catalog 中核对它适用的 OS 内部版本，再判断是否是机器本身的问题。`,
        },
      };
    }
    const kbBuilds = [...rel.builds];
    const targetsEn = `${kbFamilies(rel, 'en')}, OS build ${kbBuilds.join(', ')}`;
    const targetsZh = `${kbFamilies(rel, 'zh-CN')}，OS 内部版本 ${kbBuilds.join('、')}`;
    if (!machine) {
      return {
        verdict: 'unknown',
        kbBuilds,
        note: {
          en: `${rel.kb} is for ${targetsEn}. The machine's OS build is unknown: run winver on it and send the line "OS Build 17763.xxxx".`,
          'zh-CN': `${rel.kb} 适用于 ${targetsZh}。目前不知道这台机器的 OS 内部版本：请在该机器上运行 winver，把“OS 内部版本 17763.xxxx”这一行发给我们。`,
        },
      };
    }
    const mEn = `${familyName(machine.build, 'en')}, OS build ${machine.build}${machine.ubr !== undefined ? '.' + machine.ubr : ''}`;
    const mZh = `${familyName(machine.build, 'zh-CN')}，OS 内部版本 ${machine.build}${machine.ubr !== undefined ? '.' + machine.ubr : ''}`;
    const target = rel.builds.find((b) => majorOf(b) === machine.build);
    if (target) {
      const kbUbr = Number(target.split('.')[1]);
      const ahead = machine.ubr !== undefined && machine.ubr >= kbUbr;
      return {
        verdict: 'applies',
        kbBuilds,
        family,
        note: ahead
          ? {
              en: `${rel.kb} (${target}) is for this machine's version (${mEn}), but the machine is already at or above ${target}: this or a later cumulative update is installed, so Windows may answer "already installed" or "not applicable".`,
              'zh-CN': `${rel.kb}（${target}）适用于这台机器的版本（${mZh}），但机器已不低于 ${target}：说明这个或更新的累积更新已经装好，Windows 可能提示“已安装”或“不适用”。`,
            }
          : {
              en: `${rel.kb} (${target}) matches this machine's version (${mEn}); the package itself applies.`,
              'zh-CN': `${rel.kb}（${target}）与这台机器的版本（${mZh}）一致，补丁本身是适用的。`,
            },
      };
    }
    const sibling = [...t.kbs.values()].find(
      (k) => k.date === rel.date && k.kind === rel.kind && k.builds.some((b) => majorOf(b) === machine.build),
    );
    const sibBuild = sibling?.builds.find((b) => majorOf(b) === machine.build);
    return {
      verdict: 'wrong-build',
      kbBuilds,
      family,
      note: {
        en:
          `${rel.kb} is for ${targetsEn}; this machine runs ${mEn}. The package does not apply here — expect "not applicable" (0x80240017 / 0x800f081e), which is not corruption. ` +
          (sibling
            ? `The update of the same date for this machine is ${sibling.kb} (${sibBuild}).`
            : 'Install the cumulative update released for this build instead.'),
        'zh-CN':
          `${rel.kb} 适用于 ${targetsZh}；这台机器是 ${mZh}。该补丁不适用于本机，安装时会提示“不适用”（0x80240017 / 0x800f081e），这并不代表系统损坏。` +
          (sibling
            ? `同一天发布、适用于这台机器的是 ${sibling.kb}（${sibBuild}）。`
            : '请改装适用于本机版本号的累积更新。'),
      },
    };
  };

  return {
    errorCodes: t.errorCodes,
    byName,
    win32,
    causes: t.causes,
    playbooks: t.playbooks,
    kbs: t.kbs,
    families: t.families,
    sources: t.sources,
    code: (raw: string) => {
      const n = normaliseCode(raw);
      return n ? t.errorCodes.get(n) : undefined;
    },
    applicability,
  };
}
