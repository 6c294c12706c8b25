/** Where the CLI writes: one call per line (no trailing newline), so tests can collect lines. */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Colour narration (`--color`, FORCE_COLOR, or a terminal without NO_COLOR or TERM=dumb); absent means no colour. */
  color?: boolean;
  /** Writes bytes to standard output as they are (`chimney table --format binary`); absent where stdout takes only lines. */
  stdoutBytes?(bytes: Uint8Array): void;
  /** Standard output is a terminal (binary output is refused there). */
  stdoutIsTerminal?: boolean;
  /**
   * A status line for long work (`3/91 scenarios/x.yaml`), kept in place on a terminal; `undefined`
   * takes it away. Absent (a pipe, a file, a test) means no progress is shown.
   */
  progress?(text: string | undefined): void;
  /** The descriptor `-` reads a scenario from: standard input (0) unless a test passes another. */
  stdinFd?: number;
}
