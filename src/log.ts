/** Structured logging (pino). Secrets and tokens are redacted by path wherever they could appear. */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'update-case-bot' },
      redact: {
        paths: [
          'password',
          '*.password',
          'app.password',
          'headers.authorization',
          '*.headers.authorization',
          'req.headers.authorization',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** A logger that writes nothing (tests, CLIs). */
export const silentLogger: Logger = pino({ level: 'silent' });
