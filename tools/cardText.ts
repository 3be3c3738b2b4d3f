// Renders an Adaptive Card (JSON, up to v1.5) as terminal text, and the pure helpers a text client
// needs to act on it: numbered actions, input values, and the data Teams would send for an action.

type Json = Record<string, unknown>;

/** One input of the card, with the value it would submit right now. */
export interface CardInput {
  id: string;
  type: string;
  label: string;
  /** The card's own value (its default), always a string as Teams sends it. */
  value: string;
  isRequired: boolean;
  isMultiline: boolean;
  isMultiSelect: boolean;
  choices: { title: string; value: string }[];
  /** Input.Toggle only. */
  valueOn?: string;
  valueOff?: string;
}

/** One pressable action, numbered from 1 in document order (ActionSets first where they stand). */
export interface CardAction {
  number: number;
  type: string;
  title: string;
  verb?: string;
  data?: unknown;
  url?: string;
  /** Action.ShowCard: the card it reveals. */
  card?: Json;
  /** Action.ToggleVisibility: the element ids it flips. */
  targetElements?: string[];
  /** 'none' means the action submits no input values (Adaptive Cards 1.3+). */
  associatedInputs: 'auto' | 'none';
}

export interface RenderedCard {
  /** The whole card as text, lines joined with '\n'. */
  text: string;
  lines: string[];
  inputs: CardInput[];
  actions: CardAction[];
}

export interface RenderOptions {
  /** Values set by the user, by input id; they win over the card's own values. */
  values?: Readonly<Record<string, string>>;
  /** Number the first action with this (ShowCard sub-cards continue their parent's numbering). */
  firstActionNumber?: number;
}

/** Renders a card. Never throws on odd JSON: unknown parts become visible `[unsupported: ...]` lines. */
export function renderCard(card: unknown, options: RenderOptions = {}): RenderedCard {
  const state: WalkState = {
    lines: [],
    inputs: [],
    actions: [],
    values: options.values ?? {},
    nextAction: options.firstActionNumber ?? 1,
  };
  const root = asObject(card);
  if (!root) {
    state.lines.push('[unsupported: card is not a JSON object]');
  } else {
    walkElements(asArray(root.body), state);
    if (asArray(root.actions).length > 0) renderActions(asArray(root.actions), state);
  }
  return { text: state.lines.join('\n'), lines: state.lines, inputs: state.inputs, actions: state.actions };
}

/** The value an input submits now: the user's value if set, else the card's own. */
export function currentValue(input: CardInput, values: Readonly<Record<string, string>> = {}): string {
  return Object.prototype.hasOwnProperty.call(values, input.id) ? values[input.id] : input.value;
}

/** Required inputs that are still empty; Teams refuses to send the action while any remain. */
export function missingRequired(
  inputs: readonly CardInput[],
  values: Readonly<Record<string, string>> = {},
): CardInput[] {
  return inputs.filter((input) => input.isRequired && currentValue(input, values).trim() === '');
}

export type ParsedValue = { ok: true; value: string } | { ok: false; error: string };

/**
 * Turns what a user typed into the string the input would hold. Choices accept their value, their
 * title (any case) or their 1-based number; toggles accept on/off, yes/no, true/false, 1/0, x.
 */
export function parseInputValue(input: CardInput, raw: string): ParsedValue {
  const text = raw.trim();
  switch (input.type) {
    case 'Input.Toggle': {
      const on = input.valueOn ?? 'true';
      const off = input.valueOff ?? 'false';
      const word = text.toLowerCase();
      if ([on.toLowerCase(), 'on', 'yes', 'true', '1', 'x', 'y'].includes(word))
        return { ok: true, value: on };
      if ([off.toLowerCase(), 'off', 'no', 'false', '0', 'n', ''].includes(word))
        return { ok: true, value: off };
      return { ok: false, error: `"${raw}" is not on/off for ${input.id}` };
    }
    case 'Input.ChoiceSet': {
      const parts = input.isMultiSelect ? text.split(',').map((p) => p.trim()) : [text];
      const chosen: string[] = [];
      for (const part of parts.filter((p) => p !== '')) {
        const choice = resolveChoice(input, part);
        if (choice === undefined) {
          const list = input.choices.map((c, i) => `${i + 1}) ${c.title}`).join('  ');
          return { ok: false, error: `"${part}" is not a choice of ${input.id}: ${list}` };
        }
        chosen.push(choice);
      }
      return { ok: true, value: chosen.join(',') };
    }
    case 'Input.Number':
      if (text !== '' && !Number.isFinite(Number(text)))
        return { ok: false, error: `${input.id} needs a number` };
      return { ok: true, value: text };
    case 'Input.Date':
      if (text !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(text))
        return { ok: false, error: `${input.id} needs a date as YYYY-MM-DD` };
      return { ok: true, value: text };
    case 'Input.Time':
      if (text !== '' && !/^\d{2}:\d{2}$/.test(text))
        return { ok: false, error: `${input.id} needs a time as HH:MM` };
      return { ok: true, value: text };
    default:
      // A terminal line cannot hold a newline, so multi-line inputs take a literal \n.
      return { ok: true, value: input.isMultiline ? raw.replace(/\\n/g, '\n') : raw };
  }
}

/**
 * The payload Teams sends for Action.Submit (`value`) or Action.Execute (`action.data`): the action's
 * data object with every input id set to its current value (inputs win, as in the official renderer).
 * Data that is not an object is sent as it is, without inputs.
 */
export function actionData(
  action: CardAction,
  inputs: readonly CardInput[],
  values: Readonly<Record<string, string>> = {},
): unknown {
  if (action.data !== undefined && asObject(action.data) === undefined) return action.data;
  const data: Json = { ...(asObject(action.data) ?? {}) };
  if (action.associatedInputs === 'none') return data;
  for (const input of inputs) data[input.id] = currentValue(input, values);
  return data;
}

/** A copy of the card with `isVisible` flipped on the target elements (Action.ToggleVisibility). */
export function toggleVisibility(card: unknown, targets: readonly string[]): unknown {
  const ids = new Set(targets);
  const flip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(flip);
    const object = asObject(node);
    if (!object) return node;
    const copy: Json = {};
    for (const [key, value] of Object.entries(object)) copy[key] = flip(value);
    if (typeof object.id === 'string' && ids.has(object.id)) copy.isVisible = object.isVisible === false;
    return copy;
  };
  return flip(card);
}

/** Terminal columns a string takes: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x300 && code <= 0x36f) || code === 0x200b) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

// ---------------------------------------------------------------------------------------------

interface WalkState {
  lines: string[];
  inputs: CardInput[];
  actions: CardAction[];
  values: Readonly<Record<string, string>>;
  nextAction: number;
}

function walkElements(elements: unknown[], state: WalkState): void {
  for (const element of elements) renderElement(element, state);
}

function renderElement(element: unknown, state: WalkState): void {
  const el = asObject(element);
  if (!el || el.isVisible === false) return;
  const type = asString(el.type) ?? '';
  switch (type) {
    case 'TextBlock': {
      const text = markdownToText(asString(el.text) ?? '');
      if (text === '') return;
      const size = (asString(el.size) ?? '').toLowerCase();
      const heading = asString(el.style) === 'heading' || size === 'large' || size === 'extralarge';
      pushText(state, heading ? `# ${text}` : text);
      return;
    }
    case 'RichTextBlock': {
      const text = asArray(el.inlines)
        .map((inline) => (typeof inline === 'string' ? inline : (asString(asObject(inline)?.text) ?? '')))
        .join('');
      if (text !== '') pushText(state, text);
      return;
    }
    case 'FactSet':
      renderFacts(asArray(el.facts), state);
      return;
    case 'Container':
      walkElements(asArray(el.items), state);
      return;
    case 'ColumnSet':
      renderColumns(asArray(el.columns), state);
      return;
    case 'Column':
      walkElements(asArray(el.items), state);
      return;
    case 'Table':
      renderTable(el, state);
      return;
    case 'Image': {
      const alt = asString(el.altText);
      state.lines.push(alt ? `[image: ${alt}]` : '[image]');
      return;
    }
    case 'ImageSet':
      state.lines.push(`[${asArray(el.images).length} images]`);
      return;
    case 'Media':
      state.lines.push(`[media${asString(el.altText) ? `: ${asString(el.altText)}` : ''}]`);
      return;
    case 'ActionSet':
      renderActions(asArray(el.actions), state);
      return;
    case 'Input.Text':
    case 'Input.Number':
    case 'Input.Date':
    case 'Input.Time':
    case 'Input.Toggle':
    case 'Input.ChoiceSet':
      renderInput(el, type, state);
      return;
    default: {
      // Adaptive Cards' own rule: an unknown element shows its fallback, or nothing if 'drop'.
      if (el.fallback === 'drop') return;
      if (asObject(el.fallback)) return renderElement(el.fallback, state);
      state.lines.push(`[unsupported: ${type || 'element without type'}]`);
    }
  }
}

function renderFacts(facts: unknown[], state: WalkState): void {
  const pairs = facts
    .map((fact) => asObject(fact))
    .filter((fact): fact is Json => fact !== undefined)
    .map((fact) => [markdownToText(asString(fact.title) ?? ''), markdownToText(asString(fact.value) ?? '')]);
  const width = Math.max(0, ...pairs.map(([title]) => displayWidth(title)));
  for (const [title, value] of pairs) {
    const head = `  ${padEnd(title, width)} : `;
    const [first, ...rest] = value.split('\n');
    state.lines.push(head + first);
    for (const line of rest) state.lines.push(' '.repeat(displayWidth(head)) + line);
  }
}

function renderColumns(columns: unknown[], state: WalkState): void {
  // Short columns (one line each) read best side by side; anything longer is stacked.
  const rendered = columns.map((column) => {
    const inner: WalkState = { ...state, lines: [] };
    renderElement(column, inner);
    state.nextAction = inner.nextAction;
    return inner.lines;
  });
  if (rendered.every((lines) => lines.length <= 1)) {
    const line = rendered
      .map((lines) => lines[0] ?? '')
      .filter((text) => text !== '')
      .join('  ');
    if (line !== '') state.lines.push(line);
  } else {
    for (const lines of rendered) state.lines.push(...lines);
  }
}

function renderTable(table: Json, state: WalkState): void {
  const rows = asArray(table.rows).map((row) =>
    asArray(asObject(row)?.cells).map((cell) => {
      const inner: WalkState = { ...state, lines: [] };
      walkElements(asArray(asObject(cell)?.items), inner);
      state.nextAction = inner.nextAction;
      return inner.lines.join(' ');
    }),
  );
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(0, ...rows.map((row) => displayWidth(row[i] ?? ''))),
  );
  rows.forEach((row, index) => {
    state.lines.push(
      '  ' +
        row
          .map((cell, i) => padEnd(cell, widths[i]))
          .join(' | ')
          .trimEnd(),
    );
    if (index === 0 && table.firstRowAsHeader !== false && rows.length > 1) {
      state.lines.push('  ' + widths.map((w) => '-'.repeat(w)).join('-+-'));
    }
  });
}

function renderInput(el: Json, type: string, state: WalkState): void {
  const id = asString(el.id);
  if (!id) {
    state.lines.push(`[unsupported: ${type} without id]`);
    return;
  }
  const choices = asArray(el.choices)
    .map((choice) => asObject(choice))
    .filter((choice): choice is Json => choice !== undefined)
    .map((choice) => ({ title: asString(choice.title) ?? '', value: scalarString(choice.value) }));
  const input: CardInput = {
    id,
    type,
    label: asString(el.label) ?? asString(el.title) ?? asString(el.placeholder) ?? id,
    value: scalarString(el.value),
    isRequired: el.isRequired === true,
    isMultiline: el.isMultiline === true,
    isMultiSelect: el.isMultiSelect === true,
    choices,
  };
  if (type === 'Input.Toggle') {
    input.valueOn = asString(el.valueOn) ?? 'true';
    input.valueOff = asString(el.valueOff) ?? 'false';
    if (input.value === '') input.value = input.valueOff;
  }
  state.inputs.push(input);

  const tag = `[input ${id}${input.isRequired ? '*' : ''}]`;
  const value = currentValue(input, state.values);
  if (type === 'Input.Toggle') {
    state.lines.push(`${tag} [${value === input.valueOn ? 'x' : ' '}] ${input.label}`);
    return;
  }
  let shown: string;
  if (type === 'Input.ChoiceSet') {
    const titles = value
      .split(',')
      .filter((v) => v !== '')
      .map((v) => choices.find((c) => c.value === v)?.title ?? v);
    shown = titles.length > 0 ? titles.join(', ') : '(none)';
  } else if (value === '') {
    const placeholder = asString(el.placeholder);
    shown = placeholder && placeholder !== input.label ? `(empty; e.g. ${placeholder})` : '(empty)';
  } else {
    shown = value;
  }
  const [first, ...rest] = shown.split('\n');
  state.lines.push(`${tag} ${input.label}: ${first}`);
  for (const line of rest) state.lines.push(`    ${line}`);
  if (type === 'Input.ChoiceSet') {
    const list = choices.map((c, i) => `${i + 1}) ${c.title}`).join('  ');
    state.lines.push(`    choices${input.isMultiSelect ? ' (several, comma-separated)' : ''}: ${list}`);
  }
}

function renderActions(actions: unknown[], state: WalkState): void {
  const labels: string[] = [];
  for (const item of actions) {
    const action = asObject(item);
    if (!action || action.isVisible === false) continue;
    const type = asString(action.type) ?? '';
    const numbered: CardAction = {
      number: state.nextAction++,
      type,
      title: asString(action.title) ?? asString(action.verb) ?? type,
      associatedInputs: asString(action.associatedInputs)?.toLowerCase() === 'none' ? 'none' : 'auto',
    };
    if (asString(action.verb) !== undefined) numbered.verb = asString(action.verb);
    if (action.data !== undefined) numbered.data = action.data;
    if (asString(action.url) !== undefined) numbered.url = asString(action.url);
    if (asObject(action.card)) numbered.card = asObject(action.card);
    if (type === 'Action.ToggleVisibility') {
      numbered.targetElements = asArray(action.targetElements)
        .map((target) => (typeof target === 'string' ? target : asString(asObject(target)?.elementId)))
        .filter((target): target is string => target !== undefined);
    }
    state.actions.push(numbered);
    let label = `[${numbered.number}] ${numbered.title}`;
    if (type === 'Action.OpenUrl' && numbered.url) label += ` <${numbered.url}>`;
    if (type === 'Action.ShowCard') label += ' ...';
    labels.push(label);
  }
  if (labels.length > 0) state.lines.push(labels.join('  '));
}

function resolveChoice(input: CardInput, typed: string): string | undefined {
  const exact = input.choices.find((c) => c.value === typed);
  if (exact) return exact.value;
  const byTitle = input.choices.find((c) => c.title.toLowerCase() === typed.toLowerCase());
  if (byTitle) return byTitle.value;
  if (/^\d+$/.test(typed)) return input.choices[Number(typed) - 1]?.value;
  return undefined;
}

function pushText(state: WalkState, text: string): void {
  state.lines.push(...text.split('\n'));
}

/** Adaptive Cards' markdown subset, flattened: links keep their address, emphasis marks go. */
function markdownToText(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) =>
      label === url ? url : `${label} <${url}>`,
    )
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,;:!?])/g, '$1$2');
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function scalarString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
