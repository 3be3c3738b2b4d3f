/** The knowledge catalogue's public types: error codes, causes, playbooks, KB releases, build families. */
import type { StageNeed } from '../domain/diagnosis';

export type Stage = 'S0' | 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7' | 'S8';
export const STAGES: readonly Stage[] = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'];

export interface Localized {
  en: string;
  'zh-CN': string;
}

export interface ErrorCodeEntry {
  /** '0x' + 8 lower-case hex digits. */
  code: string;
  /** Symbolic name, e.g. ERROR_SXS_COMPONENT_STORE_CORRUPT; '' when none is known. */
  name: string;
  meaning: Localized;
  causes: Localized[];
  /** First remediation stage. S0 = nothing to repair (success/benign/triage only). */
  stage: Stage;
  causeId?: string;
  /** The cause when the code is the failure a given log type reports, where it differs from `causeId`
   * (0x8007000d in CBS.log is a damaged manifest or catalog in the component store; in WindowsUpdate.log,
   * a damaged download or update database). Keys are log types (cbs, dism, windowsupdate …). */
  causeIdIn?: Partial<Record<string, string>>;
  /** Other names/notations, e.g. STATUS_SXS_COMPONENT_STORE_CORRUPT, WININET_E_TIMEOUT. */
  aliases?: string[];
  /** Source keys of the domain brief (S1, S30 …, see knowledge/sources.yaml) or https URLs. */
  references: string[];
}

export interface Cause {
  id: string;
  title: Localized;
  explanation: Localized;
  /** Playbook ids, ordered, least invasive first. */
  playbooks: string[];
  /** True when the bot should offer an engineer early (expert-only fixes). */
  escalate?: boolean;
}

export type RiskKind =
  | 'data-loss'
  | 'apps-removed'
  | 'reinstall'
  | 'admin'
  | 'reboot'
  | 'matching-media'
  | 'time'
  | 'policy'
  | 'none';

export interface Playbook {
  id: string;
  stage: Stage;
  title: Localized;
  summary: Localized;
  steps: Localized[];
  preconditions: Localized[];
  risks: Array<{ kind: RiskKind; text: Localized }>;
  verify: Localized[];
  next?: string;
  /** Files under knowledge/scripts. */
  scripts?: string[];
  /** Environment-specific steps, e.g. 'internet' / 'wsus' / 'offline'. */
  variants?: Record<string, Localized[]>;
  /** What the case must not rule out for this stage to be proposed (src/domain/plan.ts `fitted`). */
  needs?: StageNeed[];
}

export interface KbRelease {
  /** 'KB5011503' */
  kb: string;
  /** YYYY-MM-DD */
  date: string;
  kind: 'lcu' | 'ssu' | 'ssu+lcu' | 'oob';
  title?: string;
  /** e.g. ['17763.2686'] */
  builds: string[];
  products: string[];
  /** Where the KB ↔ build pair was checked (source key or URL). */
  source?: string;
}

/** A build number → version family row (knowledge/kb/families.yaml). */
export interface BuildFamily {
  build: number;
  version: string;
  name: Localized;
  /** Builds sharing one servicing branch (enablement packages) name the branch's first build. */
  branch?: number;
  references: string[];
}

export interface SourceRef {
  key: string;
  title: string;
  url?: string;
  trust: 'MS' | 'MS-code' | '3P';
}

export interface Applicability {
  verdict: 'applies' | 'wrong-build' | 'unknown';
  kbBuilds: string[];
  /** The machine's version family, e.g. 'Windows 10 21H2 (19044)', when its build is known. */
  family?: string;
  note: Localized;
}

export interface Knowledge {
  errorCodes: Map<string, ErrorCodeEntry>;
  /** Symbolic name or alias, case-insensitive; also Win32 names (ERROR_FILE_NOT_FOUND → 0x80070002). */
  byName(name: string): ErrorCodeEntry | undefined;
  /** Entry for HRESULT_FROM_WIN32(n). */
  win32(code: number): ErrorCodeEntry | undefined;
  causes: Map<string, Cause>;
  playbooks: Map<string, Playbook>;
  kbs: Map<string, KbRelease>;
  families: Map<number, BuildFamily>;
  sources: Map<string, SourceRef>;
  /** Looks a code up in any notation normaliseCode accepts. */
  code(raw: string): ErrorCodeEntry | undefined;
  applicability(kb: string, osBuild: string | undefined): Applicability;
}

export interface KnowledgeProblem {
  severity: 'error' | 'warning';
  /** Path relative to the knowledge folder, e.g. 'error-codes/cbs.yaml'. */
  file: string;
  /** What is wrong and how to fix it. */
  message: string;
}

export class KnowledgeError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: KnowledgeProblem[],
  ) {
    super(
      `knowledge in ${dir} is invalid (${problems.length} error(s)):\n` +
        problems.map((p) => `  ${p.file}: ${p.message}`).join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}
