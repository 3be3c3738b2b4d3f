/**
 * A machine's diagnosis as the conversation keeps it: the report's decisive finding, evidence, KB
 * applicability, update source and the cause's remediation plan, in the words of the knowledge base.
 */
import type { DiagnosisSummary, Environment, Localized } from '../domain/diagnosis';
import { fileIdOfScript } from '../domain/files';
import type { Knowledge } from '../knowledge';
import type { MachineResult } from './diagnose';

/**
 * What the conversation needs of one machine's result (src/domain DiagnosisSummary), with the knowledge
 * base's words in both languages. `upload` names the bundle the machine's logs came from.
 */
export function summarize(
  m: MachineResult,
  upload: { id: string; name: string },
  k: Knowledge | undefined,
): DiagnosisSummary {
  const f = m.primary;
  const entry = f?.errorCode ? k?.code(f.errorCode) : undefined;
  const cause = f?.causeId ? k?.causes.get(f.causeId) : undefined;
  const playbookId = cause?.playbooks[0];
  const playbook = playbookId ? k?.playbooks.get(playbookId) : undefined;
  const source = m.facts.updateSource;
  return {
    uploadId: upload.id,
    // Named by host (its data, else the upload's name pattern); without one, by the upload's own name.
    machine: m.hostName ?? (m.machine || upload.name),
    hostName: m.hostName,
    osBuild: m.osBuild ?? undefined,
    errorCode: f?.errorCode ?? null,
    symbolicName: f?.symbolicName ?? null,
    causeId: f?.causeId ?? null,
    confidence: f?.confidence,
    meaning: entry ? localized(entry.meaning) : undefined,
    cause: cause ? localized(cause.title) : undefined,
    evidence: (f?.evidence ?? []).slice(0, 3).map((e) => ({
      file: e.file,
      line: e.line,
      timestamp: e.timestamp,
      text: e.text,
    })),
    kb: m.kb?.applicability
      ? { kb: m.kb.kb, verdict: m.kb.applicability.verdict, note: localized(m.kb.applicability.note) }
      : undefined,
    updateSource: source?.kind,
    ...(source?.url ? { updateServer: source.url } : {}),
    missingLogs: m.missingLogs.map((f) => LOG_FILE_NAMES[f] ?? f),
    logsRead: [...new Set(m.files.flatMap((file) => LOG_FILE_NAMES[file.format] ?? []))],
    ...failureLogOf(m.files, f?.evidence[0]?.file),
    nextStep: playbook ? { playbookId: playbook.id, title: localized(playbook.title) } : undefined,
    environment: source ? ENVIRONMENTS[source.kind] : undefined,
    ...(m.findings.some((finding) => finding.causeId === MISSING_PACKAGE_CAUSE)
      ? { missingPackageNamed: true }
      : {}),
    plan: (cause?.playbooks ?? []).flatMap((id) => {
      const stage = k?.playbooks.get(id);
      if (!stage) return [];
      const fileIds = (stage.scripts ?? []).flatMap((script) => fileIdOfScript(script) ?? []);
      return [
        {
          playbookId: stage.id,
          title: localized(stage.title),
          ...(fileIds.length > 0 ? { fileIds } : {}),
          ...(stage.needs?.length ? { needs: [...stage.needs] } : {}),
          ...(cause?.escalate ? { escalate: true } : {}),
        },
      ];
    }),
  };
}

/**
 * The cause whose rules read the missing package's name from the logs (CBS.log "manifest missing for
 * package", CheckSUR "CBS MUM Missing", their echoes in WindowsUpdate.log and the event log).
 */
const MISSING_PACKAGE_CAUSE = 'missing-prior-package-manifest';

/** Where the machine's update policy says it gets updates (decides e.g. the DISM repair source). */
const ENVIRONMENTS: Readonly<Record<string, Environment>> = {
  'windows-update': 'internet',
  wsus: 'wsus',
  offline: 'offline',
};

/** Log formats as their files are called on every Windows (so the same in every language). */
/** The kind of log the decisive evidence sits in ('CBS.log' …), as `failureLog`. */
function failureLogOf(
  files: ReadonlyArray<{ path: string; format: string }>,
  evidenceFile: string | undefined,
): { failureLog?: string } {
  const format = evidenceFile ? files.find((file) => file.path === evidenceFile)?.format : undefined;
  const name = format ? LOG_FILE_NAMES[format] : undefined;
  return name ? { failureLog: name } : {};
}

const LOG_FILE_NAMES: Partial<Record<string, string>> = {
  cbs: 'CBS.log',
  dism: 'dism.log',
  windowsupdate: 'WindowsUpdate.log',
  'windowsupdate-classic': 'WindowsUpdate.log',
  reportingevents: 'ReportingEvents.log',
  panther: 'setupact.log / setuperr.log',
  eventlog: 'System.evtx / Setup.evtx',
  systeminfo: 'systeminfo.txt',
  gpresult: 'gpresult',
  ipconfig: 'ipconfig /all',
  'winhttp-proxy': 'netsh winhttp show proxy',
  hotfixes: 'installed updates',
};

function localized(text: { en: string; 'zh-CN': string }): Localized {
  return { en: text.en, 'zh-CN': text['zh-CN'] };
}
