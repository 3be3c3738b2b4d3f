/**
 * The user's side of an engineer taking over: relaying both ways, hand-back to the step the case left,
 * closing through the usual closure flow. Pure transitions (see harness.ts).
 */
import type { Effect } from './harness';
import {
  FIRST_MESSAGE_ZH,
  atFirstStage,
  diagnosedWithPlan,
  diagnosisDone,
  engineerOf,
  followUpDue,
  kinds,
  saidKeys,
  startConversation,
  stateOf,
  uploadReceived,
} from './harness';

const joined = { type: 'engineer.joined', name: 'Wang Engineer' } as const;
const relays = (effects: Effect[]) => effects.filter((e) => e.kind === 'relay');

it('tells the user who joined, relays their messages and files, and says the engineer’s replies', () => {
  const c = atFirstStage();
  const joinedEffects = c.send(joined);
  expect(stateOf(c)).toBe('withEngineer');
  expect(saidKeys(joinedEffects)).toEqual(['engineer.joined']);
  expect(joinedEffects).toContainEqual(
    expect.objectContaining({
      kind: 'saveCase',
      caseRecord: expect.objectContaining({ status: 'with-engineer' }),
    }),
  );
  expect(joinedEffects).toContainEqual({ kind: 'cancelSchedule', key: 'nudge' });

  expect(relays(c.say('我已经重启过两次了'))).toEqual([
    { kind: 'relay', caseNumber: 'CAS-00001-TEST', message: { kind: 'text', text: '我已经重启过两次了' } },
  ]);
  const file = c.send({
    type: 'file.received',
    name: 'CBS.zip',
    contentType: 'application/zip',
    url: 'https://t.example/f',
  });
  expect(file.map((e) => e.kind)).toEqual(expect.arrayContaining(['fetchAttachment', 'relay']));
  expect(c.send({ type: 'engineer.message', name: 'Wang Engineer', text: '请运行 DISM' })).toEqual([
    { kind: 'say', key: 'engineer.says', params: { name: 'Wang Engineer', text: '请运行 DISM' } },
  ]);
});

it('puts what the user tells the engineer on the case timeline', () => {
  const c = atFirstStage();
  c.send(joined);
  const effects = c.say('分发服务器上有一个 LTSC 2019 的 ISO');

  expect(effects).toContainEqual({
    kind: 'saveCase',
    caseRecord: expect.objectContaining({
      status: 'with-engineer',
      timeline: {
        actor: 'user',
        event: { key: 'toEngineer', params: { text: '分发服务器上有一个 LTSC 2019 的 ISO' } },
      },
    }),
  });
});

it('gives the summary so far when asked while with the engineer, and the engineer sees the question', () => {
  const c = atFirstStage();
  c.send(joined);
  const effects = c.say('现在什么进度');

  expect(effects).toContainEqual({ kind: 'showSummary', caseNumber: 'CAS-00001-TEST' });
  expect(relays(effects)).toHaveLength(1);
  expect(stateOf(c)).toBe('withEngineer');
});

it('keeps new logs and relays their diagnosis to the engineer', () => {
  const c = atFirstStage();
  c.send(joined);
  c.send(uploadReceived('u2', 'T01-retry.zip'));
  const effects = c.send(diagnosedWithPlan('u2', 'T01'));

  expect(relays(effects)).toEqual([
    {
      kind: 'relay',
      caseNumber: 'CAS-00001-TEST',
      message: {
        kind: 'diagnosis',
        machine: 'T01',
        errorCode: '0x80073712',
        symbolicName: 'ERROR_SXS_COMPONENT_STORE_CORRUPT',
      },
    },
  ]);
  expect(stateOf(c)).toBe('withEngineer');
});

it('hands back to the step the case left, with its card again', () => {
  const c = atFirstStage();
  c.send(joined);
  const effects = c.send({ type: 'engineer.handback', name: 'Wang Engineer' });

  expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
  expect(saidKeys(effects)).toEqual(['engineer.handedBack']);
  expect(effects).toContainEqual(expect.objectContaining({ kind: 'showStage', index: 0 }));
  expect(effects).toContainEqual(expect.objectContaining({ kind: 'schedule', key: 'nudge' }));
});

it('goes back to the engineer when the user does not agree to the closure the engineer proposed', () => {
  const c = atFirstStage();
  c.send(joined);
  c.send({ type: 'engineer.close', name: 'Wang Engineer' });
  // What the engineer says meanwhile still reaches the user.
  expect(saidKeys(c.send({ type: 'engineer.message', name: 'Wang Engineer', text: '请确认' }))).toEqual([
    'engineer.says',
  ]);

  const effects = c.say('问题还没解决，先别归档');

  expect(stateOf(c)).toBe('withEngineer');
  expect(saidKeys(effects)).toEqual(['engineer.continues']);
  expect(relays(effects).map((r) => r.message)).toEqual([
    { kind: 'closureDeclined' },
    { kind: 'text', text: '问题还没解决，先别归档' },
  ]);
  expect(relays(c.say('还是报 0x80073712'))).toHaveLength(1);
  expect(saidKeys(c.send({ type: 'engineer.message', name: 'Wang Engineer', text: '好的' }))).toEqual([
    'engineer.says',
  ]);
});

it('closing by the engineer runs the closure flow with the user (consent, survey, summary)', () => {
  const c = atFirstStage();
  c.send(joined);
  c.send({ type: 'engineer.close', name: 'Wang Engineer' });
  expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });

  c.submit('closure.accept');
  const effects = c.submit('survey.submit', { score: '4' });

  expect(stateOf(c)).toEqual({ active: { archived: 'consented' } });
  expect(effects).toContainEqual({ kind: 'showSummary', caseNumber: 'CAS-00001-TEST' });
  expect(effects).toContainEqual({ kind: 'caseClosed', caseNumber: 'CAS-00001-TEST' });
});

it('answers a card button with who is handling the case', () => {
  const c = atFirstStage('en');
  c.send(joined);
  expect(saidKeys(c.submit('remediation.fixed'))).toEqual(['withEngineer.cardIgnored']);
});

it('keeps the case waiting for the engineers while the bot goes on with the user, until handed back', () => {
  const c = atFirstStage();
  c.say('转人工');
  const later = c.submit('remediation.failing');
  expect(later).toContainEqual(
    expect.objectContaining({
      kind: 'saveCase',
      caseRecord: expect.objectContaining({ status: 'awaiting-engineer' }),
    }),
  );

  c.send(joined);
  const handedBack = c.send({ type: 'engineer.handback', name: 'Wang Engineer' });
  expect(handedBack).toContainEqual(
    expect.objectContaining({ kind: 'saveCase', caseRecord: expect.objectContaining({ status: 'open' }) }),
  );
  const afterwards = c.say('还是不行');
  expect(afterwards.filter((e) => e.kind === 'saveCase').map((e) => e.caseRecord.status)).not.toContain(
    'awaiting-engineer',
  );
});

it('goes on from the diagnosis when logs were diagnosed while the engineer had the case', () => {
  const c = startConversation('zh-CN');
  c.say('KB5011503 在一台终端上安装失败，报错 0x80073712');
  c.submit('problem-definition.confirm');
  c.submit('scope.accept');
  c.say('转人工');
  c.send(joined);
  c.send(uploadReceived('u1', 'T01.zip'));
  c.send(diagnosedWithPlan('u1', 'T01'));
  expect(stateOf(c)).toBe('withEngineer');

  const effects = c.send({ type: 'engineer.handback', name: 'Wang Engineer' });

  expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
  expect(saidKeys(effects)).toEqual(['engineer.handedBack', 'diagnosis.complete', 'remediation.intro']);
  expect(effects).toContainEqual(expect.objectContaining({ kind: 'showStage', index: 0 }));
});

it('asks an engineer as well when the plan is marked expert-only', () => {
  const c = startConversation('en');
  c.say('KB5011503 fails on one terminal with 0x80073712');
  c.submit('problem-definition.confirm');
  c.submit('scope.accept');
  c.send(uploadReceived('u1', 'T01.zip'));
  const effects = c.send(
    diagnosisDone('u1', 'T01', {
      plan: [
        {
          playbookId: 'fix-permissions',
          title: { en: 'Fix permissions', 'zh-CN': '修复权限' },
          escalate: true,
        },
      ],
    }),
  );
  expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
  expect(engineerOf(c)).toBe('waiting');
  expect(effects).toContainEqual({ kind: 'escalate', caseNumber: 'CAS-00001-TEST', reason: 'rule' });
  expect(saidKeys(effects)).toContain('engineer.autoEscalated');
});

describe('the engineer region beside the steps (none, waiting) and the case taken (withEngineer)', () => {
  it('waits from the request to the take-over, and nobody is awaited after the hand-back', () => {
    const c = atFirstStage();
    expect(engineerOf(c)).toBe('none');

    c.say('转人工');
    expect(engineerOf(c)).toBe('waiting');
    expect(c.snapshot.context.escalated).toBe(true);
    // The steps go on meanwhile, and the region stays.
    c.submit('remediation.failing');
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
    expect(engineerOf(c)).toBe('waiting');

    c.send(joined);
    expect(engineerOf(c)).toBe('taken');
    expect(c.snapshot.context.escalated).toBe(false);

    c.send({ type: 'engineer.handback', name: 'Wang Engineer' });
    expect(engineerOf(c)).toBe('none');
    expect(c.snapshot.context.escalated).toBe(false);
  });

  it('keeps waiting when the steps repeat their prompt (language switch, greeting, a message not understood)', () => {
    const c = atFirstStage();
    c.say('转人工');

    c.send({ type: 'language.switch', locale: 'en' });
    expect(engineerOf(c)).toBe('waiting');
    c.say('嗯嗯嗯');
    expect(engineerOf(c)).toBe('waiting');
    const reminder = c.send(followUpDue(0));

    // Waiting on us, not on the user: no reminder, and the case stays where it was.
    expect(kinds(reminder)).toEqual([]);
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
  });

  it('reminds the user on silence while nobody is awaited, and archives after the last reminder', () => {
    const c = atFirstStage();

    expect(saidKeys(c.send(followUpDue(0)))).not.toEqual([]);
    c.send(followUpDue(3));

    expect(stateOf(c)).toEqual({ active: { archived: 'leftOff' } });
    expect(engineerOf(c)).toBe('none');
  });

  it('stops waiting when the user cancels the case or starts a new one', () => {
    const cancelled = atFirstStage();
    cancelled.say('转人工');
    cancelled.say('取消');
    expect(stateOf(cancelled)).toEqual({ active: { archived: 'leftOff' } });
    expect(engineerOf(cancelled)).toBe('none');

    const replaced = atFirstStage();
    replaced.say('转人工');
    replaced.say('新案例');
    expect(stateOf(replaced)).toEqual({ active: { open: { problem: 'asking' } } });
    expect(engineerOf(replaced)).toBe('none');
    replaced.say(FIRST_MESSAGE_ZH);
    expect(engineerOf(replaced)).toBe('none');
  });

  it('takes an engineer who joins unasked, and hands back with nobody awaited', () => {
    const c = atFirstStage();
    c.send(joined);
    expect(engineerOf(c)).toBe('taken');

    c.send({ type: 'engineer.handback', name: 'Wang Engineer' });
    expect(engineerOf(c)).toBe('none');
  });
});
