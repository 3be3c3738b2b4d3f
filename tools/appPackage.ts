/**
 * Builds the Teams app package (manifest.json with ids filled in, zh-cn.json, icons) as one zip for
 * sideloading. The manifest template lives in appPackage/; nothing here talks to Teams.
 */
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import type { PackagingConfig } from '../src/config';

export const APP_PACKAGE_DIR = path.resolve(__dirname, '../appPackage');
const FILES = ['color.png', 'outline.png', 'zh-cn.json'];

export function renderManifest(settings: PackagingConfig, version: string): Record<string, unknown> {
  const template = fs.readFileSync(path.join(APP_PACKAGE_DIR, 'manifest.template.json'), 'utf8');
  const values: Record<string, string> = {
    VERSION: version,
    TEAMS_APP_ID: settings.teamsAppId,
    BOT_ID: settings.botId,
    DEVELOPER_NAME: settings.developerName,
    WEBSITE_URL: settings.websiteUrl.replace(/\/+$/, ''),
  };
  const filled = template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`manifest.template.json uses unknown placeholder {{${name}}}`);
    return JSON.stringify(values[name]).slice(1, -1);
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

/** Writes the zip and resolves with its path. */
export function buildAppPackage(
  settings: PackagingConfig,
  version: string,
  outFile: string,
): Promise<string> {
  const manifest = renderManifest(settings, version);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), 'manifest.json');
  for (const name of FILES) zip.addFile(path.join(APP_PACKAGE_DIR, name), name);
  zip.end();
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(outFile);
    zip.outputStream
      .pipe(out)
      .on('close', () => resolve(outFile))
      .on('error', reject);
  });
}
