/** A sent card made inert: acting buttons gone, inputs shown as the values they held, a note at the end. */
import { frozenCopy, hasActingButtons } from '../../src/cards/freeze';
import { renderCard } from '../../tools/cardText';

const card = {
  type: 'AdaptiveCard',
  version: '1.5',
  fallbackText: 'Survey',
  body: [
    { type: 'TextBlock', text: 'How did we do?', wrap: true },
    {
      type: 'Input.ChoiceSet',
      id: 'score',
      label: 'Rating',
      value: '4',
      choices: [
        { title: 'Good', value: '4' },
        { title: 'Poor', value: '1' },
      ],
    },
    { type: 'Input.Text', id: 'comment', label: 'Comment', value: '' },
    { type: 'Input.Toggle', id: 'call', title: 'Call me', value: 'true' },
    {
      type: 'ActionSet',
      actions: [
        { type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [] } },
        { type: 'Action.Execute', verb: 'survey.skip', title: 'Skip' },
      ],
    },
    { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Send' }] },
  ],
  actions: [
    { type: 'Action.Execute', verb: 'survey.submit', title: 'Submit' },
    { type: 'Action.OpenUrl', url: 'https://example.com/help', title: 'Help' },
  ],
};

describe('a frozen card', () => {
  const frozen = frozenCopy(card, 'This card was sent again below.');
  const text = renderCard(frozen).text;

  it('keeps what it showed and the buttons that only show or open, drops those that act', () => {
    expect(hasActingButtons(card)).toBe(true);
    expect(hasActingButtons(frozen)).toBe(false);
    expect(renderCard(frozen).actions.map((a) => a.title)).toEqual(['More', 'Help']);
    expect(text).toContain('How did we do?');
  });

  it('shows the inputs as the values they held, leaves out empty ones, and ends with the note', () => {
    expect(text).toContain('Rating: Good');
    expect(text).toContain('Call me');
    expect(text).not.toContain('Comment');
    expect(renderCard(frozen).inputs).toEqual([]);
    expect(renderCard(frozen).lines.at(-2)).toBe('This card was sent again below.');
  });

  it('leaves the card it was made from as it was', () => {
    expect(card.actions).toHaveLength(2);
    expect(card.body).toHaveLength(6);
  });
});
