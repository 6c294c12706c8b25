/**
 * Long runs repeat themselves: the same offload, send or indication, step after step. A run of a
 * pattern of one to MAX_PATTERN steps repeated back to back is drawn once inside `loop ×N`, where two
 * steps are the same when they differ only in pending item, handle and TCP sequence numbers. The
 * first repetition is drawn, with its own numbers; the label says so. A pattern is folded only when
 * that makes the diagram shorter.
 */
import { CLOSE, lineKey, type DiagramLine, type DiagramStep } from './DiagramLine.js';
import { mermaidText } from './mermaidText.js';

/** The longest pattern (in steps) looked for. */
export const MAX_PATTERN = 4;

/** `steps` with every back-to-back repetition folded into a `loop ×N` step. */
export function foldRepeats(steps: readonly DiagramStep[]): DiagramStep[] {
  const keys = steps.map((s) => s.map(lineKey).join('\n'));
  const out: DiagramStep[] = [];
  let i = 0;
  while (i < steps.length) {
    let best = { length: 1, times: 1, saved: 0 };
    for (let length = 1; length <= MAX_PATTERN && i + 2 * length <= steps.length; length++) {
      let times = 1;
      while (i + (times + 1) * length <= steps.length && samePattern(keys, i, i + times * length, length)) times++;
      const lines = steps.slice(i, i + length).reduce((n, s) => n + s.length, 0);
      const saved = (times - 1) * lines - 2;
      if (times >= 2 && saved > best.saved) best = { length, times, saved };
    }
    if (best.times < 2) {
      out.push(steps[i]!);
      i++;
      continue;
    }
    const body = steps.slice(i, i + best.length).flat();
    const label = `×${best.times}: the same ${best.length === 1 ? 'step' : `${best.length} steps`} each time (item, handle and sequence numbers as in the first)`;
    const loop: DiagramLine[] = [{ kind: 'open', text: `loop ${mermaidText(label)}`, key: `loop ${best.times}` }, ...body, CLOSE];
    out.push(loop);
    i += best.length * best.times;
  }
  return out;
}

/** Do the `length` steps from `a` have the same keys as those from `b`? */
function samePattern(keys: readonly string[], a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (keys[a + k] !== keys[b + k]) return false;
  return true;
}
