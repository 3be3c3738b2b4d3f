/** What both engines' migration runners share: a migration's shape and the refusal of a newer schema. */

export interface Migration {
  /** Strictly increasing, starting at 1; never renumber a released migration. */
  version: number;
  name: string;
  sql: string;
}

/** The database was written by a newer build; opening it with this one could corrupt it. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly knownVersion: number,
    /** The database file, or a description of a server database (host, port, name). */
    where: string,
  ) {
    super(
      `Database ${where} is at schema version ${databaseVersion}, but this build knows only up to ` +
        `version ${knownVersion}. Run a newer build of the bot, or point it at another database.`,
    );
    this.name = 'SchemaTooNewError';
  }
}
