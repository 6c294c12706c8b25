/**
 * The host's connection table at one point of a run, as a user-mode program reads it: GetTcpTable2
 * (IPv4) then GetTcp6Table2 (IPv6), each called twice as the SDK sample does, rows decoded from the
 * bytes the functions filled in. The rows depend only on the host's TCB entries, so they are made once
 * per distinct set of entries.
 */
import type { Simulation } from '../system/Simulation.js';
import { fetchTcpTable } from '../table/fetchTcpTable.js';
import { readTcp6Table2, readTcpTable2 } from '../table/GetTcpTable2.js';
import { tcp6Row2Json, tcpRow2Json, type TcpTableRowJson } from '../table/tcpTableRowJson.js';
import type { TableRow } from './ReportData.js';

/** Rows already made, by the entries they were made from: most steps leave the table as it was. */
const made = new Map<string, TableRow[]>();

export function tableRows(sim: Simulation): TableRow[] {
  const key = JSON.stringify(sim.tcpTableEntries());
  let rows = made.get(key);
  if (rows === undefined) {
    if (made.size >= 1_000) made.clear();
    rows = fetchRows(sim);
    made.set(key, rows);
  }
  return rows.map((r) => ({ ...r }));
}

function fetchRows(sim: Simulation): TableRow[] {
  const v4 = readTcpTable2(fetchTcpTable((b, size, order) => sim.GetTcpTable2(b, size, order))).map(tcpRow2Json);
  const v6 = readTcp6Table2(fetchTcpTable((b, size, order) => sim.GetTcp6Table2(b, size, order))).map(tcp6Row2Json);
  return [...v4, ...v6].map(row);
}

function row(r: TcpTableRowJson): TableRow {
  const at = (address: string, port: number) => (r.table === 'MIB_TCP6TABLE2' ? `[${address}]:${port}` : `${address}:${port}`);
  return { local: at(r.localAddress, r.localPort), remote: at(r.remoteAddress, r.remotePort), state: r.state, offload: r.offloadState, pid: r.owningPid };
}
