/**
 * The reference case as users really upload it, through the real bot: two CMGE_Log zips (one per terminal,
 * CP936 category folders) sent with the per-case upload link give two diagnosis cards named by host, the
 * cause they share, and no log reported missing that the zips hold; a WindowsUpdate.log without a failure
 * sent after the first stage brings no "good news". In Chinese and in English.
 */
import fs from 'node:fs';
import type { App } from '../../src/app';
import type { LocalConnector, RecordedActivity } from '../../tools/connector';
import type { Config } from '../../src/config';
import { cmgeZip, quietWindowsUpdateLog } from '../diagnosis/layouts.fixtures';
import { actionData, renderCard } from '../../tools/cardText';
import { t } from '../../src/i18n';
import {
  cardOf,
  connectTo,
  isCard,
  readCard,
  startBot,
  tempDataDir,
  testConfig,
  textOf,
  toLogCollection,
  verbsOf,
} from './harness';

const PROBLEM = {
  'zh-CN': 'KB5011503 在两台终端上安装失败，报错 0x80073712',
  en: 'KB5011503 fails to install on two terminals with 0x80073712',
};

const WORDS = {
  'zh-CN': {
    same: '这 2 台机器的失败原因相同',
    different: '失败原因不同',
    goodNews: '好消息',
  },
  en: {
    same: 'The 2 machines fail for the same reason',
    different: 'do not fail for the same reason',
    goodNews: 'Good news',
  },
};

async function put(pageUrl: string, body: Buffer | string, name: string) {
  const url = pageUrl.replace('/upload/', '/api/uploads/');
  const res = await fetch(`${url}?name=${encodeURIComponent(name)}`, { method: 'PUT', body });
  return { status: res.status, body: (await res.json()) as { ok: boolean; duplicate?: boolean } };
}

function isDiagnosisCard(r: RecordedActivity): boolean {
  return r.kind !== 'update' && isCard(r) && verbsOf(r).some((v) => v.startsWith('diagnosis.'));
}

describe.each(['zh-CN', 'en'] as const)('collector zips uploaded through the link (%s)', (locale) => {
  let dataDir: string;
  let config: Config;
  let app: App;
  let connector: LocalConnector;
  let pageUrl: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    config = testConfig(dataDir);
    app = await startBot(config);
    connector = await connectTo(app, { locale: locale === 'en' ? 'en-US' : 'zh-CN' });
    pageUrl = (await toLogCollection(connector, PROBLEM[locale])).uploadPage;
  });

  afterAll(async () => {
    await connector.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('diagnoses the two terminals by host, with 0x80073712 in common and nothing falsely missing', async () => {
    const before = connector.cursor();
    expect((await put(pageUrl, await cmgeZip('TERM-0231'), 'CMGE_Log.zip')).status).toBe(200);
    const first = await connector.waitFor(isDiagnosisCard, 30_000, { after: before });
    expect((await put(pageUrl, await cmgeZip('TERM-0232'), 'CMGE_Log (1).zip')).status).toBe(200);
    await connector.waitFor(isDiagnosisCard, 30_000, { after: first.seq });
    const verdict = await connector.waitFor((r) => textOf(r).includes(WORDS[locale].same), 20_000, {
      after: before,
    });
    expect(textOf(verdict)).toContain('0x80073712');

    const cards = connector.activities().filter((r) => r.seq > before && isDiagnosisCard(r));
    expect(cards).toHaveLength(2);
    const texts = cards.map(readCard);
    expect(texts[0]).toContain('TERM-0231');
    expect(texts[1]).toContain('TERM-0232');
    for (const text of texts) {
      expect(text).toContain('0x80073712');
      // The zips hold WindowsUpdate.log and systeminfo; neither is reported missing.
      expect(text).not.toContain('WindowsUpdate.log');
      expect(text).not.toContain('systeminfo.txt');
    }
    const said = connector
      .activities()
      .filter((r) => r.seq > before)
      .map(textOf)
      .join('\n');
    expect(said).not.toContain(WORDS[locale].different);
    expect(said).not.toContain(WORDS[locale].goodNews);
    // The shared cause leads to the first remediation stage.
    await connector.waitFor(
      (r) => isCard(r) && verbsOf(r).some((v) => v.startsWith('remediation.')),
      20_000,
      {
        after: before,
      },
    );
  });

  it('a WindowsUpdate.log without a failure after the first stage is no good news: it lacks the CBS.log that failed', async () => {
    const before = connector.cursor();
    expect((await put(pageUrl, quietWindowsUpdateLog(), 'WindowsUpdate.log')).status).toBe(200);
    const card = await connector.waitFor(isDiagnosisCard, 30_000, { after: before });
    expect(readCard(card)).toContain('WindowsUpdate.log');
    // The log names no host and the case has two terminals: the bot asks which one it is from.
    const question = await connector.waitFor(
      (r) => r.kind !== 'update' && isCard(r) && verbsOf(r).includes('logs-machine.choose'),
      20_000,
      { after: before },
    );
    // It is TERM-0231's. Its failure was in CBS.log, which a lone WindowsUpdate.log does not hold: no proof.
    const rendered = renderCard(cardOf(question), {});
    const button = rendered.actions.find((a) => a.title === 'TERM-0231');
    expect(button?.verb).toBe('logs-machine.choose');
    const chosen = await connector.sendInvoke(
      'logs-machine.choose',
      actionData(button!, rendered.inputs, {}),
      {
        replyToId: question.id,
      },
    );
    const lacking = t(locale, 'compare.lacking', { machine: 'TERM-0231', log: 'CBS.log' });
    await connector.waitFor((r) => textOf(r) === lacking, 20_000, { after: chosen.seq });
    const said = connector
      .activities()
      .filter((r) => r.seq > before)
      .map(textOf)
      .join('\n');
    expect(said).not.toContain(WORDS[locale].goodNews);
  });
});
