/**
 * Every card's data in one place (cards/data/): what the templates in cards/ bind, built from what the
 * case machine asked for (src/domain/cards.ts) in the conversation's language. The stage, summary and
 * engineers' escalation cards are built from the knowledge base and the case record (stage.ts,
 * summary.ts, escalation.ts). Pure.
 */
import type { CardInput } from '../../domain/cards';
import type { Locale } from '../../domain/locale';
import { closureCardData, logsMachineCardData, reportQuestionCardData, surveyCardData } from './closure';
import { diagnosisCardData, logCollectionCardData } from './logs';
import { problemCardData, scopeCardData } from './problem';
import { verifyCardData } from './verify';

/** The data of the card `input` asks for. */
export function cardData(input: CardInput, locale: Locale): Record<string, unknown> {
  switch (input.card) {
    case 'problem':
    case 'greeting':
      return problemCardData(input);
    case 'scope':
      return scopeCardData(input);
    case 'logCollection':
      return logCollectionCardData(input);
    case 'diagnosis':
      return diagnosisCardData(input, locale);
    case 'verify':
      return verifyCardData(input, locale);
    case 'closure':
      return closureCardData(input);
    case 'survey':
      return surveyCardData(input);
    case 'reportQuestion':
      return reportQuestionCardData(input, locale);
    case 'logsMachine':
      return logsMachineCardData(input, locale);
  }
}
