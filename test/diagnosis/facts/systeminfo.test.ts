/** systeminfo in English and Chinese, as GBK, UTF-16LE (with BOM) and UTF-8 bytes, list and CSV forms. */
import { parseSystemInfo } from '../../../src/diagnosis/facts';
import { readLines } from '../../../src/diagnosis/text';
import { bytesOf, streamOf, SYSTEMINFO_EN, SYSTEMINFO_ZH } from './samples';

describe('parseSystemInfo', () => {
  test.each(['utf8', 'gbk', 'utf16le-bom'] as const)('English labels (%s bytes)', async (enc) => {
    if (enc === 'gbk') expect(bytesOf(SYSTEMINFO_EN, enc).toString('latin1')).toBe(SYSTEMINFO_EN); // ASCII either way
    const facts = await parseSystemInfo(readLines(streamOf(bytesOf(SYSTEMINFO_EN, enc))));
    expect(facts).toEqual({
      hostName: 'PC-01',
      osName: 'Microsoft Windows 10 Pro',
      osBuild: '19045',
      locale: 'en-US',
      domain: 'contoso.test',
      installedKbs: ['KB5022502', 'KB5015684', 'KB5026361'],
    });
  });

  test.each(['utf8', 'gbk', 'utf16le-bom'] as const)('Chinese labels (%s bytes)', async (enc) => {
    const facts = await parseSystemInfo(readLines(streamOf(bytesOf(SYSTEMINFO_ZH, enc))));
    expect(facts).toEqual({
      hostName: 'PC-02',
      osName: 'Microsoft Windows 10 专业版',
      osBuild: '19044',
      locale: 'zh-CN',
      domain: 'WORKGROUP',
      installedKbs: ['KB5012170', 'KB5015684'],
    });
  });

  test('one label at a time', async () => {
    // OS Version:                6.1.7601 Service Pack 1 Build 7601
    expect(await parseSystemInfo(['OS Version:                6.1.7601 Service Pack 1 Build 7601'])).toEqual({
      osBuild: '7601',
    });
    // OS 版本:          10.0.14393 暂缺 Build 14393
    expect(await parseSystemInfo(['OS 版本:          10.0.14393 暂缺 Build 14393'])).toEqual({
      osBuild: '14393',
    });
    // Hotfix(s):                 N/A
    expect(await parseSystemInfo(['Hotfix(s):                 N/A'])).toEqual({});
    // Hotfix items outside the hotfix section are someone else's [01]: lines
    expect(
      await parseSystemInfo([
        'Network Card(s):           1 NIC(s) Installed.',
        '                           [01]: KB-looking NIC KB1234567',
      ]),
    ).toEqual({});
  });

  test('systeminfo /fo csv', async () => {
    // "Host Name","OS Name","OS Version",...,"Hotfix(s)"
    const csv = [
      '"Host Name","OS Name","OS Version","System Locale","Domain","Hotfix(s)"',
      '"PC-03","Microsoft Windows 11 Enterprise","10.0.22621 N/A Build 22621","de;German (Germany)","contoso.test","2 Hotfix(s) Installed.,[01]: KB5027397,[02]: KB5026372"',
    ];
    expect(await parseSystemInfo(csv)).toEqual({
      hostName: 'PC-03',
      osName: 'Microsoft Windows 11 Enterprise',
      osBuild: '22621',
      locale: 'de',
      domain: 'contoso.test',
      installedKbs: ['KB5027397', 'KB5026372'],
    });
  });
});
