/** The byte prefilter: finds any of many literals, case-insensitively, only inside the given range. */
import { AnchorMatcher } from '../../../src/diagnosis/anchors';

const buf = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('AnchorMatcher', () => {
  const m = new AnchorMatcher([
    '0x80073712',
    'COMPONENT_STORE_CORRUPT',
    'Failed validating command line',
    '8024402c',
  ]);

  it('finds the first anchor, whatever its case', () => {
    const b = buf(
      '2022-05-19 11:49:09, Info   CBS  noise\r\n2022-05-19 11:49:09, Error  CBS  closure [HRESULT = 0x80073712 - ERROR_SXS_component_store_corrupt]\r\n',
    );
    const at = m.find(b, 0, b.length);
    expect(b.toString('latin1', at, at + 10)).toBe('0x80073712');
    const next = m.find(b, at + 10, b.length);
    expect(b.toString('latin1', next, next + 23).toLowerCase()).toBe('component_store_corrupt');
    expect(m.find(buf('Exit code = 0x8024402C'), 0, 22)).toBe(14);
  });

  it('returns -1 when no anchor lies wholly inside the range', () => {
    const b = buf('xxxxx 0x80073712 yyyyy');
    expect(m.find(b, 0, 12)).toBe(-1);
    expect(m.find(b, 8, b.length)).toBe(-1);
    expect(m.find(buf('nothing to see here, 0x800f0805 CBS_E_INVALID_PACKAGE'), 0, 53)).toBe(-1);
  });

  it('finds anchors of different lengths that end at the same byte', () => {
    const mm = new AnchorMatcher(['abcdef', 'xxabcdef']);
    expect(mm.find(buf('----xxabcdef--'), 0, 14)).toBe(4);
  });

  it('finds the same anchors when tuned for a sample of the text', () => {
    const noise = Buffer.from(
      '2022-05-19 11:40:00, Info   CBS    Read out cached applicability for package: Package_for_KB5005112\r\n'.repeat(
        2000,
      ),
    );
    const tuned = new AnchorMatcher(['missing replacement payload', '0x80073712', 'for package'], noise);
    const b = buf('x Repair failed: Missing replacement payload. y');
    expect(tuned.find(b, 0, b.length)).toBe(b.indexOf('Missing'));
    expect(tuned.find(noise, 0, noise.length)).toBe(noise.indexOf('for package'));
  });

  it('has no anchor starting more than the longest anchor before a hit find() reports (FileScanner searches a record from there)', () => {
    // Anchors of many lengths, short ones (native search) and long ones (block scan), overlapping.
    const anchors = [
      'hr=',
      'abc',
      'error',
      '0x80073712',
      'store_corrupt',
      'corrupt',
      // A long anchor around a shorter one whose end comes first: find() reports the shorter one.
      'validating command line',
      'Command',
    ];
    const mm = new AnchorMatcher(anchors);
    expect(mm.longest).toBe('validating command line'.length);
    // A deterministic pseudo-random text made of the anchors' pieces, so hits overlap and cluster.
    const pieces = [
      'hr',
      'ab',
      'c ',
      'err',
      'or',
      'fai',
      'led',
      ' 0x8007',
      '3712',
      'store_',
      'corrupt',
      ' validating command',
      ' validating command line',
      ' line',
      'x',
      '=',
      ' ',
    ];
    let seed = 7;
    const rnd = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) % n;
    let text = '';
    while (text.length < 20000) text += pieces[rnd(pieces.length)];
    const b = buf(text);
    const all = (from: number, to: number): number[] => {
      const got: number[] = [];
      mm.each(b, from, to, (i) => got.push(i));
      return got.sort((x, y) => x - y);
    };
    let checked = 0;
    let earlier = 0;
    for (let from = 0; from < b.length - 64; from += 1 + rnd(40)) {
      const to = Math.min(b.length, from + 40 + rnd(80));
      const hit = mm.find(b, from, to);
      if (hit < 0) {
        expect(all(from, to)).toEqual([]);
        continue;
      }
      expect(all(Math.max(from, hit - mm.longest + 1), to)).toEqual(all(from, to));
      checked++;
      // The case that makes the margin necessary: an anchor starting before the hit.
      if (all(hit, to).length !== all(from, to).length) earlier++;
    }
    expect(checked).toBeGreaterThan(200);
    expect(earlier).toBeGreaterThan(5);
  });
});
