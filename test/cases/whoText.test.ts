/** The machines a summary line names come in their natural order, whichever upload was diagnosed first. */
import { whoText } from '../../src/cases/attempts';

it('names hosts in natural order in both languages', () => {
  expect(whoText(['TERM-0232', 'TERM-0231'], 2, 'zh-CN')).toBe(
    whoText(['TERM-0231', 'TERM-0232'], 2, 'zh-CN'),
  );
  expect(whoText(['TERM-0232', 'TERM-0231'], 2, 'zh-CN')).toContain('TERM-0231、TERM-0232');
  expect(whoText(['term-10', 'TERM-9', 'TERM-0231'], 5, 'en')).toBe('TERM-9, term-10, TERM-0231');
});
