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
import type { TargetState } from '../../../src/drivers/reference/target/TargetState.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../src/ndis/stateStructures.js';

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
    expect(wire(sim)).toEqual(['host seq 0 len 0 ack 0 win 65535 FIN', 'peer seq 0 len 0 ack 1 win 65535']);
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

describe('a FIN takes one sequence number, both ways (RFC 793)', () => {
  it("in the host: the host's own TCP ACKs a bare FIN with ack + 1, and the peer's RST after it is acceptable", () => {
    const sim = simWith();
    sim.peerSend('1', 10);
    sim.peerFin('1');
    sim.run();
    expect(wire(sim)).toEqual(['peer seq 0 len 10 ack 0 win 65535 PSH', 'peer seq 10 len 0 ack 0 win 65535 FIN', 'host seq 0 len 0 ack 10 win 65525', 'host seq 0 len 0 ack 11 win 65525']);
    expect(sim.connection('1').tcp).toBe(TCPSTATE.TCPSTATE_CLOSE_WAIT);
    sim.peerRst('1');
    sim.run();
    expect(wire(sim).at(-1)).toBe('peer seq 11 len 0 RST');
    expect(sim.connection('1').tcp).toBe(TCPSTATE.TCPSTATE_CLOSED);
  });

  it('offloaded: the target ACKs the FIN with ack + 1; the peer ACKs our data after its FIN with seq + 1', () => {
    const sim = simWith();
    sim.offload('1');
    sim.run();
    sim.peerSend('1', 5);
    sim.peerFin('1');
    sim.postReceive('1', 5);
    sim.send('1', 3);
    sim.run();
    expect(wire(sim)).toEqual([
      'peer seq 0 len 5 ack 0 win 65535 PSH', 'peer seq 5 len 0 ack 0 win 65535 FIN', 'target seq 0 len 3 ack 0 win 65535', 'target seq 3 len 0 ack 5 win 65530', 'target seq 3 len 0 ack 6 win 65530', 'peer seq 6 len 0 ack 3 win 65535',
    ]);
    expect(sim.connection('1')).toMatchObject({ tcp: TCPSTATE.TCPSTATE_CLOSE_WAIT, received: 5, disconnectIndicated: true });
    expect(sim.violations).toEqual([]);
  });

  it("our FIN: the peer's ACK counts it, and its own FIN later acknowledges it too (never an ACK going backwards)", () => {
    const sim = simWith();
    sim.offload('1');
    sim.run();
    sim.send('1', 4);
    sim.disconnect('1');
    sim.run();
    sim.peerFin('1');
    sim.run();
    expect(wire(sim)).toEqual([
      'target seq 0 len 4 ack 0 win 65535', 'target seq 4 len 0 ack 0 win 65535 FIN', 'peer seq 0 len 0 ack 4 win 65535', 'peer seq 0 len 0 ack 5 win 65535', 'peer seq 0 len 0 ack 5 win 65535 FIN', 'target seq 5 len 0 ack 1 win 65535',
    ]);
  });

  it("a peer FIN with on-fin waits for ours and acknowledges it in the same segment (FIN+ACK): FIN_WAIT_1 → TIME_WAIT", () => {
    const sim = simWith();
    sim.peerFin('1', true);
    sim.disconnect('1');
    sim.run();
    expect(wire(sim).slice(0, 3)).toEqual(['host seq 0 len 0 ack 0 win 65535 FIN', 'peer seq 0 len 0 ack 1 win 65535 FIN', 'host seq 1 len 0 ack 1 win 65535']);
    expect(sim.peerView('1').finSent).toBe(true);
  });

  it('a connection offloaded after the FIN came (CLOSE_WAIT): its unread data is delivered, and no second TcpIndicateDisconnect', () => {
    const sim = simWith();
    sim.peerSend('1', 7);
    sim.peerFin('1');
    sim.run();
    sim.offload('1');
    sim.run();
    sim.postReceive('1', 100);
    sim.run();
    const disconnects = sim.trace.events.filter((e) => e.kind === 'call' && e.fn === 'NdisTcpOffloadEventHandler');
    expect(disconnects).toEqual([]);
    expect(sim.connection('1')).toMatchObject({ tcp: TCPSTATE.TCPSTATE_CLOSE_WAIT, received: 7, offload: S.TcpConnectionOffloadStateOffloaded });
    sim.upload('1');
    sim.run();
    expect(sim.returnedDelegatedState('1')?.RcvNxt).toBe(8);
    expect(sim.violations).toEqual([]);
  });
});

/** The reference target's delegated TCP state of connection `1`, as it keeps it. */
function targetDelegated(sim: Simulation): TCP_OFFLOAD_STATE_DELEGATED {
  const target = sim.liveState.layers[sim.liveState.layers.length - 1] as TargetState;
  const o = target.objects.find((x) => x?.layer === 'Tcp');
  if (!o?.delegated) throw new Error('no offloaded connection at the target');
  return o.delegated;
}

describe('the upload hands back all the delegated state (reference §3.2, §6.2)', () => {
  it('the FIN the target took and had not indicated comes back as State CLOSE_WAIT: the TCB moves there, and RcvNxt counts the FIN', () => {
    const sim = simWith();
    sim.offload('1');
    sim.run();
    sim.peerSend('1', 100);
    sim.peerFin('1');
    sim.deliverItem(sim.pending()[0]!.id); // the data reaches the NIC: a receive indication is pending
    sim.deliverItem(sim.pending().find((p) => p.fn === 'segment' && p.caller === 'peer')!.id); // the FIN
    sim.upload('1');
    sim.run();
    expect(sim.trace.events.some((e) => e.kind === 'call' && e.fn === 'NdisTcpOffloadEventHandler')).toBe(false);
    expect(sim.returnedDelegatedState('1')).toMatchObject({ State: TCPSTATE.TCPSTATE_CLOSE_WAIT, RcvNxt: 101 });
    expect(sim.connection('1')).toMatchObject({ offload: S.TcpConnectionOffloadStateInHost, tcp: TCPSTATE.TCPSTATE_CLOSE_WAIT });
    sim.read('1');
    sim.disconnect('1');
    sim.run();
    expect(wire(sim).slice(-2)).toEqual(['host seq 0 len 0 ack 101 win 65435 FIN', 'peer seq 101 len 0 ack 1 win 65535']);
    expect(sim.connection('1')).toMatchObject({ tcp: TCPSTATE.TCPSTATE_CLOSED, received: 100 });
    expect(sim.violations).toEqual([]);
  });

  it('our FIN in flight comes back as FIN_WAIT_1: the peer\'s later ACK of it moves the host to FIN_WAIT_2', () => {
    const sim = simWith();
    sim.offload('1');
    sim.run();
    sim.disconnect('1');
    sim.upload('1'); // the FIN is on the wire, not yet ACKed
    sim.run();
    expect(sim.returnedDelegatedState('1')).toMatchObject({ State: TCPSTATE.TCPSTATE_FIN_WAIT_1, SndNxt: 1, SndMax: 1 });
    expect(sim.connection('1')).toMatchObject({ offload: S.TcpConnectionOffloadStateInHost, tcp: TCPSTATE.TCPSTATE_FIN_WAIT_2 });
    expect(wire(sim).filter((w) => w.includes('FIN'))).toEqual(['target seq 0 len 0 ack 0 win 65535 FIN']);
  });

  it('windows, RTT state, counters and timers taken back go down again with the next offload', () => {
    const sim = simWith();
    sim.offload('1');
    sim.run();
    Object.assign(targetDelegated(sim), { CWnd: 4380, SsThresh: 8760, SRtt: 80, RttVar: 40, TotalRT: 7, DupAckCount: 2, SndWnd: 32_000 });
    targetDelegated(sim).Retransmit = { Count: 3, TimeoutDelta: 250 };
    targetDelegated(sim).KeepAlive = { ProbeCount: 1, TimeoutDelta: 9000 };
    sim.upload('1');
    sim.run();
    sim.offload('1');
    sim.run();
    expect(targetDelegated(sim)).toMatchObject({
      CWnd: 4380, SsThresh: 8760, SRtt: 80, RttVar: 40, TotalRT: 7, DupAckCount: 2, SndWnd: 32_000,
      Retransmit: { Count: 3, TimeoutDelta: 250 }, KeepAlive: { ProbeCount: 1, TimeoutDelta: 9000 },
    });
  });
});

describe('every segment this machine sends acknowledges what it received (RCV.NXT), never an ACK going backwards', () => {
  it.each([
    ['offloaded (the target)', true, 'target'],
    ['in the host (its own TCP)', false, 'host'],
  ])('%s: data and the FIN after the peer sent 20 bytes carry ack 20', (_name, offload, sender) => {
    const sim = simWith();
    if (offload) {
      sim.offload('1');
      sim.run();
    }
    sim.peerSend('1', 20);
    sim.run();
    sim.send('1', 30);
    sim.disconnect('1');
    sim.run();
    expect(wire(sim).filter((w) => w.startsWith(sender))).toEqual([
      `${sender} seq 0 len 0 ack 20 win 65515`, `${sender} seq 0 len 30 ack 20 win 65515`, `${sender} seq 30 len 0 ack 20 win 65515 FIN`,
    ]);
  });
});

/** Delivers pending items until the only ones left are timers; returns how many timers are pending. */
function runUntilTimers(sim: Simulation): number {
  for (let p = sim.pending(); p.some((i) => i.fn !== 'timer'); p = sim.pending()) sim.deliverItem(p.find((i) => i.fn !== 'timer')!.id);
  return sim.pending().length;
}

describe('TIME_WAIT: the upload, the 2MSL timer, an RST in it', () => {
  it('offloaded, the peer FIN in FIN_WAIT_2: the target asks for the upload (Retrieve, UploadRequested) after the Disconnect; 2MSL later the TCB is deleted', () => {
    const sim = simWith();
    sim.offload('1');
    sim.run();
    sim.disconnect('1');
    runUntilTimers(sim);
    expect(sim.connection('1').tcp).toBe(TCPSTATE.TCPSTATE_FIN_WAIT_2);
    sim.peerFin('1');
    expect(runUntilTimers(sim)).toBe(1);
    const events = sim.trace.events.flatMap((e) => (e.kind === 'call' && e.fn === 'NdisTcpOffloadEventHandler' && e.caller === 'target' ? [e.args['EventType']] : []));
    expect(events).toEqual([2, 3]); // TcpIndicateDisconnect, then TcpIndicateRetrieve
    expect(sim.trace.events.some((e) => e.kind === 'call' && e.fn === 'NdisTcpOffloadEventHandler' && e.args['EventSpecificInformation'] === 10)).toBe(true); // UploadRequested
    expect(sim.returnedDelegatedState('1')?.State).toBe(TCPSTATE.TCPSTATE_TIME_WAIT);
    expect(sim.connection('1')).toMatchObject({ offload: S.TcpConnectionOffloadStateInHost, tcp: TCPSTATE.TCPSTATE_TIME_WAIT });
    expect(sim.tcpTableEntries()).toHaveLength(1);
    const before = sim.clock.now();
    sim.run();
    expect(sim.clock.now() - before).toBeGreaterThanOrEqual(120_000_000);
    expect(sim.connection('1').tcp).toBe(TCPSTATE.TCPSTATE_CLOSED);
    expect(sim.tcpTableEntries()).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('offloaded, simultaneous close: CLOSING, then the ACK of our FIN takes it to TIME_WAIT and the target asks for the upload', () => {
    const sim = simWith();
    sim.offload('1');
    sim.run();
    sim.disconnect('1');
    sim.peerFin('1'); // crosses our FIN on the wire
    expect(runUntilTimers(sim)).toBe(1);
    expect(sim.trace.events.some((e) => e.kind === 'stateChange' && e.region === 'tcp' && e.to === 'CLOSING')).toBe(true);
    expect(sim.connection('1')).toMatchObject({ offload: S.TcpConnectionOffloadStateInHost, tcp: TCPSTATE.TCPSTATE_TIME_WAIT });
    expect(sim.violations).toEqual([]);
  });

  it('the 2MSL is the host policy timedWaitDelaySeconds', () => {
    const sim = simWith(undefined, { hostPolicy: { timedWaitDelaySeconds: 30 } });
    sim.peerFin('1', true);
    sim.disconnect('1');
    expect(runUntilTimers(sim)).toBe(1);
    expect(sim.connection('1').tcp).toBe(TCPSTATE.TCPSTATE_TIME_WAIT);
    sim.run();
    const at = (text: string) => sim.trace.events.find((e) => e.kind === 'decision' && e.text.includes(text))?.time ?? Number.NaN;
    expect(at('expires') - at('waits 2MSL')).toBe(30_000_000);
    expect(sim.connection('1').tcp).toBe(TCPSTATE.TCPSTATE_CLOSED);
    expect(sim.tcpTableEntries()).toEqual([]);
  });

  it.each([
    ['close', TCPSTATE.TCPSTATE_CLOSED, 0],
    ['ignore', TCPSTATE.TCPSTATE_TIME_WAIT, 1],
  ] as const)('an acceptable RST in TIME_WAIT with policy %s (RFC 793 default; RFC 1337 ignores)', (timeWaitRst, state, rows) => {
    const sim = simWith(undefined, { hostPolicy: { timeWaitRst } });
    sim.peerFin('1', true);
    sim.disconnect('1');
    runUntilTimers(sim);
    sim.peerRst('1');
    runUntilTimers(sim);
    expect(wire(sim).at(-1)).toBe('peer seq 1 len 0 RST');
    expect(sim.connection('1').tcp).toBe(state);
    expect(sim.tcpTableEntries()).toHaveLength(rows);
    sim.run();
    expect(sim.connection('1').tcp).toBe(TCPSTATE.TCPSTATE_CLOSED);
    expect(sim.tcpTableEntries()).toEqual([]);
  });

  it('the machine: TIME_WAIT leaves only for CLOSED, on the 2MSL timer or an RST', () => {
    expect(nextTcpState(TCPSTATE.TCPSTATE_TIME_WAIT, { type: 'TimeWaitExpired' })).toBe(TCPSTATE.TCPSTATE_CLOSED);
    expect(nextTcpState(TCPSTATE.TCPSTATE_TIME_WAIT, { type: 'TcpIndicateAbort' })).toBe(TCPSTATE.TCPSTATE_CLOSED);
    expect(nextTcpState(TCPSTATE.TCPSTATE_TIME_WAIT, { type: 'GracefulClose' })).toBeUndefined();
  });
});
