/**
 * `--color` and `--no-color`, accepted anywhere on the command line (before or after the command, as
 * vitest and git do) and taken out before the command's own options are parsed; the last one wins.
 */
import type { ColorChoice } from '../index.js';

export const COLOR_FLAGS = { '--color': 'always', '--no-color': 'never' } as const satisfies Record<string, ColorChoice>;

/** The arguments without the colour flags, and what they asked for (`auto` when none was given). */
export function takeColorFlags(argv: readonly string[]): { args: string[]; choice: ColorChoice } {
  let choice: ColorChoice = 'auto';
  const args: string[] = [];
  for (const arg of argv) {
    if (arg === '--color' || arg === '--no-color') choice = COLOR_FLAGS[arg];
    else args.push(arg);
  }
  return { args, choice };
}
