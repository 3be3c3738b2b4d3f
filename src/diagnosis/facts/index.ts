/** Machine facts from collector outputs: one parser per output, a dispatcher for a bundle file, and the merge. */
import type { BundleFile, LogFormat, MachineFacts } from '../types';
import { readLines } from '../text';
import { parseInstalledUpdates } from './hotfixes';
import type { LineInput } from './input';
import { parseIpconfig, parseWinHttpProxy } from './network';
import { parsePendingReboot, PENDING_REBOOT_FILE } from './pendingReboot';
import { parsePolicy } from './policy';
import { parseSystemInfo } from './systeminfo';

export { mergeFacts } from './merge';
export {
  parseSystemInfo,
  parsePolicy,
  parseIpconfig,
  parseWinHttpProxy,
  parseInstalledUpdates,
  parsePendingReboot,
};
export { decideUpdateSource } from './policy';
export { PENDING_REBOOT_FILE } from './pendingReboot';
export {
  HOST_SOURCE_RANK,
  cleanHostName,
  hostClaimsOf,
  hostFromFolderName,
  hostFromUploadName,
  hostKey,
  isCollectorManifest,
  isDataClaim,
  neutralName,
  strongest,
} from './host';
export type { HostClaim, HostSource } from './host';
export type { LineInput } from './input';

const PARSERS: Partial<Record<LogFormat, (input: LineInput) => Promise<Partial<MachineFacts>>>> = {
  systeminfo: parseSystemInfo,
  gpresult: parsePolicy,
  ipconfig: parseIpconfig,
  'winhttp-proxy': parseWinHttpProxy,
  hotfixes: parseInstalledUpdates,
};

/** True when `collectFacts` has something to say about this file. */
export function isFactsSource(path: string, format: LogFormat): boolean {
  return PENDING_REBOOT_FILE.test(path) || format in PARSERS;
}

/**
 * Facts from one bundle file, given its detected format (see detectFormat); `pending-reboot.txt` is
 * recognised by name. Other formats give just `formatsSeen`. Streams the file; never loads it whole.
 */
export async function collectFacts(file: BundleFile, format: LogFormat): Promise<Partial<MachineFacts>> {
  const parser = PENDING_REBOOT_FILE.test(file.path) ? parsePendingReboot : PARSERS[format];
  const seen: Partial<MachineFacts> = format === 'unknown' ? {} : { formatsSeen: [format] };
  if (!parser) return seen;
  return { ...(await parser(readLines(file.open()))), ...seen };
}
