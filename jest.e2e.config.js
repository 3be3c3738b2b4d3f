/**
 * Jest for `npm run test:e2e`: the walks in Microsoft's Agents Playground driven by headless Chromium
 * (test/walks/*.walk.ts), one at a time and in their numbered order. Kept out of `npm test` (jest.config.js
 * matches *.test.ts only): they need Chromium and take minutes.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/walks'],
  testMatch: ['**/*.walk.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  testSequencer: '<rootDir>/test/walks/sequencer.js',
  testTimeout: 15 * 60 * 1000,
  maxWorkers: 1,
};
