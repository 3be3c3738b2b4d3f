/**
 * ESLint (flat config). Besides the TypeScript recommendations it keeps the architecture's fences
 * (../shared/design/ARCHITECTURE.md, "Layers and rooms"), checked by `npm test`:
 * - only src/bot/ may import botbuilder / botframework-*;
 * - src/domain/ is the ground floor: it imports nothing of ours, and every room may import it;
 * - each room of src/ imports only the rooms below it (LAYERS), so no two rooms import each other;
 * - only src/conversation/ (and the CLI and dev tools) import dialogs/; dialogs/ imports only xstate and
 *   src/domain/;
 * - src/ does not console.log.
 */
const tseslint = require('typescript-eslint');

const botbuilderFence = {
  group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
  message: 'Only src/bot/ may import the Bot Framework SDK.',
};

/**
 * The rooms of src/ and the rooms each may import, besides domain/ and the shared leaves (log.ts,
 * config.ts, version.ts). Arrows point down: http -> bot -> conversation -> handoff -> cards -> cases ->
 * uploads -> diagnosis -> knowledge. cards/ holds the card templates' renderer and every card's data
 * builder (cards/data/), so it sits above the case record's summary it shows. cli/ and the composition
 * root (app.ts, main.ts) may import anything; nothing shipped imports them, nor the development tools in
 * tools/ (outside src/).
 */
const LAYERS = {
  domain: [],
  i18n: [],
  knowledge: [],
  storage: [],
  diagnosis: ['knowledge'],
  uploads: ['diagnosis', 'knowledge', 'storage', 'i18n'],
  cases: ['uploads', 'diagnosis', 'knowledge', 'storage', 'i18n'],
  cards: ['cases', 'uploads', 'diagnosis', 'knowledge', 'storage', 'i18n'],
  handoff: ['cases', 'uploads', 'diagnosis', 'knowledge', 'storage', 'cards', 'i18n'],
  conversation: ['handoff', 'cases', 'uploads', 'diagnosis', 'knowledge', 'storage', 'cards', 'i18n'],
  bot: ['conversation', 'handoff', 'cases', 'uploads', 'knowledge', 'storage', 'cards', 'i18n'],
  http: ['bot', 'conversation', 'handoff', 'cases', 'uploads', 'knowledge', 'storage', 'cards', 'i18n'],
};
const ROOMS = [...Object.keys(LAYERS), 'cli'];

/** A relative import that climbs out of the file's room into one of `rooms` (any depth). */
const into = (rooms) => `^(\\.\\./)+(${rooms.join('|')})(/|$)`;

function roomFence(room) {
  const others = ROOMS.filter((r) => r !== room && r !== 'domain' && !LAYERS[room].includes(r));
  const patterns = [
    {
      regex: into([...others, 'app', 'main']),
      message: `src/${room}/ may import only ${['domain', ...LAYERS[room]].join(', ')} (see LAYERS in eslint.config.js).`,
    },
    { regex: '^(\\.\\./){2,}dialogs(/|$)', message: 'Only src/conversation/ imports dialogs/.' },
    {
      regex: '^(\\.\\./){2,}tools(/|$)',
      message: 'tools/ is development-only: shipped code never imports it.',
    },
  ];
  if (room === 'domain') {
    patterns[0] = {
      regex: '^\\.\\./',
      message: 'src/domain/ is the ground floor: it imports nothing of ours (only its own files).',
    };
  }
  if (room === 'conversation') patterns.splice(1, 1); // the dialogs/ fence
  if (room !== 'bot') patterns.push(botbuilderFence);
  if (room === 'diagnosis')
    patterns.push({ group: ['restify'], message: 'diagnosis/ never imports bot or http.' });
  return { files: [`src/${room}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'bench/out/', 'cards-preview/', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-imports': ['error', { patterns: [botbuilderFence] }],
    },
  },
  ...Object.keys(LAYERS).map(roomFence),
  { files: ['src/**/*.ts'], ignores: ['src/cli/**'], rules: { 'no-console': 'error' } },
  {
    files: ['dialogs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            botbuilderFence,
            {
              regex: '^\\.\\./src/(?!domain/)',
              message: 'dialogs/ imports only xstate and src/domain/.',
            },
            {
              group: ['restify', 'better-sqlite3', 'node:*', 'fs', 'path'],
              message: 'dialogs/ imports only xstate and src/domain/.',
            },
          ],
        },
      ],
    },
  },
);
