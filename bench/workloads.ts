/**
 * The simulation workloads the rates are taken over: the demo tour's life cycle, indications alone,
 * bytes moved each way through an offloaded connection, and the bare xstate actor they are compared to.
 */
import { createActor, setup } from 'xstate';
import { createSimulation, type SimulationOptions } from '../src/system/createSimulation.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON } from '../src/ndis/TCP_UPLOAD_REASON.js';
import type { Workload } from './rates.js';

/** A trivial xstate actor's send(): the reference rate. */
export function bareActorSend(): Workload {
  const toggle = setup({ types: { events: {} as { type: 'TOGGLE' } } }).createMachine({
    initial: 'off',
    states: { off: { on: { TOGGLE: 'on' } }, on: { on: { TOGGLE: 'off' } } },
  });
  const actor = createActor(toggle).start();
  return () => {
    for (let i = 0; i < 1000; i++) actor.send({ type: 'TOGGLE' });
    return 1000;
  };
}

/** A simulation with one offloaded connection through one IM, and a counter of the NDIS calls in its trace. */
export function oneConnection(options: SimulationOptions = {}) {
  const sim = createSimulation({ intermediateDrivers: 1, trace: true, ...options });
  sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 49152, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  sim.offload('1');
  sim.run();
  const countCalls = () => {
    let n = 0;
    for (const e of sim.trace.events) if (e.kind === 'call') n++;
    sim.trace.events.length = 0;
    return n;
  };
  countCalls();
  return { sim, countCalls };
}

/** The demo tour's life cycle: offload, SendBacklogChange, Retrieve(LowActivity) and the upload it starts (12 crossings). */
export function lifeCycleCalls(): Workload {
  const { sim, countCalls } = oneConnection();
  return () => {
    for (let i = 0; i < 20; i++) {
      sim.indicate('1', TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange, 65_536 + i);
      sim.run();
      sim.indicate('1', TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.LowActivity);
      sim.run();
      sim.offload('1');
      sim.run();
    }
    return countCalls();
  };
}

/** Indications only: TcpIndicateSendBacklogChange relayed target -> IM1 -> host (2 crossings each). */
export function indicationCalls(): Workload {
  const { sim, countCalls } = oneConnection();
  return () => {
    for (let i = 0; i < 50; i++) {
      sim.indicate('1', TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange, 65_536 + i);
      sim.run();
    }
    return countCalls();
  };
}

/** Application bytes moved end to end (written, sent by the target, ACKed, completed) through an offloaded connection, 1 IM. */
export function bytesMoved(): Workload {
  const { sim, countCalls } = oneConnection();
  let acked = 0;
  return () => {
    for (let i = 0; i < 20; i++) {
      sim.send('1', 16_384);
      sim.deliverAll();
    }
    countCalls(); // keeps the trace from growing
    const now = sim.sendHoldings('1').acked;
    const moved = now - acked;
    acked = now;
    return moved;
  };
}

/**
 * Application bytes moved end to end through an offloaded connection over a wire that drops 1 % of the
 * segments (seeded): the target's retransmit timer (and, after a TimeoutExpiration upload, the host's)
 * makes good every loss; the figure counts bytes the peer acknowledged, so the time spent retransmitting counts.
 */
export function retransmittedBytesMoved(): Workload {
  let { sim, countCalls } = oneConnection({ wire: { drop: 0.01 }, seed: 7 });
  let acked = 0;
  return () => {
    for (let i = 0; i < 20; i++) {
      sim.send('1', 16_384);
      sim.deliverAll();
    }
    countCalls();
    const now = sim.sendHoldings('1').acked;
    const moved = Math.max(0, now - acked);
    acked = now;
    if (sim.connection('1').aborted) ({ sim, countCalls } = oneConnection({ wire: { drop: 0.01 }, seed: 7 }), (acked = 0)); // given up (1 % makes that rare): start again
    return moved;
  };
}

/** Peer bytes moved end to end the other way (sent, offered, accepted, read, NBL returned), 1 IM. */
export function bytesReceived(): Workload {
  const { sim, countCalls } = oneConnection();
  let received = 0;
  return () => {
    for (let i = 0; i < 20; i++) {
      sim.peerSend('1', 16_384);
      sim.deliverAll();
      sim.read('1');
    }
    countCalls(); // keeps the trace from growing
    const now = sim.connection('1').received;
    const moved = now - received;
    received = now;
    return moved;
  };
}
