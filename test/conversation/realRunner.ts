/**
 * The conversation runner as the app builds it, for tests that drive it turn by turn: the real card
 * renderer with the catalogs, stage cards from the real knowledge base and summaries from the stored
 * record. Upload links and files are stand-ins (no HTTP server here).
 */
import { renderCard } from '../../src/cards/render';
import { stageCardData } from '../../src/cards/data/stage';
import { buildCaseSummary } from '../../src/cases/summary';
import { summaryCardData } from '../../src/cards/data/summary';
import { ConversationRunner } from '../../src/conversation/runner';
import { pickLocale, t } from '../../src/i18n';
import { loadKnowledge } from '../../src/knowledge';
import { silentLogger } from '../../src/log';
import type { Store } from '../../src/storage/ports';
import { FOLLOW_UPS_MS } from '../dialogs/harness';

export function realRunner(store: Store, newCaseNumber: () => string): ConversationRunner {
  const knowledge = loadKnowledge();
  return new ConversationRunner({
    store,
    logger: silentLogger,
    settings: { followUpsMs: FOLLOW_UPS_MS },
    newCaseNumber,
    pickLocale,
    text: t,
    card: renderCard,
    links: {
      issue: async (caseNumber) => ({
        pageUrl: `https://bot.example/upload/${caseNumber}_x`,
        apiUrl: `https://bot.example/api/uploads/${caseNumber}_x`,
        expiresAt: Date.UTC(2030, 0, 1),
      }),
    },
    files: {
      resolve: async (fileId) => ({ name: `${fileId}.bin`, bytes: Buffer.from(fileId), description: fileId }),
      fallback: async (fileId) => `download ${fileId}`,
    },
    cardData: {
      stage: (effect, locale) => stageCardData(knowledge, effect, locale),
      summary: (row, timeline, locale) => summaryCardData(buildCaseSummary(row, timeline), locale),
    },
  });
}
