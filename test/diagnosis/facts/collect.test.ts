/** End to end: a collector-style zip (mixed encodings, a CbsPersist cab) → openBundle → readHead →
 * detectFormat → collectFacts → mergeFacts, the way the engine will call them. */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBundle } from '../../../src/diagnosis/bundle';
import { detectFormat } from '../../../src/diagnosis/detect';
import { collectFacts, mergeFacts } from '../../../src/diagnosis/facts';
import { readHead } from '../../../src/diagnosis/text';
import type { LogFormat, MachineFacts } from '../../../src/diagnosis/types';
import { makeCab } from '../bundle/cab-writer';
import { makeZip } from '../bundle/zip-writer';
import { bytesOf, SYSTEMINFO_ZH } from './samples';

const hasCabextract = (() => {
  try {
    execFileSync('cabextract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('a zh-CN machine bundle gives its facts', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ucb-collect-'));
  try {
    const cbs = await fs.readFile('/work/shared/samples/logs/sample02.CBS.log');
    const zipPath = path.join(dir, 'PC-02.zip');
    await fs.writeFile(
      zipPath,
      await makeZip([
        { name: 'PC-02/systeminfo.txt', data: bytesOf(SYSTEMINFO_ZH, 'gbk') },
        {
          name: 'PC-02/ipconfig.txt',
          data: bytesOf('\r\nWindows IP 配置\r\n\r\n   主机名  . . . . . . . . . . . . . : PC-02\r\n', 'gbk'),
        },
        {
          name: 'PC-02/winhttp.txt',
          data: bytesOf(
            '\r\n当前的 WinHTTP 代理服务器设置:\r\n\r\n    直接访问(没有代理服务器)。\r\n',
            'gbk',
          ),
        },
        { name: 'PC-02/wupolicy.txt', data: bytesOf('\r\n错误: 系统找不到指定的注册表项或值。\r\n', 'gbk') },
        {
          name: 'PC-02/hotfixes.txt',
          data: bytesOf(
            '\r\nSource        Description      HotFixID      InstalledBy          InstalledOn\r\n------        -----------      --------      -----------          -----------\r\nPC-02         Security Update  KB5026361     NT AUTHORITY\\SYSTEM  2023/5/10 0:00:00\r\n',
            'utf16le-bom',
          ),
        },
        {
          name: 'PC-02/pending-reboot.txt',
          data: bytesOf('RebootPending=False\r\nRebootRequired=True\r\n', 'utf16le-bom'),
        },
        { name: 'PC-02/Logs/CBS/CBS.log', data: cbs },
        {
          name: 'PC-02/Logs/CBS/CbsPersist_20230522191537.cab',
          data: makeCab([{ name: 'CbsPersist_20230522191537.log', data: cbs }]),
        },
      ]),
    );
    const bundle = await openBundle(zipPath, {}, { tempRoot: dir });
    const parts: Array<Partial<MachineFacts>> = [];
    const formats: Record<string, LogFormat> = {};
    for await (const file of bundle.files()) {
      const { text } = await readHead(file.open());
      const format = detectFormat(file.path, text);
      formats[file.path] = format;
      parts.push(await collectFacts(file, format));
    }
    await bundle.close();
    expect(formats).toMatchObject({
      'PC-02/systeminfo.txt': 'systeminfo',
      'PC-02/ipconfig.txt': 'ipconfig',
      'PC-02/winhttp.txt': 'winhttp-proxy',
      'PC-02/wupolicy.txt': 'gpresult',
      'PC-02/hotfixes.txt': 'hotfixes',
      'PC-02/pending-reboot.txt': 'unknown',
      'PC-02/Logs/CBS/CBS.log': 'cbs',
    });
    if (hasCabextract)
      expect(formats['PC-02/Logs/CBS/CbsPersist_20230522191537.cab/CbsPersist_20230522191537.log']).toBe(
        'cbs',
      );
    expect(mergeFacts(parts)).toEqual({
      hostName: 'PC-02',
      osName: 'Microsoft Windows 10 专业版',
      osBuild: '19044',
      locale: 'zh-CN',
      domain: 'WORKGROUP',
      installedKbs: ['KB5012170', 'KB5015684', 'KB5026361'],
      updateSource: { kind: 'windows-update' },
      proxy: { direct: true },
      pendingReboot: true,
      formatsSeen: ['systeminfo', 'ipconfig', 'winhttp-proxy', 'gpresult', 'hotfixes', 'cbs'],
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
