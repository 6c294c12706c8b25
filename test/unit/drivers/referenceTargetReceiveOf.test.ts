/**
 * The receive state an initiate hands the reference target (receiveOf.ts, reference §6.1): the host's
 * BufferedData is delivered first, and a connection offloaded after the peer's FIN (CLOSE_WAIT, CLOSING,
 * LAST_ACK) has its data end just before RcvNxt — the FIN's number is not a byte to deliver, and the
 * host, which already knows of the FIN, gets no TcpIndicateDisconnect for it. The target's handlers are
 * called directly, as NDIS calls them.
 */
import { describe, expect, it } from 'vitest';
import { referenceOffloadTarget as target } from '../../../src/drivers/reference/referenceOffloadTarget.js';
import { blocksOf, tcpStateOf } from '../../../src/ndis/blockList.js';
import type { NdisMiniportHandle } from '../../../src/ndis/calls.js';
import { createNetBufferList, type NET_BUFFER_LIST } from '../../../src/ndis/NET_BUFFER_LIST.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import { newChain, recordingNdis } from './driverBench.js';

const MINIPORT: NdisMiniportHandle = { kind: 'NdisMiniportHandle', layer: 1 };

/** Offloads a connection in `State` with RcvNxt `RcvNxt` and the host's buffered bytes [0, buffered); returns what the target called. */
function offloadWithBufferedData(State: number, RcvNxt: number, buffered: number) {
  const s = target.init({ name: 'target', NdisMiniportHandle: MINIPORT, capacity: { Neighbor: 4, Path: 4, Tcp: 4 } });
  const chain = newChain();
  const BufferedData = createNetBufferList(900, 'tcp 1', 0, buffered);
  Object.assign(tcpStateOf(blocksOf(chain)[2]!)!.Delegated!, { State, RcvNxt, BufferedData });
  const rec = recordingNdis();
  // NDIS allocates the NBL of a receive indication.
  const allocate = (label: string, DataOffset: number, DataLength: number) => createNetBufferList(901, label, DataOffset, DataLength);
  const ndis = new Proxy(rec.ndis, { get: (lib, fn: string) => (fn === 'NdisAllocateNetBufferList' ? allocate : lib[fn as keyof typeof lib]) });
  target.MiniportInitiateOffload(s, { OffloadBlockList: chain }, ndis, rec.nic);
  target.CallReturned!(s, { fn: 'NdisMInitiateOffloadComplete', OffloadBlockList: chain }, ndis, rec.nic);
  const indicated = rec.made.filter((m) => m.fn === 'NdisTcpOffloadReceiveHandler').map((m) => m.args[1] as NET_BUFFER_LIST);
  const events = rec.made.filter((m) => m.fn === 'NdisTcpOffloadEventHandler');
  return { BufferedData, indicated, events };
}

describe('takeBufferedData: the host buffered bytes before the offload', () => {
  it.each([
    ['CLOSE_WAIT', TCPSTATE.TCPSTATE_CLOSE_WAIT],
    ['CLOSING', TCPSTATE.TCPSTATE_CLOSING],
    ['LAST_ACK', TCPSTATE.TCPSTATE_LAST_ACK],
  ])('after the peer’s FIN (%s, RcvNxt one past it): exactly the buffered bytes are indicated, and no TcpIndicateDisconnect', (_, State) => {
    const { BufferedData, indicated, events } = offloadWithBufferedData(State, 101, 100);
    expect(indicated.map((n) => [n.DataOffset, n.DataLength])).toEqual([[BufferedData.DataOffset, BufferedData.DataLength]]);
    expect(events).toEqual([]);
  });
});
