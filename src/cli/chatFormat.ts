/**
 * `npm run chat`'s small pure helpers for showing what the bot sent: locales as Teams sends them, hero
 * cards and suggested actions as Adaptive Cards, indented and shortened text.
 */
import type { Activity } from '../../tools/connector';

/** zh* -> zh-CN, en* -> en-US (what Teams sends); anything else is not offered. */
export function normalizeLocale(value: string): string | undefined {
  const lower = value.trim().toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en-US';
  return undefined;
}

/** Hero and thumbnail cards, as an Adaptive Card with the same buttons. */
export function heroToAdaptive(content: unknown): unknown {
  const hero = asObject(content) ?? {};
  const body = [
    { type: 'TextBlock', text: hero.title, size: 'large' },
    { type: 'TextBlock', text: hero.subtitle },
    { type: 'TextBlock', text: hero.text },
  ].filter((block) => typeof block.text === 'string');
  return { type: 'AdaptiveCard', body, actions: buttonsToActions(hero.buttons) };
}

/** Suggested actions (imBack buttons under a message) behave like a card's actions. */
export function suggestedActionsCard(activity: Activity): unknown {
  const actions = buttonsToActions(asObject(activity.suggestedActions)?.actions);
  return actions.length > 0 ? { type: 'AdaptiveCard', body: [], actions } : undefined;
}

export function buttonsToActions(buttons: unknown): unknown[] {
  return (Array.isArray(buttons) ? buttons : []).map((item) => {
    const button = asObject(item) ?? {};
    const title = typeof button.title === 'string' ? button.title : String(button.value ?? '');
    if (button.type === 'openUrl') return { type: 'Action.OpenUrl', title, url: button.value };
    const type = button.type === 'messageBack' ? 'messageBack' : 'imBack';
    const msteams = { type, value: button.value, text: button.text ?? button.value };
    return { type: 'Action.Submit', title, data: { msteams }, associatedInputs: 'none' };
  });
}

export function indent(text: string, width = 2): string {
  const pad = ' '.repeat(width);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

export function brief(body: unknown): string {
  if (body === undefined || body === '') return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `: ${shorten(text)}`;
}

export function shorten(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
