/**
 * A row of MIB_TCPTABLE2 / MIB_TCP6TABLE2 as one JSON object (`chimney table --format json`,
 * `chimney demo --json --table`): the fields in host order and text, with the raw state values beside
 * their names, so a script reads it without knowing byte orders.
 */
import { MIB_TCP_STATE_TEXT } from '../ndis/TCPSTATE.js';
import { offloadStateShortName } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { ntohl, ntohs } from './byteOrder.js';
import { formatAddress } from './formatAddress.js';
import { inet_ntoa } from './inet_ntoa.js';
import type { MIB_TCP6ROW2 } from './MIB_TCP6ROW2.js';
import type { MIB_TCPROW2 } from './MIB_TCPROW2.js';

/** One row as JSON: `table` names the structure, `index` the row's place in it. */
export interface TcpTableRowJson {
  table: 'MIB_TCPTABLE2' | 'MIB_TCP6TABLE2';
  index: number;
  /** MIB_TCP_STATE value, and its text as the SDK sample prints it (`ESTABLISHED`, `FIN-WAIT-1`). */
  dwState: number;
  state: string;
  localAddress: string;
  localScopeId?: number;
  localPort: number;
  remoteAddress: string;
  remoteScopeId?: number;
  remotePort: number;
  owningPid: number;
  /** TCP_CONNECTION_OFFLOAD_STATE value, and its short name (`Offloaded`). */
  dwOffloadState: number;
  offloadState: string;
}

/** A MIB_TCPROW2 as JSON. */
export function tcpRow2Json(row: MIB_TCPROW2, index: number): TcpTableRowJson {
  return {
    table: 'MIB_TCPTABLE2', index, dwState: row.dwState, state: MIB_TCP_STATE_TEXT[row.dwState] ?? `UNKNOWN ${row.dwState}`,
    localAddress: inet_ntoa(row.dwLocalAddr), localPort: ntohs(row.dwLocalPort), remoteAddress: inet_ntoa(row.dwRemoteAddr), remotePort: ntohs(row.dwRemotePort),
    owningPid: row.dwOwningPid, dwOffloadState: row.dwOffloadState, offloadState: offloadStateShortName(row.dwOffloadState),
  };
}

/** A MIB_TCP6ROW2 as JSON (scope ids in host order). */
export function tcp6Row2Json(row: MIB_TCP6ROW2, index: number): TcpTableRowJson {
  return {
    table: 'MIB_TCP6TABLE2', index, dwState: row.State, state: MIB_TCP_STATE_TEXT[row.State] ?? `UNKNOWN ${row.State}`,
    localAddress: formatAddress(row.LocalAddr), localScopeId: ntohl(row.dwLocalScopeId), localPort: ntohs(row.dwLocalPort),
    remoteAddress: formatAddress(row.RemoteAddr), remoteScopeId: ntohl(row.dwRemoteScopeId), remotePort: ntohs(row.dwRemotePort),
    owningPid: row.dwOwningPid, dwOffloadState: row.dwOffloadState, offloadState: offloadStateShortName(row.dwOffloadState),
  };
}
