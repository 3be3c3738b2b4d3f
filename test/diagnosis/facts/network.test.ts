/** ipconfig /all and netsh winhttp show proxy, English and Chinese (GBK bytes from cmd.exe). */
import { parseIpconfig, parseWinHttpProxy } from '../../../src/diagnosis/facts';
import { readLines } from '../../../src/diagnosis/text';
import { bytesOf, streamOf } from './samples';

const IPCONFIG_EN = `
Windows IP Configuration

   Host Name . . . . . . . . . . . . : PC-01
   Primary Dns Suffix  . . . . . . . : contoso.test
   Node Type . . . . . . . . . . . . : Hybrid
   IP Routing Enabled. . . . . . . . : No

Ethernet adapter Ethernet:

   Connection-specific DNS Suffix  . : contoso.test
   IPv4 Address. . . . . . . . . . . : 192.0.2.15(Preferred)
`;

const IPCONFIG_ZH = `
Windows IP 配置

   主机名  . . . . . . . . . . . . . : PC-02
   主 DNS 后缀 . . . . . . . . . . . :
   节点类型  . . . . . . . . . . . . : 混合
   IP 路由已启用 . . . . . . . . . . : 否

以太网适配器 以太网 2:

   连接特定的 DNS 后缀 . . . . . . . :
   IPv4 地址 . . . . . . . . . . . . : 192.0.2.20(首选)
   子网掩码  . . . . . . . . . . . . : 255.255.255.0
`;

describe('parseIpconfig', () => {
  test('English', async () => {
    expect(await parseIpconfig(IPCONFIG_EN.split('\n'))).toEqual({
      hostName: 'PC-01',
      domain: 'contoso.test',
    });
  });
  test('Chinese, GBK bytes; an empty DNS suffix says nothing', async () => {
    expect(
      await parseIpconfig(readLines(streamOf(bytesOf(IPCONFIG_ZH.replace(/\n/g, '\r\n'), 'gbk')))),
    ).toEqual({ hostName: 'PC-02' });
  });
});

describe('parseWinHttpProxy', () => {
  test.each([
    [
      'English direct',
      'Current WinHTTP proxy settings:\n\n    Direct access (no proxy server).\n',
      { proxy: { direct: true } },
    ],
    [
      'Chinese direct',
      '当前的 WinHTTP 代理服务器设置:\n\n    直接访问(没有代理服务器)。\n',
      { proxy: { direct: true } },
    ],
    [
      'English proxied',
      'Current WinHTTP proxy settings:\n\n    Proxy Server(s) :  proxy.contoso.test:8080\n    Bypass List     :  <local>;*.contoso.test\n',
      { proxy: { direct: false, server: 'proxy.contoso.test:8080', bypass: '<local>;*.contoso.test' } },
    ],
    [
      'Chinese proxied, no bypass',
      '当前的 WinHTTP 代理服务器设置:\n\n    代理服务器:  127.0.0.1:7897\n    绕过列表     :  (无)\n',
      { proxy: { direct: false, server: '127.0.0.1:7897' } },
    ],
    [
      'English proxied, bypass (none)',
      '    Proxy Server(s) :  10.0.0.1:3128\n    Bypass List     :  (none)\n',
      { proxy: { direct: false, server: '10.0.0.1:3128' } },
    ],
    ['unrelated text', 'hello\n', {}],
  ])('%s', async (_label, text, expected) => {
    expect(await parseWinHttpProxy(readLines(streamOf(bytesOf(text.replace(/\n/g, '\r\n'), 'gbk'))))).toEqual(
      expected,
    );
  });
});
