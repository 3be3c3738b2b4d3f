/**
 * The data of the remediation card (cards/remediation.template.json) for one stage of a case: what the
 * knowledge base says about its playbook, fitted to the machine's update environment, in one language.
 * Pure: the runner calls it for a `showStage` effect and renders the card.
 */
import type { StageCardInput } from '../../domain/cards';
import type { Environment } from '../../domain/diagnosis';
import type { Locale } from '../../domain/locale';
import { t } from '../../i18n';
import type { Knowledge, Localized, Playbook, RiskKind } from '../../knowledge';
import { TEXT_COPIES } from '../../uploads/files';

export type { StageCardInput };

/** Where the stage stands: proposed (actions shown) or what the user answered. */
export type StageStatus = 'proposed' | 'fixed' | 'failed' | 'skipped' | 'engineer' | 'deferred';

/** Risks the card shows in the attention colour: the user loses something that is not given back. */
const SEVERE_RISKS: ReadonlySet<RiskKind> = new Set(['apps-removed', 'data-loss']);

/** The environments the catalog has headings for, in the order they are shown when the machine's is unknown. */
const ENVIRONMENTS: readonly Environment[] = ['internet', 'wsus', 'offline'];

/** A step that is a command to type: shown in monospace so that paths and switches stay exact. */
const COMMAND = /^(dism|sfc|sc|net|reg|wusa|bitsadmin|powershell|chkdsk|fsutil|netsh|certutil)(\s|\.exe\b)/i;

/** `knowledge` needs only the playbooks and causes (a full `Knowledge` does). */
export function stageCardData(
  knowledge: Pick<Knowledge, 'playbooks' | 'causes'>,
  input: StageCardInput,
  locale: Locale,
): Record<string, unknown> {
  const { stage } = input;
  const playbook = knowledge.playbooks.get(stage.playbookId);
  const cause = input.causeId ? knowledge.causes.get(input.causeId) : undefined;
  const status = statusOf(input);
  const text = (l: Localized): string => l[locale];

  const preconditions = (playbook?.preconditions ?? []).map((p) => ({ text: text(p) }));
  const risks = (playbook?.risks ?? [])
    .filter((r) => r.kind !== 'none')
    .map((r) => ({ kind: r.kind, text: text(r.text), severe: SEVERE_RISKS.has(r.kind) }));
  const steps = (playbook?.steps ?? []).map((s, i) => ({ number: i + 1, ...step(text(s)) }));
  const { own: variants, others: otherVariants } = playbook
    ? variantsFor(playbook, input.environment, input.environmentFrom, locale)
    : { own: [], others: [] };
  const passedOver = (input.passedOver ?? []).map((p) => ({
    text: t(locale, `card.remediation.passedOver.${p.ruledOut}`, { number: p.number, title: text(p.title) }),
  }));
  const verify = (playbook?.verify ?? []).map((v) => ({ text: text(v) }));
  const scripts = (playbook?.scripts ?? []).map((name) => scriptEntry(name, locale));

  return {
    caseNumber: input.caseNumber,
    playbookId: stage.playbookId,
    stageNumber: input.index + 1,
    stageCount: input.count,
    title: playbook ? text(playbook.title) : text(stage.title),
    known: playbook !== undefined,
    status,
    answered: status !== 'proposed',
    errorCode: stage.errorCode ?? '',
    advisesEngineer: stage.escalate === true,
    summary: playbook ? text(playbook.summary) : '',
    why: cause ? text(cause.explanation) : '',
    hasPreconditions: preconditions.length > 0,
    preconditions,
    hasRisks: risks.length > 0,
    hasSevereRisk: risks.some((r) => r.severe),
    risks,
    hasSteps: steps.length > 0,
    steps,
    environment: input.environment ?? '',
    hasVariants: variants.length > 0,
    variants,
    hasOtherVariants: otherVariants.length > 0,
    otherVariants,
    hasPassedOver: passedOver.length > 0,
    passedOver,
    hasVerify: verify.length > 0,
    verify,
    hasScripts: scripts.length > 0,
    scripts,
  };
}

function statusOf(input: StageCardInput): StageStatus {
  if (input.stage.outcome) return input.stage.outcome;
  if (input.deferred) return 'deferred';
  return input.handedOver ? 'engineer' : 'proposed';
}

interface StepLine {
  text: string;
  command: boolean;
}

function step(text: string): StepLine {
  return { text, command: COMMAND.test(text.trim()) };
}

type Variant = { key: string; heading: string; steps: StepLine[] };

/**
 * The playbook's environment-specific steps: the machine's own when it is known (from its logs or the
 * user's words) and the playbook has steps for it, the others behind a button (`others`); otherwise every
 * variant under its heading ("If the machine gets updates from WSUS").
 */
function variantsFor(
  playbook: Playbook,
  environment: Environment | undefined,
  from: 'logs' | 'user' | undefined,
  locale: Locale,
): { own: Variant[]; others: Variant[] } {
  const all = playbook.variants ?? {};
  const keys = [
    ...ENVIRONMENTS.filter((k) => all[k] !== undefined),
    ...Object.keys(all).filter((k) => !(ENVIRONMENTS as readonly string[]).includes(k)),
  ];
  const variant = (key: string, heading: string): Variant => ({
    key,
    heading,
    steps: all[key].map((s) => step(s[locale])),
  });
  const ifHeading = (key: string) => variantHeading(key, 'variantIf', locale);
  if (environment === undefined || all[environment] === undefined)
    return { own: keys.map((key) => variant(key, ifHeading(key))), others: [] };
  const own = variantHeading(environment, from === 'user' ? 'variantSaid' : 'variantThis', locale);
  return {
    own: [variant(environment, own)],
    others: keys.filter((key) => key !== environment).map((key) => variant(key, ifHeading(key))),
  };
}

function variantHeading(
  key: string,
  kind: 'variantThis' | 'variantSaid' | 'variantIf',
  locale: Locale,
): string {
  if (!(ENVIRONMENTS as readonly string[]).includes(key)) return key;
  return t(locale, `card.remediation.${kind}.${key}`);
}

/** A script the stage hands out: sent as a file in the chat; a `.txt` copy waits on the upload page. */
function scriptEntry(name: string, locale: Locale): { name: string; note: string } {
  const textCopy = Object.keys(TEXT_COPIES).find((copy) => TEXT_COPIES[copy] === name);
  return {
    name,
    note: textCopy
      ? t(locale, 'card.remediation.scriptWithCopy', { textCopy })
      : t(locale, 'card.remediation.scriptSent'),
  };
}
