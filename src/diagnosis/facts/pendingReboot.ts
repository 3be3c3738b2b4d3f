/**
 * The collector's pending-reboot marker file, `pending-reboot.txt` (any folder of the bundle). Format v1,
 * agreed with the collector script — UTF-8 or UTF-16LE, one `Name=Value` per line, `#` starts a comment:
 *
 *   # update-case-bot pending-reboot v1
 *   RebootPending=True                 # HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending exists
 *   RebootRequired=False               # HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired exists
 *   PendingFileRenameOperations=False  # HKLM\SYSTEM\CurrentControlSet\Control\Session Manager value present
 *   UpdateExeVolatile=False            # HKLM\SOFTWARE\Microsoft\Updates\UpdateExeVolatile exists and is not 0
 *
 * Values: True/False (as PowerShell prints booleans), also 1/0 and Yes/No, any case. Verdict: any known
 * marker True → pendingReboot true; known markers all False → false; none present → nothing said.
 */
import type { MachineFacts } from '../types';
import { texts, type LineInput } from './input';

export const PENDING_REBOOT_FILE = /(^|[/\\])pending-reboot\.txt$/i;

const MARKERS = new Set([
  'rebootpending',
  'rebootrequired',
  'pendingfilerenameoperations',
  'updateexevolatile',
]);

// RebootPending=True   # comment
const MARKER_LINE = /^\s*([A-Za-z]\w*)\s*=\s*([^#\s]*)\s*(?:#.*)?$/;
const TRUE = /^(true|1|yes)$/i;
const FALSE = /^(false|0|no)$/i;

export async function parsePendingReboot(input: LineInput): Promise<Partial<MachineFacts>> {
  let seen = false;
  let pending = false;
  for await (const line of texts(input)) {
    const m = MARKER_LINE.exec(line);
    if (!m || !MARKERS.has(m[1].toLowerCase())) continue;
    if (TRUE.test(m[2])) {
      seen = true;
      pending = true;
    } else if (FALSE.test(m[2])) seen = true;
  }
  return seen ? { pendingReboot: pending } : {};
}
