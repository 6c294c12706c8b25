/**
 * The second way to write a driver: an xstate machine. `fromMachine(machine)` plugs in where a handler
 * table does (`intermediateDrivers: [fromMachine(myImMachine)]`, `target: fromMachine(myTargetMachine)`).
 *
 * - Every handler of the contract becomes an event of the same name carrying the call's arguments by
 *   their C names, the NDIS library as `ndis`, and (for a target) the NIC's services as `nic`:
 *   `{ type: 'MiniportTcpOffloadSend', MiniportOffloadContext, NetBufferList, ndis }`. An event the
 *   machine has no transition for is ignored, as xstate ignores it: a machine driver answers every call
 *   itself, nothing falls back to the reference drivers (whose state it does not have).
 * - The driver's state is `{ value, context }`, plain data; the machine's `input` is the driver's
 *   params (`IntermediateDriverParams` or `OffloadTargetParams`). Assignments change the context;
 *   custom actions make the NDIS calls (`({ event }) => event.ndis.NdisOffloadTcpSend(...)`).
 * - A handler that returns something (the data I/O entry points, NdisTcpOffloadReceiveHandler's relay)
 *   returns the last value a custom action returned; with none, the data I/O calls return
 *   NDIS_STATUS_PENDING, NdisOffloadTcpReceiveReturn NDIS_STATUS_SUCCESS, and a receive indication
 *   NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED.
 *
 * What a driver cannot be is refused when the simulation is created: an event name that is not a
 * handler of the contract, `invoke` or `after` (a driver's timers are NdisSetTimerObject), entry
 * actions in the initial state (init has no NDIS to call), a context that is not plain data.
 */
import { initialTransition, transition, type AnyStateMachine, type StateValue } from 'xstate';
import { plainDataProblem } from '../data/plainData.js';
import type { HandlerName } from '../ndis/calls.js';
import { NDIS_STATUS } from '../ndis/NDIS_STATUS.js';
import { DriverShapeError } from './DriverShapeError.js';

/** A driver written as an xstate machine, before it is plugged in. */
export interface MachineDriver {
  readonly kind: 'MachineDriver';
  readonly name: string;
  readonly machine: AnyStateMachine;
}

/** A machine driver's state: where the machine is and its context, both plain data. */
export interface MachineDriverState {
  value: StateValue;
  context: unknown;
}

/** Wraps an xstate machine as a driver (intermediate driver or offload target, by where it is plugged in). */
export function fromMachine(machine: AnyStateMachine, options: { name?: string } = {}): MachineDriver {
  return { kind: 'MachineDriver', name: options.name ?? machine.id, machine };
}

export function isMachineDriver(d: unknown): d is MachineDriver {
  return typeof d === 'object' && d !== null && 'kind' in d && d.kind === 'MachineDriver';
}

/** What a handler returns when no action returned anything. */
const DEFAULT_RETURNS: Readonly<Partial<Record<string, unknown>>> = {
  MiniportTcpOffloadSend: NDIS_STATUS.NDIS_STATUS_PENDING,
  MiniportTcpOffloadReceive: NDIS_STATUS.NDIS_STATUS_PENDING,
  MiniportTcpOffloadDisconnect: NDIS_STATUS.NDIS_STATUS_PENDING,
  MiniportTcpOffloadForward: NDIS_STATUS.NDIS_STATUS_PENDING,
  MiniportTcpOffloadReceiveReturn: NDIS_STATUS.NDIS_STATUS_SUCCESS,
  ProtocolTcpOffloadReceiveIndicate: { Status: NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED, BytesConsumed: 0 },
} satisfies Partial<Record<HandlerName, unknown>>;

type AnyNode = AnyStateMachine['root'];

function* nodesOf(node: AnyNode): Generator<AnyNode> {
  yield node;
  for (const child of Object.values(node.states)) yield* nodesOf(child);
}

/** Refuses what a machine driver cannot be, naming the state and what was expected. */
function checkMachine(machine: AnyStateMachine, what: string, handlers: readonly string[]): void {
  for (const node of nodesOf(machine.root)) {
    const at = `state ${node.id}`;
    if (node.invoke.length > 0) throw new DriverShapeError(what, undefined, `${at} uses invoke; a driver calls other layers through the NDIS library in its actions`);
    if (node.after.length > 0) throw new DriverShapeError(what, undefined, `${at} uses after; a driver's timers are NdisSetTimerObject and its NetTimerCallback handler`);
  }
  for (const type of machine.root.events) {
    if (!handlers.includes(type)) {
      throw new DriverShapeError(what, type, `is an event of the machine but not a handler of this contract; expected one of ${handlers.join(', ')}`);
    }
  }
}

/**
 * The handler table of a machine driver for a contract with these handler names: init runs the
 * machine's initial transition with the params as input; each handler runs one transition.
 */
export function machineHandlers(driver: MachineDriver, what: string, handlers: readonly string[]): Record<string, unknown> {
  const { machine } = driver;
  checkMachine(machine, what, handlers);
  const table: Record<string, unknown> = {
    name: driver.name,
    init(params: unknown): MachineDriverState {
      const [snapshot, actions] = initialTransition(machine, params);
      if (actions.some((a) => a.exec)) throw new DriverShapeError(what, 'init', 'the initial state has entry actions; they cannot run, as init has no NDIS library to call');
      return { value: snapshot.value, context: snapshot.context };
    },
  };
  for (const name of handlers) {
    table[name] = (state: MachineDriverState, args: object, ndis: unknown, nic?: unknown) => {
      const before = machine.resolveState({ value: state.value, context: state.context });
      const [next, actions] = transition(machine, before, { type: name, ...args, ndis, nic });
      state.value = next.value;
      state.context = next.context;
      const problem = plainDataProblem(state.context);
      if (problem) throw new DriverShapeError(what, name, `left a context that is not plain data: ${problem}`);
      let result: unknown = DEFAULT_RETURNS[name];
      for (const action of actions) {
        if (!action.exec) continue;
        const exec: (info: typeof action.info, params: typeof action.params) => unknown = action.exec;
        const returned = exec(action.info, action.params);
        if (returned !== undefined) result = returned;
      }
      return result;
    };
  }
  return table;
}
