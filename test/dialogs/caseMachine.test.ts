/**
 * The case machine's behaviour, turn by turn, with pure transitions and a real outbox: the reference
 * case in both languages, corrections, language switches, greetings with an open case, nudges.
 */
import { createActor, initialTransition, transition } from 'xstate';
import { caseMachine, MACHINE_VERSION, migrations } from '../../dialogs/caseMachine';
import { fulfilled, withRuntimeInputs } from '../../dialogs/caseRuntime';
import type { Effect as MachineEffect, SaveCase, Schedule } from '../../dialogs/effects';
import type { Effect } from './harness';
import type { Locale } from '../../src/domain/locale';
import { t } from '../../src/i18n';
import { renderCard } from '../../src/cards/render';
import {
  FIRST_MESSAGE_EN,
  FIRST_MESSAGE_ZH,
  NUDGE_MS,
  FOLLOW_UPS_MS,
  FIRST_REMINDER,
  atEdge,
  cardUpdates,
  cardsShown,
  collectEffects,
  kinds,
  saidKeys,
  startConversation,
  stateOf,
  testRuntime,
} from './harness';
import type { Conversation } from './harness';

const CJK = /[\u4e00-\u9fff]/;

/** What the runner adds to an `offerUpload` card. */
const UPLOAD_LINK = { uploadUrl: 'https://bot.example/upload/t0k3n', uploadExpires: '2022-05-26 11:49' };

function savedCases(effects: Effect[]): SaveCase['caseRecord'][] {
  return effects.filter((e): e is SaveCase => e.kind === 'saveCase').map((e) => e.caseRecord);
}

function schedules(effects: Effect[]): Schedule[] {
  return effects.filter((e): e is Schedule => e.kind === 'schedule');
}

/** Renders a turn's messages as the runner does, in the locale the machine ends the turn with. */
function rendered(conversation: Conversation, effects: Effect[]): string[] {
  const locale = conversation.snapshot.context.locale;
  return effects.flatMap((e) => {
    if (e.kind === 'say') return [t(locale, e.key, e.params)];
    if (e.kind === 'card' || e.kind === 'updateCard')
      return [renderCard(e.cardId, locale, e.data).fallbackText];
    if (e.kind === 'offerUpload')
      return [renderCard(e.cardId, locale, { ...e.data, ...UPLOAD_LINK }).fallbackText];
    return [];
  });
}

function atDefiningProblem(locale: Locale = 'zh-CN'): Conversation {
  const conversation = startConversation(locale);
  conversation.say(locale === 'en' ? FIRST_MESSAGE_EN : FIRST_MESSAGE_ZH);
  return conversation;
}

function atConfirmingScope(locale: Locale = 'zh-CN'): Conversation {
  const conversation = atDefiningProblem(locale);
  conversation.submit('problem-definition.confirm');
  return conversation;
}

function atAwaitingLogs(locale: Locale = 'zh-CN'): Conversation {
  const conversation = atConfirmingScope(locale);
  conversation.submit('scope.accept');
  return conversation;
}

describe.each([
  ['zh-CN', FIRST_MESSAGE_ZH],
  ['en', FIRST_MESSAGE_EN],
] as const)('the reference case from first message to log collection (%s)', (locale, firstMessage) => {
  it('opens a case and shows the problem-definition card prefilled from the first message', () => {
    const conversation = startConversation(locale);

    const effects = conversation.say(firstMessage);

    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'defining' } } });
    expect(savedCases(effects)).toEqual([
      expect.objectContaining({
        caseNumber: 'CAS-00001-TEST',
        status: 'open',
        locale,
        timeline: expect.any(Object),
      }),
    ]);
    expect(saidKeys(effects)).toEqual(['case.opened']);
    const [card] = cardsShown(effects);
    expect(card).toMatchObject({ cardId: 'problem-definition', slot: 'problem' });
    expect(card.data).toMatchObject({
      caseNumber: 'CAS-00001-TEST',
      kbNumbers: 'KB5011503',
      errorCodes: '0x80073712',
      machineCount: 2,
      confirmed: false,
    });
  });

  it('confirms the problem, freezes its card and shows the scope statement', () => {
    const conversation = atDefiningProblem(locale);

    const effects = conversation.submit('problem-definition.confirm', {
      kbNumbers: 'KB5011503',
      errorCodes: '0x80073712',
      machineCount: 2,
      os: 'Windows 10 LTSC 2019',
      impact: 'two counter terminals',
    });

    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'scope' } } });
    expect(savedCases(effects)[0].problem).toMatchObject({
      kbNumbers: ['KB5011503'],
      errorCodes: ['0x80073712'],
      machineCount: 2,
      os: 'Windows 10 LTSC 2019',
      impact: 'two counter terminals',
      description: firstMessage,
    });
    expect(cardUpdates(effects)).toEqual([
      expect.objectContaining({
        cardId: 'problem-definition',
        slot: 'problem',
        data: expect.objectContaining({ confirmed: true }),
      }),
    ]);
    expect(cardsShown(effects)).toEqual([expect.objectContaining({ cardId: 'scope', slot: 'scope' })]);
  });

  it('accepts the scope and moves on to log collection', () => {
    const conversation = atConfirmingScope(locale);

    const effects = conversation.submit('scope.accept');

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'awaiting' } } });
    expect(savedCases(effects)).toEqual([expect.objectContaining({ scopeConfirmed: true, status: 'open' })]);
    expect(saidKeys(effects)).toEqual(['scope.accepted', 'logs.instructions']);
    expect(cardUpdates(effects)).toEqual([
      expect.objectContaining({ cardId: 'scope', data: expect.objectContaining({ accepted: true }) }),
    ]);
    expect(effects).toContainEqual({
      kind: 'offerUpload',
      caseNumber: 'CAS-00001-TEST',
      cardId: 'log-collection',
      slot: 'logs',
      data: expect.objectContaining({ machineCount: 2, receivedCount: 0, uploads: [] }),
    });
  });

  it('speaks the conversation language on every message and card of the path', () => {
    const conversation = startConversation(locale);
    const texts = [
      ...rendered(conversation, conversation.send({ type: 'conversation.started' })),
      ...rendered(conversation, conversation.say(firstMessage)),
      ...rendered(conversation, conversation.submit('problem-definition.confirm')),
      ...rendered(conversation, conversation.submit('scope.accept')),
    ];

    expect(texts.length).toBeGreaterThan(5);
    for (const text of texts) expect(CJK.test(text)).toBe(locale === 'zh-CN');
  });
});

describe('before a case is open', () => {
  it('welcomes the user and asks for the problem when the conversation starts', () => {
    const conversation = startConversation();

    const effects = conversation.send({ type: 'conversation.started' });

    expect(saidKeys(effects)).toEqual(['welcome', 'problem.ask']);
    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'asking' } } });
  });

  it.each(['你好', 'hello!', '你好，我有个问题', 'help'])(
    'answers "%s" with the welcome instead of opening a case',
    (text) => {
      const conversation = startConversation();

      const effects = conversation.say(text);

      expect(saidKeys(effects)).toEqual(['welcome', 'problem.ask']);
      expect(savedCases(effects)).toEqual([]);
    },
  );

  it('opens the case from the description that follows the welcome', () => {
    const conversation = startConversation();
    conversation.send({ type: 'conversation.started' });

    const effects = conversation.say(FIRST_MESSAGE_ZH);

    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'defining' } } });
    expect(savedCases(effects)[0]).toMatchObject({ caseNumber: 'CAS-00001-TEST', status: 'open' });
  });

  it('opens a case from a description without a KB number when it is about a failed update', () => {
    const conversation = startConversation();
    conversation.say('你好');

    conversation.say('网点的电脑更新一直装不上');

    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'defining' } } });
  });

  it('asks for more details when a reply says nothing about the problem', () => {
    const conversation = startConversation();
    conversation.say('你好');

    const effects = conversation.say('好的');

    expect(saidKeys(effects)).toEqual(['problem.needDetails']);
    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'asking' } } });
  });
});

describe('defining the problem', () => {
  it('takes a free-text correction, updates the card in place and says so', () => {
    const conversation = atDefiningProblem();

    const effects = conversation.say('不对，是三台');

    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'defining' } } });
    expect(cardsShown(effects)).toEqual([]);
    expect(cardUpdates(effects)).toEqual([
      expect.objectContaining({
        slot: 'problem',
        data: expect.objectContaining({ machineCount: 3, kbNumbers: 'KB5011503' }),
      }),
    ]);
    expect(saidKeys(effects)).toEqual(['problem.updated']);
  });

  it('replaces a KB number the user says was wrong', () => {
    const conversation = atDefiningProblem();

    const effects = conversation.say('不是KB5011503，是KB5012599');

    expect(cardUpdates(effects)[0].data).toMatchObject({ kbNumbers: 'KB5012599' });
  });

  it('keeps narrative corrections as part of the description', () => {
    const conversation = atDefiningProblem();

    const effects = conversation.say('影响整个网点的柜面业务');

    expect(cardUpdates(effects)[0].data.description).toBe(`${FIRST_MESSAGE_ZH}\n影响整个网点的柜面业务`);
  });

  it('confirms the draft when the user answers "确认" in the chat', () => {
    const conversation = atDefiningProblem();

    const effects = conversation.say('确认');

    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'scope' } } });
    expect(savedCases(effects)[0].problem).toMatchObject({ kbNumbers: ['KB5011503'], machineCount: 2 });
  });

  it('asks what to change when the user only says "不对"', () => {
    const conversation = atDefiningProblem();

    const effects = conversation.say('不对');

    expect(saidKeys(effects)).toEqual(['problem.askCorrection']);
    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'defining' } } });
  });

  it('normalises what the user typed into the card before filing it', () => {
    const conversation = atDefiningProblem();

    const effects = conversation.submit('problem-definition.confirm', {
      kbNumbers: '5011503, kb5012170',
      errorCodes: '80073712',
      machineCount: '3',
      contact: '',
    });

    expect(savedCases(effects)[0].problem).toMatchObject({
      kbNumbers: ['KB5011503', 'KB5012170'],
      errorCodes: ['0x80073712'],
      machineCount: 3,
    });
    expect(savedCases(effects)[0].problem?.contact).toBeUndefined();
  });
});

describe('confirming the scope', () => {
  it('records a correction from the card, acknowledges it and shows the updated scope', () => {
    const conversation = atConfirmingScope();

    const effects = conversation.submit('scope.correct', { comment: '是三台终端，不是两台' });

    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'scope' } } });
    expect(savedCases(effects)[0].timeline?.event).toEqual({
      key: 'scopeCorrected',
      params: { text: '是三台终端，不是两台' },
    });
    expect(saidKeys(effects)).toEqual(['scope.correctionNoted']);
    const [card] = cardsShown(effects);
    expect(card.cardId).toBe('scope');
    expect(card.data).toMatchObject({
      machineCount: 3,
      corrections: [{ text: '是三台终端，不是两台' }],
      hasCorrections: true,
    });
  });

  it.each(['不用了', '没有', '不需要修改', 'no changes'])(
    'takes "%s" (nothing to change) as accepting the scope',
    (text) => {
      const conversation = atConfirmingScope();

      const effects = conversation.say(text);

      expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'awaiting' } } });
      expect(saidKeys(effects)).toEqual(['scope.accepted', 'logs.instructions']);
    },
  );

  it('treats free text as a correction of the scope', () => {
    const conversation = atConfirmingScope();

    const effects = conversation.say('只涉及网点终端，不包括服务器');

    expect(saidKeys(effects)).toEqual(['scope.correctionNoted']);
    expect(cardsShown(effects)[0].data.corrections).toEqual([{ text: '只涉及网点终端，不包括服务器' }]);
  });

  it('asks for the correction when "correct" is pressed with an empty comment', () => {
    const conversation = atConfirmingScope();

    const effects = conversation.submit('scope.correct', { comment: '  ' });

    expect(saidKeys(effects)).toEqual(['scope.askCorrection']);
    expect(cardsShown(effects)).toEqual([]);
  });

  it('accepts the scope when the user answers "同意"', () => {
    const conversation = atConfirmingScope();

    conversation.say('同意');

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'awaiting' } } });
  });
});

describe('awaiting logs', () => {
  it('reminds the user of the next step when they write', () => {
    const conversation = atAwaitingLogs();

    expect(saidKeys(conversation.say('然后呢'))).toEqual(['logs.reminder']);
  });

  it('fetches an attached file into the case and says so', () => {
    const conversation = atAwaitingLogs();

    const effects = conversation.send({
      type: 'file.received',
      name: 'logs.zip',
      contentType: 'application/zip',
      url: 'https://teams.example/download/logs.zip',
    });

    expect(effects).toEqual([
      {
        kind: 'fetchAttachment',
        caseNumber: 'CAS-00001-TEST',
        name: 'logs.zip',
        url: 'https://teams.example/download/logs.zip',
        contentType: 'application/zip',
      },
      { kind: 'say', key: 'upload.fetching', params: { name: 'logs.zip' } },
      { kind: 'schedule', key: 'nudge', timerKind: 'nudge', delayMs: NUDGE_MS, payload: FIRST_REMINDER },
    ]);
  });

  it('says a button from an earlier card is no longer active instead of acting on it', () => {
    const conversation = atAwaitingLogs();

    const effects = conversation.submit('problem-definition.confirm');

    expect(saidKeys(effects)).toEqual(['card.expired']);
    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'awaiting' } } });
  });
});

describe('switching language', () => {
  it('switches to English mid-flow and re-shows the problem card, rendered in English', () => {
    const conversation = atDefiningProblem('zh-CN');

    const effects = conversation.say('English');

    expect(conversation.snapshot.context.locale).toBe('en');
    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'defining' } } });
    expect(saidKeys(effects)).toEqual(['language.switched']);
    const [card] = cardsShown(effects);
    expect(card).toMatchObject({
      cardId: 'problem-definition',
      data: expect.objectContaining({ kbNumbers: 'KB5011503' }),
    });
    expect(JSON.stringify(renderCard(card.cardId, 'en', card.data).card)).toContain('Problem definition');
  });

  it('switches on a language.switch event and re-shows the scope card', () => {
    const conversation = atConfirmingScope('en');

    const effects = conversation.send({ type: 'language.switch', locale: 'zh-CN' });

    expect(conversation.snapshot.context.locale).toBe('zh-CN');
    expect(cardsShown(effects).map((c) => c.cardId)).toEqual(['scope']);
  });

  it('toggles the language on "切换语言" and repeats the current step', () => {
    const conversation = atAwaitingLogs('zh-CN');

    const effects = conversation.say('切换语言');

    expect(conversation.snapshot.context.locale).toBe('en');
    expect(saidKeys(effects)).toEqual(['language.switched', 'logs.instructions']);
  });

  it('switches before a case is open and then welcomes the user in the new language', () => {
    const conversation = startConversation('en');

    const effects = conversation.say('中文');

    expect(conversation.snapshot.context.locale).toBe('zh-CN');
    expect(saidKeys(effects)).toEqual(['language.switched', 'welcome', 'problem.ask']);
  });
});

describe('a greeting while a case is open', () => {
  it.each([
    ['a greeting text', (c: Conversation) => c.say('你好')],
    ['the conversation starting again', (c: Conversation) => c.send({ type: 'conversation.started' })],
  ])('offers to continue or start anew on %s', (_name, greet) => {
    const conversation = atConfirmingScope();

    const effects = greet(conversation);

    expect(cardsShown(effects)).toEqual([
      expect.objectContaining({
        cardId: 'greeting',
        slot: 'greeting',
        data: expect.objectContaining({ caseNumber: 'CAS-00001-TEST' }),
      }),
    ]);
    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'scope' } } });
  });

  it('resumes the current step with its card on "continue"', () => {
    const conversation = atConfirmingScope();
    conversation.say('hi');

    const effects = conversation.submit('greeting.continue');

    expect(saidKeys(effects)).toEqual(['case.resumed']);
    expect(cardsShown(effects).map((c) => c.cardId)).toEqual(['scope']);
    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'scope' } } });
  });

  it('archives the open case and starts a new one on "new"', () => {
    const conversation = atAwaitingLogs();
    conversation.say('你好');

    const effects = conversation.submit('greeting.new');

    expect(savedCases(effects)).toEqual([
      expect.objectContaining({ caseNumber: 'CAS-00001-TEST', status: 'archived' }),
    ]);
    expect(saidKeys(effects)).toEqual(['case.archived', 'problem.ask']);
    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'asking' } } });
    expect(conversation.snapshot.context.caseNumber).toBeUndefined();
    expect(savedCases(conversation.say('KB5012170 安装失败'))[0].caseNumber).toBe('CAS-00002-TEST');
  });

  it('starts a new case when the user writes "新案例"', () => {
    const conversation = atDefiningProblem();

    const effects = conversation.say('新案例');

    expect(savedCases(effects)[0].status).toBe('archived');
    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'asking' } } });
  });

  it.each(['新案例', '继续'])('just asks for the problem on "%s" when no case is open yet', (text) => {
    const conversation = startConversation();
    conversation.say('你好');

    const effects = conversation.say(text);

    expect(effects).toEqual([{ kind: 'say', key: 'problem.ask' }]);
  });

  it('welcomes again rather than offering a case when none is open yet', () => {
    const conversation = startConversation();
    conversation.say('你好');

    const effects = conversation.say('你好');

    expect(cardsShown(effects)).toEqual([]);
    expect(saidKeys(effects)).toEqual(['welcome', 'problem.ask']);
  });
});

describe('nudging on silence', () => {
  const nudgeDue = { type: 'reminder.due', key: 'nudge', kind: 'nudge' } as const;

  it('schedules a durable nudge when the problem card is shown', () => {
    const conversation = startConversation();

    const effects = conversation.say(FIRST_MESSAGE_ZH);

    expect(schedules(effects)).toEqual([
      { kind: 'schedule', key: 'nudge', timerKind: 'nudge', delayMs: NUDGE_MS, payload: FIRST_REMINDER },
    ]);
  });

  it('pushes the nudge back when the user writes', () => {
    const conversation = atDefiningProblem();

    expect(schedules(conversation.say('不对，是三台'))).toHaveLength(1);
  });

  it('cancels the nudge on leaving the step and schedules one for the scope', () => {
    const conversation = atDefiningProblem();

    const effects = conversation.submit('problem-definition.confirm');

    expect(kinds(effects).filter((k) => k === 'cancelSchedule' || k === 'schedule')).toEqual([
      'cancelSchedule',
      'schedule',
    ]);
  });

  it('replaces the scope reminder with the log-collection one once the scope is accepted', () => {
    const conversation = atConfirmingScope();

    const effects = conversation.submit('scope.accept');

    expect(kinds(effects).filter((k) => k === 'cancelSchedule' || k === 'schedule')).toEqual([
      'cancelSchedule',
      'schedule',
    ]);
  });

  it('says the reminder for the current step and schedules the next of the series', () => {
    const conversation = atDefiningProblem();

    const first = conversation.send(nudgeDue);

    expect(first).toEqual([
      { kind: 'say', key: 'nudge.problem' },
      {
        kind: 'schedule',
        key: 'nudge',
        timerKind: 'nudge',
        delayMs: FOLLOW_UPS_MS[1] - FOLLOW_UPS_MS[0],
        payload: { n: 1, last: false, warn: false },
      },
    ]);
  });

  it('starts the series again from the first reminder when the user writes', () => {
    const conversation = atDefiningProblem();
    conversation.send(nudgeDue);

    const effects = conversation.say('不对，是三台');

    expect(schedules(effects)).toEqual([
      { kind: 'schedule', key: 'nudge', timerKind: 'nudge', delayMs: NUDGE_MS, payload: FIRST_REMINDER },
    ]);
  });

  it('nudges about the scope in the scope step', () => {
    const conversation = atConfirmingScope();

    expect(saidKeys(conversation.send(nudgeDue))).toEqual(['nudge.scope']);
  });

  it('ignores a nudge that comes due after its step is over', () => {
    const conversation = atAwaitingLogs();
    conversation.send({
      type: 'upload.received',
      uploadId: 'u1',
      name: 'T01.zip',
      size: 10,
      duplicate: false,
    });

    expect(conversation.send(nudgeDue)).toEqual([]);
  });
});

describe('unknown text', () => {
  it.each([
    ['idle', () => startConversation()],
    [
      'awaitingProblem',
      () => {
        const c = startConversation();
        c.say('你好');
        return c;
      },
    ],
    ['definingProblem', () => atDefiningProblem()],
    ['confirmingScope', () => atConfirmingScope()],
    ['awaitingLogs', () => atAwaitingLogs()],
  ])('gets an answer in %s', (_state, arrange) => {
    const conversation = arrange();

    const effects = conversation.say('嗯……这个怎么说呢');

    expect(saidKeys(effects).length).toBeGreaterThan(0);
  });

  it('answers "help" with what the bot does and then the current step', () => {
    const conversation = atAwaitingLogs();

    expect(saidKeys(conversation.say('帮助'))).toEqual(['help', 'logs.instructions']);
  });

  it('acknowledges a file sent before logs are asked for', () => {
    const conversation = atDefiningProblem();

    const effects = conversation.send({ type: 'file.received', name: 'CBS.log', contentType: 'text/plain' });

    expect(saidKeys(effects)).toEqual(['file.notYet']);
  });
});

describe('running as the conversation runner does', () => {
  it('restores a persisted snapshot and continues, history included', () => {
    const outbox: Effect[] = [];
    const runtime = testRuntime(() => 'CAS-RUNNER');
    const first = createActor(caseMachine, { input: { locale: 'zh-CN' } }).start();
    first.send(atEdge({ type: 'user.message', text: FIRST_MESSAGE_ZH }, runtime));
    const persisted = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));
    first.stop();
    outbox.length = 0;

    const second = createActor(caseMachine, { snapshot: persisted });
    collectEffects(second, outbox);
    second.start();
    second.send({ type: 'language.switch', locale: 'en' });

    expect(second.getSnapshot().value).toEqual({
      active: { steps: { open: { problem: 'defining' } }, engineer: 'none' },
    });
    expect(second.getSnapshot().context).toMatchObject({ locale: 'en', caseNumber: 'CAS-RUNNER' });
    expect(cardsShown(outbox).map((c) => c.cardId)).toEqual(['problem-definition']);
  });

  it('fails loudly when a message that opens a case comes without the number the runner issues', () => {
    const errors: unknown[] = [];
    const actor = createActor(caseMachine, { input: { locale: 'en' } });
    actor.subscribe({ error: (err) => errors.push(err) });
    actor.start();

    actor.send({ type: 'user.message', text: FIRST_MESSAGE_EN });

    expect(actor.getSnapshot().status).toBe('error');
    expect(String(errors[0])).toMatch(/newCaseNumber/);
  });

  it('refuses to open a case without a case number, even in a pure transition', () => {
    const [initial] = initialTransition(caseMachine, { locale: 'en' });

    expect(() => transition(caseMachine, initial, { type: 'user.message', text: FIRST_MESSAGE_EN })).toThrow(
      /newCaseNumber/,
    );
  });

  it('runs with nothing provided: its effects are its own, emitted as requests where the runtime decides', () => {
    const outbox: MachineEffect[] = [];
    const actor = createActor(caseMachine, { input: { locale: 'zh-CN' } });
    actor.on('effect', (event) => outbox.push(event.effect));
    actor.start();

    actor.send(
      withRuntimeInputs(
        { type: 'user.message', text: FIRST_MESSAGE_ZH },
        testRuntime(() => 'CAS-EDGE'),
      ),
    );

    expect(actor.getSnapshot().context.caseNumber).toBe('CAS-EDGE');
    // The reminder is asked for by its place in the series; the runner knows the configured delays.
    expect(outbox).toContainEqual({ kind: 'scheduleFollowUp', n: 0 });
    expect(
      outbox.map((e) =>
        fulfilled(
          e,
          testRuntime(() => 'unused'),
        ),
      ),
    ).toContainEqual({
      kind: 'schedule',
      key: 'nudge',
      timerKind: 'nudge',
      delayMs: NUDGE_MS,
      payload: FIRST_REMINDER,
    });
  });

  it('is at version 3, with migrations from versions 1 and 2 (test/dialogs/persisted*.test.ts)', () => {
    expect(MACHINE_VERSION).toBe(3);
    expect(Object.keys(migrations)).toEqual(['1', '2']);
  });
});

describe('the conversation language', () => {
  it('follows the language of the first problem statement when the client said another', () => {
    const conversation = startConversation('en');
    conversation.send({ type: 'conversation.started' });
    conversation.send({
      type: 'user.message',
      text: 'KB5011503 在两台终端上安装失败，报错 0x80073712',
      locale: 'zh-CN',
    });
    expect(conversation.snapshot.context.locale).toBe('zh-CN');
  });

  it('keeps the language the user chose explicitly, whatever they write next', () => {
    const conversation = startConversation('zh-CN');
    conversation.send({ type: 'language.switch', locale: 'en' });
    conversation.send({
      type: 'user.message',
      text: 'KB5011503 在两台终端上安装失败，报错 0x80073712',
      locale: 'zh-CN',
    });
    expect(conversation.snapshot.context.locale).toBe('en');
  });

  it('does not switch on text that says nothing about its language', () => {
    const conversation = startConversation('zh-CN');
    conversation.send({ type: 'user.message', text: 'KB5011503 0x80073712' });
    expect(conversation.snapshot.context.locale).toBe('zh-CN');
  });
});
