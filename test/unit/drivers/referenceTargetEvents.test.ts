/**
 * What the reference target indicates on its own (targetIndications.ts, targetHardwareFailure.ts),
 * its handlers called directly as NDIS and the NIC call them: scripted TCP events and what they leave
 * behind (a disconnect refuses later receives; only a mandatory Retrieve stops the sends), the
 * NeighborReachabilityQuery's state, and corrupt hardware on two connections at once (reference §6.2):
 * each report goes once, to its own connection, however the host's terminates interleave with the
 * failed completions.
 */
import { describe, expect, it } from 'vitest';
import { referenceOffloadTarget as target, type TargetState } from '../../../src/drivers/reference/referenceOffloadTarget.js';
import { blocksOf, createMiniportBlockList, linkSiblings, tcpStateOf, withDependents, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../src/ndis/blockList.js';
import type { NdisMiniportHandle } from '../../../src/ndis/calls.js';
import type { NDIS_OFFLOAD_HANDLE, OffloadContext } from '../../../src/ndis/NDIS_OFFLOAD_HANDLE.js';
import { createNetBufferList, type NET_BUFFER_LIST } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { INDICATE_OFFLOAD_EVENT, OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E, TcpOffloadEventTypeEnum } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { isMandatoryUploadReason, TCP_UPLOAD_REASON as R, TcpUploadReasonEnum } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import { fourTupleText } from '../../../src/wire/FourTuple.js';
import type { Segment } from '../../../src/wire/Segment.js';
import { DEFAULT_TCP_CACHED, delegatedTcpState } from '../../../src/layers/host/handover/delegatedTcpState.js';
import { hostHandle, newChain, recordingNdis } from './driverBench.js';

const MINIPORT: NdisMiniportHandle = { kind: 'NdisMiniportHandle', layer: 1 };
const { NDIS_STATUS_SUCCESS: SUCCESS, NDIS_STATUS_FAILURE: FAILURE } = NDIS_STATUS;
const ONE = { localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80 };
const TWO = { ...ONE, localPort: 5001 };

/** A target holding neighbor -> path -> tcp 1 (port 5000) and tcp 2 (port 5001), both initiate completions returned. */
function twoConnections() {
  const s: TargetState = target.init({ name: 'target', NdisMiniportHandle: MINIPORT, capacity: { Neighbor: 4, Path: 4, Tcp: 4 } });
  const rec = recordingNdis();
  const offload = (chain: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) => {
    target.MiniportInitiateOffload(s, { OffloadBlockList: chain }, rec.ndis, rec.nic);
    target.CallReturned!(s, { fn: 'NdisMInitiateOffloadComplete', OffloadBlockList: chain }, rec.ndis, rec.nic);
  };
  const chain = newChain();
  offload(chain);
  const [neighbor, path, one] = blocksOf(chain) as [NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST];
  const two = createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, { value: null }, hostHandle(4, 'tcp 2'), {
    Const: { ...tcpStateOf(one)!.Const!, LocalPort: TWO.localPort }, Cached: DEFAULT_TCP_CACHED, Delegated: delegatedTcpState(TCPSTATE.TCPSTATE_ESTABLISHED),
  });
  offload(withDependents(createMiniportBlockList(path.Header.Type, { value: path.MiniportOffloadContext!.value }, path.NdisOffloadHandle, null as never), [two]));
  expect(two.Status).toBe(SUCCESS);
  /** A node naming an offloaded object, with room for what a query returns. */
  const naming = (node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, State: unknown = null) =>
    createMiniportBlockList(node.Header.Type, { value: node.MiniportOffloadContext!.value }, node.NdisOffloadHandle, State as never);
  const queryNode = (node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST) =>
    naming(node, { Const: null, Cached: { ...DEFAULT_TCP_CACHED }, Delegated: delegatedTcpState(TCPSTATE.TCPSTATE_CLOSED) });
  return {
    s, rec, neighbor, one, two,
    /** MiniportQueryOffload of the given connections, as sibling roots of one tree; returns the tree. */
    query(...nodes: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST[]): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
      const tree = linkSiblings(nodes.map(queryNode))!;
      target.MiniportQueryOffload(s, { OffloadBlockList: tree }, rec.ndis, rec.nic);
      return tree;
    },
    /** The query's completion returned (NDIS tells the target). */
    returned(tree: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): void {
      target.CallReturned!(s, { fn: 'NdisMQueryOffloadStateComplete', OffloadBlockList: tree }, rec.ndis, rec.nic);
    },
    /** MiniportTerminateOffload of one connection; returns its node. */
    terminate(node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
      const t = naming(node);
      target.MiniportTerminateOffload(s, { OffloadBlockList: t }, rec.ndis, rec.nic);
      return t;
    },
    /** The TCP events the target indicated since the last call, as `label Event(reason)`. */
    events: (() => {
      let seen = 0;
      return (): string[] => {
        const calls = rec.made.filter((m) => m.fn === 'NdisTcpOffloadEventHandler');
        const out = calls.slice(seen).map((m) => {
          const [handle, type, info] = m.args as [NDIS_OFFLOAD_HANDLE, number, number];
          return `${handle.label} ${TcpOffloadEventTypeEnum.nameOf(type)}${type === E.TcpIndicateRetrieve ? `(${TcpUploadReasonEnum.nameOf(info)})` : ''}`;
        });
        seen = calls.length;
        return out;
      };
    })(),
    /** MiniportTcpOffloadSend (or Receive) of one NBL on `node`'s connection; returns it. */
    io(fn: 'MiniportTcpOffloadSend' | 'MiniportTcpOffloadReceive', node: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, nbl: NET_BUFFER_LIST): NET_BUFFER_LIST {
      target[fn](s, { MiniportOffloadContext: node.MiniportOffloadContext!.value as OffloadContext, NetBufferList: nbl }, rec.ndis, rec.nic);
      return nbl;
    },
    transmitted: () => rec.made.filter((m) => m.fn === 'nic.transmit').map((m) => m.args[0] as Segment),
  };
}

describe('indicateTcpEvent: what a scripted event leaves behind', () => {
  it('after a TcpIndicateDisconnect, a receive posted on the connection completes INVALID_STATE at once', () => {
    const b = twoConnections();
    target.IndicateTcpEvent(b.s, { connection: ONE, EventType: E.TcpIndicateDisconnect, EventSpecificInformation: 0 }, b.rec.ndis, b.rec.nic);
    expect(b.events()).toEqual(['tcp 1 TcpIndicateDisconnect']);
    const posted = b.io('MiniportTcpOffloadReceive', b.one, { ...createNetBufferList(1, 'tcp 1', -1, 100), ReceiveBuffer: true });
    expect(posted.Status).toBe(NDIS_STATUS.NDIS_STATUS_INVALID_STATE);
    // The other connection still takes receives.
    const other = b.io('MiniportTcpOffloadReceive', b.two, { ...createNetBufferList(2, 'tcp 2', -1, 100), ReceiveBuffer: true });
    expect(other.Status).toBe(NDIS_STATUS.NDIS_STATUS_PENDING);
  });

  it.each([
    ['an optional TcpIndicateRetrieve', E.TcpIndicateRetrieve, R.LowActivity],
    ['a TcpIndicateSendBacklogChange whose byte count is the number of a mandatory upload reason', E.TcpIndicateSendBacklogChange, R.TimeoutExpiration],
  ])('%s does not stop the sends: the next one goes on the wire', (_, EventType, EventSpecificInformation) => {
    const b = twoConnections();
    expect(isMandatoryUploadReason(EventSpecificInformation)).toBe(EventType !== E.TcpIndicateRetrieve);
    target.IndicateTcpEvent(b.s, { connection: ONE, EventType, EventSpecificInformation }, b.rec.ndis, b.rec.nic);
    const nbl = b.io('MiniportTcpOffloadSend', b.one, createNetBufferList(1, 'tcp 1', 0, 100));
    expect(nbl.Status).toBe(NDIS_STATUS.NDIS_STATUS_PENDING);
    expect(b.transmitted().map((x) => [x.seq, x.len])).toEqual([[0, 100]]);
  });

  it('a mandatory TcpIndicateRetrieve does: the next send completes UPLOAD_IN_PROGRESS and nothing goes on the wire', () => {
    const b = twoConnections();
    target.IndicateTcpEvent(b.s, { connection: ONE, EventType: E.TcpIndicateRetrieve, EventSpecificInformation: R.UploadRequested }, b.rec.ndis, b.rec.nic);
    const nbl = b.io('MiniportTcpOffloadSend', b.one, createNetBufferList(1, 'tcp 1', 0, 100));
    expect(nbl.Status).toBe(NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS);
    expect(b.transmitted()).toEqual([]);
  });
});

describe('indicateNeighborReachabilityQuery (reference §6.11)', () => {
  it("hands up copies of the neighbor's CONST and CACHED with the NIC's reachability delta", () => {
    const b = twoConnections();
    target.IndicateNeighborReachabilityQuery(b.s, { connection: ONE, NicReachabilityDelta: 42 }, b.rec.ndis, b.rec.nic);
    const made = b.rec.made.filter((m) => m.fn === 'NdisMOffloadEventIndicate');
    expect(made).toHaveLength(1);
    const [, M, event] = made[0]!.args as [unknown, NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, number];
    expect(event).toBe(INDICATE_OFFLOAD_EVENT.NeighborReachabilityQuery);
    const handedDown = b.neighbor.State as { Const: object; Cached: object };
    const state = M.State as { Const: object; Cached: object; Delegated: object };
    expect(state).toEqual({ Const: handedDown.Const, Cached: handedDown.Cached, Delegated: { NicReachabilityDelta: 42 } });
    expect(M.NdisOffloadHandle).toEqual(b.neighbor.NdisOffloadHandle);
  });
});

describe('corrupt hardware on two connections (reference §6.2)', () => {
  it('a connection the NIC does not hold: said plainly, and nothing else happens', () => {
    const b = twoConnections();
    const stranger = { ...ONE, localPort: 6000 };
    expect(() => target.HardwareFailure(b.s, { connection: stranger }, b.rec.ndis, b.rec.nic)).not.toThrow();
    expect(b.rec.printed.at(-1)).toBe(`has no offloaded connection ${fourTupleText(stranger)}; nothing to corrupt`);
    const tree = b.query(b.one, b.two);
    expect(blocksOf(tree).map((n) => n.Status)).toEqual([SUCCESS, SUCCESS]);
  });

  it('one query fails both; the host terminates the first from inside the completion: its report goes then, the second one when the completion returns', () => {
    const b = twoConnections();
    target.HardwareFailure(b.s, { connection: ONE }, b.rec.ndis, b.rec.nic);
    target.HardwareFailure(b.s, { connection: TWO }, b.rec.ndis, b.rec.nic);
    const tree = b.query(b.one, b.two);
    expect(blocksOf(tree).map((n) => n.Status)).toEqual([FAILURE, FAILURE]);
    expect(b.events()).toEqual([]);
    const t = b.terminate(b.one);
    expect(b.events()).toEqual(['tcp 1 TcpIndicateRetrieve(HardwareFailure)', 'tcp 1 TcpIndicateAbort']);
    expect(t.Status).toBe(SUCCESS);
    b.returned(tree);
    expect(b.events()).toEqual(['tcp 2 TcpIndicateRetrieve(HardwareFailure)', 'tcp 2 TcpIndicateAbort']);
  });

  it('two queries fail one each; the host terminates the second first: each connection is reported once, the first when its own completion returns', () => {
    const b = twoConnections();
    target.HardwareFailure(b.s, { connection: ONE }, b.rec.ndis, b.rec.nic);
    target.HardwareFailure(b.s, { connection: TWO }, b.rec.ndis, b.rec.nic);
    const first = b.query(b.one);
    const second = b.query(b.two);
    expect([first.Status, second.Status]).toEqual([FAILURE, FAILURE]);
    const t = b.terminate(b.two);
    expect(b.events()).toEqual(['tcp 2 TcpIndicateRetrieve(HardwareFailure)', 'tcp 2 TcpIndicateAbort']);
    expect(t.Status).toBe(SUCCESS);
    b.returned(first);
    expect(b.events()).toEqual(['tcp 1 TcpIndicateRetrieve(HardwareFailure)', 'tcp 1 TcpIndicateAbort']);
    b.returned(second);
    expect(b.events()).toEqual([]);
  });
});
