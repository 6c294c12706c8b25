/** Expands the files and folders given on the command line into scenario files, in a stable order. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SCENARIO = /\.(ya?ml|json)$/i;
/** JSON files in scenarios/ that are not scenarios (the published schema). */
const NOT_SCENARIO = /\.schema\.json$/i;

export function isScenarioFile(name: string): boolean {
  return SCENARIO.test(name) && !NOT_SCENARIO.test(name);
}

/** Files as given; folders walked recursively for .yaml, .yml and .json files (sorted). Throws for a missing path. */
export function findScenarioFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (isScenarioFile(name)) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new RangeError(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}
