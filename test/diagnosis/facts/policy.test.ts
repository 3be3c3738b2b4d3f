/** Windows Update policy from reg query, .reg export (UTF-16LE), gpresult /z and gpresult /x → update source. */
import { decideUpdateSource, parsePolicy } from '../../../src/diagnosis/facts';
import { readLines } from '../../../src/diagnosis/text';
import { bytesOf, streamOf } from './samples';

const REG_QUERY = `
HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate
    WUServer    REG_SZ    http://wsus.contoso.test:8530
    WUStatusServer    REG_SZ    http://wsus.contoso.test:8530
    DoNotConnectToWindowsUpdateInternetLocations    REG_DWORD    0x1

HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU
    NoAutoUpdate    REG_DWORD    0x0
    AUOptions    REG_DWORD    0x4
    UseWUServer    REG_DWORD    0x1
`;

const REG_EXPORT = `Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate]
"WUServer"="https://wsus.contoso.test:8531"
"WUStatusServer"="https://wsus.contoso.test:8531"

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU]
"UseWUServer"=dword:00000001
"AUOptions"=dword:00000003
`;

const utf16Bytes = (s: string): string => [...Buffer.from(`${s}\0`, 'utf16le')].join(', ');
const GPRESULT_Z = `
COMPUTER SETTINGS
------------------
        Administrative Templates
        ------------------------
            GPO: WSUS Clients
                Folder Id: Software\\Policies\\Microsoft\\Windows\\WindowsUpdate\\WUServer
                Value:       ${utf16Bytes('http://wsus.contoso.test:8530')}
                State:       Enabled

            GPO: WSUS Clients
                Folder Id: Software\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU\\UseWUServer
                Value:       1, 0, 0, 0
                State:       Enabled
`;

const GPRESULT_X = `<?xml version="1.0" encoding="utf-16"?>
<Rsop xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.microsoft.com/GroupPolicy/Rsop">
  <ComputerResults>
    <ExtensionData>
      <Extension xmlns:q1="http://www.microsoft.com/GroupPolicy/Settings/Registry" xsi:type="q1:RegistrySettings">
        <q1:Policy>
          <q1:Name>Configure Automatic Updates</q1:Name>
          <q1:State>Enabled</q1:State>
        </q1:Policy>
        <q1:Policy>
          <q1:Name>Specify intranet Microsoft update service location</q1:Name>
          <q1:State>Enabled</q1:State>
          <q1:Category>Windows Components/Windows Update</q1:Category>
          <q1:EditText>
            <q1:Name>Set the intranet update service for detecting updates:</q1:Name>
            <q1:State>Enabled</q1:State>
            <q1:Value>http://wsus.contoso.test:8530</q1:Value>
          </q1:EditText>
          <q1:EditText>
            <q1:Name>Set the intranet statistics server:</q1:Name>
            <q1:State>Enabled</q1:State>
            <q1:Value>http://stats.contoso.test:8530</q1:Value>
          </q1:EditText>
        </q1:Policy>
        <q1:RegistrySetting>
          <q1:KeyPath>Software\\Policies\\Microsoft\\Windows\\WindowsUpdate</q1:KeyPath>
          <q1:Value>
            <q1:Name>DoNotConnectToWindowsUpdateInternetLocations</q1:Name>
            <q1:Number>1</q1:Number>
          </q1:Value>
        </q1:RegistrySetting>
      </Extension>
    </ExtensionData>
  </ComputerResults>
</Rsop>
`;

describe('parsePolicy', () => {
  test('reg query output (cmd.exe, GBK bytes)', async () => {
    expect(await parsePolicy(readLines(streamOf(bytesOf(REG_QUERY, 'gbk'))))).toEqual({
      updateSource: { kind: 'wsus', url: 'http://wsus.contoso.test:8530', doNotConnectToInternet: true },
    });
  });

  test('reg query: the key is missing (English and Chinese)', async () => {
    // ERROR: The system was unable to find the specified registry key or value.
    expect(
      await parsePolicy(['ERROR: The system was unable to find the specified registry key or value.']),
    ).toEqual({
      updateSource: { kind: 'windows-update' },
    });
    // 错误: 系统找不到指定的注册表项或值。
    expect(await parsePolicy(['错误: 系统找不到指定的注册表项或值。'])).toEqual({
      updateSource: { kind: 'windows-update' },
    });
  });

  test('.reg export, UTF-16LE with BOM as regedit writes it', async () => {
    expect(
      await parsePolicy(readLines(streamOf(bytesOf(REG_EXPORT.replace(/\n/g, '\r\n'), 'utf16le-bom')))),
    ).toEqual({
      updateSource: { kind: 'wsus', url: 'https://wsus.contoso.test:8531' },
    });
  });

  test('gpresult /z: registry values printed as byte lists', async () => {
    expect(await parsePolicy(GPRESULT_Z.split('\n'))).toEqual({
      updateSource: { kind: 'wsus', url: 'http://wsus.contoso.test:8530' },
    });
  });

  test('gpresult /x XML: policies and registry settings', async () => {
    expect(await parsePolicy(readLines(streamOf(bytesOf(GPRESULT_X, 'utf16le-bom'), 64)))).toEqual({
      updateSource: { kind: 'wsus', url: 'http://wsus.contoso.test:8530', doNotConnectToInternet: true },
    });
  });

  test('gpresult /r says nothing about the update source', async () => {
    const r = [
      'Microsoft (R) Windows (R) Operating System Group Policy Result tool v2.0',
      'RSOP data for CONTOSO\\user on PC-01 : Logging Mode',
      '    Applied Group Policy Objects',
      '        WSUS Clients',
    ];
    expect(await parsePolicy(r)).toEqual({});
  });
});

describe('decideUpdateSource', () => {
  test.each([
    [
      { UseWUServer: 1, WUServer: 'http://wsus.contoso.test:8530' },
      { kind: 'wsus', url: 'http://wsus.contoso.test:8530' },
    ],
    [
      { UseWUServer: 1, WUServer: 'http://127.0.0.1' },
      { kind: 'offline', url: 'http://127.0.0.1' },
    ],
    [{ UseWUServer: 1 }, { kind: 'offline' }],
    [{ DoNotConnectToWindowsUpdateInternetLocations: 1 }, { kind: 'offline', doNotConnectToInternet: true }],
    [{ UseWUServer: 0, WUServer: 'http://wsus.contoso.test:8530' }, { kind: 'windows-update' }],
    [{ keyAbsent: true }, { kind: 'windows-update' }],
    [{}, undefined],
  ])('%j → %j', (policy, expected) => {
    expect(decideUpdateSource(policy)).toEqual(expected);
  });
});
