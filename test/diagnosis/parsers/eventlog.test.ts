/** Event-log export parser: wevtutil text blocks, Event Viewer CSV, XML <Event>. */
import { eventLogParser, eventKind } from '../../../src/diagnosis/parsers/eventlog';

describe('eventlog parser', () => {
  const p = eventLogParser();

  it('reads a wevtutil text block (Event 20, install failure)', () => {
    const text = [
      'Event[3]:',
      '  Log Name: System',
      '  Source: Microsoft-Windows-WindowsUpdateClient',
      '  Date: 2022-05-19T11:50:02.123',
      '  Event ID: 20',
      '  Task: Windows Update Agent',
      '  Level: Error',
      '  Computer: TERMINAL01',
      '  Description: ',
      'Installation Failure: Windows failed to install the following update with error 0x80073712: 2022-03 Cumulative Update for Windows 10 Version 1809 for x64-based Systems (KB5011503).',
    ].join('\n');
    const r = p.parse({ line: 40, text }, 'System.txt');
    expect(r).toMatchObject({
      level: 'Error',
      component: 'WindowsUpdateClient',
      timestamp: '2022-05-19T11:50:02.123',
      codes: ['0x80073712'],
    });
    expect(r.fields).toMatchObject({
      eventId: 20,
      eventKind: 'install-failed',
      kb: 'KB5011503',
      computer: 'TERMINAL01',
      channel: 'System',
    });
  });

  it('reads an Event Viewer CSV row, English and Chinese', () => {
    const en = p.parse(
      {
        line: 2,
        text: 'Error,5/19/2022 11:50:02 AM,Microsoft-Windows-WindowsUpdateClient,20,Windows Update Agent,"Installation Failure: Windows failed to install the following update with error 0x80073712: Security Update (KB5011503)."',
      },
      'System.csv',
    );
    expect(en).toMatchObject({ level: 'Error', codes: ['0x80073712'] });
    expect(en.fields).toMatchObject({ eventId: 20, eventKind: 'install-failed', kb: 'KB5011503' });
    const zh = p.parse(
      {
        line: 3,
        text: '错误,2022/5/19 11:50:02,Microsoft-Windows-WindowsUpdateClient,20,Windows Update Agent,"安装失败: Windows 无法安装以下更新，错误为 0x80073712: 2022-03 累积更新 (KB5011503)。"',
      },
      'System.csv',
    );
    expect(zh).toMatchObject({ level: 'Error', codes: ['0x80073712'] });
  });

  it('reads an XML event with its EventData', () => {
    const text =
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Servicing' Guid='{BD12F3B8-FC40-4A61-A307-B7A013A069C1}'/><EventID>3</EventID><Level>2</Level><TimeCreated SystemTime='2022-05-19T03:50:02.1234567Z'/><Channel>Setup</Channel><Computer>TERMINAL02</Computer></System><EventData><Data Name='PackageIdentifier'>KB5011503</Data><Data Name='ErrorCode'>0x80073712</Data></EventData></Event>";
    const r = p.parse({ line: 1, text }, 'Setup.xml');
    expect(r).toMatchObject({
      level: 'Error',
      component: 'Servicing',
      timestamp: '2022-05-19T03:50:02.1234567Z',
      codes: ['0x80073712'],
    });
    expect(r.fields).toMatchObject({
      eventId: 3,
      eventKind: 'package-change-failed',
      computer: 'TERMINAL02',
      kb: 'KB5011503',
    });
  });

  it('names the events that matter', () => {
    expect(eventKind('Microsoft-Windows-WindowsUpdateClient', 19)).toBe('install-succeeded');
    expect(eventKind('Microsoft-Windows-WindowsUpdateClient', 43)).toBe('install-started');
    expect(eventKind('Microsoft-Windows-WindowsUpdateClient', 44)).toBe('download-started');
    expect(eventKind('Microsoft-Windows-Servicing', 4)).toBe('reboot-required');
    expect(eventKind('Microsoft-Windows-Kernel-General', 1)).toBeUndefined();
  });

  it('starts records at Event[n]:, XML <Event> and CSV level words only', () => {
    expect(p.isRecordStart('Event[0]:')).toBe(true);
    expect(p.isRecordStart("<Event xmlns='x'>")).toBe(true);
    expect(p.isRecordStart('Warning,5/19/2022 11:50:02 AM,x,1,y')).toBe(true);
    expect(p.isRecordStart('  Log Name: System')).toBe(false);
    expect(p.isRecordStart('Level,Date and Time,Source,Event ID,Task Category')).toBe(false);
  });
});
