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
  /** A one-letter alias (`o` for `-o`), when the option has one. */
  readonly short?: string;
}

/**
 * A whole number in a closed range (`--im <n>`). Without `default` the option is absent unless given
 * (its value is `undefined`), and `defaultText` says in help what happens then.
 */
export interface IntegerOption {
  readonly type: 'integer';
  readonly description: string;
  readonly short?: string;
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
  readonly short?: string;
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

/** The options naming what `chimney check` and `chimney explore` test: your modules, or catalogue faults. */
const DRIVER_OPTIONS = {
  driver: { type: 'string', description: 'Your intermediate driver module: every intermediate driver is one', valueName: 'module', defaultText: 'the reference pass-through driver' },
  target: { type: 'string', description: 'Your offload target module', valueName: 'module', defaultText: 'the reference target' },
  fault: { type: 'string', description: 'Deliberate faults of the catalogue to test instead (comma-separated names)', valueName: 'names', defaultText: 'none' },
} as const satisfies Record<string, OptionSpec>;

/** Where a counterexample goes, and how long a handler may run (both commands run your driver watched). */
const COUNTEREXAMPLE_OPTIONS = {
  out: { type: 'string', description: 'Folder the counterexample scenario is written to', valueName: 'dir', default: 'counterexamples' },
  timeout: { type: 'integer', description: 'How long one handler of your driver may run before it is reported as never returning (ms)', valueName: 'ms', default: 2000, min: 10, max: 3_600_000 },
} as const satisfies Record<string, OptionSpec>;

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
        description: 'End with the connection table (GetTcpTable2): as the SDK sample prints it, or with --json as one JSON object per row',
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
  diagram: {
    name: 'diagram',
    description: 'Draw a run as Mermaid sequence diagrams, or a machine as a Mermaid state diagram (optionally with what a run visited)',
    details: [
      '<scenario> --sequence replays the scenario and draws its trace: one lifeline per layer (host stack,',
      'each intermediate driver, the offload target, the remote peer), the NDIS function the caller called',
      'and the handler NDIS called on each arrow with the arguments decoded, completions and returns dashed,',
      'notes for state changes, pending items and decisions, an `alt` block where the scheduler chose among',
      'several pending items, and each rule violation in a red block naming the rule. Repeated steps are',
      'folded into `loop ×N`; a diagram too big for Mermaid (50,000 characters, 500 edges) is split into',
      'numbered parts: on standard output each part follows a line `%% part i of n`; with -o FILE the parts',
      'go to FILE-1.mmd, FILE-2.mmd, ... (a .mmd ending of FILE is taken off first; one part goes to FILE).',
      '--machine <name> draws one of the machines the simulation runs, from the compiled table that runs it;',
      'with --highlight <scenario>, the states that run visited are filled green (the others grey) and each',
      'transition it took is marked ✔ ×N. Paste the output into mermaid.live or a Markdown ```mermaid block.',
      'Exits 0, or 2 for bad input.',
    ],
    options: {
      sequence: { type: 'boolean', description: 'Draw the run of the scenario as Mermaid sequence diagrams' },
      machine: { type: 'string', description: `Draw this machine as a Mermaid state diagram: ${MACHINE_NAMES.join(', ')}`, valueName: 'name' },
      highlight: { type: 'string', description: 'With --machine: mark the states and transitions the run of this scenario visited', valueName: 'scenario' },
      output: { type: 'string', short: 'o', description: 'Write to this file (several parts: FILE-1.mmd, FILE-2.mmd, ...) instead of standard output', valueName: 'file' },
    },
    positionals: {
      valueName: 'scenario',
      description: 'The scenario file whose run --sequence draws',
      min: 0,
      variadic: false,
    },
    examples: [
      'chimney diagram scenarios/tour/offload-retrieve-upload-disconnect.yaml --sequence > tour.mmd',
      'chimney diagram scenarios/races/tour-with-seeded-races.yaml --sequence -o races.mmd',
      'chimney diagram --machine offload --highlight scenarios/tour/offload-retrieve-upload-disconnect.yaml',
    ],
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
      'With --pcap, the segments the wire delivered (host, target and peer) are written as pcapng: real',
      'IPv4/IPv6 and TCP headers with checksums, virtual time as timestamps (µs), and a comment per packet',
      "naming the trace event and the connection's offload and TCP state.",
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
      narrate: {
        type: 'boolean',
        description: 'Explain each step for a learner: who called whom with which handle, what changed and why, the page to read next',
      },
      'update-golden': {
        type: 'boolean',
        description: "Write each scenario's golden trace from this run instead of comparing with it",
      },
      pcap: {
        type: 'string',
        description: 'Write the wire (every segment between the NIC and the peer) as a pcapng capture for Wireshark (one scenario)',
        valueName: 'file',
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
      'chimney run scenarios/data/send-offloaded-completes-on-ack.yaml --pcap wire.pcapng',
      'cat my.yaml | chimney run -',
    ],
  },
  table: {
    name: 'table',
    description: 'Print the connection table of a scenario: GetTcpTable2 / GetTcp6Table2, as text, JSON or bytes',
    details: [
      'Replays the scenario (up to --at <step>, or to its end) and asks the host for its connection table',
      'as a user-mode program would: GetTcpTable2 (IPv4, MIB_TCPTABLE2) or, with --family 6, GetTcp6Table2',
      '(MIB_TCP6TABLE2), with the two calls of the SDK sample (learn the size, then fill; sorted).',
      '  text    printed as the SDK\'s GetTcpTable2 sample prints it (IPv6: the same layout, with scope ids)',
      '  json    one JSON object per row, one per line (JSON Lines)',
      '  binary  exactly the bytes the function fills in: dwNumEntries, then the rows (28 or 60 bytes each,',
      '          little-endian DWORDs, addresses and ports in network order); for a file or a pipe, never a terminal',
      'Steps are counted from 1 in the order of the file, `expect` steps included; --at n is the table once',
      'step n has run (a `deliver` step delivers; other steps leave their completions pending).',
      'Exits 0, or 2 for bad input (a step out of range, an unknown format, a file that cannot be written).',
    ],
    options: {
      at: {
        type: 'integer',
        description: 'The table once this step of the scenario has run (1-based, expect steps included)',
        valueName: 'step',
        defaultText: 'after the last step',
        min: 1,
        max: 0xffffffff,
      },
      format: {
        type: 'string',
        description: 'text, json or binary',
        valueName: 'format',
        default: 'text',
      },
      family: {
        type: 'string',
        description: '4 (GetTcpTable2, MIB_TCPTABLE2) or 6 (GetTcp6Table2, MIB_TCP6TABLE2)',
        valueName: '4|6',
        default: '4',
      },
      output: {
        type: 'string',
        short: 'o',
        description: 'Write the table to this file instead of standard output',
        valueName: 'file',
      },
    },
    positionals: {
      valueName: 'scenario',
      description: 'A scenario file',
      min: 1,
      variadic: false,
    },
    examples: [
      'chimney table scenarios/tour/offload-retrieve-upload-disconnect.yaml',
      'chimney table scenarios/sharing/many-connections-one-target.yaml --at 3 --format json',
      'chimney table my.yaml --format binary -o table.bin',
    ],
  },
  report: {
    name: 'report',
    description: 'Write a self-contained HTML report of a scenario: a stepper through the run, with what if, why not and predictions',
    details: [
      'Replays the scenario one step per command and per delivery and writes one HTML file that opens',
      'offline (Mermaid is inlined; a Content-Security-Policy forbids network access): the sequence diagram,',
      'and a stepper (next and back, keyboard too) showing at each step the trace events, the state of',
      'every layer, the connection table (GetTcpTable2), the pending items and why the others wait, and why',
      'what cannot happen now cannot (the state, the guard or the documented rule). Where the scheduler',
      'chose among several pending items, "what if" delivers another one instead (then the rest in order).',
      'With "Predict before each step" on, the learner predicts each step before seeing it.',
      'Exits 0 when the report is written (a scenario that fails is reported in the page), or 2 for bad input.',
    ],
    options: {
      output: {
        type: 'string',
        short: 'o',
        description: 'The HTML file to write',
        valueName: 'file',
        default: 'report.html',
      },
      forks: {
        type: 'integer',
        description: 'Most "what if" alternatives precomputed for the report (each is a replay from a snapshot)',
        valueName: 'n',
        default: 60,
        min: 0,
        max: 10_000,
      },
    },
    positionals: {
      valueName: 'scenario',
      description: 'A scenario file',
      min: 1,
      variadic: false,
    },
    examples: [
      'chimney report scenarios/tour/offload-retrieve-upload-disconnect.yaml -o tour.html',
      'chimney report scenarios/races/tour-with-seeded-races.yaml -o races.html',
    ],
  },
  check: {
    name: 'check',
    description: 'Property-test your own intermediate driver or offload target; write the first break as a scenario',
    details: [
      'Random runs of host actions, target events, adapter statuses, peer segments and scheduling choices',
      'against your driver (a .js, .mjs or .ts module exporting a handler table or an xstate machine, as',
      'its default export or as intermediateDriver / target), with every invariant and every rule of the',
      'rulebook judged after every step. The first break is shrunk (fewest steps, then fewest deliveries',
      'out of FIFO order, then fewest connections and intermediate drivers) and written to the --out folder',
      'as a scenario with its golden trace, which `chimney run` replays to the same break. Your driver runs',
      'in a worker thread: a handler that does not return within --timeout is reported, not waited for.',
      'Without --driver and --target it checks the reference drivers (or a --fault of the catalogue).',
      'Exits 0 when nothing broke, 1 when a counterexample was written, 2 when a module cannot be loaded',
      'or has the wrong shape.',
    ],
    options: {
      ...DRIVER_OPTIONS,
      ims: { type: 'integer', description: 'At most this many intermediate drivers per run', valueName: 'n', default: 1, min: 0, max: 8 },
      connections: { type: 'integer', description: 'At most this many connections per run', valueName: 'n', default: 2, min: 1, max: 16 },
      runs: { type: 'integer', description: 'Random runs to make', valueName: 'n', default: 1000, min: 1, max: 10_000_000 },
      seed: { type: 'integer', description: 'Seed of the runs: same seed, same runs', valueName: 'n', defaultText: 'a new one, printed', min: 0, max: 0x7fffffff },
      steps: { type: 'integer', description: 'At most this many steps per run (then everything is delivered and uploaded)', valueName: 'n', default: 20, min: 1, max: 1000 },
      ...COUNTEREXAMPLE_OPTIONS,
    },
    examples: [
      'chimney check --driver my-im.ts',
      'chimney check --driver my-im.ts --ims 2 --connections 3 --runs 5000 --seed 7',
      'chimney check --target my-target.mjs --out cx/',
      'chimney check --fault im-relays-with-own-handle',
    ],
  },
  explore: {
    name: 'explore',
    description: 'Explore every order of events on your driver systematically (BFS with state fingerprints, DFS, PCT, random)',
    details: [
      'Searches the states of a small system (your driver, or the reference drivers, or a --fault of the',
      'catalogue): from each state, every enabled pending item delivered and every action of a small',
      'alphabet (offload, upload, send, receive, read, query, update, invalidate, disconnect, the target\'s',
      'Retrieve and SendBacklogChange, the peer\'s data, FIN and RST, the adapter statuses; each at most',
      'once per path), every invariant judged at every state. bfs keeps a visited set of 64-bit state',
      'fingerprints and finds a shortest counterexample; dfs goes deep first; pct (probabilistic concurrency',
      'testing, bug depth --pct-depth) and random walk seeded runs for spaces too big to enumerate. The report',
      'gives states, transitions and schedules, the chance of a fingerprint collision, the coverage of rules',
      'and of machine transitions, and which limit stopped the search. --workers W spreads it over worker',
      'threads; --shard i/n takes one part, so CI machines can share a campaign. Exits 0 when nothing broke,',
      '1 when a counterexample was written, 2 for bad input.',
    ],
    options: {
      ...DRIVER_OPTIONS,
      connections: { type: 'integer', description: 'Connections (all to one peer: they share a path and a neighbor)', valueName: 'n', default: 1, min: 1, max: 8 },
      ims: { type: 'integer', description: 'Intermediate drivers', valueName: 'n', default: 1, min: 0, max: 8 },
      depth: { type: 'integer', description: 'Longest path, in steps', valueName: 'd', default: 8, min: 1, max: 1000 },
      'max-states': { type: 'integer', description: 'Stop after this many distinct states', valueName: 'n', default: 200_000, min: 1, max: 100_000_000 },
      time: { type: 'integer', description: 'Stop after this many seconds', valueName: 's', default: 60, min: 1, max: 604_800 },
      strategy: { type: 'string', description: 'bfs, dfs, pct or random', valueName: 'name', default: 'bfs' },
      actions: { type: 'string', description: 'Only these kinds of action (comma-separated: offload, upload, send, receive, peer-send, indicate, disconnect, peer-fin, peer-rst, read, query, update, invalidate, status)', valueName: 'kinds', defaultText: 'all' },
      'pct-depth': { type: 'integer', description: "PCT's bug depth d (d - 1 priority change points per run)", valueName: 'd', default: 3, min: 1, max: 100 },
      seed: { type: 'integer', description: 'Seed of pct and random', valueName: 'n', default: 1, min: 0, max: 0x7fffffff },
      workers: { type: 'integer', description: 'Worker threads to spread the search over', valueName: 'w', default: 1, min: 1, max: 64 },
      shard: { type: 'string', description: 'Explore only part i of n (0-based), e.g. 0/4', valueName: 'i/n', defaultText: 'all of it' },
      ...COUNTEREXAMPLE_OPTIONS,
    },
    examples: [
      'chimney explore --driver my-im.ts --depth 6',
      'chimney explore --fault im-leaks-call-entry --strategy pct --depth 12',
      'chimney explore --connections 2 --time 600 --workers 2',
      'chimney explore --driver my-im.ts --shard 1/4 --time 3600',
    ],
  },
  coverage: {
    name: 'coverage',
    description: 'Which machine transitions and rules scenarios exercise, and a shortest scenario to each gap',
    details: [
      'Replays each scenario (files, or folders searched for .yaml, .yml and .json) and reads the traces:',
      'for each machine (chimney states --machine NAME), every (state × event) pair and transition, taken',
      'or not, how often and first in which file; which rules were exercised and which broke; and each',
      'machine as a Mermaid state diagram with the transitions never taken marked ✗. Then a breadth-first',
      'search (the explorer\'s, with the reference drivers) finds a shortest run to each transition never',
      'taken, written as a scenario chimney run replays (printed, or with --out one file each, with its',
      'golden trace); what the search does not reach within its bound is listed as such. Exits 0, or 2',
      'for bad input.',
    ],
    options: {
      machine: { type: 'string', description: 'Report and search only this machine (see chimney states)', valueName: 'name', defaultText: 'every machine' },
      out: { type: 'string', description: 'Write each shortest scenario to this folder (with its golden trace) instead of printing it', valueName: 'dir' },
      'no-search': { type: 'boolean', description: 'Only report; do not search for scenarios to the gaps' },
      connections: { type: 'integer', description: 'Connections in the search', valueName: 'n', default: 1, min: 1, max: 8 },
      ims: { type: 'integer', description: 'Intermediate drivers in the search', valueName: 'n', default: 1, min: 0, max: 8 },
      depth: { type: 'integer', description: 'Longest scenario the search tries, in steps', valueName: 'd', default: 8, min: 1, max: 1000 },
      'max-states': { type: 'integer', description: 'Stop the search after this many distinct states', valueName: 'n', default: 20_000, min: 1, max: 100_000_000 },
      time: { type: 'integer', description: 'Stop the search after this many seconds', valueName: 's', default: 30, min: 1, max: 604_800 },
      actions: { type: 'string', description: 'Only these kinds of action in the search (as chimney explore --actions)', valueName: 'kinds', defaultText: 'those that move the machines with gaps' },
    },
    positionals: {
      valueName: 'file|dir',
      description: 'Scenario files, or folders to search for them',
      min: 1,
      variadic: true,
    },
    examples: [
      'chimney coverage scenarios/',
      'chimney coverage scenarios/tour --machine tcp --out gaps/',
      'chimney coverage scenarios/ --no-search > coverage.txt',
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
