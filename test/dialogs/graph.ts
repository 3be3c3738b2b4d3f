/**
 * The case machine's graph for model-based tests: the events users, timers, jobs and engineers produce, and
 * the shortest paths to every state (xstate/graph), in two phases: from a new conversation through the log
 * steps, and from a first remediation stage to the end. Shared by the pure reachability test and the test
 * that replays the paths through the real conversation runner.
 */
import { initialTransition, transition } from 'xstate';
import type { AnyStateNode } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { caseMachine } from '../../dialogs/caseMachine';
import type { Effect } from './harness';
import { CARD_EVENTS, type MachineEvent } from '../../dialogs/events';
import type { CaseEvent } from '../../src/domain/events';
import {
  FIRST_MESSAGE_ZH,
  atEdge,
  diagnosedWithPlan,
  diagnosisDone,
  diagnosisFailed,
  followUpDue,
  nothingFound,
  pendingRebootFound,
  uploadReceived,
} from './harness';

export const EVENTS: CaseEvent[] = [
  { type: 'conversation.started' },
  { type: 'user.message', text: '你好' },
  { type: 'user.message', text: FIRST_MESSAGE_ZH },
  { type: 'user.message', text: '不对，是三台' },
  { type: 'user.message', text: 'English' },
  { type: 'user.message', text: '新案例' },
  { type: 'card.submit', verb: 'problem-definition.confirm', data: {} },
  { type: 'card.submit', verb: 'scope.accept', data: {} },
  { type: 'card.submit', verb: 'scope.correct', data: { comment: '是三台终端' } },
  { type: 'card.submit', verb: 'greeting.continue', data: {} },
  { type: 'card.submit', verb: 'greeting.new', data: {} },
  { type: 'language.switch', locale: 'en' },
  { type: 'reminder.due', key: 'nudge', kind: 'nudge' },
  { type: 'file.received', name: 'logs.zip', contentType: 'application/zip' },
  {
    type: 'file.received',
    name: 'T01.zip',
    contentType: 'application/zip',
    url: 'https://teams.example/T01.zip',
  },
  { type: 'card.submit', verb: 'diagnosis.more-logs', data: {} },
  { type: 'card.submit', verb: 'diagnosis.engineer', data: {} },
  // What the upload intake and the diagnosis jobs report (the second terminal's logs fail once).
  uploadReceived('u1', 'T01.zip'),
  uploadReceived('u2', 'T02.zip'),
  uploadReceived('u1', 'T01.zip', true),
  { type: 'upload.refused', name: 'setup.exe', code: 'executable' },
  { type: 'file.forwarded', name: 'screenshot.png' },
  { type: 'file.forwarded', name: 'screenshot.png', toEngineers: false },
  diagnosisDone('u1', 'T01'),
  diagnosisDone('u2', 'T02'),
  diagnosisFailed('u2', 'T02.zip', 'truncated'),
];

/**
 * From the first remediation stage on: stage outcomes, verification, new logs (clean, the same error,
 * a different one), closure, survey, archiving by silence, pause, cancel and reopen.
 */
export const REMEDIATION_EVENTS: CaseEvent[] = [
  ...['remediation.fixed', 'remediation.failing', 'remediation.cannot', 'remediation.engineer'].map(submit),
  ...['verify.next', 'verify.logs', 'closure.accept', 'closure.decline', 'survey.skip', 'summary.reopen'].map(
    submit,
  ),
  { type: 'card.submit', verb: 'survey.submit', data: { score: '4', comment: '' } },
  ...[
    '好了',
    '还是不行',
    '做不了',
    '下一步',
    '工程师',
    '总结',
    '暂停',
    '继续',
    '取消',
    '重新打开',
    '不',
    '5',
    '嗯……',
  ].map((text): CaseEvent => ({ type: 'user.message', text })),
  uploadReceived('u2', 'T01-retry.zip'),
  nothingFound('u2', 'T01'),
  diagnosedWithPlan('u2', 'T01'),
  pendingRebootFound('u2', 'T01'),
  followUpDue(0),
  followUpDue(3),
  // The engineers' side: takeover, a reply, hand-back, close.
  { type: 'engineer.joined', name: 'Engineer One' },
  { type: 'engineer.message', name: 'Engineer One', text: '请把 CBS.log 再发一次' },
  { type: 'engineer.file', name: 'Engineer One', fileId: 'update-reset' },
  { type: 'engineer.handback', name: 'Engineer One' },
  { type: 'engineer.close', name: 'Engineer One' },
];

/** This test's machine driven through `events` from a new conversation (snapshots carry their machine). */
export function walk(events: CaseEvent[]) {
  let [snapshot] = initialTransition(machine, { locale: 'zh-CN' });
  for (const event of events) [snapshot] = transition(machine, snapshot, atEdge(event));
  return snapshot;
}

/** A machine event as the user's side sent it: a card event back to its card submit (the runner's input). */
export function inbound(event: MachineEvent): CaseEvent {
  if (event.type === 'card.unknown') return { type: 'card.submit', verb: event.verb, data: event.data };
  // The runner issues its own case number for a message (caseRuntime.ts).
  if (event.type === 'user.message') {
    const { newCaseNumber: _issued, ...said } = event;
    return said;
  }
  const verb = Object.entries(CARD_EVENTS).find(([, type]) => type === event.type)?.[0];
  if (verb && 'data' in event) return { type: 'card.submit', verb, data: event.data };
  return event as CaseEvent;
}

export function describeEvent(machineEvent: MachineEvent): string {
  const event = inbound(machineEvent);
  if (event.type === 'card.submit') return event.verb;
  if (event.type === 'user.message') return `text:${event.text}`;
  if (event.type === 'reminder.due') return `reminder:${String(event.payload?.n)}`;
  return event.type;
}

function submit(verb: string): CaseEvent {
  return { type: 'card.submit', verb, data: {} };
}

/** Results of background jobs: they arrive without the user doing anything in that moment. */
export const JOB_EVENTS = new Set([
  'reminder.due',
  'upload.received',
  'upload.refused',
  'file.forwarded',
  'diagnosis.done',
  'diagnosis.failed',
  'engineer.joined',
  'engineer.message',
  'engineer.handback',
  'engineer.file',
  'engineer.close',
]);

/** Where the reachability test collects a transition's effects (harness.ts runActions). */
export const outbox: Effect[] = [];
export const machine = caseMachine;

/** Ids of the states a conversation can rest in (history pseudo-states excluded). */
export function leafStateIds(node: AnyStateNode): string[] {
  const children = Object.values(node.states).filter((child) => child.type !== 'history');
  return children.length === 0 ? [node.id] : children.flatMap(leafStateIds);
}

/**
 * Where the case's steps rest: `{ active: { steps: { open: { problem: 'defining' } }, engineer: 'none' } }`
 * -> `case.active.steps.open.problem.defining` (the first region at each level: the steps, not the engineer
 * region beside them; restingStateIds gives every region's).
 */
export function restingStateId(value: unknown): string {
  return restingStateIds(value)[0];
}

/** Every region's resting state: `case.active.steps.open.problem.defining`, `case.active.engineer.none`. */
export function restingStateIds(value: unknown, parts: string[] = ['case']): string[] {
  if (typeof value !== 'object' || value === null) return [[...parts, String(value)].join('.')];
  return Object.entries(value).flatMap(([key, child]) => restingStateIds(child, [...parts, key]));
}

// With an engineer, a relay to them is the answer: the engineer replies, not the bot.
export const MESSAGE_KINDS = new Set([
  'say',
  'card',
  'updateCard',
  'offerUpload',
  'showStage',
  'showSummary',
  'relay',
]);

/** Shortest paths to every state: the log phase from a new conversation, then the remediation phase. */
export function casePaths() {
  const logPaths = getShortestPaths(machine, {
    input: { locale: 'zh-CN' },
    events: EVENTS.map((e) => atEdge(e)),
    // Uploads and diagnoses decide where job results lead, so they are part of the state explored.
    serializeState: (snapshot) =>
      JSON.stringify([
        snapshot.value,
        snapshot.context.uploads,
        snapshot.context.diagnoses?.map((d) => d.machine),
      ]),
  });

  // The remediation phase, explored from a case at its first stage (one terminal, diagnosed with a plan).
  const remediationPaths = getShortestPaths(machine, {
    fromState: walk(TO_FIRST_STAGE),
    events: REMEDIATION_EVENTS.map((e) => atEdge(e)),
    serializeState: (snapshot) =>
      JSON.stringify([
        snapshot.value,
        snapshot.context.uploads?.length,
        snapshot.context.remediation?.stages.map((stage) => stage.outcome ?? ''),
        snapshot.context.remediation?.current,
        snapshot.context.nudge,
        snapshot.context.step,
        snapshot.context.resolved,
      ]),
  });

  return { logPaths, remediationPaths };
}

/** The events that lead from a new conversation to the first remediation stage (the second phase's start). */
export const TO_FIRST_STAGE: CaseEvent[] = [
  { type: 'user.message', text: 'KB5011503 在一台终端上安装失败，报错 0x80073712' },
  submit('problem-definition.confirm'),
  submit('scope.accept'),
  uploadReceived('u1', 'T01.zip'),
  diagnosedWithPlan('u1', 'T01'),
];
