/**
 * The RFC 793 region of a host TCB, as far as the indications of the state-manipulation interface
 * move it: a remote FIN (`TcpIndicateDisconnect`) and an acceptable RST (`TcpIndicateAbort`).
 * States are TCPSTATE names; compiled to a table like the offload region.
 */
import { setup } from 'xstate';
import { TCPSTATE } from '../ndis/TCPSTATE.js';
import { compileMachine, nextState, stateDiagram } from './compileMachine.js';

export type TcpStateEvent = { type: 'TcpIndicateDisconnect' } | { type: 'TcpIndicateAbort' };

const synchronized = { TcpIndicateAbort: 'CLOSED' } as const;

export const tcpStateMachine = setup({ types: { events: {} as TcpStateEvent } }).createMachine({
  id: 'TCPSTATE',
  initial: 'CLOSED',
  states: {
    CLOSED: {},
    LISTEN: {},
    SYN_SENT: { on: synchronized },
    SYN_RCVD: { on: { TcpIndicateDisconnect: 'CLOSE_WAIT', ...synchronized } },
    /** Peer has sent us a FIN: our receive half is closed. */
    ESTABLISHED: { on: { TcpIndicateDisconnect: 'CLOSE_WAIT', ...synchronized } },
    /** Peer's FIN crossed ours. */
    FIN_WAIT_1: { on: { TcpIndicateDisconnect: 'CLOSING', ...synchronized } },
    /** Peer closes after our FIN was ACKed. */
    FIN_WAIT_2: { on: { TcpIndicateDisconnect: 'TIME_WAIT', ...synchronized } },
    CLOSE_WAIT: { on: synchronized },
    CLOSING: { on: synchronized },
    LAST_ACK: { on: synchronized },
    TIME_WAIT: {},
  },
});

const table = compileMachine(tcpStateMachine);

/** The next TCPSTATE, or undefined when the event cannot happen in that state. */
const NAME_OF_VALUE: readonly string[] = Object.keys(TCPSTATE)
  .filter((k) => k !== 'TCPSTATE_MAX')
  .map((k) => k.replace('TCPSTATE_', ''));

export function nextTcpState(state: number, event: TcpStateEvent): number | undefined {
  const name = NAME_OF_VALUE[state];
  if (name === undefined) return undefined;
  const target = nextState(table, name, event.type, () => false);
  return target === undefined ? undefined : TCPSTATE[`TCPSTATE_${target}` as keyof typeof TCPSTATE];
}

/** Mermaid `stateDiagram-v2` text of the TCP region, drawn from the machine. */
export function tcpStateDiagram(): string {
  return stateDiagram(table, 'ESTABLISHED');
}
