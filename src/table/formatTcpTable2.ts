/**
 * Prints a decoded MIB_TCPTABLE2 exactly as the SDK's GetTcpTable2 sample does (seed 004), and a
 * MIB_TCP6TABLE2 in the same layout (addresses as InetNtop prints them, the scope ids on lines of their own).
 */
import { MIB_TCP_STATE, MIB_TCP_STATE_TEXT } from '../ndis/TCPSTATE.js';
import { OFFLOAD_STATE_DESCRIPTION, TCP_CONNECTION_OFFLOAD_STATE } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { ntohl, ntohs } from './byteOrder.js';
import { formatAddress } from './formatAddress.js';
import { inet_ntoa } from './inet_ntoa.js';
import type { MIB_TCP6ROW2 } from './MIB_TCP6ROW2.js';
import type { MIB_TCPROW2 } from './MIB_TCPROW2.js';

/** Cases whose printf string in the sample ends in a space before `\n` (`"FIN-WAIT-2 \n"`). */
const STATE_TEXT_WITH_TRAILING_SPACE: ReadonlySet<number> = new Set([MIB_TCP_STATE.MIB_TCP_STATE_FIN_WAIT2]);
const OFFLOAD_TEXT_WITH_TRAILING_SPACE: ReadonlySet<number> = new Set([
  TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateInHost,
  TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateUploading,
]);

/** What `printf("%d")` / `"%ld"` prints for a DWORD on Windows (32-bit signed `int` / `long`). */
function printfInt(value: number): string {
  return String(value | 0);
}

/** The sample's `switch (dwState)` text. */
function stateText(dwState: number): string {
  const text = MIB_TCP_STATE_TEXT[dwState];
  if (text === undefined) return `UNKNOWN dwState value: ${printfInt(dwState)}`;
  return STATE_TEXT_WITH_TRAILING_SPACE.has(dwState) ? `${text} ` : text;
}

/** The sample's `switch (dwOffloadState)` text. */
function offloadText(dwOffloadState: number): string {
  const text = OFFLOAD_STATE_DESCRIPTION[dwOffloadState];
  if (text === undefined) return 'UNKNOWN Offload state value';
  return OFFLOAD_TEXT_WITH_TRAILING_SPACE.has(dwOffloadState) ? `${text} ` : text;
}

/**
 * The SDK sample's output for a table, byte for byte (tabs, the blank line before each row, the trailing
 * spaces after `Local Port`, `FIN-WAIT-2` and two offload-state texts), with lines joined by `\n` and no
 * final newline. Numbers are printed as the sample's `%d` / `%ld` would on Windows (signed 32-bit).
 */
export function formatTcpTable2(rows: readonly MIB_TCPROW2[]): string {
  const lines = [`\tNumber of entries: ${printfInt(rows.length)}`];
  rows.forEach((row, i) => {
    lines.push(
      '',
      `\tTCP[${i}] State: ${printfInt(row.dwState)} - ${stateText(row.dwState)}`,
      `\tTCP[${i}] Local Addr: ${inet_ntoa(row.dwLocalAddr)}`,
      `\tTCP[${i}] Local Port: ${ntohs(row.dwLocalPort)} `,
      `\tTCP[${i}] Remote Addr: ${inet_ntoa(row.dwRemoteAddr)}`,
      `\tTCP[${i}] Remote Port: ${ntohs(row.dwRemotePort)}`,
      `\tTCP[${i}] Owning PID: ${printfInt(row.dwOwningPid)}`,
      `\tTCP[${i}] Offload State: ${printfInt(row.dwOffloadState)} - ${offloadText(row.dwOffloadState)}`,
    );
  });
  return lines.join('\n');
}

/**
 * A MIB_TCP6TABLE2 printed in the layout of the GetTcpTable2 sample (the reference has no GetTcp6Table2
 * sample to copy): the same state and offload-state lines, the addresses in RFC 5952 text (as `InetNtop`
 * prints them), and `Local Scope ID` / `Remote Scope ID` (host order) before each port.
 */
export function formatTcp6Table2(rows: readonly MIB_TCP6ROW2[]): string {
  const lines = [`\tNumber of entries: ${printfInt(rows.length)}`];
  rows.forEach((row, i) => {
    lines.push(
      '',
      `\tTCP[${i}] State: ${printfInt(row.State)} - ${stateText(row.State)}`,
      `\tTCP[${i}] Local Addr: ${formatAddress(row.LocalAddr)}`,
      `\tTCP[${i}] Local Scope ID: ${ntohl(row.dwLocalScopeId)} `,
      `\tTCP[${i}] Local Port: ${ntohs(row.dwLocalPort)} `,
      `\tTCP[${i}] Remote Addr: ${formatAddress(row.RemoteAddr)}`,
      `\tTCP[${i}] Remote Scope ID: ${ntohl(row.dwRemoteScopeId)} `,
      `\tTCP[${i}] Remote Port: ${ntohs(row.dwRemotePort)}`,
      `\tTCP[${i}] Owning PID: ${printfInt(row.dwOwningPid)}`,
      `\tTCP[${i}] Offload State: ${printfInt(row.dwOffloadState)} - ${offloadText(row.dwOffloadState)}`,
    );
  });
  return lines.join('\n');
}
