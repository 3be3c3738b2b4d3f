/** The data the verify card binds (after a remediation stage failed). */
import type { VerifyCardInput } from '../../domain/cards';
import type { Locale } from '../../domain/locale';
import { currentStage, nextStageIndex, titleOf } from '../../domain/plan';

/** Data of the verify card (after a stage failed). `answered`: '' or the button the user chose. */
export function verifyCardData(
  { remediation: state, caseNumber, answered }: VerifyCardInput,
  locale: Locale,
): Record<string, unknown> {
  const next = nextStageIndex(state);
  return {
    caseNumber,
    stageTitle: titleOf(currentStage(state), locale),
    stageNumber: state.current + 1,
    hasNext: next !== undefined,
    nextTitle: next === undefined ? '' : titleOf(state.stages[next], locale),
    answered,
  };
}
