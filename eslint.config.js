/**
 * ESLint (flat config). Besides the TypeScript recommendations it keeps the architecture's fences:
 * only src/bot/ may import botbuilder / botframework-*, dialogs/ imports only xstate and its own files,
 * the diagnosis room never imports bot or http, and src/ does not console.log.
 */
const tseslint = require('typescript-eslint');

const botbuilderFence = {
  patterns: [
    { group: ['botbuilder', 'botbuilder-*', 'botframework-*'], message: 'Only src/bot/ may import the Bot Framework SDK.' },
  ],
};

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'bench/out/', 'cards-preview/', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-imports': ['error', botbuilderFence],
    },
  },
  { files: ['src/bot/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/**/*.ts'], ignores: ['src/cli/**'], rules: { 'no-console': 'error' } },
  {
    files: ['dialogs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...botbuilderFence.patterns,
            { group: ['../src/*', '../src/**', 'restify', 'better-sqlite3', 'node:*', 'fs', 'path'], message: 'dialogs/ imports only xstate and types.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/diagnosis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...botbuilderFence.patterns,
            { group: ['../bot/*', '../http/*', '../../bot/*', '../../http/*', 'restify'], message: 'diagnosis/ never imports bot or http.' },
          ],
        },
      ],
    },
  },
);
