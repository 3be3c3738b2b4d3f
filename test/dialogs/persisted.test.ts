/**
 * Snapshots persisted by the machine before its events were named (commit da0309b, machine version 1,
 * generated from that code into fixtures/snapshots-da0309b.json) restore with the current machine and
 * carry on: the state shape is unchanged, so no migration is needed and none is declared.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createActor, type Snapshot } from 'xstate';
import { MACHINE_VERSION, migrations, provideCaseMachine } from '../../dialogs/caseMachine';
import type { Effect, ShowStage } from '../../dialogs/effects';
import { understand } from '../../dialogs/understand';
import type { CaseEvent } from '../../src/domain/events';
import { FOLLOW_UPS_MS, saidKeys } from './harness';

const FIXTURE = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'snapshots-da0309b.json'), 'utf8'),
) as Record<'remediating' | 'verifying' | 'archived', Snapshot<unknown>> & { machineVersion: number };

function restore(name: 'remediating' | 'verifying' | 'archived') {
  const outbox: Effect[] = [];
  const machine = provideCaseMachine({
    outbox,
    newCaseNumber: () => 'CAS-NEW',
    settings: { followUpsMs: FOLLOW_UPS_MS },
  });
  const actor = createActor(machine, { snapshot: FIXTURE[name] }).start();
  const send = (event: CaseEvent): Effect[] => {
    outbox.length = 0;
    actor.send(understand(event));
    return [...outbox];
  };
  return { actor, send };
}

const submit = (verb: string): CaseEvent => ({ type: 'card.submit', verb, data: {} });

describe('snapshots persisted by the earlier machine', () => {
  it('were written by the same machine version (nothing to migrate)', () => {
    expect(FIXTURE.machineVersion).toBe(MACHINE_VERSION);
    expect(migrations[FIXTURE.machineVersion]).toBeUndefined();
  });

  it('restore at a stage and take its card buttons as named events', () => {
    const { actor, send } = restore('remediating');

    expect(actor.getSnapshot().value).toEqual({ active: 'remediating' });
    send(submit('remediation.fixed'));
    expect(actor.getSnapshot().value).toEqual({ active: 'closing' });
    expect(actor.getSnapshot().context.caseNumber).toBe('CAS-00001-OLDSNP');
  });

  it('restore at the verify question and go on to the next stage', () => {
    const { actor, send } = restore('verifying');

    const effects = send(submit('verify.next'));

    expect(actor.getSnapshot().value).toEqual({ active: 'remediating' });
    expect(effects.filter((e): e is ShowStage => e.kind === 'showStage').map((e) => e.index)).toEqual([1]);
  });

  it('restore an archived case and reopen it where it was', () => {
    const { actor, send } = restore('archived');

    const effects = send(submit('summary.reopen'));

    expect(actor.getSnapshot().value).toEqual({ active: 'verifying' });
    expect(saidKeys(effects)).toContain('case.reopened');
  });

  it('restore a remediation from before per-machine attempts and take a report in words on it', () => {
    const { actor, send } = restore('verifying');
    expect(actor.getSnapshot().context.remediation?.attempts).toBeUndefined();

    // "DISM ran, now it works": the stage ahead is credited; the stage the old record says failed stays failed.
    send({ type: 'user.message', text: '跑了DISM，现在好了' });

    const remediation = actor.getSnapshot().context.remediation;
    expect(actor.getSnapshot().value).toEqual({ active: 'closing' });
    expect(remediation?.stages.map((stage) => stage.outcome ?? null)).toEqual(['failed', 'fixed', null]);
    expect(remediation?.attempts).toEqual([
      expect.objectContaining({ stage: 1, results: [{ machine: 'T01', result: 'fixed' }] }),
    ]);
  });
});
