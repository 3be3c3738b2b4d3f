/**
 * The reference case (../shared/domain/reference-case.md) as its case record would stand at the end:
 * two bank terminals failing with 0x80073712, five stages tried, resolved by a clean install, archived
 * with consent, survey 5. Stage titles come from the real knowledge base.
 */
import { componentStoreCorrupt } from '../dialogs/harness';
import type { StageOutcome, StageRecord } from '../../src/domain/caseRecord';
import type { DiagnosisSummary, PlanStage } from '../../src/domain/diagnosis';
import { loadKnowledge } from '../../src/knowledge';
import type { CaseRow, TimelineEntry } from '../../src/storage/ports';

export const CASE_NUMBER = 'CAS-06265-C1Y8H2';
const DAY = 24 * 60 * 60 * 1000;
export const OPENED_AT = Date.UTC(2022, 4, 17, 2, 0);

/** The reference case's stages in the order they were proposed, with what came of each. */
export const REFERENCE_STAGES: Array<[string, StageOutcome]> = [
  ['wu-reset-script', 'failed'],
  ['dism-sfc', 'skipped'],
  ['in-place-repair', 'skipped'],
  ['reset-keep-files', 'failed'],
  ['backup-clean-install', 'fixed'],
];

/** The plan as the knowledge base gives it for the reference case's cause: reset script, DISM, missing package,
 * in-place, reset, back up and reinstall. */
export function referencePlan(): PlanStage[] {
  return [
    'wu-reset-script',
    'dism-sfc',
    'install-missing-package',
    'in-place-repair',
    'reset-keep-files',
    'backup-clean-install',
  ].map(planStage);
}

export function planStage(playbookId: string): PlanStage {
  const playbook = loadKnowledge().playbooks.get(playbookId);
  if (!playbook) throw new Error(`no playbook ${playbookId}`);
  return {
    playbookId,
    title: playbook.title,
    ...(playbook.scripts?.includes('UpdateReset.cmd') ? { fileIds: ['update-reset' as const] } : {}),
  };
}

export function terminalFinding(uploadId: string, machine: string): DiagnosisSummary {
  // The dialog tests' finding, with the knowledge base's real cause id and wording and the reference plan.
  return {
    ...componentStoreCorrupt(uploadId, machine),
    causeId: 'component-store-corruption',
    meaning: {
      en: 'The component store (C:\\Windows\\WinSxS) is in an inconsistent state.',
      'zh-CN': '组件库（C:\\Windows\\WinSxS）已损坏，处于不一致状态。',
    },
    cause: { en: 'The component store (WinSxS) is corrupt', 'zh-CN': '组件库（WinSxS）已损坏' },
    kb: undefined,
    nextStep: undefined,
    environment: 'wsus',
    plan: REFERENCE_STAGES.map(([id]) => planStage(id)),
  };
}

export function referenceRow(overrides: Partial<CaseRow> = {}): CaseRow {
  const stages: StageRecord[] = REFERENCE_STAGES.map(([id, outcome]) => ({ ...planStage(id), outcome }));
  return {
    caseNumber: CASE_NUMBER,
    conversationId: 'conv-1',
    userId: 'user-1',
    status: 'archived',
    locale: 'zh-CN',
    problem: {
      kbNumbers: ['KB5011503'],
      errorCodes: ['0x80073712'],
      machineCount: 2,
      os: 'Windows 10 Enterprise LTSC 2019 (1809)',
      since: '2022-05-16',
      impact: '两台柜面终端无法完成补丁更新',
      description: 'KB5011503 在两台终端上安装失败，报错 0x80073712',
    },
    scopeConfirmed: true,
    priority: 'P2',
    details: {
      findings: [terminalFinding('upl-1', 'BRANCH-T01'), terminalFinding('upl-2', 'BRANCH-T02')],
      stages,
      outcome: 'resolved',
      survey: { score: 5, comment: '处理很及时，谢谢' },
    },
    createdAt: OPENED_AT,
    updatedAt: OPENED_AT + 13 * DAY,
    ...overrides,
  };
}

export function referenceTimeline(): TimelineEntry[] {
  const at = (day: number) => OPENED_AT + day * DAY;
  return [
    { caseNumber: CASE_NUMBER, at: at(0), actor: 'user', what: 'Confirmed the problem definition.' },
    { caseNumber: CASE_NUMBER, at: at(0), actor: 'user', what: 'Accepted the scope statement.' },
    {
      caseNumber: CASE_NUMBER,
      at: at(2),
      actor: 'bot',
      what: 'Uploaded T01.zip (4812345 bytes, upload upl-1).',
    },
    { caseNumber: CASE_NUMBER, at: at(13), actor: 'user', what: 'Consented to archiving the case.' },
  ];
}
