import { ConfigError, isLoopback, loadConfig, parseDuration, redactedConfig } from '../../src/config';

/** Credentials with the engineers' channel named, as a deployment must have them. */
const WITH_CREDENTIALS = { MICROSOFT_APP_ID: 'app-id', ENGINEERS_CHANNEL_ID: '19:engineers@thread.tacv2' };
describe('configuration', () => {
  it('runs with embedded defaults and no credentials on loopback only', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.host).toBe('127.0.0.1');
    expect(config.authenticated).toBe(false);
    expect(config.databaseFile).toMatch(/data[/\\]bot\.sqlite$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('refuses a public bind address without credentials unless explicitly allowed', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/ALLOW_UNAUTHENTICATED/);
    expect(loadConfig({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED: 'true' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost');
  });

  it('treats an empty value as unset: HOST= stays on loopback, PORT= and DATA_DIR= keep their defaults', () => {
    const config = loadConfig({
      HOST: '',
      PORT: '',
      DATA_DIR: ' ',
      PUBLIC_URL: '',
      ALLOW_UNAUTHENTICATED: '',
    });
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3978);
    expect(config.databaseFile).toMatch(/data[/\\]bot\.sqlite$/);
    expect(config.publicUrl).toBeUndefined();
    expect(loadConfig({ HOST: '', ...WITH_CREDENTIALS, MICROSOFT_APP_PASSWORD: 's' }).host).toBe('0.0.0.0');
  });

  it('knows loopback addresses', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect([host, isLoopback(host)]).toEqual([host, true]);
    for (const host of ['', '0.0.0.0', '::', '10.0.0.1', '127.0.0.1.evil.example'])
      expect([host, isLoopback(host)]).toEqual([host, false]);
  });

  it('listens on all interfaces by default once credentials are configured', () => {
    const config = loadConfig({ ...WITH_CREDENTIALS, MICROSOFT_APP_PASSWORD: 's3cret' });
    expect(config.authenticated).toBe(true);
    expect(config.host).toBe('0.0.0.0');
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', FOLLOW_UPS: 'soon', MICROSOFT_APP_ID: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect(problems).toMatch(/FOLLOW_UPS.*durations/);
    expect(problems).toMatch(/MICROSOFT_APP_PASSWORD/);
  });

  it('never shows the app password when logged', () => {
    const config = loadConfig({ ...WITH_CREDENTIALS, MICROSOFT_APP_PASSWORD: 'very-secret-value' });
    expect(JSON.stringify(redactedConfig(config))).not.toContain('very-secret-value');
    expect(JSON.stringify(redactedConfig(config))).toContain('[redacted]');
  });

  it("refuses credentials without the engineers' channel or roster, and takes either", () => {
    expect(() => loadConfig({ MICROSOFT_APP_ID: 'app-id', MICROSOFT_APP_PASSWORD: 's' })).toThrow(
      /ENGINEERS_CHANNEL_ID: with Microsoft App credentials/,
    );
    const withChannel = loadConfig({ ...WITH_CREDENTIALS, MICROSOFT_APP_PASSWORD: 's' });
    expect(withChannel.engineers.channelId).toBe('19:engineers@thread.tacv2');
    const withRoster = loadConfig({
      MICROSOFT_APP_ID: 'app-id',
      MICROSOFT_APP_PASSWORD: 's',
      ENGINEERS: 'aad-1',
    });
    expect(withRoster.engineers.roster).toEqual(['aad-1']);
    // Without credentials (local development) nothing is required.
    expect(loadConfig({}).engineers.channelId).toBeUndefined();
  });

  it('reads durations in human units', () => {
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('tomorrow')).toBeUndefined();
  });

  describe('several instances: STORE and ARTIFACTS', () => {
    const KEY = 'ab'.repeat(32);
    const AZURE =
      'DefaultEndpointsProtocol=https;AccountName=ucbstore;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net';

    it('keeps the SQLite file and the folder by default', () => {
      const config = loadConfig({});
      expect(config.store).toEqual({ kind: 'sqlite' });
      expect(config.artifacts).toEqual({ kind: 'fs' });
    });

    it('takes PostgreSQL from DATABASE_URL or the PG* variables, with a shared signing key', () => {
      const url = 'postgres://bot:db-secret@db.example.com:5432/ucb';
      expect(loadConfig({ STORE: 'postgres', DATABASE_URL: url, UPLOAD_SIGNING_KEY: KEY }).store).toEqual({
        kind: 'postgres',
        url,
        maxConnections: 10,
      });
      expect(
        loadConfig({
          STORE: 'postgres',
          PGHOST: 'db.example.com',
          UPLOAD_SIGNING_KEY: KEY,
          DATABASE_MAX_CONNECTIONS: '25',
        }).store,
      ).toEqual({ kind: 'postgres', maxConnections: 25 });
    });

    it('says what PostgreSQL and Azure Blob are missing, all at once', () => {
      let error: unknown;
      try {
        loadConfig({ STORE: 'postgres', ARTIFACTS: 'azure-blob', AZURE_STORAGE_CONTAINER: 'Bad_Name' });
      } catch (e) {
        error = e;
      }
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/STORE=postgres: set DATABASE_URL/);
      expect(problems).toMatch(/UPLOAD_SIGNING_KEY: is required with STORE=postgres/);
      expect(problems).toMatch(/AZURE_STORAGE_CONNECTION_STRING: is required with ARTIFACTS=azure-blob/);
      expect(problems).toMatch(/AZURE_STORAGE_CONTAINER/);
      expect(() => loadConfig({ STORE: 'mysql' })).toThrow(/STORE/);
      expect(() => loadConfig({ DATABASE_URL: 'postgres://db/ucb' })).toThrow(/only with STORE=postgres/);
      expect(() =>
        loadConfig({ STORE: 'postgres', DATABASE_URL: 'mysql://db/ucb', UPLOAD_SIGNING_KEY: KEY }),
      ).toThrow(/postgres:\/\//);
    });

    it('never logs the database password or the storage account key', () => {
      const config = loadConfig({
        STORE: 'postgres',
        DATABASE_URL: 'postgres://bot:db-secret@db.example.com:5432/ucb',
        UPLOAD_SIGNING_KEY: KEY,
        ARTIFACTS: 'azure-blob',
        AZURE_STORAGE_CONNECTION_STRING: AZURE,
      });
      expect(config.artifacts).toEqual({
        kind: 'azure-blob',
        connectionString: AZURE,
        container: 'artifacts',
      });
      const logged = JSON.stringify(redactedConfig(config));
      expect(logged).not.toContain('db-secret');
      expect(logged).not.toContain('c2VjcmV0LWtleQ==');
      expect(logged).toContain('db.example.com');
      expect(logged).toContain('AccountName=ucbstore');
    });
  });
});
