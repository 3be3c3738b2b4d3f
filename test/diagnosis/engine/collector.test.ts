/** The reference case end to end: a Chinese collector's zip (CP936 folder names, GBK systeminfo) holding
 * two bank terminals whose CBS.log shows 0x80073712 → both diagnosed, the shared cause named, KB5011503
 * applicable to build 17763. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as iconv from 'iconv-lite';
import { diagnoseCase } from '../../../src/diagnosis/diagnose';
import { renderReport } from '../../../src/diagnosis/report';
import { loadKnowledge } from '../../../src/knowledge/index';
import { makeZip, tempDir } from '../bundle/zip-writer';
import { referenceCbsLog } from '../layouts.fixtures';

const cp936 = (s: string): Buffer => iconv.encode(s, 'cp936');

function systeminfo(host: string): Buffer {
  return iconv.encode(
    [
      '',
      `主机名:           ${host}`,
      'OS 名称:          Microsoft Windows 10 企业版 LTSC',
      'OS 版本:          10.0.17763 暂缺 Build 17763',
      'OS 制造商:        Microsoft Corporation',
      'OS 配置:          成员工作站',
      '系统区域设置:     zh-cn;中文(中国)',
      '修补程序:         安装了 2 个修补程序。',
      '                  [01]: KB5005112',
      '                  [02]: KB5010351',
      '',
    ].join('\r\n'),
    'gbk',
  );
}

// The reference case's CBS.log lines (reference-case.md), in the file's real layout, after healthy noise.
const cbsLog = (): string => referenceCbsLog({ sessions: 400, scanNoise: true });

describe('a Chinese collector zip with two terminals (the reference case)', () => {
  let dir: string;
  let zipPath: string;

  beforeAll(async () => {
    dir = await tempDir();
    zipPath = path.join(dir, '日志收集.zip');
    const zip = await makeZip([
      { name: cp936('日志/终端01/系统信息/systeminfo.txt'), data: systeminfo('TERMINAL01') },
      { name: cp936('日志/终端01/更新日志/CBS/CBS.log'), data: cbsLog() },
      { name: cp936('日志/终端02/系统信息/systeminfo.txt'), data: systeminfo('TERMINAL02') },
      { name: cp936('日志/终端02/更新日志/CBS/CBS.log'), data: cbsLog() },
      { name: cp936('日志/说明.txt'), data: iconv.encode('收集工具输出\r\n', 'gbk') },
    ]);
    await fs.writeFile(zipPath, zip);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('finds both machines, the same decisive 0x80073712, the shared cause and KB applicability', async () => {
    const result = await diagnoseCase([zipPath], { kb: 'KB5011503' });
    expect(result.machines.map((m) => [m.machine, m.hostName, m.osBuild])).toEqual([
      // Named by host (systeminfo), never by the folder they sit in.
      ['TERMINAL01', 'TERMINAL01', '17763'],
      ['TERMINAL02', 'TERMINAL02', '17763'],
    ]);
    for (const m of result.machines) {
      expect(m.primary).toMatchObject({
        ruleId: 'cbs-component-store-corrupt',
        causeId: 'component-store-corruption',
        errorCode: '0x80073712',
        symbolicName: 'ERROR_SXS_COMPONENT_STORE_CORRUPT',
      });
      const last = m.primary!.evidence[m.primary!.evidence.length - 1];
      expect(last).toMatchObject({
        file: expect.stringMatching(/CBS\.log$/),
        line: 806,
        timestamp: '2022-05-19 11:49:09',
      });
      expect(last.text).toContain('Failed to complete component closure');
      expect(m.kb).toMatchObject({ kb: 'KB5011503', from: 'option', applicability: { verdict: 'applies' } });
      expect(m.facts.installedKbs).toEqual(['KB5005112', 'KB5010351']);
      expect(m.missingLogs).toEqual(['windowsupdate', 'eventlog']);
    }
    expect(result.commonCause).toEqual({
      errorCode: '0x80073712',
      causeId: 'component-store-corruption',
      machines: ['TERMINAL01', 'TERMINAL02'],
    });
    expect(result.primary?.errorCode).toBe('0x80073712');
  });

  it('takes the KB being installed from the logs when none is given', async () => {
    const result = await diagnoseCase([zipPath]);
    expect(result.machines[0].kb).toMatchObject({
      kb: 'KB5011503',
      from: 'logs',
      applicability: { verdict: 'applies' },
    });
  });

  it('renders the report in Chinese with the code, the cause, the evidence and the shared cause', async () => {
    const result = await diagnoseCase([zipPath], { kb: 'KB5011503' });
    const text = renderReport(result, 'zh-CN', loadKnowledge());
    expect(text).toContain('共同原因: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT');
    expect(text).toContain('TERMINAL01');
    expect(text).toMatch(/CBS\.log:806 {2}2022-05-19 11:49:09 {2}.*Failed to complete component closure/);
    expect(text).toContain('更新 KB5011503（用户提供）'.replace('（', ' (').replace('）', ')'));
    expect(text).toContain('缺少的日志: WindowsUpdate.log, 事件日志（系统、安装）');
  });
});
