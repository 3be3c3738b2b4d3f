/**
 * The understanding data (dialogs/understanding/*.json) proves itself: every entry's examples, in English and
 * Chinese, classify as the entry says (must match) or as anything else (must not match), through the same
 * functions the case machine reads messages with. Counts in words give the machine count they say.
 */
import {
  classifyIntent,
  INTENTS,
  isQuestion,
  languageRequest,
  needsNoChanges,
  normalise,
  outcomeSaid,
} from '../../dialogs/intents';
import {
  ACTION_TABLE,
  ANSWER_TABLE,
  BACKUP,
  COUNT_EXAMPLES,
  examplesFailing,
  INTENT_TABLE,
  LANGUAGE_TABLE,
  MACHINE_TABLE,
  NOT_DONE,
  OUTCOME_TABLE,
  PROBLEM_PHRASES,
  QUESTION,
} from '../../dialogs/phrases';
import {
  describesProblem,
  extractContactName,
  extractErrorCodes,
  extractMachineCount,
  extractSince,
  mergeCorrection,
  negatedKbNumbers,
} from '../../dialogs/problem';
import { actionIn, machineReferenceIn } from '../../dialogs/reports';

describe('the understanding data', () => {
  it('names exactly the intents the case machine knows', () => {
    expect(INTENT_TABLE.map((e) => e.id).sort()).toEqual([...INTENTS].sort());
  });

  it.each([
    ['intents', INTENT_TABLE, classifyIntent],
    ['languages', LANGUAGE_TABLE, languageRequest],
    ['outcomes', OUTCOME_TABLE, outcomeSaid],
    ['actions', ACTION_TABLE, (text: string) => actionIn(text)?.id],
    [
      'not done',
      [NOT_DONE],
      // An action named but said not to have been done is no action of the report.
      (text: string) =>
        actionIn(text) === undefined && ACTION_TABLE.some((a) => a.anywhere.test(normalise(text)))
          ? 'notDone'
          : undefined,
    ],
    ['machines', MACHINE_TABLE, machineReferenceIn],
    ['backup', [BACKUP], (text: string) => (BACKUP.anywhere.test(text.toLowerCase()) ? 'backup' : undefined)],
    ['answers', ANSWER_TABLE, (text: string) => (needsNoChanges(text) ? 'noChanges' : undefined)],
    ['question', [QUESTION], (text: string) => (isQuestion(text) ? 'question' : undefined)],
    [
      'problem words',
      [PROBLEM_PHRASES.problemWords],
      (text: string) => (describesProblem(text) ? 'problemWords' : undefined),
    ],
    [
      'additive',
      [PROBLEM_PHRASES.additive],
      // Adding keeps the KB already on the card; a correction without it replaces it.
      (text: string) =>
        mergeCorrection(
          { kbNumbers: ['KB5011503'], errorCodes: [], description: '' },
          text,
        ).kbNumbers.includes('KB5011503') && !/KB5011503/.test(text)
          ? 'additive'
          : undefined,
    ],
    [
      'negation',
      [PROBLEM_PHRASES.negation],
      (text: string) => (negatedKbNumbers(text).has('KB5011503') ? 'negation' : undefined),
    ],
    [
      'phone context',
      [PROBLEM_PHRASES.phoneContext],
      // A bare HRESULT-like number after these words is a phone number, not an error code.
      (text: string) => (extractErrorCodes(text).length === 0 ? 'phoneContext' : undefined),
    ],
    [
      'contact',
      [PROBLEM_PHRASES.contact],
      (text: string) => (extractContactName(text) !== undefined ? 'contact' : undefined),
    ],
  ] as const)('%s: every example classifies as its entry says', (table, entries, classify) => {
    expect(examplesFailing(table, entries, classify)).toEqual([]);
  });

  it('has examples in both languages for every entry', () => {
    for (const e of [
      ...INTENT_TABLE,
      ...LANGUAGE_TABLE,
      ...OUTCOME_TABLE,
      ...ACTION_TABLE,
      ...MACHINE_TABLE,
      ...ANSWER_TABLE,
      QUESTION,
      PROBLEM_PHRASES.problemWords,
      PROBLEM_PHRASES.additive,
      PROBLEM_PHRASES.negation,
      PROBLEM_PHRASES.phoneContext,
      PROBLEM_PHRASES.contact,
    ]) {
      for (const locale of ['en', 'zh-CN'] as const) {
        expect(e.examples[locale].match.length).toBeGreaterThan(0);
        expect(e.examples[locale].notMatch.length).toBeGreaterThan(0);
      }
    }
  });

  it('reports an example that misclassifies (the check can fail)', () => {
    const [greeting] = INTENT_TABLE;
    const wrong = {
      ...greeting,
      examples: { ...greeting.examples, en: { match: ['KB5011503 fails'], notMatch: ['hi'] } },
    };

    expect(examplesFailing('intents', [wrong], classifyIntent)).toEqual([
      expect.objectContaining({ id: 'greeting', locale: 'en', text: 'KB5011503 fails', expected: 'match' }),
      expect.objectContaining({
        id: 'greeting',
        locale: 'en',
        text: 'hi',
        expected: 'no match',
        got: 'greeting',
      }),
    ]);
  });

  it.each(COUNT_EXAMPLES)('counts "%s" as %s machine(s)', (text, count) => {
    expect(extractMachineCount(text)).toBe(count ?? undefined);
  });

  it.each(PROBLEM_PHRASES.sinceExamples)('reads "%s" as failing since %s', (text, since) => {
    expect(extractSince(text)).toBe(since ?? undefined);
  });
});

describe('escalation in longer sentences', () => {
  it.each([
    '我要找工程师，回电 138-0000-0000，两台终端还是不行',
    '麻烦让工程师给我回个电话，这一步我们做不了',
    'I need an engineer to call me back, the terminals are still down',
    'can an engineer call me back? we tried everything',
  ])('"%s" asks for an engineer', (text) => {
    expect(classifyIntent(text)).toBe('engineer');
  });

  it.each(['工程师之前让我们运行了脚本，还是不行', 'the engineer told us to run DISM and it still fails'])(
    '"%s" only mentions one',
    (text) => {
      expect(classifyIntent(text)).toBeUndefined();
    },
  );
});
