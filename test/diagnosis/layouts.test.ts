/**
 * What users really upload (collector-layouts.md): each collector's layout gives the right machines, named
 * by host, one shared cause where there is one, and no log reported missing that some file of the bundle holds.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { diagnoseCase, splitMachines, type CaseResult } from '../../src/diagnosis/diagnose';
import { renderReport } from '../../src/diagnosis/report';
import { loadKnowledge } from '../../src/knowledge/index';
import { makeZip, tempDir } from './bundle/zip-writer';
import {
  cmgeZip,
  cp936,
  handMadeZip,
  healthyCbsLog,
  intuneZip,
  ourCollectorZip,
  quietWindowsUpdateLog,
  referenceCbsLog,
  systeminfoZh,
} from './layouts.fixtures';

let dir: string;
const knowledge = loadKnowledge();

beforeAll(async () => {
  dir = await tempDir('ucb-layouts-');
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function save(name: string, data: Buffer | string): Promise<string> {
  const p = path.join(dir, name);
  await fs.writeFile(p, data);
  return p;
}

const hosts = (r: CaseResult) => r.machines.map((m) => [m.machine, m.hostName, m.hostFrom]);

describe('the reference case collector (CMGE_Log, CP936 category folders)', () => {
  it('reads one zip as one machine named by systeminfo, with nothing missing', async () => {
    const zip = await save('CMGE_Log.zip', await cmgeZip('TERM-0231'));
    const r = await diagnoseCase([zip], { knowledge });
    expect(hosts(r)).toEqual([['TERM-0231', 'TERM-0231', 'systeminfo']]);
    const [m] = r.machines;
    expect(m.primary).toMatchObject({ errorCode: '0x80073712', machine: 'TERM-0231' });
    // CBS.log, WindowsUpdate.log and systeminfo are all in the zip (in different category folders).
    expect(m.missingLogs).toEqual(['eventlog']);
    expect(m.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'CMGE_Log/系统日志/CBS/CBS.log',
        'CMGE_Log/更新日志/WindowsUpdate.log',
        'CMGE_Log/系统信息/systeminfo.txt',
        'CMGE_Log/网络信息/ipconfig.txt',
        'CMGE_Log/组策略/gpresult.txt',
      ]),
    );
    expect(m.facts).toMatchObject({ hostName: 'TERM-0231', osBuild: '17763', installedKbs: ['KB5010351'] });
  });

  it('gives two terminals named by host with 0x80073712 in common for the two zips of the case', async () => {
    const a = await save('CMGE_Log_a.zip', await cmgeZip('TERM-0231'));
    const b = await save('CMGE_Log_b.zip', await cmgeZip('TERM-0232'));
    const r = await diagnoseCase([a, b], { knowledge, kb: 'KB5011503' });
    expect(hosts(r)).toEqual([
      ['TERM-0231', 'TERM-0231', 'systeminfo'],
      ['TERM-0232', 'TERM-0232', 'systeminfo'],
    ]);
    expect(r.commonCause).toEqual({
      errorCode: '0x80073712',
      causeId: 'component-store-corruption',
      machines: ['TERM-0231', 'TERM-0232'],
    });
    const zh = renderReport(r, 'zh-CN', knowledge);
    expect(zh).toContain('日志分析：共 2 台机器');
    expect(zh).toContain('共同原因: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT');
    expect(zh.match(/^== 机器 .*==$/gm)).toEqual(['== 机器 TERM-0231 ==', '== 机器 TERM-0232 ==']);
    expect(zh).not.toContain('缺少的日志: WindowsUpdate.log');
    const en = renderReport(r, 'en', knowledge);
    expect(en).toContain('Diagnosis of 2 machines');
    expect(en).toContain('Common cause: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT');
    expect(en.match(/^== Machine .*==$/gm)).toEqual(['== Machine TERM-0231 ==', '== Machine TERM-0232 ==']);
  });

  it('takes the host from the upload name when the collector had no systeminfo ticked', async () => {
    const zip = await save(
      'CMGE_Log_TERM-0233.zip',
      await makeZip([
        { name: cp936('CMGE_Log/系统日志/CBS/CBS.log'), data: healthyCbsLog() },
        { name: cp936('CMGE_Log/更新日志/WindowsUpdate.log'), data: quietWindowsUpdateLog() },
      ]),
    );
    const r = await diagnoseCase([zip], { knowledge });
    expect(hosts(r)).toEqual([['TERM-0233', 'TERM-0233', 'upload-name']]);
    expect(r.machines[0].missingLogs).toEqual(['eventlog', 'systeminfo']);
  });

  it('treats a later zip of the same host (any case) as that machine’s new logs', async () => {
    const before = await save('CMGE_Log_before.zip', await cmgeZip('TERM-0231'));
    const after = await save('CMGE_Log_after.zip', await cmgeZip('term-0231', { cbs: healthyCbsLog() }));
    const r = await diagnoseCase([before, after], { knowledge });
    expect(r.machines).toHaveLength(1);
    expect(r.machines[0]).toMatchObject({ hostName: 'term-0231', primary: null });
    expect(r.machines[0].earlier).toEqual([
      { source: before, errorCode: '0x80073712', causeId: 'component-store-corruption' },
    ]);
    expect(r.commonCause).toBeNull();
    // The report says what the host's older logs showed, in the reader's language.
    const title = knowledge.causes.get('component-store-corruption')!.title;
    expect(renderReport(r, 'zh-CN', knowledge)).toContain(
      `该主机较早的日志: ${before} — 0x80073712 ${title['zh-CN']}`,
    );
    expect(renderReport(r, 'en', knowledge)).toContain(
      `Earlier logs of this host: ${before} — 0x80073712 ${title.en}`,
    );
  });
});

describe('Intune "Collect diagnostics" (DiagLogs-<HOST>-<ts>Z.zip)', () => {
  it('is one machine named from ipconfig, its CBS.log diagnosed, WindowsUpdate ETLs counted as present', async () => {
    const zip = await save('DiagLogs-TERM-0240-20220519T115000Z.zip', await intuneZip('TERM-0240'));
    const r = await diagnoseCase([zip], { knowledge });
    expect(hosts(r)).toEqual([['TERM-0240', 'TERM-0240', 'ipconfig']]);
    const [m] = r.machines;
    expect(m.primary?.errorCode).toBe('0x80073712');
    expect(m.primary?.evidence.at(-1)?.file).toBe('4/cbs.log');
    // Events.evtx and the WindowsUpdate ETL traces are in the zip; systeminfo is not.
    expect(m.missingLogs).toEqual(['systeminfo']);
  });

  it('names the machine from the download’s name when no file names it', async () => {
    const zip = await save(
      'DiagLogs-BRANCH-PC-7-20220519T115000Z.zip',
      await intuneZip('IGNORED', { ipconfig: false }),
    );
    const r = await diagnoseCase([zip], { knowledge });
    expect(hosts(r)).toEqual([['BRANCH-PC-7', 'BRANCH-PC-7', 'upload-name']]);
  });
});

describe('our own collector (<HOST>-<yyyyMMdd-HHmmss>.zip with manifest.json)', () => {
  it('is one machine named by its data, the category folders are not machines, nothing falsely missing', async () => {
    const zip = await save('TERM-0250-20220519-115000.zip', await ourCollectorZip('TERM-0250'));
    const r = await diagnoseCase([zip], { knowledge });
    expect(hosts(r)).toEqual([['TERM-0250', 'TERM-0250', 'systeminfo']]);
    expect(r.machines[0].missingLogs).toEqual([]);
    expect(r.machines[0].primary?.errorCode).toBe('0x80073712');
  });

  it('falls back on the manifest’s machine name without systeminfo and ipconfig', async () => {
    const zip = await save(
      'upload.zip',
      await makeZip([
        {
          name: 'manifest.json',
          data: '{\n  "schema": "update-case-bot/collector-manifest/1",\n  "collectorVersion": "1.0.0",\n  "machineName": "TERM-0251"\n}',
        },
        { name: 'Logs/CBS/CBS.log', data: healthyCbsLog() },
      ]),
    );
    const r = await diagnoseCase([zip], { knowledge });
    expect(hosts(r)).toEqual([['TERM-0251', 'TERM-0251', 'manifest']]);
  });
});

describe('a hand-made zip', () => {
  it('with one folder per host is one machine per host, each named by its own systeminfo', async () => {
    const zip = await save('branch-logs.zip', await handMadeZip(['TERM-01', 'TERM-02']));
    const r = await diagnoseCase([zip], { knowledge });
    expect(hosts(r)).toEqual([
      ['TERM-01', 'TERM-01', 'systeminfo'],
      ['TERM-02', 'TERM-02', 'systeminfo'],
    ]);
    expect(r.machines.map((m) => m.source)).toEqual([`${zip}/TERM-01`, `${zip}/TERM-02`]);
    expect(r.machines.map((m) => m.missingLogs)).toEqual([['eventlog'], ['eventlog']]);
    expect(r.commonCause).toMatchObject({ errorCode: '0x80073712', machines: ['TERM-01', 'TERM-02'] });
  });

  it('tells two different failures apart per host', async () => {
    const zip = await save(
      'mixed.zip',
      await handMadeZip(['TERM-01', 'TERM-02'], (h) =>
        h === 'TERM-01' ? healthyCbsLog() : referenceCbsLog(),
      ),
    );
    const r = await diagnoseCase([zip], { knowledge });
    expect(r.machines.map((m) => [m.hostName, m.primary?.errorCode ?? null])).toEqual([
      ['TERM-01', null],
      ['TERM-02', '0x80073712'],
    ]);
    expect(r.commonCause).toBeNull();
  });

  it('with host folders and no host data is still split by the folder names', async () => {
    const zip = await save(
      'nodata.zip',
      await makeZip([
        { name: 'TERM-11/CBS.log', data: healthyCbsLog() },
        { name: 'TERM-12/CBS.log', data: healthyCbsLog() },
      ]),
    );
    const r = await diagnoseCase([zip], { knowledge });
    expect(hosts(r)).toEqual([
      ['TERM-11', 'TERM-11', 'folder-name'],
      ['TERM-12', 'TERM-12', 'folder-name'],
    ]);
  });

  it('holding two collector zips is two machines named by their data', async () => {
    const zip = await save(
      'both.zip',
      await makeZip([
        { name: 'CMGE_Log_1.zip', data: await cmgeZip('TERM-0231') },
        { name: 'CMGE_Log_2.zip', data: await cmgeZip('TERM-0232') },
      ]),
    );
    const r = await diagnoseCase([zip], { knowledge });
    expect(hosts(r)).toEqual([
      ['TERM-0231', 'TERM-0231', 'systeminfo'],
      ['TERM-0232', 'TERM-0232', 'systeminfo'],
    ]);
    expect(r.commonCause?.errorCode).toBe('0x80073712');
  });
});

describe('a lone WindowsUpdate.log', () => {
  it('is one machine named after the upload, with no failure and no host', async () => {
    const log = await save('WindowsUpdate.log', quietWindowsUpdateLog());
    const r = await diagnoseCase([log], { knowledge });
    expect(hosts(r)).toEqual([['WindowsUpdate.log', null, null]]);
    expect(r.machines[0].primary).toBeNull();
    expect(r.machines[0].missingLogs).toEqual(['cbs', 'eventlog', 'systeminfo']);
  });

  it('two lone logs of unknown hosts stay two machines', async () => {
    const a = await save('a-WindowsUpdate.log', quietWindowsUpdateLog());
    const b = await save('b-WindowsUpdate.log', quietWindowsUpdateLog());
    const r = await diagnoseCase([a, b], { knowledge });
    expect(r.machines).toHaveLength(2);
  });
});

describe('splitMachines', () => {
  const f = (p: string, format: Parameters<typeof splitMachines>[0][number]['format'], host?: string) => ({
    path: p,
    format,
    claims: host ? [{ name: host, source: 'systeminfo' as const }] : [],
  });

  it('never makes category folders machines, whatever their names', () => {
    const parts = splitMachines(
      [
        f('CMGE_Log/系统日志/CBS/CBS.log', 'cbs'),
        f('CMGE_Log/更新日志/WindowsUpdate.log', 'windowsupdate'),
        f('CMGE_Log/系统信息/systeminfo.txt', 'systeminfo', 'TERM-0231'),
      ],
      'CMGE_Log.zip',
    );
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ roots: [''], label: 'TERM-0231' });
    expect(parts[0].paths.size).toBe(3);
  });

  it('keeps English category folders together too (Logs/CBS + Logs/WindowsUpdate)', () => {
    const parts = splitMachines(
      [f('Logs/CBS/CBS.log', 'cbs'), f('Logs/WindowsUpdate/WindowsUpdate.log', 'windowsupdate')],
      'logs.zip',
    );
    expect(parts.map((p) => p.label)).toEqual(['logs']);
  });

  it('joins folders that name the same host (case-insensitive, with or without domain)', () => {
    const parts = splitMachines(
      [
        f('before/systeminfo.txt', 'systeminfo', 'TERM-01'),
        f('before/CBS.log', 'cbs'),
        f('after/ipconfig.txt', 'ipconfig', 'term-01'),
        f('after/CBS.log', 'cbs'),
      ],
      'x.zip',
    );
    expect(parts).toHaveLength(1);
  });

  it('prefers a systeminfo host over an event export naming another computer', () => {
    const parts = splitMachines(
      [
        {
          path: 'a/systeminfo.txt',
          format: 'systeminfo',
          claims: [{ name: 'TERM-01', source: 'systeminfo' }],
        },
        { path: 'a/events.xml', format: 'eventlog', claims: [{ name: 'OLDNAME', source: 'eventlog' }] },
      ],
      'x.zip',
    );
    expect(parts.map((p) => p.host)).toEqual([{ name: 'TERM-01', source: 'systeminfo' }]);
  });
});

it('reads a GBK systeminfo at any depth of a nested archive', async () => {
  const inner = await makeZip([{ name: cp936('系统信息/systeminfo.txt'), data: systeminfoZh('TERM-0299') }]);
  const zip = await save(
    'outer.zip',
    await makeZip([
      { name: 'deep/inner.zip', data: inner },
      { name: 'deep/CBS.log', data: healthyCbsLog() },
    ]),
  );
  const r = await diagnoseCase([zip], { knowledge });
  expect(hosts(r)).toEqual([['TERM-0299', 'TERM-0299', 'systeminfo']]);
  expect(r.machines[0].missingLogs).toEqual(['windowsupdate', 'eventlog']);
});
