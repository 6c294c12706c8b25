/** Outstanding send data across offload and upload (reference §6.1, §6.2 step 3, §6.6). */
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';
import { checkNoByteLost } from '../../../src/invariants/noByteLost.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { BlockSnapshot, CallEvent, ReturnEvent } from '../../../src/trace/TraceEvent.js';

function sim1(options: SimulationOptions = {}) {
  const sim = createSimulation({ intermediateDrivers: 1, ...options });
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  return sim;
}
const calls = (sim: ReturnType<typeof sim1>, fn: string) => sim.trace.events.filter((e): e is CallEvent => e.kind === 'call' && e.fn === fn);

describe('send data handed down on initiate and back on terminate', () => {
  it('bytes sent by the host but not yet acknowledged go down with the TCP block; the target completes them when the peer ACKs', () => {
    const sim = sim1();
    sim.send('c1', 100);
    sim.send('c1', 50);
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [[0, 100], [100, 150]], target: [], peerReceived: 0 });
    sim.offload('c1'); // the host's segments are still on the wire
    const tcpNode = (calls(sim, 'NdisInitiateOffload')[0]!.args.OffloadBlockList as BlockSnapshot[]).find((b) => b.object === 'tcp c1');
    expect(tcpNode?.NetBufferListChain).toBe('NBL#1[0..100), NBL#2[100..150)');
    sim.run();
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [], target: [], peerReceived: 150, acked: 150 });
    const completions = calls(sim, 'NdisTcpOffloadSendComplete').filter((c) => c.callee === 'host');
    // One cumulative ACK per segment, each completing the NBL it covers.
    expect(completions.map((c) => c.args.NetBufferList)).toEqual(['NBL#1[0..100) NDIS_STATUS_SUCCESS', 'NBL#2[100..150) NDIS_STATUS_SUCCESS']);
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('the terminate hands unacknowledged NBLs back in order with SndUna/SndNxt; the host finishes the job', () => {
    const sim = sim1();
    sim.send('c1', 100);
    sim.offload('c1');
    sim.run();
    sim.send('c1', 30); // transmitted by the target; the segment is on the wire
    sim.upload('c1');
    const back = calls(sim, 'NdisTerminateOffload');
    expect(back).toHaveLength(2);
    sim.run();
    const done = calls(sim, 'NdisMTerminateOffloadComplete').find((c) => c.callee === 'host')!;
    expect((done.args.OffloadBlockList as BlockSnapshot[]).find((b) => b.object === 'tcp c1')?.NetBufferListChain).toBe('NBL#2[100..130)');
    expect(sim.returnedDelegatedState('c1')).toMatchObject({ SndUna: 100, SndNxt: 130, SndMax: 130 });
    // SendDataHead/SendDataTail name the first and last NBL handed back (here one).
    expect(sim.returnedDelegatedState('c1')?.SendDataHead).toBe(2); // NBL#2[100..130), by its id
    expect(sim.returnedDelegatedState('c1')?.SendDataTail).toBe(sim.returnedDelegatedState('c1')?.SendDataHead);
    expect(sim.connection('c1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.sendHoldings('c1')).toMatchObject({ appBytes: 130, host: [], target: [], peerReceived: 130, peerDuplicates: 0, acked: 130 });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('when the initiate fails the host keeps ownership of what it handed down', () => {
    const sim = sim1();
    sim.send('c1', 70);
    sim.planInitiateFailure('c1', NDIS_STATUS.NDIS_STATUS_OFFLOAD_CONNECTION_REJECTED);
    sim.offload('c1');
    sim.deliverItem(sim.pending().find((p) => p.fn === 'NdisMInitiateOffloadComplete')!.id);
    expect(sim.connection('c1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [[0, 70]], target: [] });
    expect(checkNoByteLost(sim)).toEqual([]);
    sim.run();
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [], acked: 70, peerReceived: 70 });
  });
});

describe('NdisOffloadTcpSend while offloaded', () => {
  it.each([0, 1, 3])('with %i intermediate drivers: the same NBL crosses every layer and NDIS_STATUS_PENDING comes back', (n) => {
    const sim = sim1({ intermediateDrivers: n });
    sim.offload('c1');
    sim.run();
    sim.send('c1', 10);
    const sends = calls(sim, 'NdisOffloadTcpSend');
    expect(sends).toHaveLength(n + 1);
    expect(new Set(sends.map((c) => c.args.NetBufferList))).toEqual(new Set(['NBL#1[0..10)']));
    const returns = sim.trace.events.filter((e): e is ReturnEvent => e.kind === 'return');
    expect(returns.map((r) => r.Status)).toEqual(Array(n + 1).fill(NDIS_STATUS.NDIS_STATUS_PENDING));
    expect(returns.at(-1)?.caller).toBe('host');
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [], target: [[0, 10]] });
    expect(sim.violations).toEqual([]);
  });

  it('bytes written while the offload is in flight wait in the host and are posted, in order, once it completes', () => {
    const sim = sim1();
    sim.send('c1', 10);
    sim.offload('c1');
    sim.send('c1', 20);
    sim.send('c1', 30);
    expect(calls(sim, 'NdisOffloadTcpSend')).toHaveLength(0);
    sim.deliverItem(sim.pending().find((p) => p.fn === 'NdisMInitiateOffloadComplete')!.id);
    expect(calls(sim, 'NdisOffloadTcpSend').filter((c) => c.caller === 'host').map((c) => c.args.NetBufferList)).toEqual(['NBL#2[10..30)', 'NBL#3[30..60)']);
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [], target: [[0, 10], [10, 30], [30, 60]] });
    sim.run();
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [], target: [], acked: 60, peerReceived: 60 });
    expect(sim.violations).toEqual([]);
  });

  it('a send that reaches the target after it asked for a mandatory upload completes with UPLOAD_IN_PROGRESS; the host takes it back', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.indicate('c1', E.TcpIndicateRetrieve, R.UploadRequested); // the host has not seen it yet
    sim.send('c1', 40);
    const completion = sim.pending().find((p) => p.fn === 'NdisTcpOffloadSendComplete');
    expect(completion).toBeDefined();
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [], target: [], completing: [[0, 40]] });
    expect(checkNoByteLost(sim)).toEqual([]);
    sim.run();
    expect(sim.connection('c1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    // The host took the bytes back and sent them itself.
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [], target: [], acked: 40, peerReceived: 40, peerDuplicates: 0 });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });
  it('data given back with UPLOAD_IN_PROGRESS makes no room: a host that ignores the mandatory upload holds it instead of posting it again and again', () => {
    const sim = sim1({ faults: ['host-ignores-mandatory-retrieve'] });
    sim.offload('c1');
    sim.run();
    sim.indicate('c1', E.TcpIndicateRetrieve, R.UploadRequested);
    sim.send('c1', 40);
    const delivered = sim.run(10_000);
    expect(delivered).toBeLessThan(10);
    expect(sim.pending()).toEqual([]);
    expect(calls(sim, 'NdisOffloadTcpSend').filter((c) => c.caller === 'host')).toHaveLength(1);
    expect(sim.sendHoldings('c1')).toMatchObject({ host: [[0, 40]], target: [] });
    expect(sim.connection('c1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
  });
});

describe('a target that drops the send chain on upload', () => {
  it('loses bytes, and the checker says which', () => {
    const sim = sim1({ faults: ['target-drops-send-chain-on-upload'] });
    sim.offload('c1');
    sim.run();
    sim.send('c1', 100); // the target transmits; the segment is still on the wire
    sim.upload('c1');
    sim.deliverItem(sim.pending().find((p) => p.fn === 'NdisMTerminateOffloadComplete')!.id);
    expect(checkNoByteLost(sim)).toEqual([{ connection: 'c1', message: 'bytes [0, 100) are nowhere (lost)' }]);
  });
});

describe('FIN and RST from the peer (reference §6.9, §6.12)', () => {
  it('an acceptable RST while offloaded: TcpIndicateAbort, outstanding sends complete REQUEST_ABORTED, the host drops them and uploads', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.send('c1', 80); // transmitted; the peer has not received it yet
    sim.peerRst('c1');
    sim.deliverItem(sim.pending().find((p) => p.fn === 'segment' && p.label.includes('RST'))!.id);
    const aborted = sim.pending().find((p) => p.fn === 'NdisTcpOffloadSendComplete');
    expect(aborted?.label).toContain('NBL#1[0..80)');
    sim.run();
    expect(calls(sim, 'NdisTcpOffloadSendComplete').at(-1)?.args.NetBufferList).toBe('NBL#1[0..80) NDIS_STATUS_REQUEST_ABORTED');
    expect(calls(sim, 'NdisTcpOffloadEventHandler').at(-1)?.args.EventType).toBe(E.TcpIndicateAbort);
    expect(sim.connection('c1')).toMatchObject({ tcp: 0, offload: S.TcpConnectionOffloadStateInHost, aborted: true });
    expect(sim.sendHoldings('c1')).toMatchObject({ discarded: [[0, 80]], host: [], target: [], completing: [] });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('an RST while a graceful close waits for its ACK: the disconnect completes with REQUEST_ABORTED too (reference §8 item 12)', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.send('c1', 40);
    sim.disconnect('c1'); // data and FIN on the wire
    sim.peerRst('c1'); // the peer resets before it has seen either
    sim.deliverItem(sim.pending().find((p) => p.fn === 'segment' && p.label.includes('RST'))!.id);
    sim.run();
    const dc = calls(sim, 'NdisTcpOffloadDisconnectComplete').filter((c) => c.callee === 'host');
    expect(dc.map((c) => c.args.NetBufferList)).toEqual(['NBL#2[40..40) NDIS_STATUS_REQUEST_ABORTED']);
    expect(calls(sim, 'NdisTcpOffloadSendComplete').at(-1)?.args.NetBufferList).toBe('NBL#1[0..40) NDIS_STATUS_REQUEST_ABORTED');
    expect(sim.connection('c1')).toMatchObject({ tcp: 0, offload: S.TcpConnectionOffloadStateInHost, aborted: true });
    // The host does not finish a close of a reset connection: no FIN of its own after the upload.
    expect(sim.trace.events.filter((e) => e.kind === 'segment' && e.from === 'host')).toEqual([]);
    expect(sim.sendHoldings('c1')).toMatchObject({ discarded: [[0, 40]], host: [], target: [], completing: [] });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('a TcpIndicateAbort the target raises completes its outstanding sends with REQUEST_ABORTED, as for an RST', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.send('c1', 25);
    sim.indicate('c1', E.TcpIndicateAbort);
    sim.run();
    expect(calls(sim, 'NdisTcpOffloadSendComplete').at(-1)?.args.NetBufferList).toBe('NBL#1[0..25) NDIS_STATUS_REQUEST_ABORTED');
    expect(sim.connection('c1')).toMatchObject({ tcp: 0, offload: S.TcpConnectionOffloadStateInHost, aborted: true });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('a send that reaches the target after the reset, before the host has heard of it, completes with REQUEST_ABORTED', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.peerRst('c1');
    sim.deliverItem(sim.pending().find((p) => p.fn === 'segment' && p.label.includes('RST'))!.id);
    expect(sim.connection('c1').aborted).toBe(false); // TcpIndicateAbort is still pending
    sim.send('c1', 10);
    sim.run();
    const sent = calls(sim, 'NdisTcpOffloadSendComplete').filter((c) => c.callee === 'host');
    expect(sent.map((c) => c.args.NetBufferList)).toEqual(['NBL#1[0..10) NDIS_STATUS_REQUEST_ABORTED']);
    expect(sim.sendHoldings('c1')).toMatchObject({ discarded: [[0, 10]], host: [], target: [], peerReceived: 0 });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('an RST during the offload: the handed-down sends complete REQUEST_ABORTED before the initiate completion reaches the host, and are the host\'s once', () => {
    const sim = sim1();
    sim.send('c1', 42); // on the wire, not yet acknowledged
    sim.peerRst('c1');
    sim.offload('c1'); // NBL#1 goes down with the TCP block
    sim.deliverItem(sim.pending().find((p) => p.fn === 'segment' && p.label.includes('RST'))!.id); // reaches the target
    sim.deliverItem(sim.pending().find((p) => p.fn === 'NdisTcpOffloadSendComplete')!.id); // before NdisMInitiateOffloadComplete
    expect(sim.pending().some((p) => p.fn === 'NdisMInitiateOffloadComplete')).toBe(true);
    expect(sim.sendHoldings('c1')).toMatchObject({ discarded: [[0, 42]], host: [], target: [], completing: [] });
    expect(checkNoByteLost(sim)).toEqual([]);
    sim.run();
    expect(sim.sendHoldings('c1')).toMatchObject({ discarded: [[0, 42]], host: [], target: [], completing: [] });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('an RST outside the window is dropped silently', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.peerRst('c1', true);
    sim.run();
    expect(calls(sim, 'NdisTcpOffloadEventHandler')).toHaveLength(0);
    expect(sim.connection('c1')).toMatchObject({ tcp: 4, offload: S.TcpConnectionOffloadStateOffloaded, aborted: false });
    sim.send('c1', 10);
    sim.run();
    expect(sim.sendHoldings('c1')).toMatchObject({ acked: 10 });
  });

  it('an RST to a connection in the host: the host closes it and drops what it had not sent successfully', () => {
    const sim = sim1();
    sim.send('c1', 20);
    sim.run();
    sim.send('c1', 30); // on the wire
    sim.peerRst('c1');
    sim.deliverItem(sim.pending().find((p) => p.label.includes('RST'))!.id); // to the NIC, which does not own it
    sim.deliverItem(sim.pending().find((p) => p.fn === 'NdisMIndicateReceiveNetBufferLists')!.id); // up the normal path
    expect(sim.connection('c1')).toMatchObject({ tcp: 0, aborted: true });
    sim.run();
    expect(sim.sendHoldings('c1')).toMatchObject({ acked: 20, discarded: [[20, 50]], host: [] });
    expect(checkNoByteLost(sim)).toEqual([]);
  });

  it('a FIN while offloaded: CLOSE_WAIT, still offloaded, and this side can still send', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.peerFin('c1');
    sim.run();
    expect(sim.connection('c1')).toMatchObject({ tcp: 7, offload: S.TcpConnectionOffloadStateOffloaded, disconnectIndicated: true });
    sim.send('c1', 15);
    sim.run();
    expect(sim.sendHoldings('c1')).toMatchObject({ acked: 15, peerReceived: 15 });
    expect(sim.violations).toEqual([]);
  });
});

describe('closing from this side: NdisOffloadTcpDisconnect (reference §6.9)', () => {
  it('graceful: a FIN after the data; the disconnect completes with SUCCESS once the peer ACKs the FIN; later writes are refused', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.send('c1', 100);
    sim.disconnect('c1');
    const down = calls(sim, 'NdisOffloadTcpDisconnect');
    expect(down.map((c) => [c.caller, c.args.Flags])).toEqual([['host', 1], ['IM1', 1]]);
    expect(sim.connection('c1').tcp).toBe(5); // FIN_WAIT_1
    sim.send('c1', 7); // the send half is closed
    sim.run();
    expect(calls(sim, 'NdisTcpOffloadDisconnectComplete').at(-1)?.args.NetBufferList).toBe('NBL#2[100..100) NDIS_STATUS_SUCCESS');
    expect(sim.connection('c1')).toMatchObject({ tcp: 6, offload: S.TcpConnectionOffloadStateOffloaded }); // FIN_WAIT_2
    expect(sim.sendHoldings('c1')).toMatchObject({ acked: 100, peerReceived: 100, discarded: [[100, 107]] });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('abortive: an RST; outstanding sends complete with REQUEST_ABORTED and the connection is CLOSED', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.send('c1', 100);
    sim.disconnect('c1', true);
    sim.run();
    expect(calls(sim, 'NdisTcpOffloadSendComplete').at(-1)?.args.NetBufferList).toBe('NBL#1[0..100) NDIS_STATUS_REQUEST_ABORTED');
    expect(calls(sim, 'NdisTcpOffloadDisconnectComplete').at(-1)?.args.NetBufferList).toBe('NBL#2[100..100) NDIS_STATUS_SUCCESS');
    // Nothing is left of the connection: the host deletes the TCB, which terminates the offload.
    expect(sim.connection('c1')).toMatchObject({ tcp: 0, aborted: true, offload: S.TcpConnectionOffloadStateInHost });
    expect(calls(sim, 'NdisTerminateOffload').filter((c) => c.caller === 'host')).toHaveLength(1);
    expect(sim.sendHoldings('c1')).toMatchObject({ discarded: [[0, 100]], host: [], target: [] });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('a graceful close from CLOSE_WAIT: LAST_ACK, then CLOSED when the peer ACKs the FIN, and the host terminates the offload', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.peerFin('c1');
    sim.run();
    expect(sim.connection('c1')).toMatchObject({ tcp: 7, offload: S.TcpConnectionOffloadStateOffloaded }); // CLOSE_WAIT
    sim.disconnect('c1');
    expect(sim.connection('c1').tcp).toBe(9); // LAST_ACK
    sim.run();
    expect(sim.connection('c1')).toMatchObject({ tcp: 0, offload: S.TcpConnectionOffloadStateInHost });
    expect(calls(sim, 'NdisTerminateOffload').filter((c) => c.caller === 'host')).toHaveLength(1);
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('in the host, the host sends the FIN itself: FIN_WAIT_1, then FIN_WAIT_2 when the peer ACKs it', () => {
    const sim = sim1({ intermediateDrivers: 0 });
    sim.send('c1', 30);
    sim.disconnect('c1');
    expect(sim.connection('c1').tcp).toBe(5);
    sim.run();
    expect(sim.connection('c1').tcp).toBe(6);
    expect(sim.sendHoldings('c1')).toMatchObject({ acked: 30, peerReceived: 30 });
  });

  it('a close during an upload: the target completes it with UPLOAD_IN_PROGRESS before the terminate, and the host finishes it', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.send('c1', 50);
    sim.disconnect('c1'); // the FIN is on the wire behind the data
    sim.upload('c1');
    sim.run();
    const dc = calls(sim, 'NdisTcpOffloadDisconnectComplete').filter((c) => c.callee === 'host');
    expect(dc.map((c) => c.args.NetBufferList)).toEqual(['NBL#2[50..50) NDIS_STATUS_UPLOAD_IN_PROGRESS']);
    const order = sim.trace.events.filter((e): e is CallEvent => e.kind === 'call' && e.callee === 'host').map((e) => e.fn);
    expect(order.indexOf('NdisTcpOffloadDisconnectComplete')).toBeLessThan(order.indexOf('NdisMTerminateOffloadComplete'));
    expect(sim.connection('c1')).toMatchObject({ tcp: 6, offload: S.TcpConnectionOffloadStateInHost });
    expect(sim.sendHoldings('c1')).toMatchObject({ acked: 50, peerReceived: 50, peerDuplicates: 0 });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('send completions the target made in order reach the host in that order, whatever the scheduler picks', () => {
    const sim = sim1();
    sim.offload('c1');
    sim.run();
    sim.send('c1', 10);
    sim.send('c1', 10);
    for (let i = 0; i < 4; i++) sim.deliverItem(sim.pending().find((p) => p.kind === 'segment')!.id);
    // Two completions are pending; only the older one may go first.
    expect(sim.scheduler.all().filter((p) => p.fn === 'NdisTcpOffloadSendComplete')).toHaveLength(2);
    expect(sim.pending().filter((p) => p.fn === 'NdisTcpOffloadSendComplete').map((p) => p.label)).toEqual(['NdisTcpOffloadSendComplete(NBL#1[0..10))']);
    sim.run();
    expect(sim.violations).toEqual([]);
  });
});
