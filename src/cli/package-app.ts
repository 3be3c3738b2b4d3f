/** `npm run package`: writes dist/appPackage.zip for sideloading into Teams (set MICROSOFT_APP_ID first). */
import path from 'node:path';
import { loadPackagingConfig } from '../config';
import { buildAppPackage } from '../../tools/appPackage';
import { VERSION } from '../version';

async function main(): Promise<void> {
  const settings = loadPackagingConfig();
  if (/^0{8}-/.test(settings.botId)) {
    process.stderr.write(
      'MICROSOFT_APP_ID is not set: the package carries a placeholder bot id and will not work in Teams.\n',
    );
  }
  const out = await buildAppPackage(settings, VERSION, path.resolve('dist/appPackage.zip'));
  process.stdout.write(`${out}\n`);
}

main().catch((err) => {
  process.stderr.write(`package failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
