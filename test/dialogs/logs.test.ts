/**
 * From the accepted scope to a diagnosis shown: the log-collection card and its link, attachments
 * fetched, uploads received and refused, diagnoses per machine and what they share, reminders, the
 * diagnosis card's buttons, in both languages. Pure transitions through the dialog harness.
 */
import { createActor } from 'xstate';
import { caseMachine } from '../../dialogs/caseMachine';
import { understand } from '../../dialogs/understand';
import type { FetchAttachment, OfferFile, SaveCase, Schedule } from '../../dialogs/effects';
import type { Effect, OfferUpload, ShowCard } from './harness';
import type { CaseEvent } from '../../src/domain/events';
import type { Locale } from '../../src/domain/locale';
import {
  commonFinding,
  expectedMachines,
  machinesDiagnosed,
  machinesReceived,
  phaseOf,
  withDiagnosis,
} from '../../dialogs/logs';
import { evidenceText, machineKeyOf } from '../../src/domain/diagnosis';
import { compare, planFor } from '../../src/domain/plan';
import { DIAGNOSIS_FAILURE_CODES, REFUSAL_CODES } from '../../src/domain/failures';
import { renderCard } from '../../src/cards/render';
import { diagnosisCardData } from '../../src/cards/data/logs';
import { t } from '../../src/i18n';
import {
  FIRST_MESSAGE_EN,
  FIRST_MESSAGE_ZH,
  NUDGE_MS,
  FOLLOW_UPS_MS,
  FIRST_REMINDER,
  atEdge,
  cardsShown,
  collectEffects,
  componentStoreCorrupt,
  diagnosisDone,
  diagnosisFailed,
  kinds,
  nothingFound,
  PLAN,
  saidKeys,
  startConversation,
  stateOf,
  testRuntime,
  uploadReceived,
} from './harness';
import type { Conversation } from './harness';

const CJK = /[\u4e00-\u9fff]/;
const UPLOAD_LINK = { uploadUrl: 'https://bot.example/upload/t0k3n', uploadExpires: '2022-05-26 11:49' };
const nudgeDue = { type: 'reminder.due', key: 'nudge', kind: 'nudge' } as const;

function offers(effects: Effect[]): OfferUpload[] {
  return effects.filter((e): e is OfferUpload => e.kind === 'offerUpload');
}

function fileOffers(effects: Effect[]): OfferFile[] {
  return effects.filter((e): e is OfferFile => e.kind === 'offerFile');
}

function fetches(effects: Effect[]): FetchAttachment[] {
  return effects.filter((e): e is FetchAttachment => e.kind === 'fetchAttachment');
}

function savedCases(effects: Effect[]): SaveCase['caseRecord'][] {
  return effects.filter((e): e is SaveCase => e.kind === 'saveCase').map((e) => e.caseRecord);
}

function schedules(effects: Effect[]): Schedule[] {
  return effects.filter((e): e is Schedule => e.kind === 'schedule');
}

function diagnosisCards(effects: Effect[]): ShowCard[] {
  return cardsShown(effects).filter((c) => c.cardId === 'diagnosis');
}

/** The turn's messages as the user reads them (cards by their full text), in the conversation's language. */
function readable(conversation: Conversation, effects: Effect[]): string[] {
  const locale = conversation.snapshot.context.locale;
  return effects.flatMap((e) => {
    if (e.kind === 'say') return [t(locale, e.key, e.params)];
    if (e.kind === 'card' || e.kind === 'updateCard')
      return [JSON.stringify(renderCard(e.cardId, locale, e.data).card)];
    if (e.kind === 'offerUpload')
      return [JSON.stringify(renderCard(e.cardId, locale, { ...e.data, ...UPLOAD_LINK }).card)];
    return [];
  });
}

function atAwaitingLogs(locale: Locale = 'zh-CN', firstMessage?: string): Conversation {
  const conversation = startConversation(locale);
  conversation.say(firstMessage ?? (locale === 'en' ? FIRST_MESSAGE_EN : FIRST_MESSAGE_ZH));
  conversation.submit('problem-definition.confirm');
  conversation.submit('scope.accept');
  return conversation;
}

/** One terminal's logs are being read. */
function atDiagnosing(locale: Locale = 'zh-CN'): Conversation {
  const conversation = atAwaitingLogs(locale);
  conversation.send(uploadReceived('u1', 'T01.zip'));
  return conversation;
}

/** Both terminals of the reference case diagnosed with the same cause. */
function atDiagnosed(locale: Locale = 'zh-CN'): Conversation {
  const conversation = atAwaitingLogs(locale);
  conversation.send(uploadReceived('u1', 'T01.zip'));
  conversation.send(uploadReceived('u2', 'T02.zip'));
  conversation.send(diagnosisDone('u1', 'BRANCH-T01'));
  conversation.send(diagnosisDone('u2', 'BRANCH-T02'));
  return conversation;
}

describe('the log collection step', () => {
  it('offers the log-collection card with the upload link once the scope is accepted', () => {
    const conversation = startConversation();
    conversation.say(FIRST_MESSAGE_ZH);
    conversation.submit('problem-definition.confirm');

    const effects = conversation.submit('scope.accept');

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'awaiting' } } });
    expect(offers(effects)).toEqual([
      {
        kind: 'offerUpload',
        caseNumber: 'CAS-00001-TEST',
        cardId: 'log-collection',
        slot: 'logs',
        data: {
          caseNumber: 'CAS-00001-TEST',
          machineCount: 2,
          receivedCount: 0,
          hasUploads: false,
          uploads: [],
        },
      },
    ]);
  });

  it('offers the collector kit as a file once, after the card, and not with its in-place updates', () => {
    const conversation = startConversation();
    conversation.say(FIRST_MESSAGE_ZH);
    conversation.submit('problem-definition.confirm');

    const effects = conversation.submit('scope.accept');

    expect(fileOffers(effects)).toEqual([
      { kind: 'offerFile', fileId: 'collector-kit', caseNumber: 'CAS-00001-TEST' },
    ]);
    const kindsInOrder = kinds(effects).filter((k) => k === 'offerUpload' || k === 'offerFile');
    expect(kindsInOrder).toEqual(['offerUpload', 'offerFile']);
    const later = [
      conversation.send(uploadReceived('u1', 'T01.zip')),
      conversation.send(uploadReceived('u2', 'T02.zip')),
      conversation.send(diagnosisDone('u1', 'BRANCH-T01')),
      conversation.send(diagnosisFailed('u2', 'T02.zip', 'truncated')),
    ];
    for (const turn of later) {
      expect(offers(turn).some((o) => o.update === true)).toBe(true);
      expect(fileOffers(turn)).toEqual([]);
    }
    // Re-entering the step (help, a language switch) repeats the card, not the file.
    const again = conversation.say('help');
    expect(offers(again)).not.toEqual([]);
    expect(fileOffers(again)).toEqual([]);
  });

  it.each(['zh-CN', 'en'] as const)('tells how to collect and upload, truthfully, in %s', (locale) => {
    const conversation = startConversation(locale);
    conversation.say(locale === 'en' ? FIRST_MESSAGE_EN : FIRST_MESSAGE_ZH);
    conversation.submit('problem-definition.confirm');

    const [card] = offers(conversation.submit('scope.accept'));
    const text = JSON.stringify(renderCard(card.cardId, locale, { ...card.data, ...UPLOAD_LINK }).card);

    expect(CJK.test(text)).toBe(locale === 'zh-CN');
    expect(text).toContain('collect-logs.cmd');
    expect(text).toContain('collect-logs.cmd -UploadUrl \\"https://bot.example/upload/t0k3n\\"');
    expect(text).toContain('"type":"Action.OpenUrl"');
    expect(text).toContain('2022-05-26 11:49');
    expect(text).toContain(locale === 'en' ? '21Vianet' : '世纪互联');
    expect(text).toContain(locale === 'en' ? 'Run as administrator' : '以管理员身份运行');
    expect(text).toContain(locale === 'en' ? '0 of 2 machines' : '0/2 台机器');
  });

  it('counts one machine when the problem does not say how many', () => {
    const conversation = atAwaitingLogs('en', 'KB5011503 fails to install with error 0x80073712');

    const [card] = offers(conversation.say('help'));

    expect(card.data).toMatchObject({ machineCount: 1, receivedCount: 0 });
  });

  it('arms a reminder that names how many machines are still missing', () => {
    const conversation = atAwaitingLogs();

    const effects = conversation.send(nudgeDue);

    expect(effects).toEqual([
      { kind: 'say', key: 'nudge.logs', params: { caseNumber: 'CAS-00001-TEST', received: 0, expected: 2 } },
      {
        kind: 'schedule',
        key: 'nudge',
        timerKind: 'nudge',
        delayMs: FOLLOW_UPS_MS[1] - FOLLOW_UPS_MS[0],
        payload: { n: 1, last: false, warn: false },
      },
    ]);
  });

  it('pushes the reminder back when the user writes, and answers with where we are', () => {
    const conversation = atAwaitingLogs();

    const effects = conversation.say('然后呢');

    expect(saidKeys(effects)).toEqual(['logs.reminder']);
    expect(schedules(effects)).toEqual([
      { kind: 'schedule', key: 'nudge', timerKind: 'nudge', delayMs: NUDGE_MS, payload: FIRST_REMINDER },
    ]);
  });
});

describe('files attached in the chat', () => {
  const attachment: CaseEvent = {
    type: 'file.received',
    name: 'BRANCH-T01-20220519-114909.zip',
    contentType: 'application/vnd.microsoft.teams.file.download.info',
    url: 'https://teams.example/download/abc',
  };

  it.each([
    ['awaitingLogs', atAwaitingLogs],
    ['diagnosing', atDiagnosing],
    ['diagnosed', atDiagnosed],
  ] as const)('are fetched into the case in %s', (_state, arrange) => {
    const conversation = arrange('zh-CN');

    const effects = conversation.send(attachment);

    expect(fetches(effects)).toEqual([
      {
        kind: 'fetchAttachment',
        caseNumber: 'CAS-00001-TEST',
        name: 'BRANCH-T01-20220519-114909.zip',
        url: 'https://teams.example/download/abc',
        contentType: 'application/vnd.microsoft.teams.file.download.info',
      },
    ]);
    expect(saidKeys(effects)).toEqual(['upload.fetching']);
  });

  it('points to the upload link when Teams gave no way to download the file', () => {
    const conversation = atAwaitingLogs();

    const effects = conversation.send({ type: 'file.received', name: 'T01.zip', contentType: 'text/html' });

    expect(fetches(effects)).toEqual([]);
    expect(saidKeys(effects)).toEqual(['upload.noUrl']);
  });

  it.each([
    ['before a case is open', (c: Conversation) => c.send({ type: 'conversation.started' })],
    ['before the scope is accepted', (c: Conversation) => c.say(FIRST_MESSAGE_ZH)],
  ])('are only acknowledged %s', (_when, arrange) => {
    const conversation = startConversation();
    arrange(conversation);

    const effects = conversation.send(attachment);

    expect(fetches(effects)).toEqual([]);
    expect(saidKeys(effects)).toEqual(['file.notYet']);
  });
});

describe('uploads', () => {
  it('acknowledge a stored bundle, update the card in place and start diagnosing', () => {
    const conversation = atAwaitingLogs();

    const effects = conversation.send(uploadReceived('u1', 'T01.zip'));

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosing' } } });
    expect(saidKeys(effects)).toEqual(['upload.received']);
    expect(savedCases(effects)).toEqual([
      expect.objectContaining({
        status: 'open',
        timeline: {
          actor: 'user',
          event: { key: 'uploaded', params: { name: 'T01.zip', size: 4_812_345, uploadId: 'u1' } },
        },
      }),
    ]);
    expect(offers(effects)).toEqual([
      expect.objectContaining({
        slot: 'logs',
        update: true,
        data: expect.objectContaining({
          receivedCount: 1,
          uploads: [{ label: 'T01.zip', status: 'received' }],
        }),
      }),
    ]);
    expect(conversation.snapshot.context.uploads).toEqual([
      { uploadId: 'u1', name: 'T01.zip', status: 'received' },
    ]);
  });

  it('cancel the log reminder', () => {
    const conversation = atAwaitingLogs();

    const effects = conversation.send(uploadReceived('u1', 'T01.zip'));

    expect(effects).toContainEqual({ kind: 'cancelSchedule', key: 'nudge' });
    expect(schedules(effects)).toEqual([]);
  });

  it('say so when the case already had these exact bytes, and change nothing', () => {
    const conversation = atDiagnosing();

    const effects = conversation.send(uploadReceived('u1', 'T01 (copy).zip', true));

    expect(effects).toEqual([{ kind: 'say', key: 'upload.duplicate', params: { name: 'T01 (copy).zip' } }]);
    expect(conversation.snapshot.context.uploads).toHaveLength(1);
    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosing' } } });
  });

  it('may be several in flight at once', () => {
    const conversation = atDiagnosing();

    conversation.send(uploadReceived('u2', 'T02.zip'));

    expect(conversation.snapshot.context.uploads?.map((u) => [u.uploadId, u.status])).toEqual([
      ['u1', 'received'],
      ['u2', 'received'],
    ]);
    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosing' } } });
  });

  it('are not taken before the scope is accepted (the link does not exist yet)', () => {
    const conversation = startConversation();
    conversation.say(FIRST_MESSAGE_ZH);

    expect(conversation.send(uploadReceived('u1', 'T01.zip'))).toEqual([]);
    expect(stateOf(conversation)).toEqual({ active: { open: { problem: 'defining' } } });
  });
});

describe.each(['zh-CN', 'en'] as const)('refusals and failures in %s', (locale) => {
  const PARAMS: Record<string, Record<string, string | number>> = {
    'too-large': { limitMb: 500 },
    'case-full': { limit: '20 GB' },
    'download-failed': { status: 404 },
    'no-usable-logs': { missing: 'CBS.log, WindowsUpdate.log' },
  };

  it.each(REFUSAL_CODES)('explain the refusal "%s" and stay ready for the next upload', (code) => {
    const conversation = atAwaitingLogs(locale);

    const effects = conversation.send({
      type: 'upload.refused',
      name: 'upload.bin',
      code,
      params: PARAMS[code],
    });

    expect(saidKeys(effects)).toEqual([`upload.refused.${code}`]);
    const [message] = readable(conversation, effects);
    expect(message).toContain('upload.bin');
    expect(message).not.toMatch(/\{\w+\}/);
    expect(CJK.test(message)).toBe(locale === 'zh-CN');
    if (PARAMS[code]) expect(message).toContain(String(Object.values(PARAMS[code])[0]));
    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'awaiting' } } });
  });

  it.each(['expired-link', 'invalid-link', 'revoked-link'])(
    'post a card with a fresh link after "%s"',
    (code) => {
      const conversation = atAwaitingLogs(locale);

      const effects = conversation.send({ type: 'upload.refused', name: 'T01.zip', code });

      expect(offers(effects)).toEqual([expect.objectContaining({ cardId: 'log-collection', slot: 'logs' })]);
      expect(offers(effects)[0].update).toBeUndefined();
    },
  );

  it.each(DIAGNOSIS_FAILURE_CODES)('explain the diagnosis failure "%s" and wait for logs again', (code) => {
    const conversation = atDiagnosing(locale);

    const effects = conversation.send(diagnosisFailed('u1', 'T01.zip', code, PARAMS[code]));

    expect(saidKeys(effects)).toEqual([`diagnosis.failed.${code}`]);
    const [message] = readable(conversation, effects);
    expect(message).toContain('T01.zip');
    expect(message).not.toMatch(/\{\w+\}/);
    expect(CJK.test(message)).toBe(locale === 'zh-CN');
    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'awaiting' } } });
    expect(conversation.snapshot.context.uploads).toEqual([
      { uploadId: 'u1', name: 'T01.zip', status: 'failed' },
    ]);
  });

  it('say which logs are missing and how to collect them when none are usable', () => {
    const conversation = atDiagnosing(locale);

    const [message] = readable(
      conversation,
      conversation.send(
        diagnosisFailed('u1', 'T01.zip', 'no-usable-logs', { missing: 'CBS.log, WindowsUpdate.log' }),
      ),
    );

    expect(message).toContain('CBS.log, WindowsUpdate.log');
    expect(message).toContain('collect-logs.cmd');
  });

  it('answer codes they do not know with a general message', () => {
    const conversation = atDiagnosing(locale);

    expect(saidKeys(conversation.send(diagnosisFailed('u1', 'T01.zip', 'new-code')))).toEqual([
      'diagnosis.failed.other',
    ]);
    expect(saidKeys(conversation.send({ type: 'upload.refused', name: 'x', code: 'new-code' }))).toEqual([
      'upload.refused.other',
    ]);
  });
});

describe('a failed diagnosis', () => {
  it('keeps diagnosing while another upload is still in flight', () => {
    const conversation = atDiagnosing();
    conversation.send(uploadReceived('u2', 'T02.zip'));

    conversation.send(diagnosisFailed('u1', 'T01.zip', 'truncated'));

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosing' } } });
  });

  it('re-arms the log reminder when nothing else is in flight', () => {
    const conversation = atDiagnosing();

    const effects = conversation.send(diagnosisFailed('u1', 'T01.zip', 'truncated'));

    expect(schedules(effects)).toHaveLength(1);
    expect(offers(effects)).toEqual([expect.objectContaining({ update: true })]);
    expect(savedCases(effects)[0]).toMatchObject({ status: 'awaiting-customer' });
  });
});

describe('diagnoses', () => {
  it('show the first of two terminals, say "1 of 2" and wait for the other', () => {
    const conversation = atDiagnosing();

    const effects = conversation.send(diagnosisDone('u1', 'BRANCH-T01'));

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'awaiting' } } });
    expect(saidKeys(effects)).toEqual(['diagnosis.progress']);
    expect(effects).toContainEqual({
      kind: 'say',
      key: 'diagnosis.progress',
      params: { done: 1, expected: 2 },
    });
    const [card] = diagnosisCards(effects);
    expect(card.slot).toBe('diagnosis:u1');
    expect(card.data).toMatchObject({
      machine: 'BRANCH-T01',
      found: true,
      errorCode: '0x80073712',
      symbolicName: 'ERROR_SXS_COMPONENT_STORE_CORRUPT',
      meaning: 'Windows 更新所使用的组件库已损坏。',
      nextStep: '重置 Windows 更新组件',
      osBuild: '10.0.17763.2628',
    });
    expect(card.data.evidence).toHaveLength(3);
    expect(offers(effects)).toEqual([
      expect.objectContaining({
        update: true,
        data: expect.objectContaining({ receivedCount: 1, machineCount: 2 }),
      }),
    ]);
    expect(savedCases(effects)[0]).toMatchObject({
      status: 'open',
      timeline: {
        actor: 'bot',
        event: {
          key: 'diagnosed',
          params: expect.objectContaining({
            verdict: expect.objectContaining({ en: expect.stringContaining('0x80073712') }),
          }),
        },
      },
    });
  });

  it('say the terminals share one cause once both are diagnosed', () => {
    const conversation = atDiagnosing('en');
    conversation.send(diagnosisDone('u1', 'BRANCH-T01'));
    conversation.send(uploadReceived('u2', 'T02.zip'));

    const effects = conversation.send(diagnosisDone('u2', 'BRANCH-T02'));

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosed' } } });
    expect(saidKeys(effects)).toEqual(['diagnosis.sameCause', 'engineer.autoEscalated']);
    expect(readable(conversation, effects).at(-2)).toBe(
      'The 2 machines fail for the same reason: 0x80073712 (ERROR_SXS_COMPONENT_STORE_CORRUPT): The component store (C:\\Windows\\WinSxS) is corrupted.',
    );
    // With no remediation plan in the knowledge base, the engineers are asked to look at it.
    expect(savedCases(effects).at(-1)).toMatchObject({ status: 'awaiting-engineer' });
    expect(effects).toContainEqual({
      kind: 'escalate',
      caseNumber: 'CAS-00001-TEST',
      reason: 'inconclusive',
    });
  });

  it('wait for uploads in flight before the verdict, saying how far they are', () => {
    const conversation = atDiagnosing();
    conversation.send(uploadReceived('u2', 'T02.zip'));

    const effects = conversation.send(diagnosisDone('u1', 'BRANCH-T01'));

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosing' } } });
    expect(effects).toContainEqual({
      kind: 'say',
      key: 'diagnosis.progress',
      params: { done: 1, expected: 2 },
    });
  });

  it('say when the terminals fail for different reasons', () => {
    const conversation = atDiagnosing();
    conversation.send(uploadReceived('u2', 'T02.zip'));
    conversation.send(diagnosisDone('u1', 'BRANCH-T01'));

    const effects = conversation.send(
      diagnosisDone('u2', 'BRANCH-T02', {
        errorCode: '0x800f0922',
        symbolicName: 'CBS_E_INSTALLERS_FAILED',
        causeId: 'esp-full',
      }),
    );

    expect(saidKeys(effects)).toEqual(['diagnosis.differentCauses', 'engineer.autoEscalated']);
    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosed' } } });
  });

  it.each(['zh-CN', 'en'] as const)(
    'say no decisive failure was found, list the missing logs and offer more logs or an engineer (%s)',
    (locale) => {
      const conversation = atAwaitingLogs(
        locale,
        locale === 'en' ? 'KB5011503 fails on one terminal' : 'KB5011503 在一台终端上安装失败',
      );
      conversation.send(uploadReceived('u1', 'T01.zip'));

      const effects = conversation.send(nothingFound('u1', 'BRANCH-T01'));

      expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosed' } } });
      expect(saidKeys(effects)).toEqual(['diagnosis.inconclusive', 'engineer.autoEscalated']);
      const card = JSON.stringify(renderCard('diagnosis', locale, diagnosisCards(effects)[0].data).card);
      expect(card).toContain(
        locale === 'en' ? 'No decisive failure was found in these logs.' : '没有找到可以确定原因的失败记录',
      );
      expect(card).toContain('CBS.log, WindowsUpdate.log');
      expect(card).toContain('diagnosis.more-logs');
      expect(card).toContain('diagnosis.engineer');
    },
  );

  it('make a wrong-build verdict prominent on the card', () => {
    const conversation = atDiagnosing('en');

    const effects = conversation.send(
      diagnosisDone('u1', 'BRANCH-T01', {
        kb: {
          kb: 'KB5011503',
          verdict: 'wrong-build',
          note: { en: 'This machine runs build 19044.', 'zh-CN': '这台机器是 19044 版本。' },
        },
      }),
    );

    const card = JSON.stringify(renderCard('diagnosis', 'en', diagnosisCards(effects)[0].data).card);
    expect(card).toContain('KB5011503 is not meant for the Windows build of this machine.');
    expect(card).toContain('"color":"Attention"');
    expect(card).toContain('This machine runs build 19044.');
  });

  it('replace an earlier diagnosis of the same machine', () => {
    const conversation = atDiagnosed();
    conversation.submit('diagnosis.more-logs');
    conversation.send(uploadReceived('u3', 'T01-after-reset.zip'));

    const effects = conversation.send(
      diagnosisDone('u3', 'branch-t01', { errorCode: '0x800f081f', causeId: 'source-missing' }),
    );

    expect(conversation.snapshot.context.diagnoses?.map((d) => [d.machine, d.uploadId])).toEqual([
      ['BRANCH-T02', 'u2'],
      ['branch-t01', 'u3'],
    ]);
    expect(diagnosisCards(effects)[0].slot).toBe('diagnosis:u3');
    expect(saidKeys(effects)).toEqual(['diagnosis.differentCauses', 'engineer.autoEscalated']);
    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosed' } } });
  });

  it('ignore results for uploads the case does not know (an archived case, say)', () => {
    const conversation = atDiagnosing();
    conversation.say('新案例');

    expect(conversation.send(diagnosisDone('u1', 'BRANCH-T01'))).toEqual([]);
    expect(conversation.send(diagnosisFailed('u1', 'T01.zip', 'truncated'))).toEqual([]);
  });
});

describe('the diagnosed case', () => {
  it('offers the link again on "Send more logs"', () => {
    const conversation = atDiagnosed();

    const effects = conversation.submit('diagnosis.more-logs');

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'awaiting' } } });
    expect(saidKeys(effects)).toEqual(['logs.instructions']);
    expect(offers(effects)).toEqual([
      expect.objectContaining({
        cardId: 'log-collection',
        data: expect.objectContaining({ receivedCount: 2 }),
      }),
    ]);
    expect(offers(effects)[0].update).toBeUndefined();
    expect(schedules(effects)).toHaveLength(1);
  });

  it('notes the wish for an engineer honestly and records it on the timeline', () => {
    const conversation = atDiagnosed('en');

    const effects = conversation.submit('diagnosis.engineer');

    expect(saidKeys(effects)).toEqual(['engineer.noted']);
    expect(readable(conversation, effects)[0]).toMatch(/^I have asked the support engineers to take over/);
    expect(effects).toContainEqual({
      kind: 'escalate',
      caseNumber: 'CAS-00001-TEST',
      reason: 'user-request',
    });
    expect(savedCases(effects)).toEqual([
      expect.objectContaining({ timeline: { actor: 'user', event: { key: 'engineerRequested' } } }),
    ]);
    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosed' } } });
  });

  it('answers free text with where the case stands and what the user can do', () => {
    const conversation = atDiagnosed();

    expect(saidKeys(conversation.say('那现在怎么办'))).toEqual(['diagnosed.reminder']);
  });

  it('takes new uploads and diagnoses them', () => {
    const conversation = atDiagnosed();

    conversation.send(uploadReceived('u3', 'T01-again.zip'));

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosing' } } });
  });

  it('handles the diagnosis card buttons while logs are still awaited', () => {
    const conversation = atDiagnosing();
    conversation.send(diagnosisDone('u1', 'BRANCH-T01'));

    expect(saidKeys(conversation.submit('diagnosis.engineer'))).toEqual(['engineer.noted']);
    expect(offers(conversation.submit('diagnosis.more-logs'))).toHaveLength(1);
    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'awaiting' } } });
  });

  it('re-offers the link while diagnosing, without leaving the step', () => {
    const conversation = atDiagnosing();

    const effects = conversation.submit('diagnosis.more-logs');

    expect(offers(effects)).toHaveLength(1);
    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosing' } } });
  });
});

describe('switching language in the log steps', () => {
  it('re-shows the log-collection card with its per-machine list while diagnosing', () => {
    const conversation = atDiagnosing('zh-CN');

    const effects = conversation.say('English');

    expect(conversation.snapshot.context.locale).toBe('en');
    expect(saidKeys(effects)).toEqual(['language.switched', 'diagnosing.inProgress']);
    const [offer] = offers(effects);
    expect(offer).toMatchObject({ cardId: 'log-collection', slot: 'logs' });
    expect(offer.update).toBeUndefined();
    const text = readable(conversation, effects).join('\n');
    expect(CJK.test(text)).toBe(false);
    expect(text).toContain('received, analysing');
  });

  it('re-shows every diagnosis card and the verdict once diagnosed', () => {
    const conversation = atDiagnosed('zh-CN');

    const effects = conversation.send({ type: 'language.switch', locale: 'en' });

    expect(diagnosisCards(effects).map((c) => c.slot)).toEqual(['diagnosis:u1', 'diagnosis:u2']);
    expect(diagnosisCards(effects)[0].data.meaning).toBe(
      'The component store, which Windows Update uses, is corrupted.',
    );
    expect(saidKeys(effects)).toEqual(['language.switched', 'diagnosis.sameCause']);
    expect(CJK.test(readable(conversation, effects).join('\n'))).toBe(false);
  });

  it('speaks Chinese from the upload to the verdict', () => {
    const conversation = atAwaitingLogs('zh-CN');
    const texts = [
      ...readable(conversation, conversation.send(uploadReceived('u1', 'T01.zip'))),
      ...readable(conversation, conversation.send(uploadReceived('u2', 'T02.zip'))),
      ...readable(conversation, conversation.send(diagnosisDone('u1', 'BRANCH-T01'))),
      ...readable(conversation, conversation.send(diagnosisDone('u2', 'BRANCH-T02'))),
    ];

    expect(texts.at(-2)).toBe(
      '这 2 台机器的失败原因相同：0x80073712 (ERROR_SXS_COMPONENT_STORE_CORRUPT): 组件库（C:\\Windows\\WinSxS）已损坏。',
    );
    for (const text of texts) expect(CJK.test(text)).toBe(true);
  });
});

describe('snapshots persisted before uploads existed', () => {
  it('restore in awaitingLogs and take an upload', () => {
    const outbox: Effect[] = [];
    const actor = createActor(caseMachine, { input: { locale: 'zh-CN' } }).start();
    actor.send(
      atEdge(
        { type: 'user.message', text: FIRST_MESSAGE_ZH },
        testRuntime(() => 'CAS-OLD'),
      ),
    );
    actor.send(understand({ type: 'card.submit', verb: 'problem-definition.confirm', data: {} }));
    actor.send(understand({ type: 'card.submit', verb: 'scope.accept', data: {} }));
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    actor.stop();
    delete persisted.context.uploads;
    delete persisted.context.diagnoses;
    outbox.length = 0;

    const restored = createActor(caseMachine, { snapshot: persisted });
    collectEffects(restored, outbox);
    restored.start();
    restored.send(uploadReceived('u1', 'T01.zip'));

    expect(restored.getSnapshot().value).toEqual({
      active: { steps: { open: { logs: 'diagnosing' } }, engineer: 'none' },
    });
    expect(kinds(outbox)).toContain('offerUpload');
  });
});

describe('log bookkeeping', () => {
  const problem = { kbNumbers: [], errorCodes: [], description: '', machineCount: 2 };

  it('counts machines once their uploads arrive, and failed uploads not at all', () => {
    const progress = {
      problem,
      uploads: [
        { uploadId: 'u1', name: 'a.zip', status: 'diagnosed' as const, machine: 'T01' },
        { uploadId: 'u2', name: 'b.zip', status: 'diagnosed' as const, machine: 't01' },
        { uploadId: 'u3', name: 'c.zip', status: 'failed' as const },
      ],
      diagnoses: [componentStoreCorrupt('u2', 't01')],
    };

    expect(machinesReceived(progress)).toBe(1);
    expect(expectedMachines(progress)).toBe(2);
    expect(phaseOf(progress)).toBe('awaitingLogs');
  });

  it('expects more machines when more were diagnosed than the problem said', () => {
    const progress = {
      problem: { ...problem, machineCount: 1 },
      diagnoses: [componentStoreCorrupt('u1', 'T01'), componentStoreCorrupt('u2', 'T02')],
    };

    expect(expectedMachines(progress)).toBe(2);
    expect(phaseOf(progress)).toBe('diagnosed');
  });

  it('compares causes by cause id or by error code', () => {
    const a = componentStoreCorrupt('u1', 'T01');

    expect(commonFinding([a, { ...a, machine: 'T02', errorCode: '0x800f081f' }], 'en').kind).toBe('same');
    // The same decisive code is one failure, even where a rule named no cause for one machine's logs.
    expect(commonFinding([a, { ...a, machine: 'T02', causeId: null }], 'en').kind).toBe('same');
    expect(
      commonFinding([a, { ...a, machine: 'T02', causeId: 'cbs-package-state-corrupt' }], 'en').kind,
    ).toBe('same');
    expect(
      commonFinding([a, { ...a, machine: 'T02', causeId: null, errorCode: '0x800f081f' }], 'en').kind,
    ).toBe('different');
    expect(
      commonFinding(
        [
          { ...a, causeId: null },
          { ...a, machine: 'T02', causeId: null },
        ],
        'en',
      ).kind,
    ).toBe('same');
    expect(commonFinding([a, { ...a, errorCode: null, causeId: null }], 'en').kind).toBe('different');
  });

  it('gives the card evidence as file:line, timestamp and text, at most three lines', () => {
    const data = diagnosisCardData(
      { summary: componentStoreCorrupt('u1', 'T01'), caseNumber: 'CAS-1' },
      'en',
    );

    expect(data.evidence).toEqual([
      expect.objectContaining({ location: 'CBS.log:18342', timestamp: '2022-05-19 11:49:09' }),
      expect.objectContaining({ location: 'CBS.log:18341' }),
      expect.objectContaining({ location: 'CBS.log:18339', timestamp: '' }),
    ]);
  });
});

describe('evidence lines on cards', () => {
  it('drop the timestamp the card shows beside them, and keep lines that do not start with it', () => {
    expect(
      evidenceText({
        timestamp: '2022-05-19 11:49:09',
        text: '2022-05-19 11:49:09, Error                 CBS    Failed to complete component closure',
      }),
    ).toBe('Error                 CBS    Failed to complete component closure');
    expect(
      evidenceText({ timestamp: '2022-05-19 11:49:09', text: 'Error STATUS_SXS_COMPONENT_STORE_CORRUPT' }),
    ).toBe('Error STATUS_SXS_COMPONENT_STORE_CORRUPT');
    expect(evidenceText({ text: '[gle=0x80004005]' })).toBe('[gle=0x80004005]');
  });
});

describe.each(['zh-CN', 'en'] as const)('machines are hosts (%s)', (locale) => {
  const host = (uploadId: string, name: string, overrides = {}) =>
    diagnosisDone(uploadId, name, { hostName: name, ...overrides });

  it('one upload holding two hosts is two terminals, and the case says they share the cause', () => {
    const conversation = atDiagnosing(locale);
    conversation.send(host('u1', 'TERM-0231'));
    const effects = conversation.send(host('u1', 'TERM-0232'));

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosed' } } });
    expect(saidKeys(effects)).toContain('diagnosis.sameCause');
    expect(saidKeys(effects)).not.toContain('diagnosis.differentCauses');
    expect(diagnosisCards(effects)[0].data).toMatchObject({ machine: 'TERM-0232' });
    const text = readable(conversation, effects).join('\n');
    expect(text).toContain(
      locale === 'en' ? 'The 2 machines fail for the same reason' : '这 2 台机器的失败原因相同',
    );
  });

  it('a second upload naming the same host (any case) is that machine’s new logs, not a second terminal', () => {
    const conversation = atDiagnosing(locale);
    conversation.send(host('u1', 'TERM-0231'));
    conversation.send(uploadReceived('u2', 'CMGE_Log (1).zip'));
    const effects = conversation.send(host('u2', 'term-0231'));

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'awaiting' } } });
    expect(effects).toContainEqual({
      kind: 'say',
      key: 'diagnosis.progress',
      params: { done: 1, expected: 2 },
    });
    expect(conversation.snapshot.context.diagnoses?.map((d) => d.uploadId)).toEqual(['u2']);
  });

  it('two uploads that name no host are two machines even with the same file name', () => {
    const conversation = atDiagnosing(locale);
    conversation.send(uploadReceived('u2', 'WindowsUpdate.log'));
    conversation.send(host('u1', 'WindowsUpdate.log', { hostName: null }));
    const effects = conversation.send(host('u2', 'WindowsUpdate.log', { hostName: null }));

    expect(stateOf(conversation)).toEqual({ active: { open: { logs: 'diagnosed' } } });
    expect(saidKeys(effects)).toContain('diagnosis.sameCause');
  });

  it('no good news from a machine that never failed: the stage stays open', () => {
    const conversation = atDiagnosing(locale);
    conversation.send(host('u1', 'TERM-0231', PLAN));
    conversation.send(host('u1', 'TERM-0232', PLAN));
    const before = stateOf(conversation);
    expect(before).toEqual({ active: { open: { remediation: 'stage' } } });

    // Logs from a machine that is not one of the two, with no failure in them (a lone WindowsUpdate.log).
    conversation.send(uploadReceived('u3', 'WindowsUpdate.log'));
    const effects = conversation.send(nothingFound('u3', 'WindowsUpdate.log'));
    expect(saidKeys(effects)).toContain('compare.noFailure');
    expect(saidKeys(effects)).not.toContain('compare.clean');
    expect(stateOf(conversation)).toEqual(before);
    expect(conversation.snapshot.context.resolved).toBe(false);
    expect(conversation.snapshot.context.remediation?.stages[0].outcome).toBeUndefined();
    const text = readable(conversation, effects).join('\n');
    expect(text).not.toMatch(/好消息|Good news/);

    // New logs of a terminal that had failed, now clean: that is the good news.
    conversation.send(uploadReceived('u4', 'CMGE_Log.zip'));
    const fixed = conversation.send(
      diagnosisDone('u4', 'term-0231', {
        ...nothingFound('u4', 'x').summary,
        machine: 'term-0231',
        hostName: 'term-0231',
      }),
    );
    expect(saidKeys(fixed)).toContain('compare.clean');
    expect(stateOf(conversation)).toEqual({ active: { open: { closure: 'proposing' } } });
  });
});

describe('machine keys and comparisons', () => {
  const summary = (
    uploadId: string,
    machine: string,
    hostName: string | null | undefined,
    errorCode: string | null,
  ) => ({
    ...diagnosisDone(uploadId, machine, PLAN).summary,
    hostName,
    errorCode,
  });

  it('key machines by host, case-insensitively and without domain; by upload when no host is known', () => {
    expect(machineKeyOf(summary('u1', 'TERM-01', 'TERM-01', null))).toBe(
      machineKeyOf(summary('u2', 'term-01.bank.local', 'term-01.bank.local', null)),
    );
    expect(machineKeyOf(summary('u1', 'WindowsUpdate.log', null, null))).not.toBe(
      machineKeyOf(summary('u2', 'WindowsUpdate.log', null, null)),
    );
    // Summaries recorded before host names were kept: the machine name is the key, as it was.
    expect(machineKeyOf(summary('u1', 'TERM-01', undefined, null))).toBe(
      machineKeyOf(summary('u9', 'term-01', 'TERM-01', null)),
    );
    const diagnoses = withDiagnosis(
      [summary('u1', 'TERM-01', 'TERM-01', '0x80073712')],
      summary('u2', 'term-01', 'term-01', null),
    );
    expect(diagnoses.map((d) => d.uploadId)).toEqual(['u2']);
    expect(
      machinesDiagnosed({
        problem: { machineCount: 2 } as never,
        diagnoses: [summary('u1', 'TERM-01', 'TERM-01', null), summary('u1', 'TERM-02', 'TERM-02', null)],
      }),
    ).toBe(2);
  });

  it('compare: clean only for a machine that had failed', () => {
    const state = planFor([
      summary('u1', 'TERM-01', 'TERM-01', '0x80073712'),
      summary('u1', 'TERM-02', 'TERM-02', null),
    ])!;
    expect(compare(state, summary('u2', 'term-01', 'term-01', null))).toEqual({
      kind: 'clean',
      machine: 'term-01',
      before: '0x80073712',
    });
    expect(compare(state, summary('u3', 'TERM-02', 'TERM-02', null))).toEqual({
      kind: 'no-failure',
      machine: 'TERM-02',
      known: true,
    });
    expect(compare(state, summary('u4', 'TERM-03', 'TERM-03', null))).toEqual({
      kind: 'no-failure',
      machine: 'TERM-03',
      known: false,
    });
    // Two machines: logs that name no host cannot be matched to one of them.
    expect(compare(state, summary('u5', 'WindowsUpdate.log', null, null)).kind).toBe('no-failure');
    // One machine: logs that name no host are taken for it.
    const single = planFor([summary('u1', 'TERM-01', 'TERM-01', '0x80073712')])!;
    expect(compare(single, summary('u6', 'WindowsUpdate.log', null, null)).kind).toBe('clean');
    expect(compare(single, summary('u7', 'TERM-09', 'TERM-09', null)).kind).toBe('no-failure');
  });
});
