/**
 * The `table-agrees` invariant: the connection table (GetTcpTable2's rows, reference §11) agrees with the
 * TCBs, and the TCBs agree with what crossed the host's binding. One row per TCB, with its 4-tuple, its
 * owning process, its RFC 793 state (a CLOSED TCB not yet deleted as MIB_TCP_STATE_DELETE_TCB) and its
 * TCP_CONNECTION_OFFLOAD_STATE; and that offload state is the one NDIS saw — InHost when no offload of
 * the connection is known at the host's binding, otherwise the state the rule monitor recorded there.
 */
import type { HostState } from '../../layers/host/HostState.js';
import { MIB_TCP_STATE, mibTcpStateOf, TCPSTATE, type TCPSTATE as TcpState } from '../../ndis/TCPSTATE.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S, offloadStateShortName } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { unpackGhost } from '../../rules/monitor/GhostLedger.js';
import type { Invariant, InvariantBreak } from './Invariant.js';

const NAME = 'table-agrees';

export const tableAgrees: Invariant = {
  name: NAME,
  source: 'reference §11.3-11.4 (MIB_TCPROW2, GetTcpTable2) and §2.1 (TCP_CONNECTION_OFFLOAD_STATE)',
  description: 'GetTcpTable2 shows one row per TCB with its own 4-tuple, process, TCP state and offload state, and that offload state is what crossed the host\'s binding.',
  when: 'step',
  check: (sim) => {
    const out: InvariantBreak[] = [];
    const rows = sim.tcpTableEntries();
    const tcbs = Object.values((sim.liveState.layers[0] as HostState).tcbs).filter((t) => !t.deleted); // a deleted TCB has no row
    if (rows.length !== tcbs.length) out.push(broken(`the table has ${rows.length} row(s) for ${tcbs.length} TCB(s)`));
    const atHost = sim.rules.monitor.state.objects[0];
    tcbs.forEach((t, i) => {
      const row = rows[i];
      if (!row) return;
      const tcp = t.tcp === TCPSTATE.TCPSTATE_CLOSED ? MIB_TCP_STATE.MIB_TCP_STATE_DELETE_TCB : mibTcpStateOf(t.tcp as TcpState);
      if (row.localAddress !== t.localAddress || row.localPort !== t.localPort || row.remoteAddress !== t.remoteAddress || row.remotePort !== t.remotePort) {
        out.push(broken(`row ${i} is ${row.localAddress}:${row.localPort} → ${row.remoteAddress}:${row.remotePort}, not tcp ${t.id}'s 4-tuple`));
      }
      if (row.owningPid !== t.owningPid) out.push(broken(`tcp ${t.id}: the table shows process ${row.owningPid}, the TCB ${t.owningPid}`));
      if (row.state !== tcp) out.push(broken(`tcp ${t.id}: the table shows MIB state ${row.state}, the TCB ${tcp}`));
      if (row.offloadState !== t.offload) out.push(broken(`tcp ${t.id}: the table shows ${offloadStateShortName(row.offloadState)}, the TCB ${offloadStateShortName(t.offload)}`));
      const record = atHost?.[t.handle.owner]?.[t.handle.id];
      const seen = record ? unpackGhost(record).state : S.TcpConnectionOffloadStateInHost;
      if (seen !== t.offload) {
        out.push(broken(`tcp ${t.id}: the TCB says ${offloadStateShortName(t.offload)}, but what crossed the host's binding says ${offloadStateShortName(seen)}`));
      }
    });
    return out;
  },
};

function broken(message: string): InvariantBreak {
  return { invariant: NAME, message };
}
