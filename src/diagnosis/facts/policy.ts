/** Windows Update policy (HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate) from `reg query` output, a
 * .reg export, `gpresult /z` or `gpresult /x` XML → where the machine gets updates (WSUS, Windows Update, none). */
import type { MachineFacts } from '../types';
import { texts, type LineInput } from './input';

interface Policy {
  WUServer?: string;
  UseWUServer?: number;
  DoNotConnectToWindowsUpdateInternetLocations?: number;
  /** `reg query` said the policy key does not exist: nothing redirects Windows Update. */
  keyAbsent?: boolean;
}

const NAMES = ['WUServer', 'UseWUServer', 'DoNotConnectToWindowsUpdateInternetLocations'] as const;
type Name = (typeof NAMES)[number];
const isName = (n: string): n is Name => (NAMES as readonly string[]).includes(n);

//     WUServer    REG_SZ    http://wsus.contoso.test:8530
//     UseWUServer    REG_DWORD    0x1
const REG_QUERY_VALUE = /^\s+(\S+)\s+(REG_SZ|REG_EXPAND_SZ|REG_DWORD|REG_QWORD)\s+(.*?)\s*$/;
// ERROR: The system was unable to find the specified registry key or value.
// 错误: 系统找不到指定的注册表项或值。
const REG_QUERY_MISSING = /unable to find the specified registry key|找不到指定的注册表项/i;
// "WUServer"="http://wsus.contoso.test:8530"
// "UseWUServer"=dword:00000001
const REG_EXPORT_VALUE = /^"([^"]+)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-fA-F]{1,8}))\s*$/;
//                 Folder Id: Software\Policies\Microsoft\Windows\WindowsUpdate\AU\UseWUServer
const GPRESULT_FOLDER =
  /^\s*(?:Folder Id|文件夹 ID)\s*:\s*Software\\Policies\\Microsoft\\Windows\\WindowsUpdate(?:\\AU)?\\(\w+)\s*$/i;
//                 Value:       104, 0, 116, 0, 116, 0, 112, 0, 58, 0, 47, 0, 47, 0, 119, 0, 0, 0
const GPRESULT_VALUE = /^\s*(?:Value|值)\s*:\s*(\d+(?:\s*,\s*\d+)*)\s*$/;
//   <q1:Name>Specify intranet Microsoft update service location</q1:Name>
//   <q1:State>Enabled</q1:State>
//   <q1:Value>http://wsus.contoso.test:8530</q1:Value>
//   <q1:Number>1</q1:Number>   <q1:String>http://wsus.contoso.test:8530</q1:String>
const XML_ELEMENT = /<(?:\w+:)?(Name|State|Value|String|Number|KeyPath)>([^<]*)<\/(?:\w+:)?\1>/g;
//   <q1:Policy>  </q1:Policy>  <q1:EditText>  <q1:RegistrySetting>
const XML_BLOCK = /<(\/?)(?:\w+:)?(Policy|EditText|RegistrySetting|Value)>/g;
const POLICY_INTRANET = /intranet Microsoft update service location|Intranet Microsoft 更新服务位置/i;
const POLICY_NO_INTERNET =
  /Do not connect to any Windows Update Internet locations|不要连接任何 Windows 更新 Internet 位置/i;
const ENABLED = /^(Enabled|已启用)$/i;
const DISABLED = /^(Disabled|已禁用)$/i;

function dword(s: string): number | undefined {
  const t = s.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function set(p: Policy, name: string, value: string | number | undefined): void {
  if (!isName(name) || value === undefined) return;
  if (name === 'WUServer') p.WUServer = String(value).trim();
  else p[name] = typeof value === 'number' ? value : dword(value);
}

function unescapeXml(s: string): string {
  return s.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] as string,
  );
}

/** The decision, documented:
 * - wsus: UseWUServer=1 and WUServer is a real URL;
 * - offline: UseWUServer=1 with an empty or loopback WUServer (the usual way to block updates), or
 *   DoNotConnect...=1 with no usable intranet server: the machine has no update service at all;
 * - windows-update: the policy key is absent, or UseWUServer is 0/absent;
 * - nothing (undefined) when the input said nothing about these values (e.g. `gpresult /r`). */
export function decideUpdateSource(p: Policy): MachineFacts['updateSource'] | undefined {
  const noInternet =
    p.DoNotConnectToWindowsUpdateInternetLocations === 1 ? { doNotConnectToInternet: true } : {};
  const said =
    p.keyAbsent ||
    p.WUServer !== undefined ||
    p.UseWUServer !== undefined ||
    p.DoNotConnectToWindowsUpdateInternetLocations !== undefined;
  if (!said) return undefined;
  const url = p.WUServer?.trim() ?? '';
  const loopback = /^(https?:\/\/)?(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)(?=[:/]|$)/i.test(url);
  if (p.UseWUServer === 1) {
    if (url !== '' && !loopback) return { kind: 'wsus', url, ...noInternet };
    return { kind: 'offline', ...(url ? { url } : {}), ...noInternet };
  }
  if (p.DoNotConnectToWindowsUpdateInternetLocations === 1) return { kind: 'offline', ...noInternet };
  return { kind: 'windows-update' };
}

export async function parsePolicy(input: LineInput): Promise<Partial<MachineFacts>> {
  const p: Policy = {};
  let folder: string | null = null; // gpresult /z: value name awaiting its Value line
  // gpresult /x state
  let policyName: string | null = null;
  let inPolicy = false;
  let inEditText = false;
  let regValueName: string | null = null;
  let inRegSetting = false;
  let inRegValue = false;

  for await (const line of texts(input)) {
    let m: RegExpExecArray | null;
    if ((m = REG_QUERY_VALUE.exec(line))) {
      set(p, m[1], m[3]);
      continue;
    }
    if (REG_QUERY_MISSING.test(line)) {
      p.keyAbsent = true;
      continue;
    }
    if ((m = REG_EXPORT_VALUE.exec(line.trim()))) {
      set(p, m[1], m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : parseInt(m[3], 16));
      continue;
    }
    if ((m = GPRESULT_FOLDER.exec(line))) {
      folder = m[1];
      continue;
    }
    if (folder && (m = GPRESULT_VALUE.exec(line))) {
      const bytes = Buffer.from(m[1].split(',').map((b) => Number(b.trim()) & 0xff));
      if (folder === 'WUServer') set(p, folder, bytes.toString('utf16le').replace(/\0+$/, ''));
      else set(p, folder, bytes.length >= 4 ? bytes.readUInt32LE(0) : bytes[0]);
      folder = null;
      continue;
    }
    if (!line.includes('<')) continue;
    // XML: walk open/close tags and leaf elements in document order
    const events: Array<{ at: number; open?: string; close?: string; leaf?: [string, string] }> = [];
    for (const b of line.matchAll(XML_BLOCK)) {
      events.push(b[1] ? { at: b.index, close: b[2] } : { at: b.index, open: b[2] });
    }
    for (const e of line.matchAll(XML_ELEMENT)) events.push({ at: e.index, leaf: [e[1], unescapeXml(e[2])] });
    events.sort((a, b) => a.at - b.at);
    for (const ev of events) {
      if (ev.open === 'Policy') {
        inPolicy = true;
        policyName = null;
      } else if (ev.close === 'Policy') {
        inPolicy = false;
        policyName = null;
      } else if (ev.open === 'EditText') inEditText = true;
      else if (ev.close === 'EditText') inEditText = false;
      else if (ev.open === 'RegistrySetting') {
        inRegSetting = true;
        regValueName = null;
      } else if (ev.close === 'RegistrySetting') inRegSetting = false;
      else if (ev.open === 'Value' && inRegSetting) inRegValue = true;
      else if (ev.close === 'Value' && inRegSetting) inRegValue = false;
      else if (ev.leaf) {
        const [tag, text] = ev.leaf;
        if (inPolicy && !inEditText && tag === 'Name') policyName = text;
        else if (inPolicy && !inEditText && tag === 'State' && policyName) {
          if (POLICY_INTRANET.test(policyName))
            p.UseWUServer = ENABLED.test(text) ? 1 : DISABLED.test(text) ? 0 : p.UseWUServer;
          if (POLICY_NO_INTERNET.test(policyName)) {
            p.DoNotConnectToWindowsUpdateInternetLocations = ENABLED.test(text)
              ? 1
              : DISABLED.test(text)
                ? 0
                : undefined;
          }
        } else if (
          inPolicy &&
          inEditText &&
          tag === 'Value' &&
          policyName &&
          POLICY_INTRANET.test(policyName)
        ) {
          // the first edit box is "Set the intranet update service for detecting updates"
          if (p.WUServer === undefined && text.trim() !== '') p.WUServer = text.trim();
        } else if (inRegValue && tag === 'Name') regValueName = text;
        else if (inRegValue && regValueName && (tag === 'String' || tag === 'Number')) {
          set(p, regValueName, tag === 'Number' ? dword(text) : text);
        }
      }
    }
  }
  const updateSource = decideUpdateSource(p);
  return updateSource ? { updateSource } : {};
}
