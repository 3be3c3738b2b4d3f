import { timeKey } from '../../../src/diagnosis/parsers/common';

describe('timeKey', () => {
  it.each([
    ['2022-05-19 11:49:09', '2022-05-19 11:49:09'],
    ['2020/11/19 15:25:46.9997442', '2020-11-19 15:25:46.9997442'],
    ['2010-01-05 18:52:06:747', '2010-01-05 18:52:06.747'],
    ['2022-05-19T03:50:02.123Z', '2022-05-19 03:50:02.123'],
    // Nineteen characters but not the key's form: normalised, not passed through.
    ['2022/05/19 11:49:09', '2022-05-19 11:49:09'],
    ['2022-5-19  1:49:09Z', '2022-05-19 01:49:09'],
    ['20xx-xx-24 11:49:09', ''],
    ['', ''],
  ])('%s -> %s', (written, key) => {
    expect(timeKey(written)).toBe(key);
  });
});
