/**
 * Reopening an archived case through the open case's history (`active.open.last`): it goes on at the step
 * it was left in, whatever phase that was; a case archived with consent is watched a while instead.
 * Pure transitions (see harness.ts).
 */
import {
  atFirstStage,
  diagnosedWithPlan,
  followUpDue,
  saidKeys,
  startConversation,
  stateOf,
  uploadReceived,
  FIRST_MESSAGE_ZH,
  type Conversation,
} from './harness';

const open = (phase: string, step: string) => ({ active: { open: { [phase]: step } } });
const LEFT_OFF = { active: { archived: 'leftOff' } };

function atLogs(): Conversation {
  const c = startConversation();
  c.say(FIRST_MESSAGE_ZH);
  c.submit('problem-definition.confirm');
  c.submit('scope.accept');
  return c;
}

describe('reopening an archived case', () => {
  it('cancelled at the scope: reopens at the scope card', () => {
    const c = startConversation();
    c.say(FIRST_MESSAGE_ZH);
    c.submit('problem-definition.confirm');
    c.say('取消案例');
    expect(stateOf(c)).toEqual(LEFT_OFF);

    const effects = c.submit('summary.reopen');

    expect(stateOf(c)).toEqual(open('problem', 'scope'));
    expect(saidKeys(effects)[0]).toBe('case.reopened');
    expect(effects.map((e) => e.kind)).toContain('card');
  });

  it('cancelled at the verify question: reopens at it', () => {
    const c = atFirstStage();
    c.submit('remediation.failing');
    c.say('取消案例');

    const effects = c.say('重新打开');

    expect(stateOf(c)).toEqual(open('remediation', 'verify'));
    expect(saidKeys(effects)).toEqual(['case.reopened', 'verify.ask']);
  });

  it('cancelled while logs were read, their result came in meanwhile: reopens waiting for logs', () => {
    const c = atLogs();
    c.send(uploadReceived('u1', 'T01.zip'));
    c.say('取消案例');
    // The result is kept and shown; the case stays archived.
    c.send(diagnosedWithPlan('u1', 'T01'));
    expect(stateOf(c)).toEqual(LEFT_OFF);

    const effects = c.say('重新打开');

    expect(stateOf(c)).toEqual(open('logs', 'awaiting'));
    expect(saidKeys(effects)).toEqual(['case.reopened', 'logs.instructions']);
  });

  it('cancelled while logs were read and still are: reopens diagnosing them', () => {
    const c = atLogs();
    c.send(uploadReceived('u1', 'T01.zip'));
    c.say('取消案例');

    const effects = c.say('重新打开');

    expect(stateOf(c)).toEqual(open('logs', 'diagnosing'));
    expect(saidKeys(effects)).toEqual(['case.reopened', 'diagnosing.inProgress']);
  });

  it('archived for silence at a stage, reopened, archived again at the next: reopens at the later one', () => {
    const c = atFirstStage();
    for (let n = 0; n < 4; n++) c.send(followUpDue(n));
    c.say('重新打开');
    c.submit('remediation.failing');
    c.submit('verify.next');
    expect(stateOf(c)).toEqual(open('remediation', 'stage'));
    c.say('取消案例');

    c.submit('greeting.continue');

    expect(stateOf(c)).toEqual(open('remediation', 'stage'));
    expect(c.snapshot.context.remediation?.current).toBe(1);
  });

  it('archived with consent: reopens watching, not at the closure question it was archived from', () => {
    const c = atFirstStage();
    c.say('好了，已经装上了');
    c.submit('closure.accept');
    c.submit('survey.skip');
    expect(stateOf(c)).toEqual({ active: { archived: 'consented' } });

    const effects = c.submit('summary.reopen');

    expect(stateOf(c)).toEqual(open('closure', 'monitoring'));
    expect(saidKeys(effects)).toEqual(['case.reopened', 'closure.notYet']);
  });

  it('a new problem instead of "reopen" opens a new case, which the old one’s place does not leak into', () => {
    const c = atFirstStage();
    c.say('取消案例');
    c.say('KB5012170 在三台服务器上安装失败，报错 0x800f0922');
    expect(stateOf(c)).toEqual(open('problem', 'defining'));
    c.say('取消案例');

    c.say('重新打开');

    expect(stateOf(c)).toEqual(open('problem', 'defining'));
    expect(c.snapshot.context.caseNumber).toBe('CAS-00002-TEST');
  });
});
