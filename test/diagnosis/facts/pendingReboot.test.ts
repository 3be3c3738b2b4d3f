/** The collector's pending-reboot.txt marker file (format documented in src/diagnosis/facts/pendingReboot.ts). */
import { parsePendingReboot, PENDING_REBOOT_FILE } from '../../../src/diagnosis/facts';
import { readLines } from '../../../src/diagnosis/text';
import { bytesOf, streamOf } from './samples';

describe('parsePendingReboot', () => {
  test('a marker set → pending (UTF-16LE as Windows PowerShell 5.1 writes it)', async () => {
    const text =
      '# update-case-bot pending-reboot v1\r\nRebootPending=True\r\nRebootRequired=False\r\nPendingFileRenameOperations=False\r\n';
    expect(await parsePendingReboot(readLines(streamOf(bytesOf(text, 'utf16le-bom'))))).toEqual({
      pendingReboot: true,
    });
  });

  test('all markers clear → not pending; comments and unknown keys ignored', async () => {
    // RebootPending=False   # CBS key absent
    expect(
      await parsePendingReboot([
        'RebootPending=False   # CBS key absent',
        'RebootRequired=0',
        'SomethingElse=True',
      ]),
    ).toEqual({ pendingReboot: false });
  });

  test('no markers → nothing said', async () => {
    expect(await parsePendingReboot(['# empty', '', 'Hello=World'])).toEqual({});
  });

  test('found by name anywhere in the bundle', () => {
    expect(PENDING_REBOOT_FILE.test('PC-01/collector/Pending-Reboot.txt')).toBe(true);
    expect(PENDING_REBOOT_FILE.test('pending-reboot.txt.bak')).toBe(false);
  });
});
