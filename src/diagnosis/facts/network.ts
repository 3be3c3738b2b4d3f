/** `ipconfig /all` (host name, primary DNS suffix) and `netsh winhttp show proxy` (the proxy Windows Update
 * uses), English and Chinese. */
import type { MachineFacts } from '../types';
import { texts, type LineInput } from './input';

//    Host Name . . . . . . . . . . . . : PC-01
//    主机名  . . . . . . . . . . . . . : PC-01
const HOST_NAME = /^\s*(?:Host Name|主机名)[\s.]*:\s*(\S.*?)\s*$/;
//    Primary Dns Suffix  . . . . . . . : contoso.test
//    主 DNS 后缀 . . . . . . . . . . . : contoso.test
const DNS_SUFFIX = /^\s*(?:Primary Dns Suffix|主 DNS 后缀)[\s.]*:\s*(\S.*?)\s*$/i;

export async function parseIpconfig(input: LineInput): Promise<Partial<MachineFacts>> {
  const facts: Partial<MachineFacts> = {};
  for await (const line of texts(input)) {
    let m: RegExpExecArray | null;
    if (!facts.hostName && (m = HOST_NAME.exec(line))) facts.hostName = m[1];
    else if (!facts.domain && (m = DNS_SUFFIX.exec(line))) facts.domain = m[1];
  }
  return facts;
}

//     Direct access (no proxy server).
//     直接访问(没有代理服务器)。
const DIRECT = /^\s*(?:Direct access \(no proxy server\)|直接访问\s*[(（]没有代理服务器[)）])/i;
//     Proxy Server(s) :  proxy.contoso.test:8080
//     代理服务器:  127.0.0.1:7897
const SERVER = /^\s*(?:Proxy Server\(s\)|代理服务器)\s*:\s*(\S.*?)\s*$/i;
//     Bypass List     :  (none)          /  <local>;*.contoso.test
//     绕过列表     :  (无)
const BYPASS = /^\s*(?:Bypass List|绕过列表)\s*:\s*(\S.*?)\s*$/i;
const NONE = /^[(（](?:none|无)[)）]$/i;

export async function parseWinHttpProxy(input: LineInput): Promise<Partial<MachineFacts>> {
  let direct = false;
  let server: string | undefined;
  let bypass: string | undefined;
  for await (const line of texts(input)) {
    let m: RegExpExecArray | null;
    if (DIRECT.test(line)) direct = true;
    else if ((m = SERVER.exec(line))) server = m[1];
    else if ((m = BYPASS.exec(line))) bypass = NONE.test(m[1]) ? undefined : m[1];
  }
  if (server) return { proxy: { direct: false, server, ...(bypass ? { bypass } : {}) } };
  if (direct) return { proxy: { direct: true } };
  return {};
}
