/** Shared by the CLI tests: run the CLI in-process, and scenario files in a temporary folder. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main.js';

export interface Run {
  code: number;
  out: string[];
  err: string[];
}

export function run(argv: string[], color = false): Run {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), color });
  return { code, out, err };
}

/** The tour scenario shipped in scenarios/. */
export const SAMPLE_SCENARIO = new URL('../../../scenarios/tour/offload-retrieve-upload-disconnect.yaml', import.meta.url);
export const sampleText = (): string => readFileSync(SAMPLE_SCENARIO, 'utf8');

/** A fresh folder under the OS temp folder; `remove()` deletes it. */
export function tempFolder(): { dir: string; write(name: string, text: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'chimney-cli-'));
  return {
    dir,
    write: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
