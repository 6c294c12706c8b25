/** The `table-agrees` invariant: GetTcpTable2's rows agree with the TCBs, and the TCBs with what crossed the host's binding. */
import { describe, expect, it } from 'vitest';
import { tableAgrees } from '../../../../src/check/invariants/tableAgrees.js';
import type { HostState } from '../../../../src/layers/host/HostState.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { offloaded } from './fixtures.js';

describe('table-agrees invariant', () => {
  it('holds for the reference host while offloading, offloaded, uploading and back in the host', () => {
    const sim = offloaded();
    expect(tableAgrees.check(sim)).toEqual([]);
    sim.upload('c1');
    expect(tableAgrees.check(sim)).toEqual([]);
    sim.run();
    expect(tableAgrees.check(sim)).toEqual([]);
    sim.offload('c1');
    expect(tableAgrees.check(sim)).toEqual([]);
  });

  it('breaks when a TCB says Uploading though no terminate crossed the host binding', () => {
    const sim = offloaded();
    // A host bug, made by hand: the TCB moves without any NDIS call.
    (sim.liveState.layers[0] as HostState).tcbs['tcp c1']!.offload = S.TcpConnectionOffloadStateUploading;
    expect(tableAgrees.check(sim)).toEqual([
      { invariant: 'table-agrees', message: "tcp c1: the TCB says Uploading, but what crossed the host's binding says Offloaded" },
    ]);
  });
});
