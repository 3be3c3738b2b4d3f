/** Combines partial facts from many files of one machine into one MachineFacts. */
import type { LogFormat, MachineFacts } from '../types';

const kbNumber = (kb: string): number => Number(kb.slice(2));

/**
 * - host name, OS name, locale, domain, proxy: the first part that has one;
 * - OS build: the first with a UBR ('19045.2965') if any, else the first;
 * - KBs, formats, packages: union (KBs upper-case and sorted; packages by identity, first state kept);
 * - update source: the first that is not 'unknown'; doNotConnectToInternet if any part says so;
 * - pending reboot: true if any part says true, false if some say false and none true.
 */
export function mergeFacts(parts: Array<Partial<MachineFacts>>): MachineFacts {
  const first = <K extends keyof MachineFacts>(k: K): MachineFacts[K] | undefined =>
    parts.find((p) => p[k] !== undefined && p[k] !== '')?.[k];
  const kbs = new Set<string>();
  const formats: LogFormat[] = [];
  const packages = new Map<string, NonNullable<MachineFacts['packages']>[number]>();
  for (const p of parts) {
    for (const kb of p.installedKbs ?? []) kbs.add(kb.toUpperCase());
    for (const f of p.formatsSeen ?? []) if (!formats.includes(f)) formats.push(f);
    for (const pkg of p.packages ?? []) if (!packages.has(pkg.identity)) packages.set(pkg.identity, pkg);
  }
  const facts: MachineFacts = {
    installedKbs: [...kbs].sort((a, b) => kbNumber(a) - kbNumber(b)),
    formatsSeen: formats,
  };
  for (const k of ['hostName', 'osName', 'locale', 'domain', 'proxy'] as const) {
    const v = first(k);
    if (v !== undefined) (facts as unknown as Record<string, unknown>)[k] = v;
  }
  const builds = parts.map((p) => p.osBuild).filter((b): b is string => !!b);
  const build = builds.find((b) => b.includes('.')) ?? builds[0];
  if (build) facts.osBuild = build;
  const sources = parts
    .map((p) => p.updateSource)
    .filter((s): s is NonNullable<MachineFacts['updateSource']> => !!s);
  const source = sources.find((s) => s.kind !== 'unknown') ?? sources[0];
  if (source) {
    facts.updateSource = sources.some((s) => s.doNotConnectToInternet)
      ? { ...source, doNotConnectToInternet: true }
      : { ...source };
  }
  const reboots = parts.map((p) => p.pendingReboot).filter((r): r is boolean => r !== undefined);
  if (reboots.length > 0) facts.pendingReboot = reboots.includes(true);
  if (packages.size > 0) facts.packages = [...packages.values()];
  return facts;
}
