/** Shared by the CLI tests: run the CLI in-process, and scenario files in a temporary folder. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/CliIo.js';
import { runCli } from '../../../src/cli/main.js';

export interface Run {
  code: number;
  out: string[];
  err: string[];
}

/** Runs the CLI in-process; `extra` adds to its io (progress, the descriptor `-` reads). */
export function run(argv: string[], color = false, extra: Partial<CliIo> = {}): Run {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), color, ...extra });
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
