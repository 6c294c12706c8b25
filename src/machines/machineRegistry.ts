/**
 * Every machine of the project, by the name `chimney states --machine NAME` knows it by. The CLI draws
 * from this list and the conformance property test holds each machine's compiled table to xstate's
 * own semantics, so a new machine is one line here and is drawn and checked from then on.
 */
import type { AnyStateMachine } from 'xstate';
import { adapterStateMachine } from './adapterStateMachine.js';
import { imOffloadEntryMachine } from './imOffloadEntryMachine.js';
import { offloadStateMachine } from './offloadStateMachine.js';
import { targetContextMachine } from './targetContextMachine.js';
import { tcpStateMachine } from './tcpStateMachine.js';

/** One registered machine. */
export interface RegisteredMachine {
  /** Its name on the command line: kebab-case, `offload`. */
  readonly name: string;
  /** One line saying what the graph is. */
  readonly description: string;
  /** The xstate definition (flat, within compileMachine's subset). */
  readonly machine: AnyStateMachine;
  /** Where the diagram's `[*]` arrow points: usually the machine's initial state. */
  readonly drawFrom: string;
}

/** The machines, in the order the CLI lists them; the first is what `chimney states` draws by default. */
export const MACHINES: readonly RegisteredMachine[] = [
  { name: 'offload', machine: offloadStateMachine, drawFrom: 'InHost', description: 'TCP_CONNECTION_OFFLOAD_STATE of every connection (reference §2.1)' },
  // Drawn from ESTABLISHED: a connection is offloaded once established, where chimney's TCP region starts.
  { name: 'tcp', machine: tcpStateMachine, drawFrom: 'ESTABLISHED', description: 'the RFC 793 TCPSTATE region: FIN, RST and the host closing' },
  { name: 'adapter', machine: adapterStateMachine, drawFrom: 'OffloadEnabled', description: "the host's view of the offload target: offload enabled or paused (§6.10)" },
  { name: 'im-offload-entry', machine: imOffloadEntryMachine, drawFrom: 'Offloading', description: "an intermediate driver's offload entry, made to freed (§7.2, §9)" },
  { name: 'target-context', machine: targetContextMachine, drawFrom: 'Offloaded', description: "an offload target's context area for one state object, offloaded to freed (§4.3, §6.2)" },
];

/** The names of the registered machines, in order. */
export const MACHINE_NAMES: readonly string[] = MACHINES.map((m) => m.name);

/** The machine registered as `name`, or undefined. */
export function findMachine(name: string): RegisteredMachine | undefined {
  return MACHINES.find((m) => m.name === name);
}
