/**
 * The host's own TCP and the reference target close a connection as RFC 793 says: a close in SYN_RCVD
 * (FIN, FIN_WAIT_1), the FIN's sequence number in both directions, the delegated state a terminate
 * hands back, and TIME_WAIT (its upload, its 2MSL timer, an RST in it). Through full simulations.
 */
import { describe, expect, it } from 'vitest';
import { nextTcpState } from '../../../src/machines/tcpStateMachine.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';

/** A simulation with connection `1` in `state` (ESTABLISHED when omitted). */
function simWith(state?: number, options: SimulationOptions = {}): Simulation {
  const sim = createSimulation({ intermediateDrivers: 1, ...options });
  sim.addConnection({
    id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 42,
    ...(state !== undefined ? { state } : {}),
  });
  return sim;
}

/** The segments delivered on the wire, as `from text` lines. */
function wire(sim: Simulation): string[] {
  return sim.trace.events.flatMap((e) => (e.kind === 'segment' ? [`${e.from} ${e.segment}`] : []));
}

describe('a close in SYN_RCVD (RFC 793)', () => {
  it('puts a FIN on the wire and moves the TCB to FIN_WAIT_1, then FIN_WAIT_2 once the peer ACKs it', () => {
    const sim = simWith(TCPSTATE.TCPSTATE_SYN_RCVD);
    sim.disconnect('1');
    expect(sim.connection('1').tcp).toBe(TCPSTATE.TCPSTATE_FIN_WAIT_1);
    sim.run();
    expect(wire(sim)).toEqual(['host seq 0 len 0 ack 0 FIN', 'peer seq 0 len 0 ack 1']);
    expect(sim.connection('1').tcp).toBe(TCPSTATE.TCPSTATE_FIN_WAIT_2);
    expect(sim.violations).toEqual([]);
  });

  it('in SYN_SENT deletes the TCB without a FIN', () => {
    const sim = simWith(TCPSTATE.TCPSTATE_SYN_SENT);
    sim.disconnect('1');
    sim.run();
    expect(sim.connection('1').tcp).toBe(TCPSTATE.TCPSTATE_CLOSED);
    expect(wire(sim)).toEqual([]);
  });

  it('the machine: GracefulClose from SYN_RCVD is FIN_WAIT_1, from SYN_SENT CLOSED', () => {
    expect(nextTcpState(TCPSTATE.TCPSTATE_SYN_RCVD, { type: 'GracefulClose' })).toBe(TCPSTATE.TCPSTATE_FIN_WAIT_1);
    expect(nextTcpState(TCPSTATE.TCPSTATE_SYN_SENT, { type: 'GracefulClose' })).toBe(TCPSTATE.TCPSTATE_CLOSED);
  });

  it('a second close once the send half is closed sends no second FIN', () => {
    const sim = simWith(TCPSTATE.TCPSTATE_FIN_WAIT_2);
    sim.disconnect('1');
    sim.run();
    expect(wire(sim)).toEqual([]);
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
  });
});
