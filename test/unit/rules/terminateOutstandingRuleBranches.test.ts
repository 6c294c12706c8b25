/**
 * The other branches of terminate-completes-after-outstanding-io (stateCompletions.ts; reference §6.2
 * step 6), on the rule bench: a terminate node whose handle this binding never saw, or a placeholder; a
 * receive the target completed before the terminate whose completion has not crossed yet; and an update
 * and a query still in flight, both named.
 */
import { describe, expect, it } from 'vitest';
import { createProtocolBlockList, withDependents } from '../../../src/ndis/blockList.js';
import { createOffloadHandle } from '../../../src/ndis/NDIS_OFFLOAD_HANDLE.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { Bench, offloaded, path, tcp } from './ruleBench.js';

const RULE = 'terminate-completes-after-outstanding-io';
const foundBy = (b: Bench) => b.violations.filter((v) => v.rule === RULE).map((v) => [v.layer, v.detail, v.objects]);

describe(RULE, () => {
  it('a placeholder, and a handle this binding never saw, have nothing outstanding', () => {
    const b = new Bench();
    const o = offloaded(b);
    const stranger = createOffloadHandle('stranger', 5, 'tcp 9');
    const root = withDependents(createProtocolBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, null, null), [path(o.P, tcp(o.T), tcp(stranger))]);
    b.complete(b.terminate(root));
    expect(foundBy(b)).toEqual([]);
  });

  it('a receive the target completed before the terminate, whose completion has not crossed yet, is not held', () => {
    const b = new Bench();
    const o = offloaded(b);
    const receive = b.post(o.T);
    const call = b.terminate(path(o.P, tcp(o.T)));
    receive.Status = NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS; // completed by the target, still in the scheduler
    b.complete(call);
    expect(foundBy(b)).toEqual([]);
    b.deliverCompletion('NdisTcpOffloadReceiveComplete', receive);
    expect(b.violations.filter((v) => v.layer === 'target')).toEqual([]);
  });

  it('an update and a query still in flight are both named', () => {
    const b = new Bench();
    const o = offloaded(b);
    b.update(tcp(o.T));
    b.query(tcp(o.T));
    b.complete(b.terminate(path(o.P, tcp(o.T))));
    expect(foundBy(b)).toEqual([
      ['target', 'NdisMTerminateOffloadComplete while 1 update(s), 1 query or invalidate request(s) of the connection had not completed through this binding', ['tcp 1']],
    ]);
  });

  it('an update alone still in flight is named', () => {
    const b = new Bench();
    const o = offloaded(b);
    b.update(tcp(o.T));
    b.complete(b.terminate(path(o.P, tcp(o.T))));
    expect(foundBy(b)).toEqual([
      ['target', 'NdisMTerminateOffloadComplete while 1 update(s) of the connection had not completed through this binding', ['tcp 1']],
    ]);
  });

  it('a send, a receive and a forwarded segment all still outstanding are all named', () => {
    const b = new Bench();
    const o = offloaded(b);
    const sent = b.send(o.T);
    const posted = b.post(o.T);
    const forwarded = b.nbl('tcp 1', 0, 40);
    forwarded.ForwardedSegment = { connection: { localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80 }, seq: 0, len: 40, ack: 0 };
    const base = { binding: 0, caller: 'host', callee: 'target', fn: 'NdisOffloadTcpForward' as const, handle: o.T };
    b.rulebook.crossing({ ...base, kind: 'io', NetBufferList: forwarded, Flags: 0 });
    b.rulebook.crossing({ ...base, kind: 'ioReturn', Status: NDIS_STATUS.NDIS_STATUS_PENDING });
    b.complete(b.terminate(path(o.P, tcp(o.T))));
    const held = `NBL#${sent.id} (send), NBL#${posted.id} (receive), NBL#${forwarded.id} (forward)`;
    expect(foundBy(b)).toEqual([['target', `NdisMTerminateOffloadComplete while ${held} of the connection had not completed through this binding`, ['tcp 1']]]);
  });
});
