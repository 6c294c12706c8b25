/** The `returns-in-host` invariant: liveness of an upload the host owes, within a bound of virtual time. */
import { describe, expect, it } from 'vitest';
import { LIVENESS_BOUND_US, returnsInHost } from '../../../../src/check/invariants/returnsInHost.js';
import { NDIS_STATUS } from '../../../../src/ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../../src/ndis/TCP_UPLOAD_REASON.js';
import { offloaded } from './fixtures.js';

describe('returns-in-host invariant', () => {
  it('holds while the reference drivers carry out a mandatory Retrieve, and after', () => {
    const sim = offloaded();
    sim.indicate('c1', E.TcpIndicateRetrieve, R.HardwareFailure);
    sim.deliver(); // the Retrieve reaches the host, which starts the terminate
    expect(returnsInHost.check(sim)).toEqual([]);
    sim.run();
    expect(returnsInHost.check(sim)).toEqual([]);
    expect(sim.connection('c1').offload).toBe(0);
  });

  it('holds after UPLOAD_ALL and after an Abort', () => {
    const sim = offloaded();
    sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL);
    sim.run();
    expect(returnsInHost.check(sim)).toEqual([]);
    const aborted = offloaded();
    aborted.indicate('c1', E.TcpIndicateAbort);
    aborted.run();
    expect(returnsInHost.check(aborted)).toEqual([]);
  });

  it('breaks at quiescence for a host that ignores a mandatory Retrieve', () => {
    const sim = offloaded({ faults: ['host-ignores-mandatory-retrieve'] });
    sim.indicate('c1', E.TcpIndicateRetrieve, R.HardwareFailure);
    sim.run();
    expect(returnsInHost.check(sim)).toEqual([
      { invariant: 'returns-in-host', message: 'tcp c1 is not InHost after TcpIndicateRetrieve(HardwareFailure (11)), and nothing is pending any more' },
    ]);
  });

  it('breaks once the bound of virtual time has passed with the terminate still open, though items are pending', () => {
    const sim = offloaded({ faults: ['target-completes-copied-block-list'] });
    sim.upload('c1');
    sim.run(); // the terminate never completes for the host
    sim.peerSend('c1', 10); // a segment on the wire: something is pending
    expect(sim.pending().length).toBeGreaterThan(0);
    expect(returnsInHost.check(sim)).toEqual([]); // first seen now; within the bound
    sim.clock.advanceBy(LIVENESS_BOUND_US + 1);
    const breaks = returnsInHost.check(sim);
    expect(breaks).toHaveLength(1);
    expect(breaks[0]!.message).toBe('tcp c1 is not InHost after its NdisTerminateOffload, 60.0 s of virtual time later (bound 60 s)');
  });
});
