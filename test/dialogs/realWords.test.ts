/**
 * The users' words hold-out: real sentences from public threads about failed Windows updates
 * (test/dialogs/realWords/*.json), read by the bot's own readers and compared with a support engineer's
 * labels. The floors are the score after the readers were last improved, so a change that reads real words
 * worse fails here; the sentences still read wrong are printed. `npx tsx test/dialogs/realWords/holdout.ts`
 * prints the same table.
 */
import { ACTION_TABLE } from '../../dialogs/phrases';
import type { Locale } from '../../src/domain/locale';
import { FIELDS, LOCALES, loadSentences, report, score, type Field } from './realWords/holdout';

/**
 * Fields read right per language, and sentences read right in every field: the score after the last change
 * (blind, before any change: en 51 of 85 sentences, zh-CN 22 of 40; batch 3 blind: en 18 of 30, zh-CN 32 of
 * 42; see README "Users' words hold-out").
 */
const FLOORS: Record<Locale, { sentences: number; fields: Partial<Record<Field, number>> }> = {
  en: {
    sentences: 141,
    fields: {
      describes: 61,
      kbNumbers: 62,
      errorCodes: 62,
      machineCount: 62,
      source: 62,
      outcome: 86,
      action: 87,
      intent: 145,
    },
  },
  'zh-CN': {
    sentences: 86,
    fields: {
      describes: 45,
      kbNumbers: 48,
      errorCodes: 48,
      machineCount: 48,
      source: 48,
      outcome: 48,
      action: 50,
      intent: 91,
    },
  },
};

describe.each(LOCALES)("users' words hold-out (%s)", (locale) => {
  const sentences = loadSentences(locale);

  it('holds verbatim sentences with their public source and well-formed labels', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(locale === 'en' ? 145 : 91);
    const ids = new Set<string>();
    const actions = new Set(ACTION_TABLE.map((a) => a.id));
    for (const s of sentences) {
      expect(ids.has(s.id)).toBe(false);
      ids.add(s.id);
      expect(s.text.trim()).not.toBe('');
      expect(s.source).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(issues|pull)\/\d+$/);
      expect(s.problem ?? s.report).toBeDefined();
      // No personal data: no e-mail address, no phone number.
      expect(s.text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+|(?<!\d)1[3-9]\d{9}(?!\d)/);
      if (s.problem) expect(s.problem.errorCodes.every((c) => /^0x[0-9a-f]{8}$/.test(c))).toBe(true);
      if (s.problem) expect(s.problem.kbNumbers.every((kb) => /^KB\d{6,7}$/.test(kb))).toBe(true);
      if (s.report?.action) expect(actions.has(s.report.action)).toBe(true);
      if (s.report?.outcome) expect(['worked', 'stillFails', 'cannot']).toContain(s.report.outcome);
    }
  });

  it('is read at least as well as after the last change to the readers', () => {
    const result = score(locale, sentences);
    // For whoever reads the test log: the score and every sentence still read wrong.
    console.log(report(result));
    const floor = FLOORS[locale];
    const got = Object.fromEntries(
      FIELDS.filter((f) => floor.fields[f] !== undefined).map((f) => [f, result.fields[f].right]),
    );
    for (const field of Object.keys(got) as Field[])
      expect({ field, right: got[field] }).toEqual({
        field,
        right: Math.max(got[field] as number, floor.fields[field] as number),
      });
    expect(result.sentencesRight).toBeGreaterThanOrEqual(floor.sentences);
  });
});
