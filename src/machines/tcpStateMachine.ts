/**
 * The RFC 793 region of a TCB, as chimney moves it: a remote FIN (`TcpIndicateDisconnect`), an
 * acceptable RST (`TcpIndicateAbort`), and this side's own close: `NdisOffloadTcpDisconnect` with
 * TCP_DISCONNECT_GRACEFUL_CLOSE sends a FIN (`GracefulClose`), the peer's ACK of it (`FinAcked`), or
 * TCP_DISCONNECT_ABORTIVE_CLOSE sends an RST (`AbortiveClose`); the 2MSL timer ends TIME_WAIT
 * (`TimeWaitExpired`), the FIN_WAIT_2 timer ends FIN_WAIT_2 (`FinWait2Expired`). States are TCPSTATE names; compiled to a table like the offload region.
 */
import { setup } from 'xstate';
import { TCPSTATE } from '../ndis/TCPSTATE.js';
import { compileMachine } from './compileMachine.js';
import { nextState } from './nextState.js';
import { stateDiagram } from './stateDiagram.js';

export type TcpStateEvent =
  | { type: 'TcpIndicateDisconnect' }
  | { type: 'TcpIndicateAbort' }
  | { type: 'GracefulClose' }
  | { type: 'FinAcked' }
  | { type: 'AbortiveClose' }
  | { type: 'TimeWaitExpired' }
  /** The FIN_WAIT_2 timer expired (reference §6.12): the peer never closed; the connection goes CLOSED. */
  | { type: 'FinWait2Expired' };

const synchronized = { TcpIndicateAbort: 'CLOSED', AbortiveClose: 'CLOSED' } as const;

export const tcpStateMachine = setup({ types: { events: {} as TcpStateEvent } }).createMachine({
  id: 'TCPSTATE',
  initial: 'CLOSED',
  states: {
    CLOSED: {},
    LISTEN: {},
    /** RFC 793 CLOSE in SYN-SENT: the TCB is deleted, nothing goes on the wire. */
    SYN_SENT: { on: { GracefulClose: 'CLOSED', ...synchronized } },
    /** RFC 793 CLOSE in SYN-RECEIVED: a FIN goes out, FIN-WAIT-1. */
    SYN_RCVD: { on: { TcpIndicateDisconnect: 'CLOSE_WAIT', GracefulClose: 'FIN_WAIT_1', ...synchronized } },
    /** Peer has sent us a FIN: our receive half is closed. */
    ESTABLISHED: { on: { TcpIndicateDisconnect: 'CLOSE_WAIT', GracefulClose: 'FIN_WAIT_1', ...synchronized } },
    /** Our FIN is out: the peer's FIN crossed it, or the peer ACKed it. */
    FIN_WAIT_1: { on: { TcpIndicateDisconnect: 'CLOSING', FinAcked: 'FIN_WAIT_2', ...synchronized } },
    /** Peer closes after our FIN was ACKed. */
    FIN_WAIT_2: { on: { TcpIndicateDisconnect: 'TIME_WAIT', FinWait2Expired: 'CLOSED', ...synchronized } },
    /** The peer closed first; our close sends the last FIN. */
    CLOSE_WAIT: { on: { GracefulClose: 'LAST_ACK', ...synchronized } },
    CLOSING: { on: { FinAcked: 'TIME_WAIT', ...synchronized } },
    LAST_ACK: { on: { FinAcked: 'CLOSED', ...synchronized } },
    /** 2MSL passed: the TCB is deleted. An acceptable RST closes it at once (RFC 793; RFC 1337 would ignore it, a host policy). */
    TIME_WAIT: { on: { TimeWaitExpired: 'CLOSED', TcpIndicateAbort: 'CLOSED' } },
  },
});

const table = compileMachine(tcpStateMachine);

/** State names of the machine, by TCPSTATE value. */
const NAME_OF_VALUE: readonly string[] = Object.keys(TCPSTATE)
  .filter((k) => k !== 'TCPSTATE_MAX')
  .map((k) => k.replace('TCPSTATE_', ''));

/** TCPSTATE values by the machine's state names (`ESTABLISHED`). */
const VALUE_OF_NAME: ReadonlyMap<string, number> = new Map(Object.entries(TCPSTATE).map(([k, v]) => [k.replace('TCPSTATE_', ''), v]));

/** The next TCPSTATE, or undefined when the event cannot happen in that state. */
export function nextTcpState(state: number, event: TcpStateEvent): number | undefined {
  const name = NAME_OF_VALUE[state];
  if (name === undefined) return undefined;
  const target = nextState(table, name, event);
  return target === undefined ? undefined : VALUE_OF_NAME.get(target);
}

/** Mermaid `stateDiagram-v2` text of the TCP region, drawn from the machine. */
export function tcpStateDiagram(): string {
  return stateDiagram(table, 'ESTABLISHED');
}
