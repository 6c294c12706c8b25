/** The command line of `npm run fuzz`: --time S, --seed N, --out DIR, --lossy, --help; bad input is one line naming what was expected. */

export interface FuzzArgs {
  /** Seconds to fuzz for (default 60). */
  readonly time: number;
  /** The first seed; each batch of runs takes the next one (default: from the clock, printed). */
  readonly seed: number;
  /** Where a counterexample scenario is written (default fuzz-counterexamples). */
  readonly out: string;
  /** Each run also draws a lossy wire (drop, duplicate, reorder rates of 0-20 %), as the suite's lossy-wire properties do. */
  readonly lossy: boolean;
  readonly help: boolean;
}

/** A usage error: printed as one line, exit code 2. */
export class FuzzUsageError extends Error {}

export const FUZZ_HELP = `Usage: npm run fuzz -- [--time S] [--seed N] [--out DIR] [--lossy]

Runs the suite's properties (test/property/randomSteps.ts: long runs of 40-60 random steps over four
connections, 0-4 intermediate drivers, random scheduling; every named invariant judged after every
step) across many seeds for a set time. Prints runs per second; on a break, shrinks it, writes it as a
scenario (DIR/<invariant>.yaml with its golden trace) that \`chimney run\` replays to the same break, and
exits 1.

Options:
  --time <s>   Seconds to fuzz for (default 60; at most 86400)
  --seed <n>   First seed, 0 to 2147483647 (default: from the clock); batch k uses seed n + k
  --out <dir>  Folder for a counterexample (default fuzz-counterexamples)
  --lossy      Each run also draws a wire that drops, duplicates and reorders segments (rates of
               0-20 % each, from the run's seed), as the suite's lossy-wire properties do
  -h, --help   Show this help`;

function wholeNumber(flag: string, text: string | undefined, max: number): number {
  if (text === undefined || !/^\d+$/.test(text)) throw new FuzzUsageError(`fuzz: ${flag} expects a whole number from 0 to ${max}, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`);
  const n = Number(text);
  if (n > max) throw new FuzzUsageError(`fuzz: ${flag} expects a whole number from 0 to ${max}, got ${text}`);
  return n;
}

export function parseFuzzArgs(argv: readonly string[], now: number): FuzzArgs {
  let time = 60;
  let seed = now % 2_147_483_648;
  let out = 'fuzz-counterexamples';
  let help = false;
  let lossy = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') help = true;
    else if (a === '--lossy') lossy = true;
    else if (a === '--time') time = wholeNumber('--time', argv[++i], 86_400);
    else if (a === '--seed') seed = wholeNumber('--seed', argv[++i], 2_147_483_647);
    else if (a === '--out') {
      const dir = argv[++i];
      if (!dir || dir.startsWith('-')) throw new FuzzUsageError(`fuzz: --out expects a folder, got ${dir === undefined ? 'nothing' : JSON.stringify(dir)}`);
      out = dir;
    } else throw new FuzzUsageError(`fuzz: unknown argument ${JSON.stringify(a)} (expected --time S, --seed N, --out DIR, --lossy or --help)`);
  }
  if (time < 1 && !help) throw new FuzzUsageError('fuzz: --time expects at least 1 second, got 0');
  return { time, seed, out, lossy, help };
}
