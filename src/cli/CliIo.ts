/** Where the CLI writes: one call per line (no trailing newline), so tests can collect lines. */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Colour narration (a terminal without NO_COLOR); absent means no colour. */
  color?: boolean;
  /** Writes bytes to standard output as they are (`chimney table --format binary`); absent where stdout takes only lines. */
  stdoutBytes?(bytes: Uint8Array): void;
  /** Standard output is a terminal (binary output is refused there). */
  stdoutIsTerminal?: boolean;
}
