/**
 * The reference target's send side (targetSend.ts, reference §6.6, §6.12), its handlers called directly
 * as NDIS and the NIC call them: the handle a send NBL carries back, sends held behind the peer's window
 * once the target asked for an upload, and the retransmit timer's go-back-N — over the whole window, cut
 * short by a window the peer shrank (and sent on as it opens), and with the FIN of a graceful disconnect;
 * and the ACK of this side's FIN, a disconnect's or the host's own, moving the RFC 793 state.
 */
import { describe, expect, it } from 'vitest';
import { referenceOffloadTarget as target, type TargetState } from '../../../src/drivers/reference/referenceOffloadTarget.js';
import { blocksOf, createMiniportBlockList, tcpStateOf, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../src/ndis/blockList.js';
import type { NdisMiniportHandle } from '../../../src/ndis/calls.js';
import type { OffloadContext } from '../../../src/ndis/NDIS_OFFLOAD_HANDLE.js';
import { TCP_DISCONNECT_GRACEFUL_CLOSE } from '../../../src/ndis/flags.js';
import { chainNetBufferLists, createNetBufferList, netBufferListsOf, type NET_BUFFER_LIST } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../../src/ndis/stateStructures.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { DEFAULT_TCP_TIMERS } from '../../../src/ndis/TcpTimerParameters.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import type { Segment } from '../../../src/wire/Segment.js';
import { DEFAULT_TCP_CACHED, delegatedTcpState } from '../../../src/layers/host/handover/delegatedTcpState.js';
import { newChain, recordingNdis } from './driverBench.js';

const MINIPORT: NdisMiniportHandle = { kind: 'NdisMiniportHandle', layer: 1 };
const CONNECTION = { localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80 };

/** A connection offloaded (its initiate completion returned) on a target whose retransmit timer runs, with `delegated` (and the send data `sent`) handed down. */
function bench(delegated: Partial<TCP_OFFLOAD_STATE_DELEGATED> = {}, sent: NET_BUFFER_LIST[] = []) {
  const s: TargetState = target.init({
    name: 'target', NdisMiniportHandle: MINIPORT, capacity: { Neighbor: 4, Path: 4, Tcp: 4 }, tcpTimers: { ...DEFAULT_TCP_TIMERS, retransmit: true },
  });
  const chain = newChain();
  Object.assign(tcpStateOf(blocksOf(chain)[2]!)!.Delegated!, delegated);
  blocksOf(chain)[2]!.NetBufferListChain = chainNetBufferLists(sent);
  const rec = recordingNdis();
  target.MiniportInitiateOffload(s, { OffloadBlockList: chain }, rec.ndis, rec.nic);
  target.CallReturned!(s, { fn: 'NdisMInitiateOffloadComplete', OffloadBlockList: chain }, rec.ndis, rec.nic);
  const tcp = blocksOf(chain)[2]!;
  const context = tcp.MiniportOffloadContext!.value as OffloadContext;
  let nextNbl = 1;
  const b = {
    s, rec, tcp,
    /** MiniportTcpOffloadSend of the bytes [offset, offset + length). */
    send(offset: number, length: number, MiniportOffloadContext: OffloadContext | null = context): NET_BUFFER_LIST {
      const nbl = createNetBufferList(nextNbl++, 'tcp 1', offset, length);
      expect(target.MiniportTcpOffloadSend(s, { MiniportOffloadContext, NetBufferList: nbl }, rec.ndis, rec.nic)).toBe(NDIS_STATUS.NDIS_STATUS_PENDING);
      return nbl;
    },
    /** A graceful MiniportTcpOffloadDisconnect. */
    disconnect(): NET_BUFFER_LIST {
      const nbl = createNetBufferList(nextNbl++, 'tcp 1', -1, 0);
      target.MiniportTcpOffloadDisconnect(s, { MiniportOffloadContext: context, NetBufferList: nbl, Flags: TCP_DISCONNECT_GRACEFUL_CLOSE }, rec.ndis, rec.nic);
      return nbl;
    },
    /** A pure ACK from the peer, advertising `wnd`. */
    ack(ack: number, wnd: number): void {
      const segment: Segment = { connection: CONNECTION, seq: 0, len: 0, ack, wnd };
      target.ReceiveSegment(s, { segment }, rec.ndis, rec.nic);
    },
    /** The retransmit timer the target set last expires. */
    retransmitTimerFires(): void {
      const set = rec.made.filter((m) => m.fn === 'NdisSetTimerObject' && String(m.args[0]).startsWith('retransmit timer')).at(-1);
      expect(set).toBeDefined();
      target.NetTimerCallback(s, { TimerObject: String(set!.args[0]), FunctionContext: set!.args[1] as never }, rec.ndis, rec.nic);
    },
    /** The segments the NIC transmitted since the last call: `seq+len`, `FIN@seq`. */
    transmitted: (() => {
      let seen = 0;
      return (): string[] => {
        const segments = rec.made.filter((m) => m.fn === 'nic.transmit').map((m) => m.args[0] as Segment);
        const out = segments.slice(seen).map((x) => (x.fin ? `FIN@${x.seq}` : `${x.seq}+${x.len}`));
        seen = segments.length;
        return out;
      };
    })(),
    /** The completions of `fn` the target made, as [NBL id, Status] pairs. */
    completed: (fn: string) =>
      rec.made.filter((m) => m.fn === fn).flatMap((m) => netBufferListsOf(m.args[1] as NET_BUFFER_LIST).map((n) => [n.id, n.Status] as const)),
    /** The delegated state a query hands up. */
    query(): TCP_OFFLOAD_STATE_DELEGATED {
      const q: NDIS_MINIPORT_OFFLOAD_BLOCK_LIST = createMiniportBlockList(tcp.Header.Type, { value: context }, tcp.NdisOffloadHandle, {
        Const: null, Cached: { ...DEFAULT_TCP_CACHED }, Delegated: delegatedTcpState(TCPSTATE.TCPSTATE_CLOSED),
      } as never);
      target.MiniportQueryOffload(s, { OffloadBlockList: q }, rec.ndis, rec.nic);
      expect(q.Status).toBe(NDIS_STATUS.NDIS_STATUS_SUCCESS);
      return tcpStateOf(q)!.Delegated!;
    },
  };
  return b;
}

describe('MiniportTcpOffloadSend: the NBL it holds', () => {
  it("carries the connection's NdisOffloadHandle in MiniportReserved (NDIS holds a terminate completion behind its completion)", () => {
    const b = bench();
    const nbl = b.send(0, 100);
    expect(b.transmitted()).toEqual(['0+100']);
    b.ack(100, 65535);
    expect(b.completed('NdisTcpOffloadSendComplete')).toEqual([[nbl.id, NDIS_STATUS.NDIS_STATUS_SUCCESS]]);
    expect(nbl.MiniportReserved).toEqual({ ...b.tcp.NdisOffloadHandle });
  });

  it('a send with no context of this target completes UPLOAD_IN_PROGRESS at once, its MiniportReserved left alone', () => {
    const b = bench();
    const nbl = b.send(0, 100, null);
    expect(b.completed('NdisTcpOffloadSendComplete')).toEqual([[nbl.id, NDIS_STATUS.NDIS_STATUS_UPLOAD_IN_PROGRESS]]);
    expect(nbl.MiniportReserved).toBeNull();
    expect(b.transmitted()).toEqual([]);
  });
});

describe('transmitQueued once the target asked for an upload', () => {
  it('data held back by the window stays queued when the window opens after a mandatory TcpIndicateRetrieve', () => {
    const b = bench({ SndWnd: 100 });
    b.send(0, 300);
    expect(b.transmitted()).toEqual(['0+100']);
    target.IndicateTcpEvent(b.s, { connection: CONNECTION, EventType: E.TcpIndicateRetrieve, EventSpecificInformation: R.UploadRequested }, b.rec.ndis, b.rec.nic);
    b.ack(100, 1000);
    expect(b.transmitted()).toEqual([]);
    // Without the upload request the same window update sends the rest.
    const other = bench({ SndWnd: 100 });
    other.send(0, 300);
    other.ack(100, 1000);
    expect(other.transmitted()).toEqual(['0+100', '100+200']);
  });
});

describe('resendOutstanding: the retransmit timer goes back to SndUna (go-back-N)', () => {
  it('within the whole window: every byte from SndUna again, one segment per NBL, and SndNxt back where it was', () => {
    const b = bench({ SndWnd: 1000 });
    b.send(0, 100);
    b.send(100, 200);
    expect(b.transmitted()).toEqual(['0+100', '100+200']);
    b.ack(50, 1000);
    b.retransmitTimerFires();
    expect(b.transmitted()).toEqual(['50+50', '100+200']);
    b.send(300, 50);
    expect(b.transmitted()).toEqual(['300+50']);
  });

  it('the peer shrank its window: only what fits goes again, SndNxt stays at the right edge, and the rest goes as the window opens', () => {
    const b = bench({ SndWnd: 1000 });
    b.send(0, 100);
    b.send(100, 200);
    b.send(300, 100);
    expect(b.transmitted()).toEqual(['0+100', '100+200', '300+100']);
    b.ack(50, 100); // right edge 150
    b.retransmitTimerFires();
    expect(b.transmitted()).toEqual(['50+50', '100+50']);
    expect(b.query().SndNxt).toBe(150);
    b.ack(50, 1000);
    expect(b.transmitted()).toEqual(['150+150', '300+100']);
  });

  it('a window whose right edge is one byte short of SndMax (no FIN): that byte goes once the window opens', () => {
    const b = bench({ SndWnd: 1000 });
    b.send(0, 100);
    b.ack(50, 49); // right edge 99
    b.transmitted();
    b.retransmitTimerFires();
    expect(b.transmitted()).toEqual(['50+49']);
    b.ack(50, 1000);
    expect(b.transmitted()).toEqual(['99+1']);
  });

  it('a FIN sent and not acknowledged goes again after the data, and SndNxt is back at SndMax', () => {
    const b = bench();
    b.send(0, 100);
    const fin = b.disconnect();
    expect(b.transmitted()).toEqual(['0+100', 'FIN@100']);
    b.ack(50, 65535);
    b.retransmitTimerFires();
    expect(b.transmitted()).toEqual(['50+50', 'FIN@100']);
    const d = b.query();
    expect([d.SndNxt, d.SndMax]).toEqual([101, 101]);
    b.ack(101, 65535);
    expect(b.completed('NdisTcpOffloadDisconnectComplete')).toEqual([[fin.id, NDIS_STATUS.NDIS_STATUS_SUCCESS]]);
  });

  it('the FIN goes again when the window reaches the last data byte, even though it takes the number at the right edge', () => {
    const b = bench();
    b.send(0, 100);
    b.disconnect();
    b.ack(50, 50); // right edge 100: the FIN's own number
    b.transmitted();
    b.retransmitTimerFires();
    expect(b.transmitted()).toEqual(['50+50', 'FIN@100']);
  });

  // Found by the mutants of resendOutstanding's FIN conditions: before, only a FIN of MiniportTcpOffloadDisconnect went
  // again; the host's own, sent before it offloaded the connection, never did (five empty retransmissions, then TimeoutExpiration).
  it.each([
    ['FIN_WAIT_1', TCPSTATE.TCPSTATE_FIN_WAIT_1],
    ['CLOSING', TCPSTATE.TCPSTATE_CLOSING],
    ['LAST_ACK', TCPSTATE.TCPSTATE_LAST_ACK],
  ])('a connection the host offloaded in %s, its FIN sent and not acknowledged: the FIN goes again after the data', (_, State) => {
    const handedDown = createNetBufferList(90, 'tcp 1', 0, 100);
    const b = bench({ State, SndUna: 0, SndNxt: 101, SndMax: 101, Retransmit: { Count: 0, TimeoutDelta: 1000 } }, [handedDown]);
    b.retransmitTimerFires();
    expect(b.transmitted()).toEqual(['0+100', 'FIN@100']);
    b.ack(101, 65535);
    expect(b.completed('NdisTcpOffloadSendComplete')).toEqual([[handedDown.id, NDIS_STATUS.NDIS_STATUS_SUCCESS]]);
  });

  it('a connection the host offloaded in FIN_WAIT_1 with its FIN alone outstanding: that FIN goes again', () => {
    const b = bench({ State: TCPSTATE.TCPSTATE_FIN_WAIT_1, SndUna: 0, SndNxt: 1, SndMax: 1, Retransmit: { Count: 0, TimeoutDelta: 1000 } });
    b.retransmitTimerFires();
    expect(b.transmitted()).toEqual(['FIN@0']);
  });

  it('a connection offloaded in FIN_WAIT_1 whose FIN was not sent yet (SndMax at the end of its data): only the data goes again', () => {
    const b = bench({ State: TCPSTATE.TCPSTATE_FIN_WAIT_1, SndUna: 0, SndNxt: 100, SndMax: 100, Retransmit: { Count: 0, TimeoutDelta: 1000 } }, [createNetBufferList(90, 'tcp 1', 0, 100)]);
    b.retransmitTimerFires();
    expect(b.transmitted()).toEqual(['0+100']);
  });

  it('the same, and the window one byte short of its data: no FIN in the last data byte’s place, that byte once the window opens', () => {
    const b = bench({ State: TCPSTATE.TCPSTATE_FIN_WAIT_1, SndUna: 0, SndNxt: 100, SndMax: 100, Retransmit: { Count: 0, TimeoutDelta: 1000 } }, [createNetBufferList(90, 'tcp 1', 0, 100)]);
    b.ack(0, 99); // right edge 99
    b.retransmitTimerFires();
    expect(b.transmitted()).toEqual(['0+99']);
    b.ack(0, 1000);
    expect(b.transmitted()).toEqual(['99+1']);
  });

  it('a disconnect without data: the FIN alone goes again', () => {
    const b = bench();
    b.disconnect();
    expect(b.transmitted()).toEqual(['FIN@0']);
    b.retransmitTimerFires();
    expect(b.transmitted()).toEqual(['FIN@0']);
  });
});

/** The TcpIndicateRetrieve reasons the target indicated. */
const retrieves = (b: ReturnType<typeof bench>) =>
  b.rec.made.filter((m) => m.fn === 'NdisTcpOffloadEventHandler' && m.args[1] === E.TcpIndicateRetrieve).map((m) => m.args[2]);

describe('finAcknowledged: the ACK of this side\'s FIN, a disconnect\'s or the host\'s own, moves the RFC 793 state (RFC 793)', () => {
  // Found by reading the target after resendOutstanding learnt the host's own FIN: only a disconnect's FIN moved the
  // state; a connection offloaded with the host's FIN outstanding stayed FIN_WAIT_1, CLOSING or LAST_ACK for ever.
  it.each([
    ['FIN_WAIT_1', TCPSTATE.TCPSTATE_FIN_WAIT_1, TCPSTATE.TCPSTATE_FIN_WAIT_2, []],
    ['CLOSING', TCPSTATE.TCPSTATE_CLOSING, TCPSTATE.TCPSTATE_TIME_WAIT, [R.UploadRequested]],
    ['LAST_ACK', TCPSTATE.TCPSTATE_LAST_ACK, TCPSTATE.TCPSTATE_CLOSED, [R.UploadRequested]],
  ])('offloaded in %s with the host\'s FIN outstanding: an ACK of the data alone moves nothing, the ACK of the FIN does', (_, State, after, reasons) => {
    const b = bench({ State, SndUna: 0, SndNxt: 101, SndMax: 101 }, [createNetBufferList(90, 'tcp 1', 0, 100)]);
    expect(b.transmitted()).toEqual([]);
    b.ack(100, 65535);
    expect(b.query().State).toBe(State);
    b.ack(101, 65535);
    expect(b.query().State).toBe(after);
    expect(retrieves(b)).toEqual(reasons);
    expect(b.completed('NdisTcpOffloadDisconnectComplete')).toEqual([]);
  });

  it('FIN_WAIT_1 → FIN_WAIT_2 on the ACK of the host\'s FIN starts the FIN_WAIT_2 timer', () => {
    const b = bench({ State: TCPSTATE.TCPSTATE_FIN_WAIT_1, SndUna: 0, SndNxt: 1, SndMax: 1, Retransmit: { Count: 0, TimeoutDelta: 1000 } });
    b.ack(1, 65535);
    const timers = b.rec.made.filter((m) => m.fn === 'NdisSetTimerObject').map((m) => String(m.args[0]));
    expect(timers.at(-1)).toMatch(/^FIN_WAIT_2 timer of /);
  });

  it('a disconnect whose FIN the window holds back is not completed by an ACK of the data sent before it', () => {
    const b = bench({ SndWnd: 100 });
    b.send(0, 300);
    const fin = b.disconnect();
    expect(b.transmitted()).toEqual(['0+100']);
    b.ack(100, 100);
    expect(b.completed('NdisTcpOffloadDisconnectComplete')).toEqual([]);
    expect(b.query().State).toBe(TCPSTATE.TCPSTATE_FIN_WAIT_1);
    b.ack(200, 1000);
    expect(b.transmitted()).toEqual(['100+100', '200+100', 'FIN@300']);
    b.ack(301, 1000);
    expect(b.completed('NdisTcpOffloadDisconnectComplete')).toEqual([[fin.id, NDIS_STATUS.NDIS_STATUS_SUCCESS]]);
    expect(b.query().State).toBe(TCPSTATE.TCPSTATE_FIN_WAIT_2);
  });
});
