/** The rule validator: every rule in knowledge/rules parses against the schema, is named after its file,
 * points at a cause in the catalogue, and proves itself with its fixture run through the real engine. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../src/diagnosis/engine';
import { defaultRulesDir, readRules, type Rule } from '../../src/diagnosis/rules';
import { loadKnowledge } from '../../src/knowledge/index';

const dir = defaultRulesDir();
const { rules, problems } = readRules(dir);

describe('knowledge/rules', () => {
  it('finds rules', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  it('every rule file matches the rule schema and is named after its id', () => {
    expect(problems).toEqual([]);
  });

  it('every rule names a cause that exists in the catalogue', () => {
    const causes = loadKnowledge().causes;
    const unknown = rules.filter((r) => !causes.has(r.cause)).map((r) => `${r.file}: cause '${r.cause}'`);
    expect(unknown).toEqual([]);
  });

  it('every rule has a fixture with records that must match and records that must not', () => {
    const missing = rules.filter((r) => {
      const fx = fixtureOf(r);
      return !fx || !/^#>\s*match\s*$/m.test(fx) || !/^#>\s*no-match\s*$/m.test(fx);
    });
    expect(missing.map((r) => r.file)).toEqual([]);
  });
});

function fixtureOf(rule: Rule): string | undefined {
  const p = path.join(dir, rule.file!.replace(/\.ya?ml$/i, '.fixture.log'));
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
}

describe('rule fixtures, run through the engine (anchors, parser, match)', () => {
  const engine = new Engine([], {});
  const withFixtures = rules.filter((r) => fixtureOf(r) !== undefined);

  it.each(withFixtures.map((r) => [r.id, r] as const))(
    '%s fires on its #> match records and only there',
    async (_id, rule) => {
      const res = await engine.checkFixture(rule, fixtureOf(rule)!);
      expect(res.records).toBeGreaterThan(0);
      expect({ missed: res.missed, falseHits: res.falseHits }).toEqual({ missed: [], falseHits: [] });
    },
  );
});
