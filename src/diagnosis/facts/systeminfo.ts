/** systeminfo output (list or /fo csv; English or Chinese labels; any encoding via readLines) → host name,
 * OS name and build, hotfix KBs, system locale, domain. */
import type { MachineFacts } from '../types';
import { kbOf, texts, type LineInput } from './input';

type Key = 'hostName' | 'osName' | 'osVersion' | 'locale' | 'domain' | 'hotfixes';

const LABELS: Record<string, Key> = {
  'Host Name': 'hostName',
  主机名: 'hostName',
  'OS Name': 'osName',
  'OS 名称': 'osName',
  'OS Version': 'osVersion',
  'OS 版本': 'osVersion',
  'System Locale': 'locale',
  系统区域设置: 'locale',
  Domain: 'domain',
  域: 'domain',
  'Hotfix(s)': 'hotfixes',
  修补程序: 'hotfixes',
};

// Host Name:                 PC-01
// OS 名称:          Microsoft Windows 10 专业版
// Hotfix(s):                 3 Hotfix(s) Installed.
const LABEL_LINE = /^([^\s:][^:]*?)\s*:\s*(.*?)\s*$/;
//                            [01]: KB5013625
const HOTFIX_ITEM = /^\s+\[\d+\]:\s*(.*?)\s*$/;
// 10.0.19045 N/A Build 19045   /   10.0.14393 暂缺 Build 14393   /   6.1.7601 Service Pack 1 Build 7601
const BUILD = /\bBuild (\d+)\b|^\d+\.\d+\.(\d+)/;
// zh-cn;中文(中国)   /   en-us;English (United States)
const LOCALE = /^([a-z]{2,3})(?:-([a-z0-9]{2,4}))?(?:;|$)/i;
// "Host Name","OS Name",...   (systeminfo /fo csv)
const CSV_HEADER = /^"(?:Host Name|主机名)",/;

function normaliseLocale(v: string): string | undefined {
  const m = LOCALE.exec(v.trim());
  if (!m) return undefined;
  return m[2] ? `${m[1].toLowerCase()}-${m[2].length === 2 ? m[2].toUpperCase() : m[2]}` : m[1].toLowerCase();
}

function apply(facts: Partial<MachineFacts>, key: Key, value: string): void {
  const v = value.trim();
  if (v === '' || v === 'N/A' || v === '暂缺') return;
  switch (key) {
    case 'hostName':
    case 'osName':
    case 'domain':
      facts[key] = v;
      break;
    case 'osVersion': {
      const m = BUILD.exec(v);
      if (m) facts.osBuild = m[1] ?? m[2];
      break;
    }
    case 'locale':
      facts.locale = normaliseLocale(v) ?? facts.locale;
      break;
    case 'hotfixes':
      // the count line; items follow (list) or are comma-joined into this value (csv)
      for (const part of v.split(',')) addKb(facts, part);
      break;
  }
}

function addKb(facts: Partial<MachineFacts>, s: string): void {
  const kb = kbOf(s);
  if (kb && !facts.installedKbs?.includes(kb)) (facts.installedKbs ??= []).push(kb);
}

/** Splits one CSV row with "quoted" fields ("" escapes a quote). */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          v += line.slice(i);
          i = line.length;
          break;
        }
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      i = line.indexOf(',', i) < 0 ? line.length + 1 : line.indexOf(',', i) + 1;
    } else {
      const c = line.indexOf(',', i);
      out.push(line.slice(i, c < 0 ? line.length : c));
      i = c < 0 ? line.length + 1 : c + 1;
    }
  }
  return out;
}

export async function parseSystemInfo(input: LineInput): Promise<Partial<MachineFacts>> {
  const facts: Partial<MachineFacts> = {};
  let section: Key | null = null;
  let csvHeader: string[] | null = null;
  for await (const line of texts(input)) {
    if (csvHeader) {
      const values = splitCsv(line);
      csvHeader.forEach((label, i) => {
        const key = LABELS[label];
        if (key && values[i] !== undefined) apply(facts, key, values[i]);
      });
      csvHeader = null;
      continue;
    }
    if (CSV_HEADER.test(line)) {
      csvHeader = splitCsv(line);
      continue;
    }
    const item = HOTFIX_ITEM.exec(line);
    if (item) {
      if (section === 'hotfixes') addKb(facts, item[1]);
      continue;
    }
    if (/^\s/.test(line)) continue; // other indented sub-fields (network cards, processors)
    const m = LABEL_LINE.exec(line);
    if (!m) continue;
    const key = LABELS[m[1]];
    section = key ?? null;
    if (key) apply(facts, key, m[2]);
  }
  return facts;
}
