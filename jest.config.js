/**
 * Jest: TypeScript through ts-jest; every test lives under test/. One throw-away PostgreSQL cluster and one
 * Azurite (Azure Blob emulator) run for the whole run, both on loopback (test/support/globalSetup.ts).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
};
