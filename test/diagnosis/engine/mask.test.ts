/** Evidence masking: personal data and secrets go, versions and codes stay. */
import { maskText } from '../../../src/diagnosis/mask';

describe('maskText', () => {
  it.each([
    [
      "Scratch directory set to 'C:\\Users\\JaneDoe\\AppData\\Local\\Temp\\'. - CDISMManager::put_ScratchDir",
      "Scratch directory set to 'C:\\Users\\<user>\\AppData\\Local\\Temp\\'. - CDISMManager::put_ScratchDir",
    ],
    [
      'Failed to delete \\\\?\\C:\\windows.old\\Users\\li.wei\\NTUSER.DAT. hr = 0x80070005',
      'Failed to delete \\\\?\\C:\\windows.old\\Users\\<user>\\NTUSER.DAT. hr = 0x80070005',
    ],
    ['Registered owner jane.doe@contoso.com', 'Registered owner <email>'],
    [
      'Server URL = http://192.168.10.5:8530/ClientWebService/client.asmx',
      'Server URL = http://<ip>:8530/ClientWebService/client.asmx',
    ],
    ['link fe80::1c2b:3d4e:5f60:7a8b%12 up', 'link <ip> up'],
    [
      'Caller SID for Applicability: S-1-5-21-1111111111-2222222222-3333333333-1001',
      'Caller SID for Applicability: S-1-5-21-<sid>',
    ],
    [
      'GET https://x/y?sig=Abc%2Fdef&se=2025 Authorization: Bearer abcdefghijkl',
      'GET https://x/y?sig=<secret>&se=2025 Authorization: Bearer <secret>',
    ],
    ['password=Secret1 token: eyJhbGciOi.eyJzdWIiOi.sig', 'password=<secret> token: <secret>'],
  ])('%s', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  it('leaves versions, times, public profiles, C++ names and codes alone', () => {
    const keep = [
      'Loaded Servicing Stack v10.0.17763.2680 with Core: C:\\Windows\\winsxs\\x\\cbscore.dll',
      'Package_for_KB3021128~31bf3856ad364e35~amd64~~6.3.1.0, ApplicableState: 112',
      'WcpInitialize (wcp.dll version 0.0.0.6) called',
      '2020/11/19 15:25:47.0682011 3304  9940  Agent  Exit code = 0x8024402C',
      'C:\\Users\\Public\\Desktop and C:\\Users\\Default\\NTUSER.DAT',
      'CDISMManager::CreateImageSession and CCbsConUIHandler::Error',
    ];
    for (const k of keep) expect(maskText(k)).toBe(k);
  });
});
