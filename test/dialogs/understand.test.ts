/** The translator at the machine's edge: card submits become named events; everything else passes. */
import { CARD_EVENTS } from '../../dialogs/events';
import { VERBS } from '../../dialogs/messages';
import { understand } from '../../dialogs/understand';

describe('understand', () => {
  it('turns each card verb into its own event, carrying the card inputs', () => {
    expect(understand({ type: 'card.submit', verb: 'scope.accept', data: {} })).toEqual({
      type: 'scope.accept',
      data: {},
    });
    expect(understand({ type: 'card.submit', verb: 'remediation.failing', data: {} }).type).toBe(
      'stage.failed',
    );
    expect(
      understand({ type: 'card.submit', verb: 'survey.submit', data: { score: '4', comment: 'ok' } }),
    ).toEqual({
      type: 'survey.submit',
      data: { score: '4', comment: 'ok' },
    });
  });

  it('knows every verb the cards use', () => {
    for (const verb of Object.values(VERBS)) {
      expect(understand({ type: 'card.submit', verb, data: {} }).type).toBe(CARD_EVENTS[verb]);
    }
  });

  it('keeps an unknown verb as a stale card (answered, never acted on)', () => {
    expect(understand({ type: 'card.submit', verb: 'old-card.go', data: { x: 1 } })).toEqual({
      type: 'card.unknown',
      verb: 'old-card.go',
      data: { x: 1 },
    });
  });

  it('passes every other event unchanged', () => {
    const message = { type: 'user.message' as const, text: '你好' };

    expect(understand(message)).toBe(message);
  });
});
