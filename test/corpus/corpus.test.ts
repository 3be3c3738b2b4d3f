/**
 * The real-log corpus through the real diagnosis: verbatim public excerpts, labelled by what an engineer
 * names as the decisive failure. The thresholds are issue #11's: the decisive code right on ≥ 95 % of the
 * failure cases, no finding at all on a negative, and every finding's evidence line showing its code.
 * `npm run corpus` prints the same table for the README.
 */
import * as fs from 'node:fs';
import { loadKnowledge } from '../../src/knowledge/index';
import { evaluate, LOG_TYPES, loadCorpus, misses, table, totals, type CaseOutcome } from './corpus';

const cases = loadCorpus();
const knowledge = loadKnowledge();
let outcomes: CaseOutcome[];

beforeAll(async () => {
  outcomes = await evaluate(cases);
  // The table, for whoever reads the test log.
  console.log(table(outcomes));
}, 120_000);

describe('the corpus itself', () => {
  it('holds at least 60 cases, 15 distinct decisive codes and 10 negatives, in every supported log type', () => {
    const t = totals(outcomes);
    expect(t.cases).toBeGreaterThanOrEqual(60);
    expect(t.codes).toBeGreaterThanOrEqual(15);
    expect(t.negatives).toBeGreaterThanOrEqual(10);
    const missing = LOG_TYPES.filter((type) => !(t.byType[type]?.cases > 0));
    expect(missing).toEqual([]);
  });

  it('gives every case a unique id, an existing file, provenance, a category and a well-formed label', () => {
    const ids = new Set<string>();
    for (const c of cases) {
      expect(ids.has(c.id)).toBe(false);
      ids.add(c.id);
      expect(fs.existsSync(c.absPath)).toBe(true);
      // A repository file with its commit, or a thread/page address.
      expect(c.source).toMatch(/ @ [0-9a-f]{40}\b|https?:\/\//);
      expect(c.category).toMatch(c.errorCode === null ? /^negative_/ : /^[a-z0-9_]+$/);
      if (c.errorCode !== null) expect(c.errorCode).toMatch(/^0x[0-9a-fA-F]{8}$/);
      expect(LOG_TYPES as readonly string[]).toContain(c.logType);
    }
  });

  it('labels a failure only where the excerpt itself shows its code', () => {
    for (const c of cases.filter((x) => x.errorCode)) {
      const text = fs.readFileSync(c.absPath).toString('latin1').toLowerCase();
      const hex = c.errorCode!.slice(2).toLowerCase();
      const forms = [hex, String(parseInt(hex, 16))];
      if (c.symbolicName) forms.push(c.symbolicName.toLowerCase());
      // HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED): the code by the catalogue's name or alias.
      const entry = knowledge.code(c.errorCode!.toLowerCase());
      for (const n of [entry?.name, ...(entry?.aliases ?? [])]) if (n) forms.push(n.toLowerCase());
      // …(14098) inside HRESULT_FROM_WIN32, or DISM's console exit 'Error: 14098' (the Win32 number in decimal)
      if (hex.startsWith('8007')) {
        const n = parseInt(hex.slice(4), 16);
        forms.push(`(${n})`, `error: ${n}`);
      }
      expect([c.id, forms.some((f) => text.includes(f))]).toEqual([c.id, true]);
    }
  });
});

describe('the diagnosis on the corpus', () => {
  it('names the decisive code on at least 95 % of the failure cases', () => {
    const t = totals(outcomes);
    const rate = t.right / t.failures;
    if (rate < 0.95) console.log(misses(outcomes).join('\n'));
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it('finds nothing at all on any negative (benign noise stays quiet)', () => {
    const loud = outcomes
      .filter((o) => o.verdict === 'false-finding')
      .map((o) => `${o.c.id}: ${o.negativeFindings.join(', ')}`);
    expect(loud).toEqual([]);
  });

  it("cites, for every finding, lines that show the finding's code", () => {
    const uncited = outcomes.flatMap((o) => o.uncited.map((u) => `${o.c.id}: ${u}`));
    expect(uncited).toEqual([]);
  });
});
