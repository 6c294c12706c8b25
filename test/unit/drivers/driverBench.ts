/**
 * What the driver tests share to call a driver's handlers directly, as NDIS calls them: an NDIS library
 * (and NIC) that records every call the driver makes and answers with values the test chooses, and the
 * miniport tree a layer receives for a new neighbor -> path -> tcp chain.
 */
import { createMiniportBlockList, withDependents, type NDIS_MINIPORT_OFFLOAD_BLOCK_LIST } from '../../../src/ndis/blockList.js';
import type { ReceiveIndicateResult } from '../../../src/ndis/calls.js';
import type { NdisLibrary } from '../../../src/ndis/NdisLibrary.js';
import { createOffloadHandle } from '../../../src/ndis/NDIS_OFFLOAD_HANDLE.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { OFFLOAD_STATE_TYPE } from '../../../src/ndis/OFFLOAD_STATE_TYPE.js';
import { TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import type { NicServices } from '../../../src/drivers/OffloadTarget.js';
import { DEFAULT_TCP_CACHED, delegatedTcpState } from '../../../src/layers/host/handover/delegatedTcpState.js';

/** One call the driver made: the function's name and its arguments. */
export interface Made {
  fn: string;
  args: unknown[];
}

/** What the recording library answers: data I/O returns `returns`, a receive indication `upper` (null: the call waits). */
export interface Answers {
  returns?: number;
  upper?: ReceiveIndicateResult | null;
}

/** An NDIS library and a NIC that record every call in `made` (DbgPrint texts in `printed`). */
export function recordingNdis(answers: Answers = {}): { ndis: NdisLibrary; nic: NicServices; made: Made[]; printed: string[] } {
  const made: Made[] = [];
  const printed: string[] = [];
  const record = (fn: string) => (...args: unknown[]) => {
    made.push({ fn, args });
    if (fn === 'NdisTcpOffloadReceiveHandler') return answers.upper === undefined ? null : answers.upper;
    if (fn.startsWith('NdisOffloadTcp')) return answers.returns ?? NDIS_STATUS.NDIS_STATUS_PENDING;
    return undefined;
  };
  const ndis = new Proxy({} as NdisLibrary, {
    get: (_, fn: string) => (fn === 'DbgPrint' ? (text: string | (() => string)) => void printed.push(typeof text === 'function' ? text() : text) : record(fn)),
  });
  const nic = new Proxy({} as NicServices, { get: (_, fn: string) => record(`nic.${fn}`) });
  return { ndis, nic, made, printed };
}

/** The host's handle `id` for an object. */
export const hostHandle = (id: number, label: string) => createOffloadHandle('host', id, label);

/** The miniport tree a layer receives for a new neighbor (host#1) -> path (host#2) -> tcp 1 (host#3) chain, every slot empty. */
export function newChain(): NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
  const tcp = createMiniportBlockList(OFFLOAD_STATE_TYPE.TcpOffloadState, { value: null }, hostHandle(3, 'tcp 1'), {
    Const: { Flags: 0, RemotePort: 80, LocalPort: 5000, SndWindScale: 0, RcvWindScale: 0, RemoteMss: 1460, HashValue: 0 },
    Cached: DEFAULT_TCP_CACHED,
    Delegated: delegatedTcpState(TCPSTATE.TCPSTATE_ESTABLISHED),
  });
  const path = withDependents(
    createMiniportBlockList(OFFLOAD_STATE_TYPE.Ip4OffloadState, { value: null }, hostHandle(2, 'path'), {
      Const: { SourceAddress: '10.0.0.1', DestinationAddress: '10.0.0.2' }, Cached: { PathMtu: 1500 }, Delegated: {},
    }),
    [tcp],
  );
  return withDependents(
    createMiniportBlockList(OFFLOAD_STATE_TYPE.NeighborOffloadState, { value: null }, hostHandle(1, 'neighbor'), {
      Const: { DlSourceAddress: '', VlanId: 0 }, Cached: { DlDestinationAddress: '02:00:00:00:00:02', HostReachabilityDelta: 0 }, Delegated: { NicReachabilityDelta: 0 },
    }),
    [path],
  );
}
