/** ReportingEvents.log parser: TAB fields, HRESULT without 0x, Success/Failure. */
import { reportingEventsParser } from '../../../src/diagnosis/parsers/reportingevents';

const FAIL =
  '{A5D8A3B4-0C39-4E4B-9D1B-1F9C2B6E7A11}\t2017-12-05 10:12:55:343+0100\t1\t182 [AGENT_INSTALLING_FAILED]\t101\t{BFC8A103-7E4B-4A5D-9D39-6A0C1C9E8F31}\t203\t80242015\tUpdateOrchestrator\tFailure\tContent Install\tInstallation Failure: Windows failed to install the following update with error 0x80242015: 2017-11 Cumulative Update for Windows 10 Version 1709 for x64-based Systems (KB4051033).\tcv123';
const OK =
  '{B5D8A3B4-0C39-4E4B-9D1B-1F9C2B6E7A12}\t2017-12-05 10:20:01:001+0100\t1\t183 [AGENT_INSTALLING_SUCCEEDED]\t101\t{BFC8A103-7E4B-4A5D-9D39-6A0C1C9E8F31}\t203\t0\tUpdateOrchestrator\tSuccess\tContent Install\tInstallation Successful: Windows successfully installed the following update: 2017-11 Cumulative Update (KB4051033)';

describe('reportingevents parser', () => {
  const p = reportingEventsParser();
  it('reads a failure event: fields, code without 0x, KB', () => {
    const r = p.parse({ line: 4, text: FAIL }, 'ReportingEvents.log');
    expect(r).toMatchObject({
      timestamp: '2017-12-05 10:12:55:343',
      level: 'Error',
      component: 'UpdateOrchestrator',
      codes: ['0x80242015'],
    });
    expect(r.fields).toMatchObject({
      utcOffset: '+0100',
      eventId: 182,
      eventName: 'AGENT_INSTALLING_FAILED',
      updateId: 'BFC8A103-7E4B-4A5D-9D39-6A0C1C9E8F31',
      status: 'Failure',
      category: 'Content Install',
      kb: 'KB4051033',
    });
  });

  it('reads a success event as success', () => {
    const r = p.parse({ line: 5, text: OK }, 'ReportingEvents.log');
    expect(r.codes).toEqual([]);
    expect(r.level).toBe('Info');
    expect(r.success).toBe(true);
  });

  it('starts records only at the event GUID', () => {
    expect(p.isRecordStart(FAIL)).toBe(true);
    expect(p.isRecordStart('Installation Failure: continued text')).toBe(false);
  });
});
