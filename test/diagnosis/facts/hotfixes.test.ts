/** Installed updates: Get-HotFix (table, list, CSV), wmic qfe list, dism /get-packages (table, list). */
import { parseInstalledUpdates } from '../../../src/diagnosis/facts';
import { readLines } from '../../../src/diagnosis/text';
import { bytesOf, streamOf } from './samples';

const GET_HOTFIX = `
Source        Description      HotFixID      InstalledBy          InstalledOn
------        -----------      --------      -----------          -----------
PC-01         Update           KB5022502     NT AUTHORITY\\SYSTEM  2/15/2023 12:00:00 AM
PC-01         Security Update  KB5026361     NT AUTHORITY\\SYSTEM  5/10/2023 12:00:00 AM
`;

const WMIC_QFE = `Caption                                     CSName  Description      FixComments  HotFixID   InstallDate  InstalledBy          InstalledOn  Name  ServicePackInEffect  Status
http://support.microsoft.com/?kbid=5022502  PC-01   Update                        KB5022502               NT AUTHORITY\\SYSTEM  2/15/2023
https://support.microsoft.com/help/5026361  PC-01   Security Update               KB5026361               NT AUTHORITY\\SYSTEM  5/10/2023
`;

const HOTFIX_CSV = `#TYPE System.Management.ManagementObject#root\\cimv2\\Win32_QuickFixEngineering
"PSComputerName","InstalledOn","__GENUS","__CLASS","Description","HotFixID","InstalledBy"
"PC-01","2/15/2023 12:00:00 AM","2","Win32_QuickFixEngineering","Update","KB5022502","NT AUTHORITY\\SYSTEM"
`;

const DISM_TABLE = `
Deployment Image Servicing and Management tool
Version: 10.0.19041.844

Image Version: 10.0.19045.2965

Packages listing:

------------------------------------------------------------------------------------ | --------------- | --------------- | -----------------
Package Identity                                                                     | State           | Release Type    | Install Time
------------------------------------------------------------------------------------ | --------------- | --------------- | -----------------
Package_for_DotNetRollup_481~31bf3856ad364e35~amd64~~10.0.9166.1                     | Installed       | Update          | 5/10/2023 3:13 AM
Package_for_KB5015684~31bf3856ad364e35~amd64~~19041.1799.1.2                         | Installed       | Update          | 7/13/2022 5:31 AM
Package_for_KB5026361~31bf3856ad364e35~amd64~~19041.2965.1.7                         | Install Pending | Security Update |
Package_for_KB5011048~31bf3856ad364e35~amd64~~10.0.9120.1                            | Superseded      | Update          | 3/1/2022 1:00 AM

The operation completed successfully.
`;

const DISM_LIST = `
Image Version: 10.0.17763.4377

Packages listing:

Package Identity : Package_for_KB5025229~31bf3856ad364e35~amd64~~17763.4252.1.2
State : Installed
Release Type : Security Update
Install Time : 4/12/2023 2:00 AM

Package Identity : Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.4377.1.7
State : Staged
Release Type : Security Update
Install Time :

The operation completed successfully.
`;

describe('parseInstalledUpdates', () => {
  test('Get-HotFix table (PowerShell 5.1, UTF-16LE)', async () => {
    expect(await parseInstalledUpdates(readLines(streamOf(bytesOf(GET_HOTFIX, 'utf16le-bom'))))).toEqual({
      installedKbs: ['KB5022502', 'KB5026361'],
    });
  });

  test('wmic qfe list (the Caption URL is not a KB)', async () => {
    expect(await parseInstalledUpdates(WMIC_QFE.split('\n'))).toEqual({
      installedKbs: ['KB5022502', 'KB5026361'],
    });
  });

  test('Get-HotFix | Export-Csv, and Format-List', async () => {
    expect(await parseInstalledUpdates(HOTFIX_CSV.split('\n'))).toEqual({ installedKbs: ['KB5022502'] });
    // HotFixID    : KB5026361
    expect(await parseInstalledUpdates(['HotFixID    : KB5026361'])).toEqual({ installedKbs: ['KB5026361'] });
  });

  test('dism /get-packages /format:table: states, Install Pending → pending reboot, UBR', async () => {
    const facts = await parseInstalledUpdates(DISM_TABLE.split('\n'));
    expect(facts.installedKbs).toEqual(['KB5015684']);
    expect(facts.pendingReboot).toBe(true);
    expect(facts.osBuild).toBe('19045.2965');
    expect(facts.packages).toEqual([
      { identity: 'Package_for_DotNetRollup_481~31bf3856ad364e35~amd64~~10.0.9166.1', state: 'Installed' },
      {
        identity: 'Package_for_KB5015684~31bf3856ad364e35~amd64~~19041.1799.1.2',
        kb: 'KB5015684',
        state: 'Installed',
      },
      {
        identity: 'Package_for_KB5026361~31bf3856ad364e35~amd64~~19041.2965.1.7',
        kb: 'KB5026361',
        state: 'Install Pending',
      },
      {
        identity: 'Package_for_KB5011048~31bf3856ad364e35~amd64~~10.0.9120.1',
        kb: 'KB5011048',
        state: 'Superseded',
      },
    ]);
  });

  test('dism /get-packages list format; nothing pending says nothing about reboots', async () => {
    const facts = await parseInstalledUpdates(DISM_LIST.split('\n'));
    expect(facts).toEqual({
      installedKbs: ['KB5025229'],
      osBuild: '17763.4377',
      packages: [
        {
          identity: 'Package_for_KB5025229~31bf3856ad364e35~amd64~~17763.4252.1.2',
          kb: 'KB5025229',
          state: 'Installed',
        },
        { identity: 'Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.4377.1.7', state: 'Staged' },
      ],
    });
  });
});
