/**
 * Expands the files and folders given on the command line into scenario files, in a stable order.
 * Folders are walked through symlinks, but each real folder once (a symlink loop ends); an entry that
 * cannot be looked at (a dangling symlink) is kept when its name is a scenario's, so reading it says
 * what is wrong with that one file instead of failing the whole walk. A walk that meets more than
 * MAX_WALK_ENTRIES entries (a symlink to / in a scenario folder) stops with a RangeError.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SCENARIO = /\.(ya?ml|json)$/i;
/** JSON files in scenarios/ that are not scenarios (the published schema). */
const NOT_SCENARIO = /\.schema\.json$/i;

/** The most folder entries one walk looks at. */
export const MAX_WALK_ENTRIES = 100_000;

export function isScenarioFile(name: string): boolean {
  return SCENARIO.test(name) && !NOT_SCENARIO.test(name);
}

/**
 * Files as given; folders walked recursively for .yaml, .yml and .json files (sorted). Throws a
 * RangeError (one line, naming the path) for a missing path, a folder that cannot be read, or a walk
 * over `maxEntries`.
 */
export function findScenarioFiles(paths: readonly string[], maxEntries: number = MAX_WALK_ENTRIES): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let entries = 0;
  let root = '';
  const walk = (dir: string): void => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      throw new RangeError(`${dir}: cannot read the folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    for (const name of names) {
      if (++entries > maxEntries) throw new RangeError(`${root}: more than ${maxEntries} files and folders under it; name smaller folders`);
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
    root = p;
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
