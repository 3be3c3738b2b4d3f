import { sameHost } from '../../src/bot/bot';

describe('where the bot token may go', () => {
  it('only to the host of the conversation service URL', () => {
    const service = 'https://smba.trafficmanager.net/emea/';
    expect(sameHost('https://smba.trafficmanager.net/emea/v3/attachments/1/views/original', service)).toBe(
      true,
    );
    expect(sameHost('https://SMBA.trafficmanager.net/x', service)).toBe(true);
    expect(sameHost('https://evil.example/smba.trafficmanager.net', service)).toBe(false);
    expect(sameHost('https://smba.trafficmanager.net.evil.example/x', service)).toBe(false);
    expect(sameHost('https://smba.trafficmanager.net:8443/x', service)).toBe(false);
    expect(sameHost('not a url', service)).toBe(false);
  });
});
