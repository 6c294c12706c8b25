/**
 * The CLI as data: every command with its one-line description, its options (type, description,
 * default, allowed range) and examples. Help text and argument parsing are generated from this table;
 * nothing else in `src/cli` names an option.
 */
import { MACHINE_NAMES, MACHINES } from '../index.js';

/** An on/off flag (`--table`); absent means off. */
export interface BooleanOption {
  readonly type: 'boolean';
  readonly description: string;
}

/**
 * A whole number in a closed range (`--im <n>`). Without `default` the option is absent unless given
 * (its value is `undefined`), and `defaultText` says in help what happens then.
 */
export interface IntegerOption {
  readonly type: 'integer';
  readonly description: string;
  /** The placeholder shown in help: `n`. */
  readonly valueName: string;
  readonly default?: number;
  /** What help says when there is no numeric default: `the scenario's seed`. */
  readonly defaultText?: string;
  readonly min: number;
  readonly max: number;
}

/** Free text (`--out <file>`). Without `default` the value is `undefined` unless given. */
export interface StringOption {
  readonly type: 'string';
  readonly description: string;
  /** The placeholder shown in help: `file`. */
  readonly valueName: string;
  readonly default?: string;
  /** What help says when there is no default. */
  readonly defaultText?: string;
}

export type OptionSpec = BooleanOption | IntegerOption | StringOption;

/** Arguments that are not options: the files and folders of `chimney run <file|dir>...`. */
export interface PositionalSpec {
  /** The placeholder shown in help: `file|dir`. */
  readonly valueName: string;
  readonly description: string;
  /** How many must be given at least (0 makes them optional). */
  readonly min: number;
  /** Any number may follow (`<file|dir>...`); otherwise at most `min` (or one when `min` is 0). */
  readonly variadic: boolean;
}

export interface CommandSpec {
  readonly name: string;
  /** One line, shown in the command list. */
  readonly description: string;
  /** A few more sentences, shown in the command's own help. */
  readonly details: readonly string[];
  /** Options by long name (without `--`). `help` is added to every command. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** The command's non-option arguments; absent means it takes none. */
  readonly positionals?: PositionalSpec;
  readonly examples: readonly string[];
}

/** The program's name as typed by users. */
export const PROGRAM = 'chimney';

/** What the program is, for the top of `chimney --help`. */
export const PROGRAM_DESCRIPTION: readonly string[] = [
  'chimney-sim: a deterministic simulator of Windows NDIS 6 TCP Chimney Offload.',
  'The host stack, intermediate drivers and an offload target are handlers over plain-data state (the',
  'drivers can be your own), NDIS routes every call between them, and each call, completion and',
  'indication is checked against the documented rules.',
];

/** Every command. */
export const COMMANDS = {
  demo: {
    name: 'demo',
    description: 'Narrate a guided tour of one TCP connection offloaded to the target and uploaded back',
    details: [
      'Walks a TCP connection InHost → Offloading → Offloaded → Uploading → InHost through',
      'host → intermediate driver(s) → offload target, narrating every NDIS call (with the function',
      'the caller called and the handler NDIS called below or above it), state change and rule check.',
      'With --seed, the tour is scenarios/races/tour-with-seeded-races.yaml: the same steps with two',
      'races in it, decided by the seed. Exits 1 if any documented rule was violated.',
    ],
    options: {
      table: {
        type: 'boolean',
        description: 'End by printing the connection table in the SDK sample format (GetTcpTable2)',
      },
      json: {
        type: 'boolean',
        description: 'Print the trace as JSON Lines (one event per line) instead of narration',
      },
      seed: {
        type: 'integer',
        description: 'Race the tour: a random scheduler seeded with n picks what is delivered first (same seed, same run)',
        valueName: 'n',
        defaultText: 'no races, every call delivered in order',
        min: 0,
        max: 0xffffffff,
      },
      im: {
        type: 'integer',
        description: 'Number of intermediate drivers between the host stack and the target',
        valueName: 'n',
        default: 1,
        min: 0,
        max: 8,
      },
    },
    examples: ['chimney demo', 'chimney demo --im 2 --table', 'chimney demo --json --seed 7 > trace.jsonl'],
  },
  states: {
    name: 'states',
    description: 'Print a state machine (by default TCP_CONNECTION_OFFLOAD_STATE) as a Mermaid state diagram',
    details: [
      'Draws one of the xstate machines the simulation runs, from the same compiled table that runs it.',
      'By default the offload state every connection runs: InHost → Offloading → Offloaded → Uploading',
      '→ InHost, and Offloading → InHost when the offload fails. The machines:',
      ...MACHINES.map((m) => `  ${m.name.padEnd(Math.max(...MACHINE_NAMES.map((n) => n.length)))}  ${m.description}`),
    ],
    options: {
      machine: {
        type: 'string',
        description: `The machine to draw: ${MACHINE_NAMES.join(', ')}`,
        valueName: 'name',
        defaultText: MACHINE_NAMES[0],
      },
      tcp: {
        type: 'boolean',
        description: 'Shorthand for --machine tcp: the RFC 793 (TCPSTATE) region',
      },
    },
    examples: ['chimney states', 'chimney states --machine adapter', 'chimney states --tcp > tcp-states.mmd'],
  },
  run: {
    name: 'run',
    description: 'Replay scenario files, check their expectations and golden traces',
    details: [
      'Replays each scenario (files, or folders searched for .yaml, .yml and .json), narrating the trace',
      'as `chimney demo` does, with one line per expectation as it is judged, then PASS or FAIL per file',
      'and, for several files, a summary. A scenario fails when an expectation does not hold, a rule the',
      'scenario does not expect is violated, or the trace differs from its golden file (name.trace.jsonl',
      'beside the scenario; a missing golden file is only noted). Exits 0 when every scenario passed,',
      '1 when one failed, 2 when an input is invalid (every problem is printed as file:line:col: message).',
      'With --json and several scenarios, a line {"kind":"scenario","file":"..."} starts each one\'s trace.',
    ],
    options: {
      seed: {
        type: 'integer',
        description: 'Seeded random scheduling from seed n, for fifo scenarios too; golden traces compared only where n cannot change them',
        valueName: 'n',
        defaultText: "the scenario's own scheduling and seed",
        min: 0,
        max: 0xffffffff,
      },
      json: {
        type: 'boolean',
        description: 'Print the trace as JSON Lines instead of narration; everything else goes to stderr',
      },
      quiet: {
        type: 'boolean',
        description: 'Print only the verdicts and the failures, not the narration',
      },
      'update-golden': {
        type: 'boolean',
        description: "Write each scenario's golden trace from this run instead of comparing with it",
      },
    },
    positionals: {
      valueName: 'file|dir',
      description: "Scenario files, or folders to search for them; '-' reads one scenario from standard input",
      min: 1,
      variadic: true,
    },
    examples: [
      'chimney run scenarios/',
      'chimney run scenarios/tour/offload-retrieve-upload-disconnect.yaml --quiet',
      'chimney run scenarios/ --update-golden',
      'chimney run scenarios/races/ --seed 7 --quiet',
      'chimney run my.yaml --json --seed 7 > trace.jsonl',
      'cat my.yaml | chimney run -',
    ],
  },
  validate: {
    name: 'validate',
    description: 'Check scenario files without running them',
    details: [
      'Parses each scenario (files, or folders searched for .yaml, .yml and .json) and checks it against',
      'the format and its meaning (declared connections, endpoints, layer names), printing `ok <file>`',
      'for each good one and every problem of every file as file:line:col: message on stderr.',
      'Exits 0 when every file is valid, 2 otherwise.',
    ],
    options: {},
    positionals: {
      valueName: 'file|dir',
      description: "Scenario files, or folders to search for them; '-' reads one scenario from standard input",
      min: 1,
      variadic: true,
    },
    examples: ['chimney validate scenarios/', 'chimney validate my-scenario.yaml'],
  },
  schema: {
    name: 'schema',
    description: 'Print the JSON Schema of the scenario format',
    details: [
      'Prints the JSON Schema (draft 2020-12) of scenario files, made from the same definitions the',
      'parser checks against. Point an editor at it for completion and checking as you type.',
    ],
    options: {},
    examples: ['chimney schema > scenarios/scenario.schema.json'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** The command called `name`, or undefined. */
export function findCommand(name: string): (typeof COMMANDS)[CommandName] | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CommandName] : undefined;
}

/** The parsed value of one option: a boolean, or a number / text (`undefined` when absent and without a default). */
export type OptionValue<S extends OptionSpec> = S extends BooleanOption
  ? boolean
  : S extends IntegerOption
    ? S extends { readonly default: number }
      ? number
      : number | undefined
    : S extends { readonly default: string }
      ? string
      : string | undefined;

/** The parsed value of each option. */
export type OptionValues<O extends Readonly<Record<string, OptionSpec>>> = {
  -readonly [K in keyof O]: OptionValue<O[K]>;
};

/** What a command is run with: its option values and its positional arguments, in order. */
export interface CommandArgs<O extends Readonly<Record<string, OptionSpec>>> {
  values: OptionValues<O>;
  positionals: readonly string[];
}
