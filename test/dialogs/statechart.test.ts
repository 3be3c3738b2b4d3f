/**
 * The README's picture of the case machine is generated from the machine (tools/statechart.ts): it must
 * show the machine as it is, and the machine takes named events, never a generic card submit.
 */
import fs from 'node:fs';
import { CARD_EVENT_TYPES } from '../../dialogs/events';
import { README, readmeBlock, statechart } from '../../tools/statechart';

describe('the statechart picture', () => {
  it('in the README matches the machine (run `npm run statechart` after changing it)', () => {
    expect(fs.readFileSync(README, 'utf8')).toContain(readmeBlock());
  });

  it('shows the phases and the named card events, and no card.submit', () => {
    const picture = statechart();

    expect(picture).toMatch(/^stateDiagram-v2/);
    expect(picture).toContain('state active {');
    for (const phase of [
      'steps',
      'open',
      'problem',
      'logs',
      'remediation',
      'closure',
      'archived',
      'engineer',
    ])
      expect(picture).toContain(`state ${phase} {`);
    expect(picture).toContain(
      'active_steps_open_problem_scope --> active_steps_open_logs_awaiting: scope.accept',
    );
    // Reopening goes through the open case's history; job results are the phases' own.
    expect(picture).toContain(
      'active_steps_archived_leftOff --> active_steps_open_last: greeting.continue, summary.reopen',
    );
    expect(picture).toMatch(/^ {2}logs --> active_steps_open_remediation_stage: diagnosis\.done$/m);
    // The engineer region beside the steps (a Mermaid `--` between concurrent regions), and taken apart.
    expect(picture).toMatch(/^ {4}--\n {4}state engineer \{$/m);
    expect(picture).toContain('active_engineer_none --> active_engineer_waiting: engineer.wanted');
    expect(picture).toContain('active_engineer_waiting --> active_engineer_none: engineer.released');
    expect(picture).toMatch(/^ {2}engineer --> withEngineer: engineer\.joined$/m);
    expect(picture).toContain('survey.submit');
    expect(picture).not.toContain('card.submit');
  });
});

describe('the machine events', () => {
  it('have one event per card verb, none of them a generic card submit', () => {
    expect(CARD_EVENT_TYPES).not.toContain('card.submit');
    expect(new Set(CARD_EVENT_TYPES).size).toBe(CARD_EVENT_TYPES.length);
  });
});
