/**
 * The progress card of an upload, over real HTTP with a real zip: it is posted with the acknowledgement,
 * before the diagnosis has finished (not already at 100 %), and updated in place as the work goes on
 * (unpacking, each log read) before the diagnosis card — asserted on the order of what the bot sent, not on
 * time.
 */
import type { RecordedActivity } from '../../tools/connector';
import { makeZip } from '../diagnosis/bundle/zip-writer';
import { botPerTest, isCard, readCard, textOf, toLogCollection, putUpload } from './harness';

jest.setTimeout(60_000);

const CBS = [
  '2022-05-19 11:48:57, Info                  CBS    Starting TiWorker initialization.',
  '2022-05-19 11:49:09, Error                 CBS    Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
].join('\r\n');
const DISM = '2022-05-19 11:50:02, Info                  DISM   DISM.EXE: Image session has been closed.';
const SYSTEMINFO =
  'Host Name:                 TERM-0231\r\nOS Version:                10.0.17763 N/A Build 17763';

const bot = botPerTest({ locale: 'zh-CN' });

/** The percentage a progress card shows ("已完成 40%"), or undefined for any other activity. */
function percentOf(record: RecordedActivity): number | undefined {
  if (!isCard(record)) return undefined;
  const match = /已完成 (\d+)%/.exec(readCard(record));
  return match ? Number(match[1]) : undefined;
}

it('posts the progress card before the diagnosis finishes and updates it in place until the result', async () => {
  const { connector } = bot;
  const { uploadPage, after } = await toLogCollection(
    connector,
    'KB5011503 在一台终端上安装失败，报错 0x80073712',
  );
  const zip = await makeZip([
    { name: 'Logs/CBS/CBS.log', data: CBS },
    { name: 'Logs/DISM/dism.log', data: DISM },
    { name: 'System/systeminfo.txt', data: SYSTEMINFO },
  ]);
  const res = await putUpload(uploadPage, 'TERM-0231.zip', zip);
  expect(res.status).toBe(200);
  const result = await connector.waitFor((r) => isCard(r) && /日志分析结果/.test(readCard(r)), 20_000, {
    after,
  });

  const sent = connector
    .activities(connector.conversationId)
    .filter((r) => r.seq > after && r.seq < result.seq);
  const acknowledged = sent.findIndex((r) => /已收到上传的文件 TERM-0231\.zip/.test(textOf(r)));
  const progress = sent
    .map((record, index) => ({ record, index, percent: percentOf(record) }))
    .filter((p) => p.percent !== undefined);

  // Posted once, right after the acknowledgement, at the start of the work; then updated in place.
  expect(acknowledged).toBeGreaterThanOrEqual(0);
  const [first, ...updates] = progress;
  expect(first.record.kind).not.toBe('update');
  expect(first.index).toBeGreaterThan(acknowledged);
  expect(first.percent).toBeLessThan(100);
  expect(updates.length).toBeGreaterThan(0);
  expect(updates.every((p) => p.record.kind === 'update' && p.record.id === first.record.id)).toBe(true);
  // Steps in between (unpacking, each log read), in rising order, and 100 % only at the end.
  const percents = progress.map((p) => p.percent!);
  expect(percents).toEqual([...percents].sort((a, b) => a - b));
  expect(percents.filter((p) => p > 0 && p < 100).length).toBeGreaterThan(0);
  expect(percents.indexOf(100)).toBe(percents.length - 1);
  expect(progress.map((p) => readCard(p.record)).join('\n')).toMatch(
    /正在读取 Logs\/(CBS\/CBS|DISM\/dism)\.log/,
  );
});
