/**
 * One welcome per install, in the client's language: Teams announces a personal install twice
 * (installationUpdate and conversationUpdate), and may carry the language only in a clientInfo entity.
 */
import { botPerTest, textOf } from './harness';

const fx = botPerTest({ locale: 'en-US' });

/** The two activities of one install, as Teams sends them: no `locale`, the client's in clientInfo. */
async function install(locale: string): Promise<void> {
  const bot = { id: fx.connector.bot.id, name: fx.connector.bot.name };
  const clientInfo = { entities: [{ type: 'clientInfo', locale, country: 'CN', platform: 'Windows' }] };
  const both = [
    fx.connector.buildActivity('installationUpdate', {
      action: 'add',
      recipient: bot,
      ...clientInfo,
    } as never),
    fx.connector.buildActivity('conversationUpdate', {
      membersAdded: [bot],
      recipient: bot,
      ...clientInfo,
    } as never),
  ];
  for (const activity of both) {
    delete activity.locale;
    const sent = await fx.connector.send(activity);
    expect(sent.status).toBe(200);
  }
}

it('greets once per install, in the language of the client', async () => {
  await install('zh-CN');
  const probe = await fx.connector.sendMessage('你好');
  await fx.connector.waitFor((r) => r.seq > probe.seq && r.kind !== 'update', 10_000);
  const before = fx.connector.activities().filter((r) => r.seq < probe.seq && r.kind !== 'update');
  const welcomes = before.filter((r) => r.activity.type === 'message');
  expect(welcomes).toHaveLength(1);
  expect(textOf(welcomes[0])).toMatch(/[\u4e00-\u9fff]/);
});
