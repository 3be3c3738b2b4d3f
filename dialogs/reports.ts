/**
 * A user's report of what they did during remediation, read from their words: which action (a plan stage
 * named by what it does, a stage ahead of the current one, or an action outside the plan), on which
 * machines (by host name or its short suffix, "两台都", "the second one", "另一台"), with what result per
 * machine. Words that leave the machines or the result open become one question (see `Reading`). Pure;
 * the phrases are data (dialogs/understanding/reports.json).
 */
import type { Attempt, CaseMachine, MachineResult } from '../src/domain/attempts';
import { openMachines } from '../src/domain/attempts';
import type { StageOutcome } from '../src/domain/caseRecord';
import { caseMachines, type RemediationState } from '../src/domain/plan';
import { classifyOutcome, normalise, type Outcome } from './intents';
import { ACTION_TABLE, BACKUP, MACHINE_TABLE, NOT_DONE, type ActionPhrase } from './phrases';
import { extractErrorCodes, extractKbNumbers } from './problem';

/** A report the words left open: the attempt so far, and what to ask (its result, or which machines). */
export interface PendingReport {
  attempt: Attempt;
  ask: 'result' | 'machines';
  /** The machines the question is about (the result question) or to choose from (the machines one). */
  machines: string[];
}

export type Reading = { kind: 'attempt'; attempt: Attempt } | { kind: 'question'; pending: PendingReport };

const RESULTS: Record<Outcome, StageOutcome> = { worked: 'fixed', stillFails: 'failed', cannot: 'skipped' };

/** "成功了吗？", "did the reset work?": a question, not a report ("did not find a fix yet" is one). */
const QUESTION =
  /([?？]|[吗么嘛][?？]?)$|^(did|does|do|is|are|has|was|were|should|shall|can|could|would|how|what|where|why) (?!not\b)/;

type Reference =
  { kind: 'named'; machines: string[] } | { kind: 'all' } | { kind: 'other' } | { kind: 'some' };

interface Mention {
  at: number;
  end: number;
  ref: Reference;
}

/**
 * What `text` reports about the remediation in `state`, or undefined when it reports nothing (no action,
 * no result). Without an action named, the words are about the current stage; without machines named,
 * about the machines still failing.
 */
export function readReport(text: string, state: RemediationState): Reading | undefined {
  const lower = normalise(text);
  if (lower === '' || QUESTION.test(lower)) return undefined;
  const machines = caseMachines(state);
  const action = lastAction(lower);
  const segments = segmentsOf(lower, mentionsIn(lower, machines));
  const whole = withCode(classifyOutcome(text), text);
  if (!action && whole === undefined && segments.every((s) => s.outcome === undefined)) return undefined;

  const stage = action?.playbook ? state.stages.findIndex((s) => s.playbookId === action.playbook) : -1;
  const base: Omit<Attempt, 'results'> = {
    ...(action && stage < 0 ? { action: action.id } : { stage: action ? stage : state.current }),
    title: action && stage < 0 ? action.title : state.stages[action ? stage : state.current].title,
    ...(BACKUP.anywhere.test(lower) ? { backup: true } : {}),
  };
  const open = openMachines(machines, state.attempts ?? []);
  const unstated = open.length > 0 ? open : machines.map((m) => m.machine);
  const named = segments.flatMap((s) => (s.ref.kind === 'named' ? s.ref.machines : []));
  const said = segments.filter((s) => s.outcome !== undefined);
  const parts = said.length > 0 ? said : segments.slice(0, 1);

  const results: MachineResult[] = [];
  for (const part of parts) {
    const outcome = part.outcome ?? (parts.length === 1 ? whole : undefined);
    let concerned: string[];
    if (part.ref.kind === 'named') concerned = part.ref.machines;
    else if (part.ref.kind === 'all') concerned = machines.map((m) => m.machine);
    else if (part.ref.kind === 'other') concerned = unstated.filter((m) => !named.includes(m));
    else if (part.ref.kind === 'unstated' || unstated.length <= 1) concerned = unstated;
    else return question(base, 'machines', unstated, outcome, part.errorCode ?? firstCode(text));
    if (outcome === undefined) return question(base, 'result', concerned, undefined);
    const errorCode = part.errorCode ?? (parts.length === 1 ? firstCode(text) : undefined);
    for (const machine of concerned)
      results.push({ machine, result: RESULTS[outcome], ...(errorCode ? { errorCode } : {}) });
  }
  if (results.length === 0) return undefined;
  const kb = results.some((r) => r.result === 'fixed') ? extractKbNumbers(text)[0] : undefined;
  return { kind: 'attempt', attempt: { ...base, results, ...(kb ? { kb } : {}) } };
}

/**
 * The pending report completed by an answer: a choice on the question card (a result, a machine, or
 * `all`), or words that give what was missing ("好了", "0232").
 */
export function completeReport(
  pending: PendingReport,
  state: RemediationState,
  answer: { choice: string } | { text: string },
): Attempt | undefined {
  const machines = caseMachines(state).map((m) => m.machine);
  if ('choice' in answer) {
    const result = (['fixed', 'failed', 'skipped'] as const).find((r) => r === answer.choice);
    if (pending.ask === 'result' && result) return withResults(pending, pending.machines, result);
    if (pending.ask === 'machines') {
      const chosen = answer.choice === 'all' ? pending.machines : machines.filter((m) => m === answer.choice);
      const outcome = pending.attempt.results[0]?.result;
      if (chosen.length > 0 && outcome)
        return withResults(pending, chosen, outcome, pending.attempt.results[0]?.errorCode);
    }
    return undefined;
  }
  const reading = readReport(answer.text, state);
  if (reading?.kind !== 'attempt') return undefined;
  const { results } = reading.attempt;
  if (pending.ask === 'result') {
    const said = results.filter((r) => pending.machines.includes(r.machine));
    return said.length > 0 ? { ...pending.attempt, results: said, ...kbOf(reading.attempt) } : undefined;
  }
  const outcome = pending.attempt.results[0]?.result;
  const chosen = results.filter((r) => pending.machines.includes(r.machine)).map((r) => r.machine);
  return outcome && chosen.length > 0 ? withResults(pending, chosen, outcome) : undefined;
}

function withResults(
  pending: PendingReport,
  machines: string[],
  result: StageOutcome,
  errorCode?: string,
): Attempt {
  return {
    ...pending.attempt,
    results: machines.map((machine) => ({ machine, result, ...(errorCode ? { errorCode } : {}) })),
  };
}

function kbOf(attempt: Attempt): Partial<Attempt> {
  return attempt.kb ? { kb: attempt.kb } : {};
}

function question(
  base: Omit<Attempt, 'results'>,
  ask: PendingReport['ask'],
  machines: string[],
  outcome: Outcome | undefined,
  errorCode?: string,
): Reading {
  // The machines question keeps the result it is about as the attempt's (one result, no machine yet).
  const results: MachineResult[] =
    ask === 'machines' && outcome
      ? [{ machine: '', result: RESULTS[outcome], ...(errorCode ? { errorCode } : {}) }]
      : [];
  return { kind: 'question', pending: { attempt: { ...base, results }, ask, machines } };
}

/** The action a text names, as the understanding data's examples are checked (the last one named). */
export function actionIn(text: string): ActionPhrase | undefined {
  return lastAction(normalise(text));
}

/** The kind of machine reference a text makes first (`all`, `other`, `ordinal`, `some`), for the data's examples. */
export function machineReferenceIn(text: string): string | undefined {
  const lower = normalise(text);
  let first: { at: number; id: string } | undefined;
  for (const entry of MACHINE_TABLE) {
    const m = entry.anywhere.exec(lower);
    if (m && (!first || m.index < first.at)) first = { at: m.index, id: entry.id };
  }
  return first?.id;
}

/**
 * The action named last (the one that ended it: "跑了 DISM，后来重装了系统"), of those the words do not say
 * were left undone ("we did not run DISM", "还没跑DISM", "I wouldn't want to reset my PC").
 */
function lastAction(text: string): ActionPhrase | undefined {
  let found: { at: number; action: ActionPhrase } | undefined;
  for (const action of ACTION_TABLE) {
    for (const m of text.matchAll(action.everywhere)) {
      if (notDone(text, m.index, m.index + m[0].length)) continue;
      if (!found || m.index >= found.at) found = { at: m.index, action };
    }
  }
  return found?.action;
}

/** The words around an action's mention (its clause before, a few characters after) say it was not done. */
function notDone(text: string, start: number, end: number): boolean {
  return (
    NOT_DONE.before.test(text.slice(Math.max(0, start - NOT_DONE_REACH), start)) ||
    NOT_DONE.after.test(text.slice(end, end + NOT_DONE_REACH))
  );
}

/** How far before or after an action's words a negation of it is looked for. */
const NOT_DONE_REACH = 32;

/** The machines named in `text`, in order, without overlaps (a host name before a vaguer word). */
function mentionsIn(text: string, machines: readonly CaseMachine[]): Mention[] {
  const found: Array<Mention & { rank: number }> = [];
  for (const { machine } of machines) {
    for (const token of tokensOf(machine, machines)) {
      const pattern = new RegExp(`(?<![0-9a-z])${escape(token)}(?![0-9a-z])`, 'g');
      for (const m of text.matchAll(pattern))
        found.push({
          at: m.index,
          end: m.index + m[0].length,
          ref: { kind: 'named', machines: [machine] },
          rank: 0,
        });
    }
  }
  for (const entry of MACHINE_TABLE) {
    for (const m of text.matchAll(entry.everywhere)) {
      const ref = referenceOf(entry.id, m[0], machines);
      if (ref) found.push({ at: m.index, end: m.index + m[0].length, ref, rank: 1 });
    }
  }
  found.sort((a, b) => a.rank - b.rank || a.at - b.at || b.end - a.end);
  const kept: Mention[] = [];
  for (const f of found) {
    if (kept.some((k) => f.at < k.end && k.at < f.end)) continue;
    kept.push({ at: f.at, end: f.end, ref: f.ref });
  }
  return kept.sort((a, b) => a.at - b.at);
}

interface Segment {
  ref: Reference | { kind: 'unstated' };
  outcome?: Outcome;
  errorCode?: string;
}

/** The text cut at each machine mention: what follows a mention is said of it ("0231好了，0232还不行"). */
function segmentsOf(
  text: string,
  found: Mention[],
): Array<Segment & { ref: Reference | { kind: 'unstated' } }> {
  if (found.length === 0) return [{ ref: { kind: 'unstated' } }];
  const mentions = joinedMentions(text, found);
  return mentions.map((m, i) => {
    const part = text.slice(m.at, mentions[i + 1]?.at ?? text.length);
    const errorCode = extractErrorCodes(part)[0];
    const outcome = withCode(classifyOutcome(part.slice(m.end - m.at)), part);
    return { ref: m.ref, ...(outcome ? { outcome } : {}), ...(errorCode ? { errorCode } : {}) };
  });
}

/** Words that join two machines into one subject ("0231和0232", "0231、0232", "0231 and 0232"). */
const JOINED = /^\s*(?:和|与|跟|及|以及|还有|、|,|，|\/|&|and|plus)\s*$/;

/**
 * Named machines joined by "和" / "and" with nothing said in between are one subject: "0231和0232好了" says
 * "好了" of both, not of 0232 alone.
 */
function joinedMentions(text: string, mentions: Mention[]): Mention[] {
  const joined: Mention[] = [];
  for (const m of mentions) {
    const last = joined.at(-1);
    const before = last?.ref.kind === 'named' ? last.ref.machines : undefined;
    if (last && before && m.ref.kind === 'named' && JOINED.test(text.slice(last.end, m.at))) {
      const machines = [...before, ...m.ref.machines.filter((x) => !before.includes(x))];
      joined[joined.length - 1] = { at: last.at, end: m.end, ref: { kind: 'named', machines } };
    } else joined.push(m);
  }
  return joined;
}

const ZH_ORDINALS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};
const EN_ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5 };

function referenceOf(id: string, words: string, machines: readonly CaseMachine[]): Reference | undefined {
  if (id === 'all') return { kind: 'all' };
  if (id === 'other') return { kind: 'other' };
  if (id === 'some') return { kind: 'some' };
  const digits = /\d+/.exec(words)?.[0];
  const zh = /[一二两三四五六七八九十]/.exec(words)?.[0];
  const en = /first|second|third|fourth|fifth/.exec(words)?.[0];
  const n = digits ? Number(digits) : zh ? ZH_ORDINALS[zh] : en ? EN_ORDINALS[en] : undefined;
  const machine = n !== undefined ? machines[n - 1]?.machine : undefined;
  return machine ? { kind: 'named', machines: [machine] } : undefined;
}

/**
 * How a user may name a machine: its whole name, or the part after its last "-" or "_" ("0231" of
 * TERM-0231) when no other machine of the case ends the same way.
 */
function tokensOf(machine: string, machines: readonly CaseMachine[]): string[] {
  const name = machine.toLowerCase();
  const tail = name.split(/[-_]/).at(-1) ?? '';
  const unique = machines.filter((m) => m.machine.toLowerCase().split(/[-_]/).at(-1) === tail).length === 1;
  return tail.length >= 2 && tail !== name && unique ? [name, tail] : [name];
}

/**
 * An error code in `text` is a report that it still fails: pasted with the action ("DISM 跑完了，还是
 * 0x800f081f"), or after words that sound like success ("the script ran fine, the update still shows
 * 0x80073712") — unless success is said after the code ("I got the 0xC1900101 - 0x40021, just runned DISM
 * … then the installantion worked normally").
 */
export function withCode(outcome: Outcome | undefined, text: string): Outcome | undefined {
  const codes = extractErrorCodes(text);
  if (codes.length === 0 || (outcome !== undefined && outcome !== 'worked')) return outcome;
  if (outcome === 'worked' && classifyOutcome(text.slice(endOfCodes(text, codes))) === 'worked')
    return outcome;
  return 'stillFails';
}

/** Where the last of `codes` ends in `text` (the codes as extractErrorCodes gives them: 0x + 8 digits). */
function endOfCodes(text: string, codes: readonly string[]): number {
  const lower = text.toLowerCase();
  return Math.max(
    ...codes.map((code) => {
      const digits = code.slice(2).replace(/^0+(?=.)/, '');
      const at = lower.lastIndexOf(digits);
      return at < 0 ? 0 : at + digits.length;
    }),
  );
}

function firstCode(text: string): string | undefined {
  return extractErrorCodes(text)[0];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
