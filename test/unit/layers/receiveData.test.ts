/** Data from the peer through an offloaded connection (reference §6.1, §6.2 step 4, §6.7, §6.8, §6.9). */
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';
import { checkNoByteLost } from '../../../src/invariants/noByteLost.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import type { BlockSnapshot, CallEvent, ReturnEvent, TraceEvent } from '../../../src/trace/TraceEvent.js';
import { NDIS_STATUS, NdisStatusEnum } from '../../../src/ndis/NDIS_STATUS.js';

function sim1(options: SimulationOptions = {}) {
  const sim = createSimulation({ intermediateDrivers: 1, ...options });
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  return sim;
}
type Sim = ReturnType<typeof sim1>;

/** The calls of `fn` that reached the host (the top of the stack) or left it. */
const atHost = (sim: Sim, fn: string) => sim.trace.events.filter((e): e is CallEvent => e.kind === 'call' && e.fn === fn && (e.callee === 'host' || e.caller === 'host'));
const returnsToTarget = (sim: Sim, fn: string) => sim.trace.events.filter((e): e is ReturnEvent => e.kind === 'return' && e.fn === fn && e.caller === 'target');
const fns = (events: readonly TraceEvent[]) => events.flatMap((e) => (e.kind === 'call' && e.callee === 'host' ? [e.fn] : []));

function offloaded(options: SimulationOptions = {}): Sim {
  const sim = sim1(options);
  sim.offload('c1');
  sim.run();
  expect(sim.connection('c1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
  return sim;
}

function settle(sim: Sim): void {
  sim.run();
  expect(checkNoByteLost(sim)).toEqual([]);
  expect(sim.violations).toEqual([]);
}

describe('posted receives (NdisOffloadTcpReceive)', () => {
  it('are filled in posting order and complete with SUCCESS on PSH; the application gets the bytes in order', () => {
    const sim = offloaded();
    sim.postReceive('c1', 100);
    sim.postReceive('c1', 100);
    sim.peerSend('c1', 150);
    settle(sim);
    expect(atHost(sim, 'NdisTcpOffloadReceiveComplete').map((c) => c.args.NetBufferList)).toEqual([
      'NBL#1[0..100) of 100 NDIS_STATUS_SUCCESS, NBL#2[100..150) of 100 NDIS_STATUS_SUCCESS',
    ]);
    expect(atHost(sim, 'NdisTcpOffloadReceiveHandler')).toEqual([]); // posted buffers come first
    expect(sim.connection('c1').received).toBe(150);
  });

  it('a non-push buffer completes only when full; a push buffer partly filled completes when its push timer expires', () => {
    const sim = offloaded();
    sim.postReceive('c1', 100, true);
    sim.peerSend('c1', 60, false);
    sim.run();
    expect(atHost(sim, 'NdisTcpOffloadReceiveComplete')).toEqual([]);
    expect(sim.pending().some((p) => p.kind === 'timer')).toBe(false); // no push timer for a non-push buffer
    sim.peerSend('c1', 40, false);
    sim.run();
    expect(atHost(sim, 'NdisTcpOffloadReceiveComplete').map((c) => c.args.NetBufferList)).toEqual(['NBL#1[0..100) of 100 NDIS_STATUS_SUCCESS']);

    sim.postReceive('c1', 100);
    sim.peerSend('c1', 30, false);
    while (sim.pending().some((p) => p.kind !== 'timer')) sim.deliver(sim.pending().findIndex((p) => p.kind !== 'timer'));
    // Everything else is delivered; the push timer is what is left.
    expect(sim.pending().map((p) => p.label)).toEqual(['push timer of tcp c1']);
    expect(atHost(sim, 'NdisTcpOffloadReceiveComplete')).toHaveLength(1);
    settle(sim);
    expect(atHost(sim, 'NdisTcpOffloadReceiveComplete').map((c) => c.args.NetBufferList)[1]).toBe('NBL#2[100..130) of 100 NDIS_STATUS_SUCCESS');
    expect(sim.connection('c1').received).toBe(130);
  });
});

describe('receive indications (NdisTcpOffloadReceiveHandler)', () => {
  it('with no buffer posted the target offers the data; SUCCESS: the host keeps the NBL until the application has read it, then NdisOffloadTcpReceiveReturn', () => {
    const sim = offloaded();
    sim.peerSend('c1', 80);
    sim.run();
    expect(atHost(sim, 'NdisTcpOffloadReceiveHandler').map((c) => c.args.NetBufferList)).toEqual(['NBL#1[0..80)']);
    expect(returnsToTarget(sim, 'NdisTcpOffloadReceiveHandler').map((r) => [NdisStatusEnum.nameOf(r.Status), r.BytesConsumed])).toEqual([['NDIS_STATUS_SUCCESS', 80]]);
    expect(atHost(sim, 'NdisOffloadTcpReceiveReturn')).toEqual([]);
    expect(sim.receiveHoldings('c1').host).toEqual([[0, 80]]);
    sim.read('c1', 50);
    expect(atHost(sim, 'NdisOffloadTcpReceiveReturn')).toEqual([]); // 30 bytes of it are still unread
    sim.read('c1');
    expect(atHost(sim, 'NdisOffloadTcpReceiveReturn').map((c) => c.args.NetBufferList)).toEqual(['NBL#1[0..80)']);
    settle(sim);
    expect(sim.connection('c1').received).toBe(80);
  });

  it('a full receive buffer: PARTIALLY_ACCEPTED, then NOT_ACCEPTED; a read and a zero-byte receive let the target offer the rest', () => {
    const sim = offloaded({ hostPolicy: { receiveBuffer: 100 } });
    sim.peerSend('c1', 150);
    sim.run();
    expect(returnsToTarget(sim, 'NdisTcpOffloadReceiveHandler').map((r) => [NdisStatusEnum.nameOf(r.Status), r.BytesConsumed])).toEqual([
      ['NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED', 100],
    ]);
    sim.peerSend('c1', 10);
    sim.run();
    expect(atHost(sim, 'NdisTcpOffloadReceiveHandler')).toHaveLength(1); // refused once: no new offer until a post
    expect(sim.receiveHoldings('c1').target).toEqual([[100, 160]]);
    sim.read('c1', 100);
    settle(sim);
    expect(atHost(sim, 'NdisOffloadTcpReceive').map((c) => c.args.NetBufferList)).toEqual(['NBL#2(0 bytes free)']);
    expect(atHost(sim, 'NdisTcpOffloadReceiveHandler').map((c) => c.args.NetBufferList)).toEqual(['NBL#1[0..150)', 'NBL#3[100..160)']);
    sim.read('c1');
    settle(sim);
    expect(sim.connection('c1').received).toBe(160);
  });

  it('a host that takes nothing: NOT_ACCEPTED, and the bytes stay with the target', () => {
    const sim = offloaded({ hostPolicy: { receiveBuffer: 0 } });
    sim.peerSend('c1', 40);
    settle(sim);
    expect(returnsToTarget(sim, 'NdisTcpOffloadReceiveHandler').map((r) => [NdisStatusEnum.nameOf(r.Status), r.BytesConsumed])).toEqual([
      ['NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED', 0],
    ]);
    expect(sim.receiveHoldings('c1').target).toEqual([[0, 40]]);
  });
});

describe('NdisQueryOffloadState (reference §6.5)', () => {
  it('reports the bytes buffered at the target (ReceiveBacklogSize) and the send data not yet acknowledged (SendBacklogSize)', () => {
    const sim = offloaded({ hostPolicy: { receiveBuffer: 0 } });
    sim.peerSend('c1', 40);
    sim.run();
    sim.send('c1', 25);
    sim.query('c1');
    sim.run();
    const read = sim.trace.events.flatMap((e) => (e.kind === 'decision' && e.text.startsWith('reads tcp c1') ? [e.text] : []));
    expect(read).toEqual(['reads tcp c1: SendBacklogSize 25, ReceiveBacklogSize 40']);
  });
});

describe('the peer closes (reference §6.9)', () => {
  it('TcpIndicateDisconnect waits until the data before the FIN was consumed; a receive posted after it completes with INVALID_STATE', () => {
    const sim = offloaded({ hostPolicy: { receiveBuffer: 0 } });
    sim.peerSend('c1', 40);
    sim.peerFin('c1');
    settle(sim);
    expect(sim.connection('c1')).toMatchObject({ disconnectIndicated: false, tcp: TCPSTATE.TCPSTATE_ESTABLISHED });
    sim.postReceive('c1', 100);
    settle(sim);
    const order = fns(sim.trace.events).filter((f) => f === 'NdisTcpOffloadReceiveComplete' || f === 'NdisTcpOffloadEventHandler');
    expect(order).toEqual(['NdisTcpOffloadReceiveComplete', 'NdisTcpOffloadEventHandler']);
    expect(sim.connection('c1')).toMatchObject({ disconnectIndicated: true, tcp: TCPSTATE.TCPSTATE_CLOSE_WAIT, received: 40 });
    sim.postReceive('c1', 10);
    settle(sim);
    expect(atHost(sim, 'NdisTcpOffloadReceiveComplete').map((c) => c.args.NetBufferList).at(-1)).toBe('NBL#3(10 bytes free) NDIS_STATUS_INVALID_STATE');
  });

  it('a non-push buffer holding the last bytes before the FIN completes before TcpIndicateDisconnect', () => {
    const sim = offloaded();
    sim.postReceive('c1', 2, true);
    sim.peerSend('c1', 1, false);
    sim.peerFin('c1');
    settle(sim);
    const order = fns(sim.trace.events).filter((f) => f === 'NdisTcpOffloadReceiveComplete' || f === 'NdisTcpOffloadEventHandler');
    expect(order).toEqual(['NdisTcpOffloadReceiveComplete', 'NdisTcpOffloadEventHandler']);
    expect(atHost(sim, 'NdisTcpOffloadReceiveComplete')[0]!.args.NetBufferList).toBe('NBL#1[0..1) of 2 NDIS_STATUS_SUCCESS');
  });

  it('an acceptable RST: posted receives complete with REQUEST_ABORTED', () => {
    const sim = offloaded();
    sim.postReceive('c1', 100, true);
    sim.peerSend('c1', 30);
    sim.peerRst('c1');
    settle(sim);
    const completions = atHost(sim, 'NdisTcpOffloadReceiveComplete').map((c) => c.args.NetBufferList);
    expect(completions).toEqual(['NBL#1[0..30) of 100 NDIS_STATUS_REQUEST_ABORTED']);
    expect(sim.connection('c1').received).toBe(30); // the bytes it holds are still valid
    expect(sim.connection('c1').offload).toBe(S.TcpConnectionOffloadStateInHost);
  });
});

describe('receive data across offload and upload (reference §6.1, §6.2 step 4)', () => {
  it('unread data in the host goes down as BufferedData and is delivered before anything newer', () => {
    const sim = sim1();
    sim.peerSend('c1', 70);
    sim.run();
    expect(sim.receiveHoldings('c1').host).toEqual([[0, 70]]);
    sim.offload('c1');
    const tcp = (atHost(sim, 'NdisInitiateOffload')[0]!.args.OffloadBlockList as BlockSnapshot[]).find((b) => b.object === 'tcp c1');
    expect(tcp?.BufferedData).toBe('NBL#1[0..70)');
    expect(sim.receiveHoldings('c1')).toMatchObject({ host: [], target: [[0, 70]] }); // the target's copy is the one that counts
    sim.postReceive('c1', 50);
    sim.peerSend('c1', 30);
    settle(sim);
    expect(atHost(sim, 'NdisTcpOffloadReceiveComplete').map((c) => c.args.NetBufferList)).toEqual(['NBL#2[0..50) of 50 NDIS_STATUS_SUCCESS']);
    // The rest of the buffered data is offered first, then what came later.
    expect(atHost(sim, 'NdisTcpOffloadReceiveHandler').map((c) => c.args.NetBufferList)).toEqual(['NBL#3[50..70)', 'NBL#4[70..100)']);
    sim.read('c1');
    settle(sim);
    expect(sim.connection('c1').received).toBe(100);
  });

  it('data buffered at the target comes back in BufferedData; the host keeps the NBL until read, then returns it by its binding', () => {
    const sim = offloaded({ hostPolicy: { receiveBuffer: 0 } });
    sim.peerSend('c1', 25);
    sim.run();
    sim.postReceive('c1', 10, true); // filled at once: 10 of the 25 bytes
    sim.run();
    expect(sim.receiveHoldings('c1').target).toEqual([[10, 25]]);
    sim.upload('c1');
    settle(sim);
    const tcp = (atHost(sim, 'NdisTerminateOffload')[0]!.args.OffloadBlockList as BlockSnapshot[]).find((b) => b.object === 'tcp c1');
    expect(tcp).toBeDefined();
    const completion = sim.trace.events.find((e): e is CallEvent => e.kind === 'call' && e.fn === 'NdisMTerminateOffloadComplete' && e.callee === 'host');
    const node = (completion!.args.OffloadBlockList as BlockSnapshot[]).find((b) => b.object === 'tcp c1');
    expect(node?.BufferedData).toBe('NBL#4[10..25)');
    expect(sim.returnedDelegatedState('c1')?.RcvNxt).toBe(25);
    expect(sim.receiveHoldings('c1').host).toEqual([[10, 25]]);
    sim.read('c1');
    settle(sim);
    expect(atHost(sim, 'NdisOffloadTcpReceiveReturn').map((c) => c.args.NetBufferList)).toEqual(['NBL#4[10..25)']);
    expect(sim.connection('c1')).toMatchObject({ received: 25, offload: S.TcpConnectionOffloadStateInHost });
  });

  it('a terminate waits for the receive indication in flight before it completes (reference §6.2 step 6)', () => {
    const sim = offloaded();
    sim.peerSend('c1', 20);
    sim.deliverItem(sim.pending().find((p) => p.kind === 'segment')!.id);
    expect(sim.pending().map((p) => p.fn)).toContain('NdisTcpOffloadReceiveHandler');
    sim.upload('c1');
    expect(sim.pending().map((p) => p.fn)).not.toContain('NdisMTerminateOffloadComplete');
    sim.deliverItem(sim.pending().find((p) => p.fn === 'NdisTcpOffloadReceiveHandler')!.id);
    expect(sim.pending().map((p) => p.fn)).toContain('NdisMTerminateOffloadComplete');
    settle(sim);
    expect(sim.receiveHoldings('c1').host).toEqual([[0, 20]]);
  });

  it('a segment that came up the normal path while the offload was in flight is forwarded (NdisOffloadTcpForward); one behind it waits at the target', () => {
    const sim = sim1();
    sim.peerSend('c1', 10);
    sim.peerSend('c1', 5);
    sim.deliverItem(sim.pending().find((p) => p.kind === 'segment')!.id); // the NIC passes it up the normal path
    sim.offload('c1');
    sim.deliverItem(sim.pending().find((p) => p.fn === 'NdisMIndicateReceiveNetBufferLists')!.id); // the host keeps it: Offloading
    sim.deliverItem(sim.pending().find((p) => p.kind === 'segment')!.id); // the second reaches the target first
    expect(sim.receiveHoldings('c1')).toMatchObject({ host: [[0, 10]], target: [[10, 15]] });
    expect(checkNoByteLost(sim)).toEqual([]);
    settle(sim);
    expect(atHost(sim, 'NdisOffloadTcpForward').map((c) => c.args.NetBufferList)).toEqual(['NBL#1[0..10)']);
    expect(atHost(sim, 'NdisTcpOffloadForwardComplete').map((c) => c.args.NetBufferList)).toEqual(['NBL#1[0..10) NDIS_STATUS_SUCCESS']);
    expect(atHost(sim, 'NdisTcpOffloadReceiveHandler').map((c) => c.args.NetBufferList)).toEqual(['NBL#2[0..15)']);
  });
});

describe('timing the target does not control', () => {
  it('an acceptable RST while the initiate completion is pending: TcpIndicateAbort waits until NdisMInitiateOffloadComplete has returned', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.peerRst('c1');
    sim.deliverItem(sim.pending().find((p) => p.kind === 'segment')!.id);
    expect(sim.pending().map((p) => p.fn)).toEqual(['NdisMInitiateOffloadComplete']);
    settle(sim);
    expect(fns(sim.trace.events).slice(0, 2)).toEqual(['NdisMInitiateOffloadComplete', 'NdisTcpOffloadEventHandler']);
    expect(sim.connection('c1')).toMatchObject({ aborted: true, offload: S.TcpConnectionOffloadStateInHost });
  });

  it('an offer made before a buffer was posted is refused while that buffer is with the target: the target fills it with those bytes first, so the application reads in stream order', () => {
    const sim = offloaded();
    sim.peerSend('c1', 30);
    sim.deliverItem(sim.pending().find((p) => p.kind === 'segment')!.id); // offered: [0, 30)
    sim.postReceive('c1', 50); // posted while the offer is in flight
    sim.deliverItem(sim.pending().find((p) => p.fn === 'NdisTcpOffloadReceiveHandler')!.id);
    const offer = sim.trace.events.filter((e): e is ReturnEvent => e.kind === 'return' && e.fn === 'NdisTcpOffloadReceiveHandler' && e.caller === 'target').at(-1);
    expect(offer?.Status).toBe(NDIS_STATUS.NDIS_STATUS_OFFLOAD_DATA_NOT_ACCEPTED);
    sim.peerSend('c1', 50);
    sim.peerSend('c1', 20);
    settle(sim);
    expect(sim.connection('c1').received).toBe(30); // the posted buffer took [0, 30) and was pushed
    sim.read('c1'); // nothing unread yet; a zero-byte receive lets the target offer again (§6.7)
    settle(sim);
    sim.read('c1');
    expect(sim.connection('c1').received).toBe(100);
    expect(checkNoByteLost(sim)).toEqual([]);
  });
});

describe('urgent data (reference §6.12)', () => {
  it('asks for an upload (ReceivedUrgentData); the urgent data and what follows go up the normal path after the terminate, unacknowledged by the target', () => {
    const sim = offloaded();
    sim.postReceive('c1', 10);
    sim.peerSend('c1', 10);
    sim.peerSend('c1', 5, true, true);
    sim.peerSend('c1', 7);
    sim.run();
    expect(fns(sim.trace.events).filter((f) => f !== 'NdisMInitiateOffloadComplete')).toEqual([
      'NdisTcpOffloadReceiveComplete', 'NdisTcpOffloadEventHandler', 'NdisMIndicateReceiveNetBufferLists', 'NdisMIndicateReceiveNetBufferLists',
      'NdisMTerminateOffloadComplete',
    ]);
    const retrieve = atHost(sim, 'NdisTcpOffloadEventHandler')[0]!;
    expect(retrieve.args).toMatchObject({ EventType: 3, EventSpecificInformation: 5 }); // TcpIndicateRetrieve, ReceivedUrgentData
    // The target acknowledged only the 10 bytes before the urgent data.
    const acks = sim.trace.events.flatMap((e) => (e.kind === 'segment' && e.from === 'target' ? [e.segment] : []));
    expect(acks).toEqual(['seq 0 len 0 ack 10 win 65525']);
    expect(sim.receiveHoldings('c1').host).toEqual([[10, 15], [15, 22]]);
    sim.read('c1');
    settle(sim);
    expect(sim.connection('c1')).toMatchObject({ received: 22, offload: S.TcpConnectionOffloadStateInHost });
  });
});

describe('through any number of intermediate drivers', () => {
  it.each([0, 1, 3])('with %i intermediate drivers the same NBL is offered at every layer and the host\'s answer comes back down unchanged', (ims) => {
    const sim = offloaded({ intermediateDrivers: ims, hostPolicy: { receiveBuffer: 30 } });
    sim.peerSend('c1', 50);
    settle(sim);
    const offers = sim.trace.events.filter((e): e is CallEvent => e.kind === 'call' && e.fn === 'NdisTcpOffloadReceiveHandler');
    expect(offers).toHaveLength(ims + 1);
    expect(new Set(offers.map((c) => c.args.NetBufferList))).toEqual(new Set(['NBL#1[0..50)']));
    const answers = sim.trace.events.filter((e): e is ReturnEvent => e.kind === 'return' && e.fn === 'NdisTcpOffloadReceiveHandler');
    expect(answers.map((r) => [NdisStatusEnum.nameOf(r.Status), r.BytesConsumed])).toEqual(
      Array.from({ length: ims + 1 }, () => ['NDIS_STATUS_OFFLOAD_DATA_PARTIALLY_ACCEPTED', 30]),
    );
  });
});
