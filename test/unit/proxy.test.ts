/** Which URLs go through the proxy (src/proxy.ts), NO_PROXY read as curl reads it, and the proxy settings' validation. */
import { loadConfig, redactedConfig } from '../../src/config';
import { proxyFor } from '../../src/proxy';

const PROXY = 'http://proxy.example.com:8080';
const settings = (noProxy: string[], more: { http?: string } = {}) => ({ https: PROXY, noProxy, ...more });

it.each([
  ['https://smba.trafficmanager.net/amer/v3/conversations', [], PROXY],
  ['https://login.microsoftonline.com/token', ['localhost', '127.0.0.1'], PROXY],
  ['https://smba.trafficmanager.net/x', ['trafficmanager.net'], undefined],
  ['https://smba.trafficmanager.net/x', ['.trafficmanager.net'], undefined],
  ['https://smba.trafficmanager.net/x', ['*.trafficmanager.net'], undefined],
  ['https://nottrafficmanager.net/x', ['trafficmanager.net'], PROXY],
  ['https://bot.internal.example.com:8443/x', ['internal.example.com:8443'], undefined],
  ['https://bot.internal.example.com/x', ['internal.example.com:8443'], PROXY],
  ['https://10.1.2.3/x', ['10.1.2.3'], undefined],
  ['https://[::1]:3978/x', ['::1'], undefined],
  ['https://anything.example.com/', ['*'], undefined],
] as const)('%s with NO_PROXY %j → %s', (url, noProxy, expected) => {
  expect(proxyFor(url, settings([...noProxy]))).toBe(expected);
});

it('uses HTTP_PROXY for http:// URLs only, and no proxy where none is named', () => {
  expect(proxyFor('http://127.0.0.1:3978/x', settings([]))).toBeUndefined();
  expect(proxyFor('http://127.0.0.1:3978/x', settings([], { http: 'http://other:3128' }))).toBe(
    'http://other:3128',
  );
  expect(proxyFor('https://example.com/', { noProxy: [] })).toBeUndefined();
});

it('reads the variables in either case, refuses a proxy that is not a URL, and never logs its password', () => {
  const config = loadConfig({
    DATA_DIR: '/tmp/x',
    https_proxy: 'http://user:s3cret@proxy.example.com:8080',
    NO_PROXY: 'localhost, .example.com',
  });
  expect(config.proxy).toEqual({
    https: 'http://user:s3cret@proxy.example.com:8080',
    noProxy: ['localhost', '.example.com'],
  });
  expect(JSON.stringify(redactedConfig(config))).not.toContain('s3cret');
  expect(() => loadConfig({ DATA_DIR: '/tmp/x', HTTPS_PROXY: 'proxy.example.com:8080' })).toThrow(
    /HTTPS_PROXY/,
  );
});
