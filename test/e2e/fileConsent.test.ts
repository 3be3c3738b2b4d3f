/**
 * Sending the collector kit (and scripts) over real HTTP: a file consent card in a 1:1 chat (accept ->
 * the zip is PUT to the upload session and shown with a file info card; decline -> the fallback), the
 * attachment-free fallback in group chats and channels, and the `.txt` copies behind the case's link.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { App } from '../../src/app';
import {
  FILE_CONSENT_CARD,
  LocalConnector,
  type Activity,
  type RecordedActivity,
} from '../../tools/connector';
import { cardOf, connectTo, toLogCollection, readCard, startBot, tempDataDir, testConfig } from './harness';

const SCRIPTS = path.resolve(__dirname, '../../knowledge/scripts');
const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';
import { readZip } from '../helpers/zip';

const CJK = /[\u4e00-\u9fff]/;
const ZH_PROBLEM = 'KB5011503 在两台终端上安装失败，报错 0x80073712';
const EN_PROBLEM = 'KB5011503 fails to install on two terminals with error 0x80073712';

function consentOf(record: RecordedActivity) {
  const attachment = record.activity.attachments?.find((a) => a.contentType === FILE_CONSENT_CARD);
  return attachment as
    | {
        name: string;
        content: {
          description: string;
          sizeInBytes: number;
          acceptContext: unknown;
          declineContext: unknown;
        };
      }
    | undefined;
}

function uploadPageOf(record: RecordedActivity): string {
  const found = JSON.stringify(cardOf(record)).match(/https?:\/\/[^"]+\/upload\/CAS-[A-Za-z0-9_-]+/);
  if (!found) throw new Error(`no upload link on the card: ${readCard(record)}`);
  return found[0];
}

/** Every activity the connector builds goes out as from a group chat or channel. */
function asConversationType(connector: LocalConnector, conversationType: string): void {
  const build = connector.buildActivity.bind(connector);
  connector.buildActivity = (type, fields, options) => {
    const activity = build(type, fields, options);
    activity.conversation = { ...activity.conversation!, conversationType, isGroup: true };
    return activity;
  };
}

describe('the collector kit in a personal chat', () => {
  let dataDir: string;
  let app: App;
  let connector: LocalConnector;
  let consent: RecordedActivity;
  /** The ids of activities the bot deleted after `seq`. */
  const removals = (seq: number) =>
    connector
      .activities()
      .filter((r) => r.kind === 'delete' && r.seq > seq)
      .map((r) => r.id);
  let caseNumber: string;
  let logCard: RecordedActivity;

  beforeAll(async () => {
    dataDir = tempDataDir();
    app = await startBot(testConfig(dataDir));
    connector = await connectTo(app, { locale: 'zh-CN' });
    const reached = await toLogCollection(connector, ZH_PROBLEM);
    caseNumber = reached.caseNumber;
    logCard = reached.card;
    consent = await connector.waitFor((r) => consentOf(r) !== undefined, 5000, { after: reached.after });
  });

  afterAll(async () => {
    await connector.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers collect-logs-<case>.zip on a file consent card after the log-collection card', () => {
    const card = consentOf(consent)!;

    expect(consent.seq).toBeGreaterThan(logCard.seq);
    expect(card.name).toBe(`collect-logs-${caseNumber}.zip`);
    expect(card.content.sizeInBytes).toBeGreaterThan(1000);
    expect(card.content.description).toMatch(CJK);
    expect(card.content.description).toContain('collect-and-upload.cmd');
    expect(card.content.acceptContext).toEqual({ fileId: 'collector-kit', caseNumber });
    expect(card.content.declineContext).toEqual({ fileId: 'collector-kit', caseNumber });
    // Offered once with the card, not again.
    expect(connector.activities().filter((r) => consentOf(r) !== undefined)).toHaveLength(1);
  });

  it('uploads the real kit on accept and shows it with a file info card', async () => {
    const answered = await connector.answerFileConsent(consent, 'accept');

    expect(answered.status).toBe(200);
    const uploads = connector.uploads();
    expect(uploads).toHaveLength(1);
    expect(uploads[0].name).toBe(`collect-logs-${caseNumber}.zip`);
    const entries = await readZip(uploads[0].bytes);
    expect([...entries.keys()].sort()).toEqual(
      ['README.txt', 'collect-and-upload.cmd', 'collect-logs.cmd', 'collect-logs.ps1'].sort(),
    );
    expect(
      entries.get('collect-logs.ps1')!.equals(fs.readFileSync(path.join(SCRIPTS, 'collect-logs.ps1'))),
    ).toBe(true);
    expect(
      entries.get('collect-logs.cmd')!.equals(fs.readFileSync(path.join(SCRIPTS, 'collect-logs.cmd'))),
    ).toBe(true);
    const launcher = entries.get('collect-and-upload.cmd')!.toString('ascii');
    const link = /-UploadUrl "(http:\/\/[^"]+\/api\/uploads\/([A-Za-z0-9_.~-]+))"/.exec(launcher);
    expect(link).not.toBeNull();
    expect(link![1].startsWith(`${app.url}/api/uploads/${caseNumber}_`)).toBe(true);
    expect(launcher).toContain(`-CaseNumber ${caseNumber}`);
    // The link inside works: it is a link the bot issued for this case.
    const page = await fetch(link![1].replace('/api/uploads/', '/upload/'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(caseNumber);

    const info = await connector.waitFor(
      (r) => (r.activity.attachments ?? []).some((a) => a.contentType === FILE_INFO_CARD),
      5000,
      { after: answered.seq },
    );
    const attachment = info.activity.attachments!.find((a) => a.contentType === FILE_INFO_CARD)!;
    expect(attachment).toMatchObject({
      contentUrl: uploads[0].contentUrl,
      name: `collect-logs-${caseNumber}.zip`,
      content: { uniqueId: uploads[0].uniqueId, fileType: 'zip' },
    });
    expect(info.activity.text).toMatch(CJK);
    expect(info.activity.text).toContain('collect-and-upload.cmd');
    // The answered card is taken away, so its buttons cannot upload the kit a second time.
    expect(removals(answered.seq)).toEqual([consent.id]);
  });

  it('gives the download link and the command instead on decline, in the case language', async () => {
    const answered = await connector.answerFileConsent(consent, 'decline');

    expect(answered.status).toBe(200);
    const reply = await connector.waitFor((r) => /collector\.zip/.test(r.activity.text ?? ''), 5000, {
      after: answered.seq,
    });
    const text = reply.activity.text!;
    expect(text).toMatch(CJK);
    expect(text).toMatch(/```\ncollect-logs\.cmd -UploadUrl "http:\/\/[^"]+\/api\/uploads\/CAS-[^"]+"/);
    const zipUrl = /(http:\/\/\S+\/collector\.zip)/.exec(text)![1];
    const zip = await fetch(zipUrl);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(connector.uploads()).toHaveLength(1);
    expect(removals(answered.seq)).toEqual([consent.id]);
  });

  it('keeps the card for another try when the upload session refuses the bytes, and gives the link', async () => {
    const before = connector.uploads().length;
    const card = consentOf(consent)!;
    const refusing = connector.buildActivity(
      'invoke',
      {
        name: 'fileConsent/invoke',
        value: {
          type: 'fileUpload',
          action: 'accept',
          context: card.content.acceptContext,
          uploadInfo: {
            name: card.name,
            uploadUrl: `${connector.serviceUrl}/uploads/no-such-session`,
            contentUrl: `${connector.serviceUrl}/uploads/no-such-session`,
            uniqueId: 'x',
            fileType: 'zip',
          },
        },
      },
      { replyToId: consent.id },
    );

    const answered = await connector.send(refusing);

    expect(answered.status).toBe(200);
    const reply = await connector.waitFor((r) => /无法通过 Teams 发送/.test(r.activity.text ?? ''), 5000, {
      after: answered.seq,
    });
    expect(reply.activity.text).toMatch(/collector\.zip/);
    expect(connector.uploads()).toHaveLength(before);
    expect(removals(answered.seq)).toEqual([]);
  });

  it('sends UpdateReset.cmd byte for byte when a consent for it is accepted', async () => {
    const offer = {
      ...consent,
      activity: withContext(consent.activity, { fileId: 'update-reset', caseNumber }),
    };
    offer.activity.attachments![0].name = 'UpdateReset.cmd';

    await connector.answerFileConsent(offer, 'accept');

    const sent = connector.uploads().at(-1)!;
    expect(sent.name).toBe('UpdateReset.cmd');
    expect(sent.bytes.equals(fs.readFileSync(path.join(SCRIPTS, 'UpdateReset.cmd')))).toBe(true);
  });

  it('ignores an answer naming a case of another conversation', async () => {
    const before = connector.uploads().length;
    const forged = {
      ...consent,
      activity: withContext(consent.activity, { fileId: 'collector-kit', caseNumber }),
    };

    const answered = await connector.answerFileConsent(forged, 'accept', {
      conversationId: 'a:someone-else',
    });

    expect(answered.status).toBe(200);
    expect(connector.uploads()).toHaveLength(before);
    expect(connector.activities().filter((r) => r.conversationId === 'a:someone-else')).toEqual([]);
  });

  it('says a shared file is gone when the case has no such file (another case’s, or deleted)', async () => {
    const before = connector.uploads().length;
    const stale = {
      ...consent,
      activity: withContext(consent.activity, {
        fileId: 'shared:0f8fad5b-d9cb-469f-a165-70867728950e',
        caseNumber,
      }),
    };

    const answered = await connector.answerFileConsent(stale, 'accept');

    expect(answered.status).toBe(200);
    await connector.waitFor((r) => /该文件已不可用/.test(r.activity.text ?? ''), 5000, {
      after: answered.seq,
    });
    expect(connector.uploads()).toHaveLength(before);
  });

  it('serves UpdateReset.cmd as a .txt copy behind the case link, and nothing without one', async () => {
    const pageUrl = uploadPageOf(logCard);

    const res = await fetch(`${pageUrl}/files/UpdateReset.txt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('UpdateReset.txt');
    expect(
      Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(path.join(SCRIPTS, 'UpdateReset.cmd'))),
    ).toBe(true);

    const forged = pageUrl.slice(0, -4) + (pageUrl.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await fetch(`${forged}/files/UpdateReset.txt`)).status).toBe(403);
    expect((await fetch(`${app.url}/upload/nonsense/files/UpdateReset.txt`)).status).toBe(403);
    expect((await fetch(`${pageUrl}/files/collect-logs.ps1`)).status).toBe(404);
    expect((await fetch(`${pageUrl}/files/..%2Fcollect-logs.ps1`)).status).toBe(404);
  });
});

function withContext(activity: Activity, context: { fileId: string; caseNumber: string }): Activity {
  const attachment = activity.attachments!.find((a) => a.contentType === FILE_CONSENT_CARD)!;
  const content = attachment.content as Record<string, unknown>;
  return {
    ...activity,
    attachments: [
      { ...attachment, content: { ...content, acceptContext: context, declineContext: context } },
    ],
  };
}

describe.each([
  ['groupChat', EN_PROBLEM, false],
  ['channel', ZH_PROBLEM, true],
] as const)('the collector kit in a %s', (conversationType, problem, chinese) => {
  let dataDir: string;
  let app: App;
  let connector: LocalConnector;

  beforeAll(async () => {
    dataDir = tempDataDir();
    app = await startBot(testConfig(dataDir));
    connector = await connectTo(app, { locale: 'en-US' });
    asConversationType(connector, conversationType);
  });

  afterAll(async () => {
    await connector.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('posts no consent card but the download link and the command', async () => {
    const { caseNumber, after, card } = await toLogCollection(connector, problem);

    const reply = await connector.waitFor((r) => /collector\.zip/.test(r.activity.text ?? ''), 5000, {
      after,
    });

    expect(reply.seq).toBeGreaterThan(card.seq);
    expect(connector.activities().filter((r) => consentOf(r) !== undefined)).toEqual([]);
    const text = reply.activity.text!;
    expect(CJK.test(text)).toBe(chinese);
    expect(text).toContain(caseNumber);
    expect(text).toContain(`-CaseNumber ${caseNumber}`);
    expect(text).toMatch(/collect-logs\.cmd -UploadUrl "http:\/\/[^"]+\/api\/uploads\/CAS-[^"]+"/);
    const zip = await fetch(/(http:\/\/\S+\/collector\.zip)/.exec(text)![1]);
    expect(zip.status).toBe(200);
  });
});

describe('taking an answered consent card out of the chat', () => {
  it('is queued behind the answer and tried again while Teams fails it; a card already gone (404) counts as deleted', async () => {
    const dataDir = tempDataDir();
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const app = await startBot(
      testConfig(dataDir, { DELIVERY_BACKOFF: '200ms', SCHEDULER_POLL: '100ms', CONNECTOR_TIMEOUT: '1s' }),
      { logger },
    );
    const connector = await connectTo(app, { locale: 'zh-CN' });
    const retries = () =>
      lines.filter((l) => /will try again/.test(String(l.msg)) && /\|remove$/.test(String(l.id)));
    try {
      const reached = await toLogCollection(connector, ZH_PROBLEM);
      const consent = await connector.waitFor((r) => consentOf(r) !== undefined, 5000, {
        after: reached.after,
      });
      let failed = 0;
      connector.setFault(({ method }) =>
        method === 'DELETE' && failed < 2 ? (failed++, { status: 500 }) : undefined,
      );

      const declined = await connector.answerFileConsent(consent, 'decline');

      await connector.waitFor((r) => r.kind === 'delete' && r.id === consent.id, 20_000, {
        after: declined.seq,
      });
      expect(failed).toBe(2);
      expect(retries()).toHaveLength(2);
      expect(connector.activities().filter((r) => r.kind === 'delete')).toHaveLength(1);

      // The card answered again from a client that still showed it: it is gone, Teams answers 404.
      let notFound = 0;
      connector.setFault(({ method }) => (method === 'DELETE' ? (notFound++, { status: 404 }) : undefined));
      const again = await connector.answerFileConsent(consent, 'decline');
      await connector.waitFor((r) => /collector\.zip/.test(r.activity.text ?? ''), 5000, {
        after: again.seq,
      });
      for (let i = 0; i < 100 && (await app.store.outbox.pending(connector.conversationId)).length > 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 100));

      expect(await app.store.outbox.pending(connector.conversationId)).toEqual([]);
      expect(notFound).toBe(1);
      expect(retries()).toHaveLength(2);
      expect(lines.filter((l) => /given up/.test(String(l.msg)))).toEqual([]);
    } finally {
      await connector.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
