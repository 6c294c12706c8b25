/** The CLI's exit codes (design principle 8; sysexits.h where one fits). */
export const EXIT = {
  OK: 0,
  /** A documented rule was violated: the command's verdict, reported by the command itself. */
  VIOLATION: 1,
  /** Bad command line. */
  USAGE: 2,
  /** EX_SOFTWARE: a bug in the simulator. */
  INTERNAL: 70,
} as const;
