/** Installed updates: Get-HotFix (table, list or CSV), `wmic qfe list`, and `dism /english /online
 * /get-packages` (table or list) → KB numbers, package states, pending reboot, and the UBR from the image version. */
import type { MachineFacts } from '../types';
import { kbOf, texts, type LineInput } from './input';

// Package Identity                                   | State         | Release Type    | Install Time
// 程序包标识                                          | 状态          | 发布类型        | 安装时间
const DISM_TABLE_HEADER = /^\s*(?:Package Identity|程序包标识)\s*\|/;
// Package_for_KB5015684~31bf3856ad364e35~amd64~~19041.1799.1.2      | Installed     | Update          | 7/13/2022 5:31 AM
const DISM_TABLE_ROW = /^\s*([^|\s]+~[^|\s]*)\s*\|\s*([^|]*?)\s*(?:\||$)/;
// Package Identity : Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.2965.1.7
const DISM_LIST_IDENTITY = /^\s*(?:Package Identity|程序包标识)\s*:\s*(\S+)\s*$/;
// State : Install Pending
const DISM_LIST_STATE = /^\s*(?:State|状态)\s*:\s*(.+?)\s*$/;
// Image Version: 10.0.19045.2965
const DISM_IMAGE_VERSION = /^\s*(?:Image Version|映像版本)\s*:\s*\d+\.\d+\.(\d+)\.(\d+)\s*$/;
// Package_for_KB5015684~31bf3856ad364e35~amd64~~19041.1799.1.2   (KB inside a package identity)
const IDENTITY_KB = /(?:^|_)KB(\d{5,8})(?=~|_|$)/i;
// DESKTOP-1     Security Update  KB5016616     NT AUTHORITY\SYSTEM  8/10/2022 12:00:00 AM
// http://support.microsoft.com/?kbid=5016616  DESKTOP-1  Security Update    KB5016616  ...   (wmic qfe list)
// "DESKTOP-1","Security Update","KB5016616",...   /   HotFixID    : KB5016616
const ANY_KB = /\bKB\d{5,8}\b/gi;
// Install Pending / Uninstall Pending / 安装挂起
const PENDING = /Pending|挂起/i;
const INSTALLED = /^(Installed|已安装)$/i;

export async function parseInstalledUpdates(input: LineInput): Promise<Partial<MachineFacts>> {
  const kbs = new Set<string>();
  const packages: NonNullable<MachineFacts['packages']> = [];
  let osBuild: string | undefined;
  let inDismTable = false;
  let listIdentity: string | null = null;

  const addPackage = (identity: string, state: string): void => {
    const m = IDENTITY_KB.exec(identity);
    const kb = m ? `KB${m[1]}` : undefined;
    packages.push({ identity, ...(kb ? { kb } : {}), state });
    if (kb && INSTALLED.test(state)) kbs.add(kb);
  };

  for await (const line of texts(input)) {
    let m: RegExpExecArray | null;
    if ((m = DISM_IMAGE_VERSION.exec(line))) {
      osBuild = `${m[1]}.${m[2]}`;
      continue;
    }
    if (DISM_TABLE_HEADER.test(line)) {
      inDismTable = true;
      continue;
    }
    if (inDismTable) {
      if ((m = DISM_TABLE_ROW.exec(line))) addPackage(m[1], m[2]);
      continue; // separators, blank lines and the closing message carry nothing
    }
    if ((m = DISM_LIST_IDENTITY.exec(line))) {
      listIdentity = m[1];
      continue;
    }
    if (listIdentity && (m = DISM_LIST_STATE.exec(line))) {
      addPackage(listIdentity, m[1]);
      listIdentity = null;
      continue;
    }
    for (const k of line.matchAll(ANY_KB)) kbs.add(kbOf(k[0]) as string);
  }

  const facts: Partial<MachineFacts> = {};
  if (kbs.size > 0) facts.installedKbs = [...kbs];
  if (packages.length > 0) facts.packages = packages;
  if (packages.some((p) => PENDING.test(p.state))) facts.pendingReboot = true;
  if (osBuild) facts.osBuild = osBuild;
  return facts;
}
