/**
 * "先处理这一台" / "go ahead with this one" said while the first terminal's logs are still being read, over real
 * HTTP with a real collector zip, in zh-CN and in English: the bot says it noted it, and when the diagnosis
 * arrives the first remediation stage follows without the user saying it again; the case record goes on with
 * one machine. The logs are held unread until the user has spoken (the real artifact store, whose bundle path
 * the diagnosis job waits for), so the order is certain rather than a race with a fast diagnosis.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../../src/app';
import type { Locale } from '../../src/domain/locale';
import { t } from '../../src/i18n';
import { FileArtifactStore } from '../../src/uploads/artifacts';
import type { LocalConnector } from '../../tools/connector';
import { cmgeZip } from '../diagnosis/layouts.fixtures';
import {
  cardOf,
  connectTo,
  isCard,
  putUpload,
  startBot,
  tempDataDir,
  testConfig,
  textOf,
  toLogCollection,
} from './harness';

jest.setTimeout(90_000);

/** The case's artifact store, whose bundles the diagnosis job may read only once `open()` was called. */
class HeldArtifacts extends FileArtifactStore {
  private release!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  open(): void {
    this.release();
  }
  override async localPath(key: string): Promise<string> {
    await this.opened;
    return super.localPath(key);
  }
}

describe.each([
  {
    locale: 'zh-CN',
    lang: 'zh-CN' as Locale,
    problem: '我们支行有两台柜面终端安装 KB5011503 失败，报错 0x80073712',
    proceed: '另一台明天再传，先处理这一台吧',
  },
  {
    locale: 'en-US',
    lang: 'en' as Locale,
    problem: 'Two of our branch terminals fail to install KB5011503 with 0x80073712',
    proceed: "don't wait for the other terminal, go ahead with this one",
  },
])('going ahead said while logs are read ($locale)', (words) => {
  let dataDir: string;
  let app: App;
  let connector: LocalConnector;
  let artifacts: HeldArtifacts;

  beforeEach(async () => {
    dataDir = tempDataDir();
    artifacts = new HeldArtifacts(path.join(dataDir, 'artifacts'));
    app = await startBot(testConfig(dataDir), { artifacts });
    connector = await connectTo(app, { locale: words.locale });
  });

  afterEach(async () => {
    artifacts.open();
    await connector.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is noted, and the diagnosis then starts the plan with the one terminal', async () => {
    const { uploadPage } = await toLogCollection(connector, words.problem);
    const received = await putUpload(uploadPage, 'CMGE_Log.zip', await cmgeZip('TERM-0231'));
    expect(received.status).toBe(200);

    const said = await connector.sendMessage(words.proceed);
    const noted = t(words.lang, 'logs.proceedNoted', { reading: 1 });
    await connector.waitFor((r) => textOf(r) === noted, 10_000, { after: said.seq });

    artifacts.open();
    const going = t(words.lang, 'logs.proceedingAsNoted', { done: 1, expected: 2 });
    const told = await connector.waitFor((r) => textOf(r) === going, 60_000, { after: said.seq });
    const stage = await connector.waitFor(
      (r) => isCard(r) && /remediation\.failing/.test(JSON.stringify(cardOf(r))),
      20_000,
      { after: told.seq },
    );
    // Nothing asked the user to say it again, and no "waiting for the other terminal" progress in between.
    const texts = connector
      .activities()
      .filter((r) => r.seq > said.seq && r.seq < stage.seq)
      .map(textOf);
    expect(texts).not.toContain(t(words.lang, 'diagnosis.progress', { done: 1, expected: 2 }));
    const caseNumber = /CAS-\d{5}-[A-Z0-9]{6}/.exec(JSON.stringify(cardOf(stage)))![0];
    const row = await app.store.cases.get(caseNumber);
    expect((row?.problem as { machineCount?: number } | undefined)?.machineCount).toBe(1);
  });
});
