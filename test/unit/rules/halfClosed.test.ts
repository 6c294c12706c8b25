/**
 * no-discretionary-retrieve-when-half-closed through full simulations (reference §6.9): judged on the
 * connection's TCP state — FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT — as the initiate's delegated state, the
 * host's disconnect, the wire and the indications show it, not on "a Disconnect was indicated". A
 * retrieve made before the connection became half closed, that crosses after, is not judged.
 */
import { describe, expect, it } from 'vitest';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';

const RULE = 'no-discretionary-retrieve-when-half-closed';

function sim1(options: SimulationOptions = {}): Simulation {
  const sim = createSimulation({ hostPolicy: { optionalRetrieve: 'keep' }, ...options });
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  return sim;
}

function offloaded(options: SimulationOptions = {}): Simulation {
  const sim = sim1(options);
  sim.offload('c1');
  sim.run();
  expect(sim.connection('c1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
  return sim;
}

/** The details of the rule's violations. */
const details = (sim: Simulation) => sim.violations.filter((v) => v.rule === RULE).map((v) => `${v.layer}: ${v.detail}`);

describe('no-discretionary-retrieve-when-half-closed, keyed on the TCP state', () => {
  it('fires for a connection offloaded already in CLOSE_WAIT, with no Disconnect indicated', () => {
    const sim = sim1();
    sim.peerFin('c1'); // the host takes the FIN: CLOSE_WAIT
    sim.run();
    expect(sim.connection('c1').tcp).toBe(TCPSTATE.TCPSTATE_CLOSE_WAIT);
    sim.offload('c1');
    sim.run();
    expect(sim.violations).toEqual([]);
    sim.indicate('c1', E.TcpIndicateRetrieve, R.LowActivity);
    sim.run();
    // Judged at every binding: the target's, and IM1's as it passes the retrieve up.
    expect(details(sim)).toEqual([
      'target: TcpIndicateRetrieve(LowActivity (1)) in CLOSE_WAIT (as it was offloaded)',
      'IM1: TcpIndicateRetrieve(LowActivity (1)) in CLOSE_WAIT (as it was offloaded)',
    ]);
  });

  it("fires once the target has acknowledged the peer's FIN, before TcpIndicateDisconnect has gone up", () => {
    const sim = offloaded({ intermediateDrivers: 1 });
    sim.peerFin('c1');
    sim.deliver(); // the FIN reaches the NIC; the target acknowledges it, and its Disconnect waits in the scheduler
    expect(sim.pending().some((p) => p.fn === 'NdisTcpOffloadEventHandler')).toBe(true);
    sim.indicate('c1', E.TcpIndicateRetrieve, R.HighDropRate);
    sim.run();
    expect(details(sim)).toEqual([
      "target: TcpIndicateRetrieve(HighDropRate (2)) in CLOSE_WAIT (once the target acknowledged the peer's FIN)",
      "IM1: TcpIndicateRetrieve(HighDropRate (2)) in CLOSE_WAIT (once the target acknowledged the peer's FIN)",
    ]);
  });

  it('fires in FIN_WAIT_1 and FIN_WAIT_2, after the host closed its half', () => {
    const sim = offloaded();
    sim.disconnect('c1');
    sim.indicate('c1', E.TcpIndicateRetrieve, R.SmallIO);
    sim.run(); // the peer acknowledges the FIN: FIN_WAIT_2
    sim.indicate('c1', E.TcpIndicateRetrieve, R.LowActivity);
    sim.run();
    expect(details(sim)).toEqual([
      'target: TcpIndicateRetrieve(SmallIO (3)) in FIN_WAIT_1 (after the graceful NdisOffloadTcpDisconnect)',
      'IM1: TcpIndicateRetrieve(SmallIO (3)) in FIN_WAIT_1 (after the graceful NdisOffloadTcpDisconnect)',
      'target: TcpIndicateRetrieve(LowActivity (1)) in FIN_WAIT_2 (once its FIN was acknowledged)',
      'IM1: TcpIndicateRetrieve(LowActivity (1)) in FIN_WAIT_2 (once its FIN was acknowledged)',
    ]);
  });

  it("allows the FIN_WAIT_2 timer's TimeoutExpiration, a mandatory reason", () => {
    const sim = offloaded();
    sim.disconnect('c1');
    sim.run();
    sim.indicate('c1', E.TcpIndicateRetrieve, R.TimeoutExpiration);
    sim.run();
    expect(sim.violations).toEqual([]);
    expect(sim.connection('c1').offload).toBe(S.TcpConnectionOffloadStateInHost);
  });

  it('is quiet in CLOSING, LAST_ACK and TIME_WAIT, where the old rule saw only "a Disconnect was indicated"', () => {
    // FIN_WAIT_1, then the peer's FIN: CLOSING (our FIN not yet acknowledged).
    const closing = offloaded();
    closing.disconnect('c1');
    closing.peerFin('c1');
    closing.indicate('c1', E.TcpIndicateDisconnect);
    closing.deliverItem(closing.pending().find((p) => p.fn === 'NdisTcpOffloadEventHandler')!.id);
    closing.indicate('c1', E.TcpIndicateRetrieve, R.LowActivity);
    closing.run();
    expect(details(closing)).toEqual([]);

    // CLOSE_WAIT, then the host closes too: LAST_ACK.
    const lastAck = offloaded();
    lastAck.indicate('c1', E.TcpIndicateDisconnect);
    lastAck.run();
    lastAck.disconnect('c1');
    lastAck.indicate('c1', E.TcpIndicateRetrieve, R.LowActivity);
    lastAck.run();
    expect(details(lastAck)).toEqual([]);

    // FIN_WAIT_2, then the peer's FIN: TIME_WAIT.
    const timeWait = offloaded();
    timeWait.disconnect('c1');
    timeWait.run();
    timeWait.indicate('c1', E.TcpIndicateDisconnect);
    timeWait.run();
    timeWait.indicate('c1', E.TcpIndicateRetrieve, R.LowActivity);
    timeWait.run();
    expect(details(timeWait)).toEqual([]);
  });

  it('does not judge a retrieve the target made while ESTABLISHED that crosses after the connection became half closed', () => {
    const sim = offloaded({ intermediateDrivers: 1 });
    sim.indicate('c1', E.TcpIndicateRetrieve, R.LowActivity); // made in ESTABLISHED, waiting in the scheduler
    sim.disconnect('c1'); // FIN_WAIT_1 before the retrieve crosses
    sim.run();
    expect(details(sim)).toEqual([]);
    sim.indicate('c1', E.TcpIndicateRetrieve, R.LowActivity); // made in FIN_WAIT_2
    sim.run();
    expect(details(sim)).toHaveLength(2);
  });
});
