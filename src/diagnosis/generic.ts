/**
 * The generic failure finder: when no rule explains a log, the decisive failure is still named from the
 * log's own structure — the code a failing session, operation or install reports as its end result.
 *
 * Each shape is a literal (for the byte prefilter, like a rule's anchor) plus the place on its record
 * that holds the result. Shapes are weighted by how final the result they carry is:
 *   3  the operation's end result (a CBS session's final HRESULT, DISM's failing command, WU's install
 *      result, an update's failed installation event, setup's reported error);
 *   2  a failing step whose code the end result usually repeats or explains (an advanced installer's
 *      failure status, a failing DISM package operation, a WU handler's FATAL);
 *   1  an error-level line on the install path with a code (WU `*FAILED*` inside install, Panther
 *      `Result = 0x…` at error level).
 * The finder keeps the strongest, latest failure; weak shapes never speak for codes that are benign noise
 * in the formats they appear in (applicability scans, appx probes, 'no updates').
 */
import type { LogFormat, LogRecord } from './types';
import { hresultFromWin32, isFailureCode, normaliseCode } from './codes';
import { unpaste } from './parsers/common';

export interface FailureShape {
  /** Stable id, shown as the finding's rule id (`generic/<id>`). */
  id: string;
  formats: readonly LogFormat[];
  /** Case-insensitive literal for the prefilter; a record must hold it for the shape to be tried. */
  anchor: string;
  /** Other literals that stand for the same records as published (a line pasted without its timestamp). */
  alsoAnchors?: readonly string[];
  weight: 1 | 2 | 3;
  /** The failure code this record reports, or null (success, no code, or not this shape after all). */
  code(record: LogRecord): string | null;
  /** For end-result shapes: true when this record reports success (it clears weaker failures before it). */
  ok?(record: LogRecord): boolean;
}

/** Codes that are everyday noise where weak shapes look, by format: never a decisive failure on their own. */
export const BENIGN_CODES: Readonly<Partial<Record<LogFormat, ReadonlySet<string>>>> = {
  // CBS_E_INVALID_PACKAGE: applicability scans open packages that do not apply.
  cbs: new Set(['0x800f0805']),
  // ERROR_NOT_FOUND: driver-store look-ups that fall back to another store.
  dism: new Set(['0x80070490']),
  ...Object.fromEntries(
    (['windowsupdate', 'windowsupdate-classic'] as const).map((f) => [
      f,
      new Set([
        '0x8024000c', // WU_E_NOOP
        '0x8024000e', // WU_E_XML_INVALID (scan of superseded metadata)
        '0x80070032', // ERROR_NOT_SUPPORTED (appx applicability probes)
        '0x80248014', // WU_E_DS_UNKNOWNSERVICE
        '0x8024a10a', // USO_E_SERVICE_SHUTTING_DOWN
        '0x80242014', // WU_E_UH_POSTREBOOTSTILLPENDING: installed, waiting for the restart
      ]),
    ]),
  ),
};

/** Codes that wrap or follow the failure they report, so they speak only when nothing more specific was
 * logged: Windows Update's summary of a call whose updates all failed (WU_E_ALL_UPDATES_FAILED), E_FAIL, the
 * unspecified error a tool ends with after the specific one ('DISM Unattend Manager processed the command
 * line but failed. HRESULT=80004005' after 'Failed to load offline store … 0x80070020'), and RPC's. */
export const WRAPPER_CODES: ReadonlySet<string> = new Set([
  '0x80240022',
  '0x80004005',
  // RPC_S_CALL_FAILED and RPC_S_SERVER_UNAVAILABLE: the calls that follow a lost connection (the servicing
  // process crashed or was stopped: RPC_E_DISCONNECTED, 0x80010108) fail with these; the first failure
  // says what happened.
  '0x800706be',
  '0x800706ba',
]);

const firstFailure = (r: LogRecord): string | null => r.codes.find(isFailureCode) ?? null;
const field = (r: LogRecord, name: string): string | null => {
  const v = r.fields[name];
  const c = typeof v === 'string' ? normaliseCode(v) : null;
  return c && isFailureCode(c) ? c : null;
};
/** 'Error 0x800f081f' as a line of its own (a paste site's numbering or bullet taken off). */
function retypedExitError(message: string): RegExpExecArray | null {
  for (const line of message.split('\n')) {
    const m = /^\s*(?:Error|Fehler|Erreur)\s+(0x[0-9a-f]{8})\s*$/i.exec(unpaste(line));
    if (m) return m;
  }
  return null;
}

const levelIs = (r: LogRecord, ...levels: string[]): boolean =>
  levels.includes((r.level ?? '').toLowerCase());
/** The code written after `key` on the record's first line ('error = 0x80070643', 'status: 0x800f0922'). */
const after = (r: LogRecord, key: RegExp): string | null => {
  const m = key.exec(r.message);
  if (!m) return null;
  const c = normaliseCode(m[1]);
  return c && isFailureCode(c) ? c : null;
};
/** The value written after `key` is zero: 'resultMapped=0', 'Return code is 0x00000000', 'error 0'. */
const zeroAfter =
  (key: RegExp) =>
  (r: LogRecord): boolean => {
    const m = key.exec(r.message);
    return m !== null && /^(0x)?0+$/i.test(m[1]);
  };
const onInstallPath = (r: LogRecord): boolean =>
  /\b(install|installing|installation|deployment|handler|commit|download(ing)?\s+updates?)\b/i.test(
    r.message,
  ) || /^(Handler|Deployment|DownloadManager)$/i.test(r.component ?? '');
const notBenign = (r: LogRecord, c: string | null): string | null =>
  c && !BENIGN_CODES[r.format]?.has(c) ? c : null;
const weakCode = (r: LogRecord): string | null => notBenign(r, firstFailure(r));

const WU: LogFormat[] = ['windowsupdate', 'windowsupdate-classic'];
/** A CBS end result written as '<key> 0x…' (a failure names its code; 0x0 clears the retries before it). */
function resultShape(id: string, key: string): FailureShape {
  const re = new RegExp(`\\b${key}\\s*(0x[0-9a-f]{1,8})\\b`, 'i');
  return { id, formats: ['cbs'], anchor: key, weight: 3, code: (r) => after(r, re), ok: zeroAfter(re) };
}
const RESTART_APPLICATION = '0x800705bb'; // HRESULT_FROM_WIN32(ERROR_RESTART_APPLICATION)
/** Processes whose crash is the update's or upgrade's failure (setup, the servicing stack, the WU client). */
const SERVICING_PROCESS =
  /Faulting application name:\s*(?:SetupHost|SetupPrep|setup|SetupPlatform|TiWorker|TrustedInstaller|DismHost|Dism|wuauclt|MoUsoCoreWorker|UsoClient|wusa)\.exe\b|Faulting (?:application|module) path:\s*[A-Z]:\\\$WINDOWS\.~BT\\/i;

export const FAILURE_SHAPES: readonly FailureShape[] = [
  // ---- CBS ---------------------------------------------------------------------------------------------
  // Failed to process single phase execution. [HRESULT = 0x800f0950 - CBS_E_...]
  {
    id: 'cbs-single-phase',
    formats: ['cbs'],
    anchor: 'Failed to process single phase execution',
    weight: 3,
    code: firstFailure,
  },
  // Exec: Processing complete, session(Corruption Repairing): 30983718_... [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]
  // Exec: Processing complete.  Session: 31..._..., Package: Package_for_KB... [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]
  {
    id: 'cbs-exec-complete',
    formats: ['cbs'],
    anchor: 'Exec: Processing complete',
    weight: 3,
    code: firstFailure,
  },
  // Session: 30889090_2151208735 finalized. Reboot required: no [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]
  {
    id: 'cbs-session-finalized',
    formats: ['cbs'],
    anchor: 'finalized. Reboot required',
    weight: 3,
    code: firstFailure,
  },
  // WER: Generating failure report for package: Package_for_RollupFix~..., status: 0x800f0922, failure source: Execute, ...
  {
    id: 'cbs-wer-report',
    formats: ['cbs'],
    anchor: 'Generating failure report',
    weight: 3,
    code: (r) => field(r, 'status') ?? after(r, /status:\s*(0x[0-9a-f]{1,8})/i),
  },
  // Failed to perform operation.  [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]
  {
    id: 'cbs-operation-failed',
    formats: ['cbs'],
    anchor: 'Failed to perform operation',
    weight: 2,
    code: firstFailure,
  },
  // The summary DISM /ScanHealth, /RestoreHealth and CheckSUR write at the end of a store check or repair:
  //   Summary: / Operation: Detect only / Operation result: 0x80071160 / Total Detected Corruption: 0
  resultShape('cbs-store-check-result', 'Operation result:'),
  // SQM's report of a package or feature change, written when the change ends (quoted without its prefix on
  // Microsoft's pages):  SQM: Reporting selectable update change for package: …, overall result:0x800f0922 (CBS_E_INSTALLERS_FAILED)
  resultShape('cbs-sqm-overall-result', 'overall result:'),
  // Setting original failure status: HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), ...
  {
    id: 'cbs-original-failure',
    formats: ['cbs'],
    anchor: 'Setting original failure status',
    weight: 2,
    code: firstFailure,
  },
  // Failed execution of queue item Installer: Extended Security Updates AI installer ({...}) with HRESULT HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND).
  {
    id: 'cbs-ai-queue-item',
    formats: ['cbs'],
    anchor: 'Failed execution of queue item',
    weight: 2,
    code: firstFailure,
  },
  // Startup: Failed to process advanced operation queue, startupPhase: 0.  A rollback transaction will be created. [HRESULT = 0x800106d9]
  {
    id: 'cbs-startup-ai-queue',
    formats: ['cbs'],
    anchor: 'Failed to process advanced operation queue',
    weight: 2,
    code: firstFailure,
  },
  // 2022-05-19 11:49:09, Error CBS Failed to verify if catalog file [...] is valid. [HRESULT = 0x8007000d - ERROR_INVALID_DATA]
  // CBS itself (not CSI's traces) at error level with a failure code: the weakest sign, used when no session
  // result was logged (an excerpt, a log cut short).
  {
    id: 'cbs-error-line',
    formats: ['cbs'],
    anchor: ', Error ',
    // Pasted without the timestamp: 'Error                 CBS    Failed to …', padding collapsed: 'Error CBS …'.
    // (Not 'Error ' alone: 'error ' is in too many benign messages, and the prefilter would stop at each.)
    alsoAnchors: ['Error  ', 'Error CBS'],
    weight: 1,
    code: (r) => (levelIs(r, 'error', 'fatal error') && r.component === 'CBS' ? weakCode(r) : null),
  },

  // CSI's failure traces, flagged (F) at error level: Error CSI 000000fd (F) 80070002 [...] from Windows::COM::…
  {
    id: 'cbs-csi-failure',
    formats: ['cbs'],
    anchor: '(F)',
    weight: 1,
    code: (r) =>
      levelIs(r, 'error') && r.component === 'CSI' && r.fields.failure === true ? weakCode(r) : null,
  },

  // ---- DISM --------------------------------------------------------------------------------------------
  // Failed while processing command cleanup-image. - CPackageManagerCLIHandler::ExecuteCmdLine(hr:0x800f081f)
  {
    id: 'dism-command-failed',
    formats: ['dism'],
    anchor: 'Failed while processing command',
    weight: 3,
    code: firstFailure,
  },
  // Error: 0x800f080c   /   Error: 87   (DISM's closing line, pasted with the log), in the console's language:
  //   错误: 0x800f081f   Ошибка: 0x800f081f   Fehler: 0x800f0906   Erreur: 0x800f081f
  //   Error 0x800f081f   (retyped above a pasted dism.log, on a line of its own)
  // A decimal is the Win32 error DISM exits with ('Error: 14098' = ERROR_SXS_COMPONENT_STORE_CORRUPT, 0x80073712).
  {
    id: 'dism-exit-error',
    formats: ['dism'],
    anchor: 'Error: ',
    // (the scan folds ASCII case only: 'Ошибка' by its tail)
    alsoAnchors: ['错误:', '错误：', 'шибка:', 'Fehler: ', 'Erreur : ', 'Erreur: ', 'Error 0x'],
    weight: 3,
    code: (r) => {
      // Retyped without the colon ('Error 0x800f081f', a user's summary above the log they paste) only as a
      // line of its own: inside a message 'error 0x…' is some step's detail, not how the command ended.
      const m =
        /(?:^|\s)(?:Error|Fehler|Erreur|错误|Ошибка)\s*[:：]\s*(0x[0-9a-f]{1,8}|\d{1,5})\s*$/im.exec(
          r.message,
        ) ?? retypedExitError(r.message);
      if (!m) return null;
      const c = /^\d+$/.test(m[1]) ? hresultFromWin32(Number(m[1])) : normaliseCode(m[1]);
      return c && isFailureCode(c) ? c : null;
    },
  },
  // The DISM PowerShell module (Add-WindowsPackage, Repair-WindowsImage, Enable-WindowsOptionalFeature …):
  //   WARNING: Add-WindowsPackage failed. Error code = 0x800f081e
  {
    id: 'dism-cmdlet-failed',
    formats: ['dism'],
    anchor: 'failed. Error code = ',
    weight: 3,
    code: (r) => after(r, /-Windows\w+ failed\. Error code = (0x[0-9a-f]{8})/i),
  },
  // DISM.EXE: DISM Package Manager processed the command line but failed. HRESULT=800F082F
  {
    id: 'dism-command-line-failed',
    formats: ['dism'],
    anchor: 'processed the command line but failed',
    weight: 3,
    code: firstFailure,
  },
  // DismApi sessions (PowerShell's DISM module, setup, management agents) have no command line: each call is
  // bracketed by 'Enter DismXInternal' / 'Leave DismXInternal', and a failing call ends in
  //   API: PID=7576 TID=4768 CDisableFeatureCommandObject internal execution failed - DismDisableFeatureInternal(hr:0x80010108)
  {
    id: 'dism-api-call-failed',
    formats: ['dism'],
    anchor: 'internal execution failed',
    weight: 3,
    code: firstFailure,
  },
  //   API: PID=6092 TID=2800 Leave DismGetDriverInfoInternal - DismGetDriverInfoInternal
  // A call that returned without 'internal execution failed': the provider errors logged inside it were
  // handled (a driver looked up as 'oem22.inf', then found by its driver-store path). Clears weaker failures.
  {
    id: 'dism-api-call-returned',
    formats: ['dism'],
    anchor: 'Leave Dism',
    weight: 1,
    code: () => null,
    ok: (r) => /\bLeave Dism\w+Internal\b/.test(r.message),
  },
  // Error in operation: (null) (CBS HRESULT=0x80073701) - CCbsConUIHandler::Error   (CBS's error, relayed)
  { id: 'dism-cbs-error', formats: ['dism'], anchor: 'Error in operation', weight: 2, code: firstFailure },
  // Failed processing package changes ... - CDISMPackageManager::RestoreHealth(hr:0x800f081f)
  {
    id: 'dism-error-hr',
    formats: ['dism'],
    anchor: '(hr:0x',
    weight: 2,
    code: (r) => (levelIs(r, 'error', 'fatal error') ? weakCode(r) : null),
  },

  // ---- Windows Update ----------------------------------------------------------------------------------
  // LogHistory called. idUpdate={...}.200, resultMapped=80070643, resultUnMapped=...
  {
    id: 'wu-result-mapped',
    formats: WU,
    anchor: 'resultMapped=',
    weight: 3,
    code: (r) => notBenign(r, field(r, 'resultMapped')),
    ok: zeroAfter(/resultMapped=([0-9a-fx]+)/i),
  },
  // Install call completed, reboot required = No, error = 0x80070643
  {
    id: 'wu-install-call',
    formats: WU,
    anchor: 'Install call completed',
    weight: 3,
    code: (r) => after(r, /error\s*=\s*(0x[0-9a-f]{1,8})/i),
    ok: zeroAfter(/error\s*=\s*(0x[0-9a-f]+|0)\b/i),
  },
  // WU client failed installing updates with error 0x8024200b   /   Install failed, error = 0x...
  {
    id: 'wu-failed-installing',
    formats: WU,
    anchor: 'failed installing updates',
    weight: 3,
    code: firstFailure,
  },
  {
    id: 'wu-install-failed',
    formats: WU,
    anchor: 'install failed',
    weight: 2,
    code: (r) =>
      after(r, /install(?:ation)? failed[^0-9]*?(?:error|hr|code)\s*[=:]?\s*(0x[0-9a-f]{1,8}|[0-9a-f]{8})/i),
  },
  // WU client calls back to download call {...} with code Call complete and error 0x8020002b
  {
    id: 'wu-call-complete',
    formats: WU,
    anchor: 'Call complete and error',
    weight: 3,
    code: (r) => after(r, /Call complete and error\s*(0x[0-9a-f]{1,8})/i),
    ok: zeroAfter(/Call complete and error\s*(0x[0-9a-f]+|0)\b/i),
  },
  // Install complete for update ID: ... Return code is 0x80070002.
  {
    id: 'wu-return-code',
    formats: WU,
    anchor: 'Return code is',
    weight: 3,
    code: (r) => after(r, /Return code is\s*(0x[0-9a-f]{1,8})/i),
    ok: zeroAfter(/Return code is\s*(0x[0-9a-f]+)/i),
  },
  // CloseUpdateInstallDirectory invoked for Update ID = ..., Update installation result = 0x80070002.
  {
    id: 'wu-installation-result',
    formats: WU,
    anchor: 'installation result',
    weight: 3,
    code: (r) => after(r, /installation result\s*=\s*(0x[0-9a-f]{1,8})/i),
    ok: zeroAfter(/installation result\s*=\s*(0x[0-9a-f]+)/i),
  },
  // ClientId = UpdateOrchestrator: Exit code = 0x00000000; Call error code = 0x80240022 (a call's summary)
  {
    id: 'wu-call-error',
    formats: WU,
    anchor: 'Call error code',
    weight: 1,
    code: (r) => after(r, /Call error code\s*[=:]?\s*(0x[0-9a-f]{1,8}|[0-9a-f]{8})/i),
  },
  // Installation Failure: Windows failed to install the following update with error 0x800f0922: ...
  {
    id: 'wu-installation-failure',
    formats: WU,
    anchor: 'failed to install the following update',
    weight: 3,
    code: firstFailure,
  },
  // * END * Finding updates ... Exit code = 0x8024402F   /   COMAPI - WARNING: Exit code = 0x80240024
  // Exit code = 0x00000000, Result code = 0x8024402F   (the result code is the call's real outcome)
  {
    id: 'wu-exit-code',
    formats: WU,
    anchor: 'Exit code = ',
    weight: 2,
    code: weakCode,
    ok: (r) => r.codes.length === 0 && zeroAfter(/Exit code = (0x[0-9a-f]+)/i)(r),
  },
  // *FAILED* [80070050] ExtractUpdateFiles (DownloadManager, Handler, Deployment): a failure on the way to
  // installing. Successful installs log such lines too, so an end result of success after them clears them.
  {
    id: 'wu-failed-install-path',
    formats: WU,
    anchor: '*FAILED*',
    weight: 1,
    code: (r) => (onInstallPath(r) ? weakCode(r) : null),
  },
  // FATAL: IsUpdateRequired failed with error 0x80244019
  { id: 'wu-fatal', formats: WU, anchor: 'FATAL', weight: 2, code: weakCode },
  // A download's BITS job failed (the download call's result, when logged, repeats or wraps it):
  //   DownloadManager BITS job {6FAE…} failed, updateId = A3BB…202, hr = 0x80200013. File URL = http://…
  {
    id: 'wu-bits-job-failed',
    formats: WU,
    anchor: 'BITS job',
    weight: 2,
    code: (r) => notBenign(r, after(r, /\bBITS job \{[0-9a-f-]+\} failed\b.*?\bhr = (0x[0-9a-f]{8})/i)),
  },

  // ---- ReportingEvents / event exports -----------------------------------------------------------------
  {
    id: 'event-installation-failure',
    formats: ['reportingevents', 'eventlog'],
    anchor: 'failed to install the following update',
    weight: 3,
    code: firstFailure,
  },
  // {GUID}  2017-12-12 19:30:38:444+0900  1  161 [AGENT_DOWNLOAD_FAILED]  101  {GUID}  200  80246008  UpdateOrchestrator  Failure …
  // The result column of a failed agent event (install, download, detection).
  {
    id: 'reporting-agent-failed',
    formats: ['reportingevents'],
    anchor: '_FAILED]',
    weight: 3,
    code: (r) => field(r, 'result'),
  },
  // Package KB5011503 failed to be changed to the Installed state. Status: 0x800f0922.
  {
    id: 'event-package-state-failed',
    formats: ['eventlog', 'reportingevents'],
    anchor: 'failed to be changed to the',
    weight: 3,
    code: firstFailure,
  },
  // Windows Update Agent: Installation Failure ... / Content Install  Installation Failure: ... error 0x...
  // (the classic WindowsUpdate.log repeats these records on its 'Report  REPORT EVENT:' lines)
  {
    id: 'event-install-failure-generic',
    formats: ['reportingevents', 'eventlog', 'windowsupdate-classic'],
    anchor: 'Installation Failure',
    weight: 2,
    code: weakCode,
  },
  // Windows Error Reporting's report of a failed Windows Update operation (Application event 1001):
  //   Event Name: WindowsUpdateFailure3 … P1: 10.0.16299.522  P2: 8024000b  P3: <update id>  P4: Download
  //   (JSON exports keep the parameters as one list: '0, WindowsUpdateFailure3, Not available, 0, 10.0.16299.522, 8024000b, …')
  {
    id: 'event-wer-update-failure',
    formats: ['eventlog'],
    anchor: 'WindowsUpdateFailure',
    weight: 2,
    code: (r) => after(r, /\bWindowsUpdateFailure\d*\b[\s\S]*?(?:\bP2:\s*|[,\s])(8[0-9a-f]{7})\b/i),
  },
  // Application Error (event 1000) for a servicing or setup process: the update or upgrade died with it.
  //   Faulting application name: SetupHost.exe, version: 10.0.10586.0, …  /  Exception code: 0xc00000fd
  // (the event's text as Event Viewer copies it; other crashing programs say nothing about updates)
  {
    id: 'event-servicing-process-crash',
    formats: ['eventlog'],
    anchor: 'Exception code: 0x',
    weight: 3,
    code: (r) =>
      SERVICING_PROCESS.test(r.message) ? after(r, /\bException code:\s*(0x[0-9a-f]{8})\b/i) : null,
  },

  // ---- Panther (setupact/setuperr) ---------------------------------------------------------------------
  // SetupHost: Reporting error event -> [0x80070032, 0x50013]
  {
    id: 'setup-error-event',
    formats: ['panther'],
    anchor: 'Reporting error event',
    weight: 3,
    code: (r) => field(r, 'result'),
  },
  // Operation failed: Add [1] package C:\$WINDOWS.~BT\...\x.cab. Error: 0x800F0922[gle=0x00000002]
  {
    id: 'setup-operation-failed',
    formats: ['panther'],
    anchor: 'Operation failed',
    weight: 3,
    code: weakCode,
  },
  // MOUPG  ImageExit: Initializing SetupResult: [0x800f0818]
  {
    id: 'setup-result',
    formats: ['panther'],
    anchor: 'SetupResult',
    weight: 3,
    code: (r) => field(r, 'setupResult'),
  },
  // The outermost setup host's result: MOUPG  CSetupHost::Execute(433): Result = 0x800704C7
  // ERROR_RESTART_APPLICATION (0x800705BB) is not a failure: setup suspends the down-level phase and exits to
  // go on after the restart (the chain before it: Suspend … 0xC1800104, CheckUserInterrupt … 0x800704D3).
  {
    id: 'setup-host-execute',
    formats: ['panther'],
    anchor: 'CSetupHost::Execute(',
    weight: 3,
    code: (r) => {
      const c = firstFailure(r);
      return c === RESTART_APPLICATION ? null : c;
    },
    ok: (r) => firstFailure(r) === RESTART_APPLICATION,
  },
  // Setup answering a cancel (the user closed it, or the host that started it — WU, ConfigMgr — cancelled):
  //   MOUPG  CSetupResponseTemplate<class IDlpResponse>::OnCancel(238): Result = 0x800704C7
  {
    id: 'setup-cancelled',
    formats: ['panther'],
    anchor: '::OnCancel(',
    weight: 2,
    code: firstFailure,
  },
  // SetupDiag's verdict, on a line of its own in SetupDiagResults.log (text output):
  //   Error: 0x8007001F      Error = 0xC1900101-0x4001E      Error: 0xC1900101 - 0x50016
  {
    id: 'setupdiag-error',
    formats: ['panther'],
    anchor: 'Error: 0x',
    alsoAnchors: ['Error = 0x'],
    weight: 3,
    // (its continuation lines keep what a paste put before them: '  31. Error: 0x8007001F', '- Error = …')
    code: (r) =>
      after(
        r,
        /^[\s>|`]*(?:(?:\d{1,7}\.|[-*•])[ \t]+)?Error\s*[:=]\s*(0x[0-9a-f]{8})(?:\s*-\s*0x[0-9a-f]+)?\s*$/im,
      ),
  },
  // A setup tool's top frame failing (sysprep, setup): WinMain:Hit failure while … ; hr = 0x80073cf2
  {
    id: 'setup-winmain',
    formats: ['panther'],
    anchor: 'WinMain',
    weight: 3,
    code: (r) => (levelIs(r, 'error', 'fatal error') ? weakCode(r) : null),
  },
  // Setup's own result codes (MOSETUP, 0xC1900xxx): 'Result = 0xC1900101', 'Error: 0xC1900101 - 0x50016'.
  // 0xC1900108 only remaps another error for telemetry.
  {
    id: 'setup-mosetup-code',
    formats: ['panther'],
    anchor: '0xC1900',
    weight: 2,
    code: (r) => r.codes.find((c) => /^0xc1900(?!108)/.test(c)) ?? null,
  },
  // FATAL: ... / FatalError ... 0x...
  { id: 'setup-fatal', formats: ['panther'], anchor: 'FATAL', weight: 2, code: weakCode },
];

/** The shapes that apply to a format. */
export function shapesFor(format: LogFormat): FailureShape[] {
  return FAILURE_SHAPES.filter((s) => s.formats.includes(format));
}
