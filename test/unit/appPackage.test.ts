import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import { readZip } from '../helpers/zip';
import { loadPackagingConfig } from '../../src/config';
import { buildAppPackage } from '../../tools/appPackage';

const SCHEMAS = path.resolve(__dirname, '../../../shared/schemas');

/** One of the Teams manifest schemas; missing, the test fails (CI always has ../shared: no silent skip). */
function schema(name: string): object {
  const file = path.join(SCHEMAS, name);
  if (!fs.existsSync(file))
    throw new Error(`the Teams manifest schema is missing: ${file} (from ../shared/schemas)`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as object;
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the Teams app package', () => {
  let entries: Map<string, Buffer>;
  const botId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

  beforeAll(async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-pkg-')), 'app.zip');
    await buildAppPackage(loadPackagingConfig({ MICROSOFT_APP_ID: botId }), '1.2.3', out);
    entries = await readZip(fs.readFileSync(out));
  });

  it('holds the manifest, its Chinese strings and both icons at the sizes Teams requires', () => {
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png', 'zh-cn.json']);
    expect(pngSize(entries.get('color.png')!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(entries.get('outline.png')!)).toEqual({ width: 32, height: 32 });
  });

  it('fills in the bot id and version', () => {
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.id).toBe(botId);
    expect(manifest.bots[0].botId).toBe(botId);
    expect(manifest.bots[0].supportsFiles).toBe(true);
  });

  it('validates against the Teams manifest 1.29 schemas (from ../shared/schemas)', () => {
    const ajv = new Ajv04({ strict: false, allErrors: true, unicodeRegExp: false });
    const manifestSchema = schema('teams-manifest-1.29.schema.json');
    const localizationSchema = schema('teams-manifest-localization-1.29.schema.json');
    const validManifest = ajv.validate(
      manifestSchema,
      JSON.parse(entries.get('manifest.json')!.toString('utf8')),
    );
    expect(ajv.errors ?? []).toEqual([]);
    expect(validManifest).toBe(true);
    const validStrings = ajv.validate(
      localizationSchema,
      JSON.parse(entries.get('zh-cn.json')!.toString('utf8')),
    );
    expect(ajv.errors ?? []).toEqual([]);
    expect(validStrings).toBe(true);

    // The check can fail: a manifest without its accent colour is refused.
    const broken = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    delete broken.accentColor;
    expect(ajv.validate(manifestSchema, broken)).toBe(false);
  });
});
