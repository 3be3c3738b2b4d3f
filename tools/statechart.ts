/**
 * The case machine as a Mermaid state diagram, generated from the machine definition (never drawn by
 * hand): `npm run statechart` rewrites the block between the statechart markers in README.md, and
 * test/dialogs/statechart.test.ts fails when the README's picture no longer matches the machine.
 * Edges carry the events that move between states; transitions that stay in a state (actions only) and
 * the "stale card" answers every state gives are left out so the flow stays readable.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AnyStateNode } from 'xstate';
import { caseMachine } from '../dialogs/caseMachine';
import { CARD_EVENT_TYPES } from '../dialogs/events';

export const README = path.join(__dirname, '..', 'README.md');
export const BEGIN = '<!-- statechart:begin (npm run statechart) -->';
export const END = '<!-- statechart:end -->';

/** A Mermaid-safe name for a state node: its path below the root, joined with `_`. */
function nameOf(node: AnyStateNode): string {
  return node.path.length === 0 ? 'case' : node.path.join('_');
}

function children(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states) as AnyStateNode[];
}

/** Every transition of `node` that leads somewhere else: source, target and the event. */
function edgesOf(node: AnyStateNode): Array<{ from: AnyStateNode; to: AnyStateNode; event: string }> {
  const edges = [];
  const always = node.always ? [['(at once)', node.always] as const] : [];
  for (const [event, transitions] of [...node.transitions, ...always]) {
    for (const transition of transitions) {
      for (const target of transition.target ?? []) {
        if (target === node && !transition.reenter) continue;
        edges.push({ from: node, to: target as AnyStateNode, event });
      }
    }
  }
  return edges;
}

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...children(node).flatMap(allNodes)];
}

/** The Mermaid `stateDiagram-v2` text of the case machine. */
export function statechart(): string {
  const root = caseMachine.root as AnyStateNode;
  const lines = ['stateDiagram-v2', '  direction LR'];
  const declareComposite = (node: AnyStateNode, indent: string): void => {
    const initial = node.states[node.config.initial as string] as AnyStateNode;
    lines.push(
      `${indent}state ${node.key} {`,
      `${indent}  [*] --> ${children(initial).length > 0 ? initial.key : nameOf(initial)}`,
    );
    declare(node, `${indent}  `);
    lines.push(`${indent}}`);
  };
  const declare = (node: AnyStateNode, indent: string): void => {
    for (const child of children(node)) {
      const name = nameOf(child);
      if (child.type === 'history') {
        lines.push(`${indent}state "H (${child.parent?.key} history)" as ${name}`);
      } else if (child.type === 'parallel') {
        // Regions side by side, divided by `--`; each its own composite with its initial state.
        lines.push(`${indent}state ${child.key} {`);
        children(child).forEach((region, i) => {
          if (i > 0) lines.push(`${indent}  --`);
          declareComposite(region, `${indent}  `);
        });
        lines.push(`${indent}}`);
      } else if (children(child).length > 0) {
        declareComposite(child, indent);
      } else {
        lines.push(`${indent}state "${child.key}" as ${name}`);
      }
    }
  };
  lines.push(`  [*] --> ${root.config.initial as string}`);
  declare(root, '  ');
  // One arrow per pair of states, labelled with every event that takes it.
  const arrows = new Map<string, Set<string>>();
  for (const node of allNodes(root)) {
    for (const edge of edgesOf(node)) {
      const from = children(edge.from).length > 0 ? edge.from.key : nameOf(edge.from);
      const to = children(edge.to).length > 0 ? edge.to.key : nameOf(edge.to);
      const key = `${from} --> ${to}`;
      if (!arrows.has(key)) arrows.set(key, new Set());
      arrows.get(key)?.add(edge.event);
    }
  }
  for (const [arrow, events] of [...arrows].sort(([a], [b]) => a.localeCompare(b))) {
    // A transition every card button takes (an idle conversation greets) reads as one label.
    const anyCard = CARD_EVENT_TYPES.every((type) => events.has(type));
    const labels = [...events].filter((event) => !anyCard || !CARD_EVENT_TYPES.includes(event as never));
    lines.push(`  ${arrow}: ${[...(anyCard ? ['any card button'] : []), ...labels.sort()].join(', ')}`);
  }
  return lines.join('\n');
}

/** The README block: the markers around a fenced Mermaid diagram. */
export function readmeBlock(): string {
  return `${BEGIN}\n\n\`\`\`mermaid\n${statechart()}\n\`\`\`\n\n${END}`;
}

/** The README text with its statechart block replaced by the machine's current picture. */
export function withStatechart(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${BEGIN} … ${END} block`);
  return readme.slice(0, start) + readmeBlock() + readme.slice(end + END.length);
}

if (require.main === module) {
  fs.writeFileSync(README, withStatechart(fs.readFileSync(README, 'utf8')));
  process.stdout.write(`statechart written to ${path.relative(process.cwd(), README)}\n`);
}
