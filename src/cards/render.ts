/**
 * Expands `cards/<id>.template.json` with the machine's data and the locale's strings (bound as
 * `$root.t`) into an Adaptive Card 1.5 payload plus its fallback text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import type { Locale } from '../domain/locale';
import { cardStrings } from '../i18n';
import type { Params } from '../i18n';

/** `cards/` at the repository root; this file lives in src/cards (or dist/src/cards when compiled). */
export const CARDS_DIR = resolveCardsDir();

const TEMPLATE_SUFFIX = '.template.json';

let templates: ReadonlyMap<string, Template> | undefined;

export interface RenderedCard {
  card: object;
  fallbackText: string;
}

/** Card ids that have a template. */
export function cardIds(): string[] {
  return [...loadTemplates().keys()];
}

export function renderCard(cardId: string, locale: Locale, data: Record<string, unknown>): RenderedCard {
  const template = loadTemplates().get(cardId);
  if (!template) throw new Error(`renderCard: no template cards/${cardId}${TEMPLATE_SUFFIX}`);
  const root = { ...data, t: cardStrings(locale, cardId, scalars(data)) };
  const card = template.expand({ $root: root }) as { fallbackText?: unknown };
  if (typeof card.fallbackText !== 'string' || card.fallbackText === '') {
    throw new Error(`renderCard: card ${cardId} expanded without fallbackText`);
  }
  return { card, fallbackText: card.fallbackText };
}

/**
 * Templates are read and prepared (every `${…}` parsed) once per process: they ship with the code and
 * never change while it runs. Preparing is the costly part (milliseconds per card, most of a turn's CPU);
 * `expand` starts from a fresh evaluation context each call and builds a new card, so one prepared
 * template serves every render (renders are synchronous: no two share it at once).
 */
function loadTemplates(): ReadonlyMap<string, Template> {
  if (!templates) {
    const loaded = new Map<string, Template>();
    for (const file of readdirSync(CARDS_DIR)) {
      if (!file.endsWith(TEMPLATE_SUFFIX)) continue;
      loaded.set(
        file.slice(0, -TEMPLATE_SUFFIX.length),
        new Template(JSON.parse(readFileSync(path.join(CARDS_DIR, file), 'utf8'))),
      );
    }
    templates = loaded;
  }
  return templates;
}

function resolveCardsDir(): string {
  const candidates = [path.resolve(__dirname, '../../cards'), path.resolve(__dirname, '../../../cards')];
  return candidates.find((dir) => existsDir(dir)) ?? candidates[0];
}

function existsDir(dir: string): boolean {
  try {
    return readdirSync(dir).some((file) => file.endsWith(TEMPLATE_SUFFIX));
  } catch {
    return false;
  }
}

/** The data fields that can fill a `{placeholder}` in a card string. */
function scalars(data: Record<string, unknown>): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  }
  return params;
}
