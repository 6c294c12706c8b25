/**
 * The CLI as data: every command with its one-line description, its options (type, description,
 * default, allowed range) and examples. Help text and argument parsing are generated from this table;
 * nothing else in `src/cli` names an option.
 */

/** An on/off flag (`--table`); absent means off. */
export interface BooleanOption {
  readonly type: 'boolean';
  readonly description: string;
}

/** A whole number in a closed range (`--im <n>`). */
export interface IntegerOption {
  readonly type: 'integer';
  readonly description: string;
  /** The placeholder shown in help: `n`. */
  readonly valueName: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export type OptionSpec = BooleanOption | IntegerOption;

export interface CommandSpec {
  readonly name: string;
  /** One line, shown in the command list. */
  readonly description: string;
  /** A few more sentences, shown in the command's own help. */
  readonly details: readonly string[];
  /** Options by long name (without `--`). `help` is added to every command. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples: readonly string[];
}

/** The program's name as typed by users. */
export const PROGRAM = 'chimney';

/** What the program is, for the top of `chimney --help`. */
export const PROGRAM_DESCRIPTION: readonly string[] = [
  'chimney-sim: a deterministic simulator of Windows NDIS 6 TCP Chimney Offload.',
  'The host stack, intermediate drivers and an offload target run as state machines, NDIS routes every',
  'call between them, and each call, completion and indication is checked against the documented rules.',
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
      'Exits 1 if any documented rule was violated.',
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
        description: 'Seed of the scheduler: same seed, same run',
        valueName: 'n',
        default: 1,
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
    description: 'Print the TCP_CONNECTION_OFFLOAD_STATE graph as a Mermaid state diagram',
    details: [
      'Draws the offload-state machine every connection runs: InHost → Offloading → Offloaded →',
      'Uploading → InHost, and Offloading → InHost when the offload fails. The drawing is made from',
      'the same xstate machine that drives each TCB. With --tcp, draws the RFC 793 region instead',
      '(how TcpIndicateDisconnect and TcpIndicateAbort move the TCP state).',
    ],
    options: {
      tcp: {
        type: 'boolean',
        description: 'Draw the RFC 793 (TCPSTATE) region instead of the offload state',
      },
    },
    examples: ['chimney states', 'chimney states --tcp > tcp-states.mmd'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** The command called `name`, or undefined. */
export function findCommand(name: string): (typeof COMMANDS)[CommandName] | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CommandName] : undefined;
}

/** The parsed value of each option: booleans as booleans, integers as numbers. */
export type OptionValues<O extends Readonly<Record<string, OptionSpec>>> = {
  -readonly [K in keyof O]: O[K] extends BooleanOption ? boolean : number;
};
