/**
 * Expands the files and folders given on the command line into scenario files, in a stable order.
 * Folders are walked through symlinks, but each real folder once (a symlink loop ends); an entry that
 * cannot be looked at (a dangling symlink) is kept when its name is a scenario's, so reading it says
 * what is wrong with that one file instead of failing the whole walk.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
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
  const seen = new Set<string>();
  const walk = (dir: string): void => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (isFolder(p)) walk(p);
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

/** True for a folder (through symlinks); false for anything else, or what cannot be looked at. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
