/**
 * Uploads whose logs name no host, in a case of two terminals, over real HTTP with real zips: the second
 * upload is the terminal not yet uploaded (not the one already diagnosed), and new logs after a stage that
 * name no host are the terminal whose logs never did — told under its name, compared with its own failure.
 */
import { t } from '../../src/i18n';
import { makeZip } from '../diagnosis/bundle/zip-writer';
import { botPerTest, isCard, readCard, textOf, toLogCollection, putUpload } from './harness';

jest.setTimeout(60_000);

const CBS_FAILING = [
  '2022-05-19 11:49:09, Info                  CBS    Failed to get enumerator for missing components. [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
  '2022-05-19 11:49:09, Error                 CBS    Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
].join('\r\n');
const SYSTEMINFO = [
  'Host Name:                 TERM-0231',
  'OS Name:                   Microsoft Windows 10 Enterprise LTSC 2019',
  'OS Version:                10.0.17763 N/A Build 17763',
].join('\r\n');

const bot = botPerTest({ locale: 'zh-CN' });

async function upload(page: string, name: string, zip: Buffer): Promise<void> {
  const res = await putUpload(page, name, zip);
  expect(res.status).toBe(200);
}

it('takes a second upload without a host for the terminal not yet uploaded, and its later logs for it', async () => {
  const { connector, app } = bot;
  const { uploadPage, caseNumber, after } = await toLogCollection(
    connector,
    'KB5011503 在两台终端上安装失败，报错 0x80073712',
  );
  const chat = () => connector.activities(connector.conversationId).filter((r) => r.seq > after);

  // TERM-0231's collector bundle names its host; the other terminal's logs are a bare CBS.log.
  await upload(
    uploadPage,
    'TERM-0231.zip',
    await makeZip([
      { name: 'Logs/CBS/CBS.log', data: CBS_FAILING },
      { name: 'System/systeminfo.txt', data: SYSTEMINFO },
    ]),
  );
  const progress = t('zh-CN', 'diagnosis.progress', { done: 1, expected: 2 });
  await connector.waitFor((r) => textOf(r) === progress, 15_000, { after });
  await upload(uploadPage, 'logs.zip', await makeZip([{ name: 'CBS.log', data: CBS_FAILING }]));
  const stage = await connector.waitFor((r) => isCard(r) && /第 1 步/.test(readCard(r)), 15_000, { after });

  // Two terminals: the hostless bundle is the second one, not new logs of TERM-0231.
  const findings = (await app.store.cases.get(caseNumber))?.details.findings ?? [];
  expect(findings.map((f) => [f.machine, f.hostName ?? null])).toEqual([
    ['TERM-0231', 'TERM-0231'],
    ['logs', null],
  ]);
  expect(chat().map(textOf).join('\n')).not.toMatch(/TERM-0231 的新日志/);

  // After the stage, logs that again name no host are that terminal's: still its failure, under its name.
  const retried = CBS_FAILING.replace(/2022-05-19 11:49/g, '2022-05-20 09:12');
  await upload(uploadPage, 'logs-after-reset.zip', await makeZip([{ name: 'CBS.log', data: retried }]));
  const same = t('zh-CN', 'compare.same', { machine: 'logs', code: '0x80073712' });
  await connector.waitFor((r) => textOf(r) === same, 15_000, { after: stage.seq });
  const told = chat()
    .filter((r) => r.seq > stage.seq)
    .map(textOf)
    .join('\n');
  expect(told).not.toMatch(/TERM-0231 的新日志|之前为 -/);
});
