/** `npm start`: read the configuration, start the bot, stop gracefully on SIGINT/SIGTERM. */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, redactedConfig } from './config';
import { createLogger } from './log';
import { startApp } from './app';
import { installProxy } from './proxy';

async function main(): Promise<void> {
  // Settings may live in ./.env (see .env.example); variables already in the environment win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  logger.info({ config: redactedConfig(config) }, 'starting');
  // Calls to Teams and Microsoft through the proxy the environment names (HTTPS_PROXY, NO_PROXY …).
  await installProxy(config.proxy);
  const app = await startApp(config, { logger });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down: no new requests, finishing turns in flight');
    app.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(
    `update-case-bot failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
