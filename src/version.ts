/** The bot's version, from package.json (shown by /healthz and in the Teams manifest). */
export const VERSION: string = (require('../package.json') as { version: string }).version;
