/** The engine's verdict on a machine's scan: rule groups and the generic finder's strongest failure ranked
 * into findings (decisive first), an end result restating a rule's step code, and the suspicious lines kept
 * for "nothing conclusive" reports. Pure functions of the scan and the knowledge base. */
import type { Knowledge } from '../knowledge/index';
import type { RankedFinding, SuspiciousLine } from './engine';
import { maskText } from './mask';
import { extractCodes } from './codes';
import { WRAPPER_CODES } from './generic';
import { suspectOrder, type GenericGroup, type MachineScan } from './machineScan';

/** The cause of a failure whose code the knowledge base does not place (knowledge/causes). */
export const UNCLASSIFIED_CAUSE = 'unclassified-failure';

const GENERIC_CONFIDENCE: Record<1 | 2 | 3, number> = { 1: 0.4, 2: 0.45, 3: 0.55 };

/** Grouped, ranked findings: decisive first, then confidence, then the latest failure. */
export function rankFindings(
  scan: MachineScan,
  knowledge: Knowledge | undefined,
  machine?: string,
): RankedFinding[] {
  const out: Array<RankedFinding & { order: number }> = [];
  for (const g of scan.groups.values()) {
    const r = g.rule.rule;
    let raw = [g.first!, ...g.last];
    // A finding names a code only where its own lines show it: a rule's code that none of its cited
    // lines holds (an installer's name, a CheckSUR summary) is the cause's, not this finding's; with a
    // code, the finding cites the lines that show it.
    const showing = g.errorCode ? raw.filter((e) => holdsCode(e.text, g.errorCode!)) : [];
    const errorCode = showing.length ? g.errorCode : null;
    if (showing.length) raw = showing;
    const evidence = raw.map((e) => ({ ...e, text: maskText(e.text) }));
    out.push({
      ruleId: r.id,
      causeId: r.cause,
      errorCode,
      symbolicName: errorCode ? (g.symbolicName ?? knowledge?.code(errorCode)?.name ?? null) || null : null,
      confidence: r.confidence,
      evidence,
      ...(machine ? { machine } : {}),
      title: r.title,
      decisive: r.decisive,
      count: g.count,
      firstTime: g.firstTime,
      lastTime: g.lastTime,
      details: Object.fromEntries(Object.entries(g.details).map(([k, v]) => [k, maskText(v)])),
      order: g.lastOrder,
    });
  }
  const generic = genericFinding(scan, knowledge);
  if (generic && !out.some((f) => f.decisive)) {
    const { weight: _weight, ...g } = generic;
    out.push(machine ? { ...g, machine } : g);
  }
  out.sort(
    (a, b) =>
      Number(b.decisive) - Number(a.decisive) ||
      Number(b.errorCode !== null) - Number(a.errorCode !== null) ||
      b.confidence - a.confidence ||
      (a.lastTime < b.lastTime ? 1 : a.lastTime > b.lastTime ? -1 : 0) ||
      b.order - a.order,
  );
  const primary = out.find((f) => f.decisive);
  if (primary && generic) restateEndResult(primary, generic);
  // Supporting findings of the primary's cause lend it their details (e.g. the installer's name).
  if (primary) {
    for (const f of out) {
      if (f !== primary && f.causeId === primary.causeId) {
        for (const [k, v] of Object.entries(f.details)) if (!(k in primary.details)) primary.details[k] = v;
      }
    }
  }
  return out.map(({ order: _order, ...f }) => f);
}

/**
 * A rule explains a failing step; when the same log then writes the operation's end result with another
 * failure code (WU's 'Call complete and error 0x80240061' after a trust failure 0x80096010, 'Exit code =
 * 0x8024402F' after name resolution failed with 0x8024402C), that end result is the code the update failed
 * with — the one the user sees and an engineer files. The rule keeps its cause; the finding names the end
 * result's code and cites its line after the rule's.
 */
function restateEndResult(
  primary: RankedFinding & { order: number },
  end: RankedFinding & { order: number; weight: 1 | 2 | 3 },
): void {
  const last = end.evidence[end.evidence.length - 1];
  if (
    end.weight < 2 ||
    !end.errorCode ||
    end.errorCode === primary.errorCode ||
    end.order <= primary.order ||
    !primary.evidence.some((e) => e.file === last.file)
  )
    return;
  primary.details.stepCode = primary.errorCode ?? '';
  if (!primary.details.stepCode) delete primary.details.stepCode;
  primary.errorCode = end.errorCode;
  primary.symbolicName = end.symbolicName;
  // Each cited line shows the code named: the end result's line; the step's code stays in the details.
  primary.evidence = [last];
  primary.lastTime = end.lastTime > primary.lastTime ? end.lastTime : primary.lastTime;
}

/**
 * The generic finder's verdict: the strongest shape's latest failure (a session's end result beats the
 * step that caused it, and the last failing session beats earlier ones). Its cause is the one the
 * knowledge base gives the code; a code it does not know gets the unclassified-failure cause.
 */
function genericFinding(
  scan: MachineScan,
  knowledge: Knowledge | undefined,
): (RankedFinding & { order: number; weight: 1 | 2 | 3 }) | undefined {
  let best: GenericGroup | undefined;
  const specific = [...scan.generic.values()].some((g) => !WRAPPER_CODES.has(g.code));
  for (const g of scan.generic.values()) {
    if (specific && WRAPPER_CODES.has(g.code)) continue;
    if (g.shape.weight < 3 && (g.recovered || (scan.genericOk.get(g.last.file) ?? 0) > g.lastOrder)) continue;
    if (
      !best ||
      g.shape.weight > best.shape.weight ||
      (g.shape.weight === best.shape.weight &&
        (g.lastTime > best.lastTime || (g.lastTime === best.lastTime && g.lastOrder > best.lastOrder)))
    )
      best = g;
  }
  if (!best) return undefined;
  const entry = knowledge?.code(best.code);
  const evidence = (best.first === best.last ? [best.first] : [best.first, best.last]).map((e) => ({
    ...e,
    text: maskText(e.text),
  }));
  return {
    ruleId: `generic/${best.shape.id}`,
    causeId: entry?.causeIdIn?.[best.format] ?? entry?.causeId ?? UNCLASSIFIED_CAUSE,
    errorCode: best.code,
    symbolicName: entry?.name || best.symbolicName,
    confidence: GENERIC_CONFIDENCE[best.shape.weight],
    evidence,
    title: `Failure result ${best.code}${entry?.name ? ' ' + entry.name : ''} (${best.shape.id})`,
    decisive: true,
    count: best.count,
    firstTime: best.firstTime,
    lastTime: best.lastTime,
    details: Object.fromEntries(Object.entries(best.details).map(([k, v]) => [k, maskText(v)])),
    order: best.lastOrder,
    weight: best.shape.weight,
  };
}

/** The most suspicious unexplained Error lines (for "nothing conclusive" reports). */
export function suspiciousLines(scan: MachineScan, limit: number): SuspiciousLine[] {
  return [...scan.suspects.values()]
    .sort(suspectOrder)
    .slice(0, limit)
    .map((s) => ({ ...s.ev, text: maskText(s.ev.text), codes: s.codes, count: s.count, score: s.score }));
}

/** True when a log line writes `code` ('0x800f0922', '800F0922', 'HRESULT_FROM_WIN32(ERROR_…)' aside). */
function holdsCode(line: string, code: string): boolean {
  const hex = code.slice(2);
  const l = line.toLowerCase();
  return (
    l.includes(hex) || l.includes('0x' + hex.replace(/^0+/, '')) || extractCodes(line).codes.includes(code)
  );
}
