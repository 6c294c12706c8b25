/**
 * A machine's Mermaid state diagram with what a set of runs never did marked: the drawing is
 * `stateDiagram`'s own (the machine's compiled table), and each transition no run took gets
 * ` ✗ never taken` in its label; states no run entered or left are drawn dashed (class `unvisited`).
 * Kept apart from stateDiagram.ts, which draws a machine unmarked.
 */
import { compileMachine } from '../machines/compileMachine.js';
import type { RegisteredMachine } from '../machines/machineRegistry.js';
import { stateDiagram } from '../machines/stateDiagram.js';
import type { MachineCoverage } from './measureCoverage.js';

/** The mark an untaken transition's label ends with. */
export const NEVER_TAKEN = ' ✗ never taken';

/** `stateDiagram-v2` text of `m`, with the transitions `coverage` counts 0 times marked. */
export function markedStateDiagram(m: RegisteredMachine, coverage: MachineCoverage): string {
  const taken = new Map(coverage.transitions.map((t) => [t.key, t.count > 0]));
  const touched = new Set<string>();
  for (const t of coverage.transitions) {
    if (t.count > 0) touched.add(t.state).add(t.target);
  }
  const lines = stateDiagram(compileMachine(m.machine), m.drawFrom).split('\n');
  const out = lines.map((line) => {
    const match = /^ {2}(\S+) --> (\S+): (.+)$/.exec(line);
    if (match === null || match[1] === '[*]') return line;
    const [, from, to, label] = match;
    const key = `${m.name}: ${from} × ${label} → ${to}`;
    if (!taken.has(key)) throw new Error(`markedStateDiagram(${m.name}): the line '${line.trim()}' is no transition of the machine`);
    return taken.get(key) ? line : `${line}${NEVER_TAKEN}`;
  });
  const drawn = new Set(lines.flatMap((line) => /^ {2}(\S+) --> ([^:\s]+)/.exec(line)?.slice(1) ?? []).filter((s) => s !== '[*]'));
  const states = [...drawn].filter((s) => !touched.has(s));
  if (states.length > 0) out.push('  classDef unvisited stroke-dasharray: 5 5,color:#888', `  class ${states.join(',')} unvisited`);
  return out.join('\n');
}
