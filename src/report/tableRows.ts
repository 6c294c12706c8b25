/**
 * The host's connection table at one point of a run, as a user-mode program reads it: GetTcpTable2
 * (IPv4) then GetTcp6Table2 (IPv6), each called twice as the SDK sample does, rows decoded from the
 * bytes the functions filled in.
 */
import type { Simulation } from '../system/Simulation.js';
import { fetchTcpTable } from '../table/fetchTcpTable.js';
import { readTcp6Table2, readTcpTable2 } from '../table/GetTcpTable2.js';
import { tcp6Row2Json, tcpRow2Json, type TcpTableRowJson } from '../table/tcpTableRowJson.js';
import type { TableRow } from './ReportData.js';

export function tableRows(sim: Simulation): TableRow[] {
  const v4 = readTcpTable2(fetchTcpTable((b, size, order) => sim.GetTcpTable2(b, size, order))).map(tcpRow2Json);
  const v6 = readTcp6Table2(fetchTcpTable((b, size, order) => sim.GetTcp6Table2(b, size, order))).map(tcp6Row2Json);
  return [...v4, ...v6].map(row);
}

function row(r: TcpTableRowJson): TableRow {
  const at = (address: string, port: number) => (r.table === 'MIB_TCP6TABLE2' ? `[${address}]:${port}` : `${address}:${port}`);
  return { local: at(r.localAddress, r.localPort), remote: at(r.remoteAddress, r.remotePort), state: r.state, offload: r.offloadState, pid: r.owningPid };
}
