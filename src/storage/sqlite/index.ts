/** Entry point of the embedded SQLite store: open a file (or ':memory:') and get the storage ports. */
export { openSqliteStore } from './sqliteStore';
export { SchemaTooNewError } from './migrations';
