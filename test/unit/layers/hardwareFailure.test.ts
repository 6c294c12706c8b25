/** Corrupt hardware (reference §6.2): FAILURE, Retrieve(HardwareFailure), Abort, REQUEST_ABORTED, terminate complete — in that order. */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/system/createSimulation.js';
import { checkNoByteLost } from '../../../src/invariants/noByteLost.js';
import { NdisStatusEnum } from '../../../src/ndis/NDIS_STATUS.js';
import { TcpOffloadEventTypeEnum } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TcpUploadReasonEnum } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import type { BlockSnapshot, CallEvent } from '../../../src/trace/TraceEvent.js';

/** An offloaded connection with a send, a posted receive partly filled, and then corrupt hardware. */
function corrupted() {
  const sim = createSimulation({ intermediateDrivers: 1 });
  sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
  sim.offload('c1');
  sim.run();
  sim.postReceive('c1', 100, true);
  sim.peerSend('c1', 20);
  sim.run();
  sim.hardwareFailure('c1');
  sim.send('c1', 30);
  return sim;
}

/** What reached the host, in order, one line per call. */
function upward(sim: ReturnType<typeof corrupted>, after: number): string[] {
  return sim.trace.events
    .filter((e): e is CallEvent => e.kind === 'call' && e.callee === 'host' && e.seq > after)
    .map((e) => {
      if (e.fn === 'NdisTcpOffloadEventHandler') {
        const type = TcpOffloadEventTypeEnum.nameOf(e.args.EventType as number);
        return type === 'TcpIndicateRetrieve' ? `${type}(${TcpUploadReasonEnum.nameOf(e.args.EventSpecificInformation as number)})` : `${type}`;
      }
      const tree = e.args.OffloadBlockList as BlockSnapshot[] | undefined;
      const tcp = tree?.find((b) => b.object === 'tcp c1');
      if (tcp) return `${e.fn} ${NdisStatusEnum.nameOf(tcp.Status)}`;
      return `${e.fn} ${String(e.args.NetBufferList ?? '')}`.trim();
    });
}

describe('corrupt hardware (reference §6.2)', () => {
  it.each(['query', 'invalidate'] as const)('a %s meets it: FAILURE, Retrieve(HardwareFailure), Abort, outstanding I/O REQUEST_ABORTED, then the terminate completes', (op) => {
    const sim = corrupted();
    const from = sim.trace.events.at(-1)!.seq;
    if (op === 'query') sim.query('c1');
    else sim.invalidate('c1');
    sim.run();
    const done = op === 'query' ? 'NdisMQueryOffloadStateComplete' : 'NdisMInvalidateOffloadComplete';
    expect(upward(sim, from).filter((l) => !l.startsWith('NdisMIndicateReceiveNetBufferLists'))).toEqual([
      `${done} NDIS_STATUS_FAILURE`,
      'TcpIndicateRetrieve(HardwareFailure)',
      'TcpIndicateAbort',
      'NdisTcpOffloadSendComplete NBL#2[0..30) NDIS_STATUS_REQUEST_ABORTED',
      'NdisTcpOffloadReceiveComplete NBL#1[0..20) of 100 NDIS_STATUS_REQUEST_ABORTED',
      'NdisMTerminateOffloadComplete NDIS_STATUS_SUCCESS',
    ]);
    expect(sim.connection('c1')).toMatchObject({ offload: S.TcpConnectionOffloadStateInHost, tcp: TCPSTATE.TCPSTATE_CLOSED, aborted: true, received: 20 });
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('a terminate that meets it first: outstanding I/O REQUEST_ABORTED, the node FAILURE, and the host deletes the TCB', () => {
    const sim = corrupted();
    const from = sim.trace.events.at(-1)!.seq;
    sim.upload('c1');
    sim.run();
    expect(upward(sim, from).filter((l) => !l.startsWith('NdisMIndicateReceiveNetBufferLists'))).toEqual([
      'NdisTcpOffloadSendComplete NBL#2[0..30) NDIS_STATUS_REQUEST_ABORTED',
      'NdisTcpOffloadReceiveComplete NBL#1[0..20) of 100 NDIS_STATUS_REQUEST_ABORTED',
      'NdisMTerminateOffloadComplete NDIS_STATUS_FAILURE',
    ]);
    expect(sim.connection('c1')).toMatchObject({ offload: S.TcpConnectionOffloadStateInHost, tcp: TCPSTATE.TCPSTATE_CLOSED, aborted: true });
    expect(sim.returnedDelegatedState('c1')).toBeNull();
    expect(checkNoByteLost(sim)).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it('when the host cannot terminate at once (another query in flight), the report follows the FAILURE completions, and the terminate follows the report', () => {
    const sim = createSimulation({ intermediateDrivers: 1 });
    sim.addConnection({ id: 'c1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 443, owningPid: 1 });
    sim.offload('c1');
    sim.run();
    const from = sim.trace.events.at(-1)!.seq;
    sim.hardwareFailure('c1');
    sim.query('c1');
    sim.query('c1');
    sim.run();
    expect(upward(sim as ReturnType<typeof corrupted>, from)).toEqual([
      'NdisMQueryOffloadStateComplete NDIS_STATUS_FAILURE',
      'NdisMQueryOffloadStateComplete NDIS_STATUS_FAILURE',
      'TcpIndicateRetrieve(HardwareFailure)',
      'TcpIndicateAbort',
      'NdisMTerminateOffloadComplete NDIS_STATUS_SUCCESS',
    ]);
    expect(sim.connection('c1')).toMatchObject({ offload: S.TcpConnectionOffloadStateInHost, aborted: true });
    expect(sim.violations).toEqual([]);
  });
});
