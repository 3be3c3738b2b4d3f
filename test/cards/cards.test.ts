/**
 * Every card template, expanded with its sample in both languages: valid Adaptive Card 1.5 (the
 * vendored schema, Teams' `msteams` allowed), parsed cleanly by the official renderer, with fallback
 * text, catalog strings for every binding, and verbs the case machine actually handles.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { LOCALES } from '../../src/domain/locale';
import { CARDS, RUNNER_CARDS, VERBS } from '../../dialogs/messages';
import { CARDS_DIR, cardIds, renderCard } from '../../src/cards/render';
import { escalationCardData } from '../../src/cards/data/escalation';
import { stageCardData } from '../../src/cards/data/stage';
import type { StageCardInput } from '../../src/cards/data/stage';
import { buildCaseSummary } from '../../src/cases/summary';
import { summaryCardData } from '../../src/cards/data/summary';
import { cardStrings } from '../../src/i18n';
import { loadKnowledge } from '../../src/knowledge';
import { planStage, referenceRow, referenceTimeline, REFERENCE_STAGES } from '../cases/referenceCase';
import { saidKeys, startConversation, FIRST_MESSAGE_ZH } from '../dialogs/harness';
import { diagnosisDone, uploadReceived } from '../dialogs/harness';
import type { Conversation } from '../dialogs/harness';

const SCHEMA_FILE = path.resolve(__dirname, '../../../shared/schemas/adaptive-card-1.5.json');
const CJK = /[\u4e00-\u9fff]/;

interface CardAction {
  type: string;
  verb?: string;
  data?: { verb?: string };
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(CARDS_DIR, file), 'utf8'));
}

/** All Action.Execute objects anywhere in a card (actions, action sets, show cards). */
function executeActions(node: unknown): CardAction[] {
  if (Array.isArray(node)) return node.flatMap(executeActions);
  if (typeof node !== 'object' || node === null) return [];
  const here = (node as CardAction).type === 'Action.Execute' ? [node as CardAction] : [];
  return [...here, ...Object.values(node).flatMap(executeActions)];
}

/** Every node of `type` anywhere in a card (body, containers, show-cards). */
function nodesOfType(node: unknown, type: string): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap((n) => nodesOfType(n, type));
  if (typeof node !== 'object' || node === null) return [];
  const here = (node as { type?: unknown }).type === type ? [node as Record<string, unknown>] : [];
  return [...here, ...Object.values(node).flatMap((n) => nodesOfType(n, type))];
}

/**
 * What a FactSet may show: short values (numbers, codes, names, dates, states). FactSet values do not
 * wrap in every Teams client, so free text (descriptions, impact, meanings, notes, URLs) is never one.
 */
const SHORT_FACTS: ReadonlySet<string> = new Set([
  'priority',
  'statusText',
  'languageText',
  'contact',
  'opened',
  'lastActivity',
  'kbNumbers',
  'errorCodes',
  'machineCountText',
  'os',
  'since',
  'outcomeText',
  'owner',
  'machine',
  'osBuild',
  'updateSource',
  'updateSourceText',
  '$root.t.sourceWsus',
  '$root.t.sourceWindowsUpdate',
  '$root.t.sourceOffline',
]);

/**
 * The schema with Teams' card-level `msteams` property allowed (the 1.5 root forbids extras). Without the
 * schema file the suite fails: CI always has ../shared, and a check that skips itself proves nothing.
 */
function loadValidator(): ValidateFunction {
  if (!existsSync(SCHEMA_FILE))
    throw new Error(
      `the Adaptive Card 1.5 schema is missing: ${SCHEMA_FILE} (it comes with ../shared/schemas)`,
    );
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
  schema.definitions.AdaptiveCard.properties.msteams = { type: 'object' };
  // The vendored file names itself with the draft-04 `id`; ajv 8 only accepts `$id`.
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addMetaSchema(draft06);
  return ajv.compile(schema);
}

const ids = cardIds();
const validate = loadValidator();
const knowledge = loadKnowledge();

/** Remediation card data from the real knowledge base (the sample is one of these). */
function stageData(playbookId: string, overrides: Partial<StageCardInput> = {}): Record<string, unknown> {
  const input: StageCardInput = {
    caseNumber: 'CAS-06265-C1Y8H2',
    index: 0,
    count: 5,
    causeId: 'component-store-corruption',
    ...overrides,
    stage: overrides.stage ?? planStage(playbookId),
  };
  return stageCardData(knowledge, input, 'en');
}

/** Summary card data built from a record shaped like the reference case. */
function summaryData(row = referenceRow(), timeline = referenceTimeline()): Record<string, unknown> {
  return summaryCardData(buildCaseSummary(row, timeline), 'en');
}

/** Cards without buttons: the runner's progress card, and the log-collection card (a link only). */
const WITHOUT_VERBS: ReadonlySet<string> = new Set(['progress', 'log-collection']);

/** Cards of the engineers' channel: their verbs are handled by the engineers' desk, not the case machine. */
const DESK_CARDS: ReadonlySet<string> = new Set(['escalation']);

/** More data variants for the `$when` branches of one card. */
const CARD_VARIANTS: Record<
  string,
  (sample: Record<string, unknown>) => Array<[string, Record<string, unknown>]>
> = {
  'log-collection': (sample) => [
    ['nothing received', { ...sample, receivedCount: 0, hasUploads: false, uploads: [] }],
  ],
  diagnosis: (sample) => [
    [
      'no decisive failure',
      {
        ...sample,
        found: false,
        errorCode: '',
        symbolicName: '',
        meaning: '',
        cause: '',
        hasEvidence: false,
        evidence: [],
        hasKb: false,
        kbVerdict: '',
        kbNote: '',
        updateSource: '',
        osBuild: '',
        nextStep: '',
        missingLogs: 'CBS.log, WindowsUpdate.log',
      },
    ],
    [
      'update applies, other source',
      { ...sample, kbVerdict: 'applies', updateSource: 'SCCM', hasMissingLogs: false },
    ],
  ],
  progress: (sample) => [
    ['just received', { ...sample, stage: 'received', percent: 0, file: undefined }],
    ['done', { ...sample, stage: 'done', percent: 100 }],
    ['failed', { ...sample, stage: 'failed', percent: 35 }],
  ],
  remediation: () => {
    const failed = { ...planStage('reset-keep-files'), outcome: 'failed' as const, errorCode: '0x80073712' };
    return [
      ['script stage', stageData('wu-reset-script')],
      ['apps removed, data loss', stageData('reset-keep-files', { index: 3 })],
      ['environment unknown: every variant', stageData('dism-sfc', { index: 1 })],
      ['offline variant, no cause', stageData('dism-sfc', { environment: 'offline', causeId: null })],
      [
        'answered: fixed',
        stageData('backup-clean-install', {
          stage: { ...planStage('backup-clean-install'), outcome: 'fixed' },
        }),
      ],
      ['answered: still failing with a code', stageData('reset-keep-files', { stage: failed })],
      [
        'answered: skipped',
        stageData('in-place-repair', { stage: { ...planStage('in-place-repair'), outcome: 'skipped' } }),
      ],
      ['answered: handed to an engineer', stageData('dism-sfc', { handedOver: true })],
      [
        'unknown playbook, expert stage',
        stageData('retired', {
          stage: {
            playbookId: 'retired',
            title: { en: 'Call the vendor', 'zh-CN': '联系厂商' },
            escalate: true,
          },
          causeId: 'no-such-cause',
        }),
      ],
    ];
  },
  verify: (sample) => [
    ['last stage', { ...sample, hasNext: false, nextTitle: '' }],
    ['answered: next', { ...sample, answered: 'next' }],
    ['answered: logs', { ...sample, answered: 'logs' }],
    ['answered: engineer, last stage', { ...sample, answered: 'engineer', hasNext: false, nextTitle: '' }],
  ],
  closure: (sample) => [
    ['still failing', { ...sample, resolved: false }],
    ['accepted', { ...sample, answered: 'accepted' }],
    ['declined, still failing', { ...sample, resolved: false, answered: 'declined' }],
  ],
  survey: (sample) => [
    ['answered', { ...sample, answered: true, score: 4 }],
    ['skipped', { ...sample, answered: true, score: 0 }],
  ],
  escalation: (sample) => {
    const requestedAt = referenceRow().updatedAt;
    const escalation = { caseNumber: 'CAS-06265-C1Y8H2', reason: 'out-of-stages', requestedAt };
    const taken = { ...escalation, takenById: 'eng-1', takenByName: 'Li Wei', takenAt: requestedAt + 60_000 };
    return [
      [
        'taken',
        { ...sample, state: 'taken', stateText: 'Taken by Li Wei', canTake: false, takenBy: 'Li Wei' },
      ],
      ['handed back', { ...sample, state: 'handed-back', stateText: 'Handed back', canTake: false }],
      [
        'built: taken, archived record',
        escalationCardData(referenceRow(), referenceTimeline(), taken, requestedAt + 3_600_000, {
          mask: true,
        }),
      ],
      [
        'built: bare record, nothing found or tried',
        escalationCardData(
          referenceRow({ status: 'awaiting-engineer', problem: null, details: {} }),
          [],
          { ...escalation, reason: 'inconclusive' },
          requestedAt + 25 * 60_000,
          { mask: true },
        ),
      ],
    ];
  },
  summary: () => {
    const row = referenceRow();
    const [first, second] = row.details.findings!;
    const stages = REFERENCE_STAGES.slice(0, 2).map(([id], i) => ({
      ...planStage(id),
      ...(i === 0 ? { outcome: 'failed' as const } : {}),
    }));
    return [
      ['open, not archived', summaryData(referenceRow({ status: 'open' }))],
      [
        'no findings, no problem, nothing tried',
        summaryData(referenceRow({ status: 'awaiting-customer', problem: null, details: {} }), []),
      ],
      [
        'one machine clean, another failing; work in progress',
        summaryData(
          referenceRow({
            status: 'open',
            details: {
              findings: [
                first,
                { ...second, errorCode: null, symbolicName: null, causeId: null, evidence: [] },
              ],
              stages,
            },
          }),
          [],
        ),
      ],
      [
        'single machine, archived without reply',
        summaryData(referenceRow({ details: { findings: [first], stages, outcome: 'no-reply' } }), []),
      ],
    ];
  },
};

/** A data variant of each sample for the other `$when` branches (confirmed / accepted cards). */
function variants(id: string): Array<[string, Record<string, unknown>]> {
  const sample = readJson(`${id}.sample.json`);
  return [
    ...(CARD_VARIANTS[id]?.(sample) ?? []),
    ['sample', sample],
    ['read-only', { ...sample, confirmed: true, accepted: true, hasCorrections: false, corrections: [] }],
    [
      'sparse',
      {
        ...sample,
        os: '',
        kbNumbers: '',
        errorCodes: '',
        hasMachineCount: false,
        machineCountText: '',
        since: '',
      },
    ],
  ];
}

const cases = ids.flatMap((id) =>
  LOCALES.flatMap((locale) => variants(id).map(([name, data]) => [id, locale, name, data] as const)),
);

it('finds the cards of the machine and the runner with samples beside their templates', () => {
  expect(ids.filter((id) => !DESK_CARDS.has(id)).sort()).toEqual(
    [...Object.values(CARDS), ...Object.values(RUNNER_CARDS)].map((c) => c.cardId).sort(),
  );
  expect(ids).toEqual(expect.arrayContaining(['log-collection', 'diagnosis', 'progress']));
  for (const id of ids) expect(existsSync(path.join(CARDS_DIR, `${id}.sample.json`))).toBe(true);
});

/** Changes every object and array inside `value`, as a careless caller of renderCard might. */
function scramble(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(scramble);
    value.push('scrambled');
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    Object.values(record).forEach(scramble);
    for (const key of Object.keys(record)) if (typeof record[key] === 'string') record[key] = 'scrambled';
  }
}

it('renders from prepared templates without carrying anything from one render to the next', () => {
  // Templates are prepared once and reused (src/cards/render.ts): every render must stand alone.
  for (const id of ids) {
    const variants = cases.filter((c) => c[0] === id);
    const [first, ...others] = variants;
    const before = JSON.stringify(renderCard(id, first[1], first[3]).card);
    scramble(renderCard(id, first[1], first[3]).card);
    for (const other of others) renderCard(id, other[1], other[3]);
    expect(JSON.stringify(renderCard(id, first[1], first[3]).card)).toBe(before);
  }
});

describe.each(cases)('%s in %s (%s data)', (id, locale, _variant, data) => {
  const { card, fallbackText } = renderCard(id, locale, data);

  it('is a valid Adaptive Card 1.5', () => {
    const valid = validate(card);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('leaves no template expression unbound', () => {
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('has fallback text in its language', () => {
    expect(fallbackText.length).toBeGreaterThan(10);
    expect(CJK.test(fallbackText)).toBe(locale === 'zh-CN');
  });

  it('parses and renders in the official renderer without warnings', () => {
    const events = parseWithRenderer(card);

    expect(events).toEqual([]);
  });
});

describe.each(ids)('template %s', (id) => {
  const template = readJson(`${id}.template.json`);
  const raw = JSON.stringify(template);

  it.each(LOCALES)('has a catalog string for every $root.t binding in %s', (locale) => {
    const strings = cardStrings(locale, id);
    const used = [...raw.matchAll(/\$root\.t\.([A-Za-z0-9_]+)/g)].map((m) => m[1]);

    expect(used.filter((name) => !(name in strings))).toEqual([]);
  });

  it('names every Action.Execute verb <card-id>.<action> and repeats it in data for Action.Submit clients', () => {
    const actions = executeActions(template);

    if (!WITHOUT_VERBS.has(id)) expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      expect(action.verb).toMatch(new RegExp(`^${id}\\.[a-z][a-z-]*$`));
      expect(action.data?.verb).toBe(action.verb);
    }
  });

  it('wraps every TextBlock (a long WSUS address or applicability note is not cut at the card edge)', () => {
    const blocks = nodesOfType(template, 'TextBlock');

    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.filter((block) => block.wrap !== true).map((block) => block.text)).toEqual([]);
  });

  it('keeps FactSets for short values; sentences, addresses and notes go in wrapped TextBlocks', () => {
    const values = nodesOfType(template, 'FactSet').flatMap((set) =>
      (set.facts as Array<{ value: string }>).map((fact) => fact.value),
    );
    const field = (value: string) => /^\$\{([A-Za-z.$]+)\}$/.exec(value)?.[1] ?? value;

    expect(values.map(field).filter((name) => !SHORT_FACTS.has(name))).toEqual([]);
  });

  it('is bound to data only (no hard-coded user-facing text)', () => {
    const texts = [...raw.matchAll(/"(text|title|label|placeholder|fallbackText)":"((?:[^"\\]|\\.)*)"/g)].map(
      (m) => m[2],
    );

    expect(texts.filter((text) => !text.includes('${'))).toEqual([]);
  });
});

/** The reference case's diagnosis of a terminal: the component store is corrupt, five stages planned. */
const referencePlan = {
  causeId: 'component-store-corruption',
  environment: 'wsus' as const,
  plan: REFERENCE_STAGES.map(([id]) => planStage(id)),
};

/** Puts the conversation in the step that shows `cardId`, as a user would get there. */
const ARRANGE: Record<string, (c: Conversation) => void> = {
  greeting: (c) => {
    c.say(FIRST_MESSAGE_ZH);
    c.say('你好');
  },
  'problem-definition': (c) => c.say(FIRST_MESSAGE_ZH),
  scope: (c) => {
    c.say(FIRST_MESSAGE_ZH);
    c.submit('problem-definition.confirm');
  },
  // The first of two terminals diagnosed: the card is shown while the second one's logs are awaited.
  diagnosis: (c) => {
    c.say(FIRST_MESSAGE_ZH);
    c.submit('problem-definition.confirm');
    c.submit('scope.accept');
    c.send(uploadReceived('upl-1', 'T01.zip'));
    c.send(diagnosisDone('upl-1', 'BRANCH-T01'));
  },
  // Both terminals diagnosed with the reference case's plan: the first stage's card is shown.
  remediation: (c) => {
    ARRANGE.diagnosis(c);
    c.send(uploadReceived('upl-2', 'T02.zip'));
    for (const [uploadId, machine] of [
      ['upl-1', 'BRANCH-T01'],
      ['upl-2', 'BRANCH-T02'],
    ])
      c.send(diagnosisDone(uploadId, machine, referencePlan));
  },
  // "One of them works now", with two terminals: which one?
  'report-question': (c) => {
    ARRANGE.remediation(c);
    c.say('其中一台好了');
  },
  verify: (c) => {
    ARRANGE.remediation(c);
    c.submit('remediation.failing');
  },
  // After stage 1, new logs that name no host: which terminal are they from?
  'logs-machine': (c) => {
    ARRANGE.remediation(c);
    c.send(uploadReceived('upl-3', 'logs.zip'));
    c.send(diagnosisDone('upl-3', 'logs', { ...referencePlan, hostName: null }));
  },
  closure: (c) => {
    ARRANGE.remediation(c);
    c.submit('remediation.fixed');
  },
  survey: (c) => {
    ARRANGE.closure(c);
    c.submit('closure.accept');
  },
  summary: (c) => {
    ARRANGE.survey(c);
    c.submit('survey.submit', { score: '5', comment: '' });
  },
};

// A card may offer one verb on several buttons (the report question's choices): each verb once.
const verbs = ids
  .filter((id) => !DESK_CARDS.has(id))
  .flatMap((id) =>
    [...new Set(executeActions(readJson(`${id}.template.json`)).map((a) => a.verb!))].map(
      (verb) => [id, verb] as const,
    ),
  );

/** What a button sends besides the inputs, where the step needs it (the report question's choice). */
const BUTTON_DATA: Record<string, Record<string, unknown>> = {
  'report-question': { choice: 'BRANCH-T01' },
  'logs-machine': { choice: 'BRANCH-T01' },
};

it('declares exactly the verbs the case machine knows', () => {
  expect(verbs.map(([, verb]) => verb).sort()).toEqual(Object.values(VERBS).sort());
});

it.each(verbs)('%s: the case machine handles %s where the card is shown', (id, verb) => {
  const conversation = startConversation();
  ARRANGE[id](conversation);

  const effects = conversation.submit(verb, BUTTON_DATA[id] ?? { comment: '是三台终端' });

  expect(effects.length).toBeGreaterThan(0);
  expect(saidKeys(effects)).not.toContain('card.expired');
});

it('answers a verb no card step handles as an expired card', () => {
  const conversation = startConversation();
  ARRANGE.scope(conversation);

  expect(saidKeys(conversation.submit('scope.unknown'))).toEqual(['card.expired']);
});

// jsdom ships no type declarations (and @types/jsdom is not installed): the little used here.
interface Dom {
  window: { document: unknown; close(): void };
}
const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => Dom };

let AC: typeof import('adaptivecards') | undefined;
let dom: Dom | undefined;
const addedGlobals: string[] = [];

afterAll(() => {
  for (const name of addedGlobals) delete (globalThis as Record<string, unknown>)[name];
  dom?.window.close();
});

/** The official renderer (adaptivecards 3.0.4, CommonJS) needs a DOM: jsdom supplies one. */
function parseWithRenderer(payload: object): string[] {
  if (!AC) {
    dom = new JSDOM('<!doctype html><body></body>');
    const window = dom.window as unknown as Record<string, unknown>;
    const globals = globalThis as Record<string, unknown>;
    for (const name of [...Object.getOwnPropertyNames(window), 'window', 'document']) {
      const wanted =
        /^(HTML|SVG)|^(Node|Element|Event|KeyboardEvent|MouseEvent|getComputedStyle|window|document)$/;
      if (wanted.test(name) && !(name in globals)) {
        globals[name] = name === 'window' ? window : window[name];
        addedGlobals.push(name);
      }
    }
    // The UMD bundle: lib/ pulls in an ES-module dependency (swiper) that jest cannot require.
    AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');
    // Teams renders markdown itself; the renderer only needs to be told it is handled.
    AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
      result.outputHtml = text;
      result.didProcess = true;
    };
  }
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(payload, context);
  const events = [...Array(context.eventCount).keys()].map((i) => context.getEventAt(i).message);
  events.push(...card.validateProperties().validationEvents.map((e) => e.message));
  if (!card.render()) events.push('render returned nothing');
  return events;
}
