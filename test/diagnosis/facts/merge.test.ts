/** mergeFacts: how partial facts from several files of one machine combine. */
import { mergeFacts } from '../../../src/diagnosis/facts';

describe('mergeFacts', () => {
  test('first value wins for names, UBR build preferred, sets unioned, reboot OR-ed', () => {
    const facts = mergeFacts([
      {
        hostName: 'PC-01',
        osBuild: '19045',
        installedKbs: ['KB5026361', 'kb5015684'],
        formatsSeen: ['systeminfo'],
        locale: 'en-US',
      },
      { hostName: 'PC-01.contoso.test', domain: 'contoso.test', formatsSeen: ['ipconfig'] },
      {
        osBuild: '19045.2965',
        installedKbs: ['KB5015684'],
        pendingReboot: true,
        packages: [{ identity: 'P~1', state: 'Install Pending' }],
        formatsSeen: ['hotfixes'],
      },
      { pendingReboot: false, updateSource: { kind: 'unknown' } },
      {
        updateSource: { kind: 'wsus', url: 'http://wsus.contoso.test:8530' },
        formatsSeen: ['gpresult', 'systeminfo'],
      },
      { updateSource: { kind: 'windows-update', doNotConnectToInternet: true } },
      { proxy: { direct: true } },
    ]);
    expect(facts).toEqual({
      hostName: 'PC-01',
      domain: 'contoso.test',
      locale: 'en-US',
      osBuild: '19045.2965',
      installedKbs: ['KB5015684', 'KB5026361'],
      packages: [{ identity: 'P~1', state: 'Install Pending' }],
      pendingReboot: true,
      updateSource: { kind: 'wsus', url: 'http://wsus.contoso.test:8530', doNotConnectToInternet: true },
      proxy: { direct: true },
      formatsSeen: ['systeminfo', 'ipconfig', 'hotfixes', 'gpresult'],
    });
  });

  test('nothing known', () => {
    expect(mergeFacts([])).toEqual({ installedKbs: [], formatsSeen: [] });
    expect(mergeFacts([{ pendingReboot: false }]).pendingReboot).toBe(false);
  });
});
