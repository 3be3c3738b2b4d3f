/**
 * A sent card made inert: its buttons that act (Action.Execute / Action.Submit) removed and its inputs
 * shown as the values they held, with a note saying why. Used when a newer card replaces it in the chat
 * (the same question asked again) or when the case it belongs to has ended. Pure, template-agnostic.
 */

type Json = Record<string, unknown>;

const ACTING = new Set(['Action.Execute', 'Action.Submit']);

/** Whether a card has a button that acts (a stale press of it would reach the bot). */
export function hasActingButtons(card: unknown): boolean {
  if (Array.isArray(card)) return card.some(hasActingButtons);
  if (typeof card !== 'object' || card === null) return false;
  if (ACTING.has(String((card as Json).type))) return true;
  return Object.values(card).some(hasActingButtons);
}

/** The card without acting buttons and with inputs turned into text, `note` added at its end. */
export function frozenCopy(card: object, note: string): object {
  const copy = freezeNode(card) as Json;
  const body = Array.isArray(copy.body) ? copy.body : [];
  return {
    ...copy,
    body: [
      ...body,
      { type: 'TextBlock', text: note, isSubtle: true, wrap: true, separator: true, spacing: 'Medium' },
    ],
  };
}

function freezeNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(freezeNode).filter((n) => n !== undefined);
  if (typeof node !== 'object' || node === null) return node;
  const object = node as Json;
  const type = String(object.type ?? '');
  if (ACTING.has(type)) return undefined;
  if (type.startsWith('Input.')) return inputAsText(object);
  const copy: Json = {};
  for (const [key, value] of Object.entries(object)) copy[key] = freezeNode(value);
  if (type === 'ActionSet' && Array.isArray(copy.actions) && copy.actions.length === 0) return undefined;
  if (Array.isArray(copy.actions) && copy.actions.length === 0) delete copy.actions;
  return copy;
}

/** An input as the text of what it held ("Contact: 张工"); an empty one disappears. */
function inputAsText(input: Json): Json | undefined {
  const value = displayedValue(input);
  if (value === '') return undefined;
  const label = typeof input.label === 'string' && input.label !== '' ? `${input.label}: ` : '';
  return { type: 'TextBlock', text: `${label}${value}`, wrap: true, spacing: 'Small' };
}

function displayedValue(input: Json): string {
  const value = input.value === undefined || input.value === null ? '' : String(input.value);
  if (input.type === 'Input.Toggle')
    return value === String(input.valueOn ?? 'true') ? String(input.title ?? '') : '';
  if (input.type !== 'Input.ChoiceSet' || !Array.isArray(input.choices)) return value;
  const chosen = new Set(value.split(',').filter(Boolean));
  return (input.choices as Json[])
    .filter((c) => chosen.has(String(c.value)))
    .map((c) => String(c.title ?? c.value))
    .join(', ');
}
