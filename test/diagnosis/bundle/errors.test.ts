/** Every refusal code has a message in English and Chinese, with its details filled in. */
import {
  BUNDLE_ERROR_CODES,
  BundleError,
  bundleErrorMessage,
  type BundleErrorCode,
} from '../../../src/diagnosis/bundle';

const CODES: readonly BundleErrorCode[] = BUNDLE_ERROR_CODES;

test.each(CODES)('%s has distinct en and zh-CN messages', (code) => {
  const params = { path: 'Logs/CBS/CBS.log', limit: 3 };
  const en = bundleErrorMessage(code, 'en', params);
  const zh = bundleErrorMessage(code, 'zh-CN', params);
  expect(en).toMatch(/^[\x20-\x7e]+$/);
  expect(zh).toMatch(/[\u4e00-\u9fff]/);
  expect(en).not.toBe(zh);
  expect(bundleErrorMessage(code, 'fr', params)).toBe(en);
  expect(bundleErrorMessage(code, 'zh-Hans', params)).toBe(zh);
});

test('details appear in the message; the error carries code and params', () => {
  expect(bundleErrorMessage('too-large', 'en', { limit: 4 * 1024 ** 3 })).toContain('4.0 GB');
  expect(bundleErrorMessage('unsafe-name', 'zh-CN', { path: '../x.log' })).toContain('“../x.log”');
  const err = new BundleError('too-deep', { limit: 3 });
  expect(err).toBeInstanceOf(Error);
  expect(err.code).toBe('too-deep');
  expect(err.message).toBe(bundleErrorMessage('too-deep', 'en', { limit: 3 }));
});
