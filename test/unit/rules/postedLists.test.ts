/**
 * send-list-fails-after-first-failure at the binding where it is broken: the monitor keeps posted send
 * lists per binding (an intermediate driver posts the same NBLs again below it), so an intermediate
 * driver that completes a failed list upward with a later NBL turned into SUCCESS is caught at its own
 * binding. The reference host posts one NBL per NdisOffloadTcpSend; here an intermediate driver above
 * posts two at a time.
 */
import { describe, expect, it } from 'vitest';
import type { IntermediateDriver } from '../../../src/drivers/IntermediateDriver.js';
import { entryOfContext } from '../../../src/drivers/reference/passThrough/propagate.js';
import type { PassThroughState } from '../../../src/drivers/reference/passThrough/PassThroughState.js';
import { passThroughIntermediateDriver } from '../../../src/drivers/reference/passThroughIntermediateDriver.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import type { NET_BUFFER_LIST } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { createSimulation } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';

interface BatchingState extends PassThroughState {
  /** Per offload entry: a send waiting for the next one. */
  held: Record<number, NET_BUFFER_LIST>;
}

/** Holds each send of a connection until the next one, and posts the two below in one list. */
const batching: IntermediateDriver<BatchingState> = {
  ...passThroughIntermediateDriver,
  name: 'batching',
  init: (params) => ({ ...passThroughIntermediateDriver.init(params), held: {} }),
  MiniportTcpOffloadSend: (s, { MiniportOffloadContext, NetBufferList }, ndis) => {
    const entry = entryOfContext(s, MiniportOffloadContext)!;
    const held = s.held[entry.id];
    if (!held) {
      s.held[entry.id] = NetBufferList;
      return NDIS_STATUS.NDIS_STATUS_PENDING;
    }
    delete s.held[entry.id];
    held.Next = NetBufferList;
    return ndis.NdisOffloadTcpSend(entry.ownHandle, held);
  },
};

/** The fault: completes every NBL of a send completion after the first one upward with SUCCESS. */
const succeedsAfterFailure: IntermediateDriver<PassThroughState> = {
  ...passThroughIntermediateDriver,
  name: 'succeeds-after-failure',
  ProtocolTcpOffloadSendComplete: (s, { NetBufferList }, ndis) => {
    for (let n = NetBufferList.Next; n; n = n.Next) n.Status = NDIS_STATUS.NDIS_STATUS_SUCCESS; // the bug
    ndis.NdisTcpOffloadSendComplete(s.NdisMiniportHandle, NetBufferList);
  },
};

/** The target is uploading the connection (a mandatory Retrieve, not yet delivered) when two sends reach it in one list: both fail. */
function failedListBelow(lower: IntermediateDriver<PassThroughState>): Simulation {
  const sim = createSimulation({ intermediateDrivers: [batching, lower] });
  sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
  sim.offload('1');
  sim.run();
  sim.indicate('1', E.TcpIndicateRetrieve, R.UploadRequested);
  sim.send('1', 100);
  sim.send('1', 100);
  sim.run();
  return sim;
}

describe('send-list-fails-after-first-failure per binding', () => {
  it('catches IM2 completing a failed list upward with its second NBL turned into SUCCESS, at IM2\'s binding', () => {
    const sim = failedListBelow(succeedsAfterFailure);
    expect(sim.violations.map((v) => [v.rule, v.layer])).toEqual([['send-list-fails-after-first-failure', 'IM2']]);
    expect(sim.violations[0]!.detail).toMatch(/completed with SUCCESS after NBL#\d+, earlier in the same posted list, failed with NDIS_STATUS_UPLOAD_IN_PROGRESS/);
  });

  it('is quiet when IM2 is the pass-through driver: the failed list comes up as the target completed it', () => {
    const sim = failedListBelow(passThroughIntermediateDriver);
    expect(sim.violations).toEqual([]);
    const completions = sim.trace.events.filter((e) => e.kind === 'call' && e.fn === 'NdisTcpOffloadSendComplete');
    expect(completions.map((e) => e.kind === 'call' && e.caller)).toEqual(['target', 'IM2', 'IM1']);
  });
});
