/**
 * Judges one `expect` step against the simulation as it is at that point of the timeline. Each
 * assertion gives a result with what was expected and what was found, so a failure reads
 * `file:line: expected X vs actual Y`.
 */
import { fourTupleText } from '../wire/FourTuple.js';
import { NDIS_ROUTES } from '../ndis/calls.js';
import { NdisStatusEnum } from '../ndis/NDIS_STATUS.js';
import { MibTcpStateEnum } from '../ndis/TCPSTATE.js';
import { offloadStateShortName } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { tcpStateShortName } from '../ndis/TCPSTATE.js';
import { checkNoByteLost } from '../invariants/noByteLost.js';
import { checkInvariants, INVARIANT_NAMES, INVARIANTS } from '../check/invariants/index.js';
import type { Simulation } from '../system/Simulation.js';
import { readTcp6Table2, readTcpTable2 } from '../table/GetTcpTable2.js';
import { inet_ntoa } from '../table/inet_ntoa.js';
import { ntohs } from '../table/byteOrder.js';
import { formatEndpoint } from './endpoint.js';
import type { TraceEvent } from '../trace/TraceEvent.js';
import type { Expectation } from './schema.js';

export interface AssertionResult {
  ok: boolean;
  /** What was checked, in words: `tcp c1 offload state`. */
  what: string;
  expected: string;
  actual: string;
}

/** The TCB label of a connection id (the host's naming). */
export const tcpLabel = (id: string) => `tcp ${id}`;

/**
 * The names trace events and pending items give a connection: its TCB label (`tcp c1`), and its
 * 4-tuple (`10.0.0.1:49152-10.0.0.2:443`), which names it on the normal receive path
 * (NdisMIndicateReceiveNetBufferLists), where no TCB is known yet.
 */
export function connectionLabels(sim: Simulation, id: string): string[] {
  const i = sim.connectionIds().indexOf(id);
  const row = i < 0 ? undefined : sim.tcpTableEntries()[i];
  return row ? [tcpLabel(id), fourTupleText(row)] : [tcpLabel(id)];
}

export function checkExpectation(sim: Simulation, e: Expectation): AssertionResult[] {
  const out: AssertionResult[] = [];
  const check = (what: string, expected: string, actual: string) => out.push({ ok: expected === actual, what, expected, actual });
  if (e.connection !== undefined) {
    const c = sim.connection(e.connection);
    if (e.offload !== undefined) check(`offload state of ${e.connection}`, String(e.offload), offloadStateShortName(c.offload));
    if (e.tcp !== undefined) check(`TCP state of ${e.connection}`, String(e.tcp), tcpStateShortName(c.tcp));
    if (e.acked !== undefined) check(`bytes of ${e.connection} acknowledged by the peer`, String(e.acked), String(sim.sendHoldings(e.connection).acked));
    if (e.received !== undefined) check(`bytes of the peer's stream on ${e.connection} the application received`, String(e.received), String(c.received));
  }
  const labels = e.connection === undefined ? [] : connectionLabels(sim, e.connection);
  for (const [key, want] of [['called', true], ['not-called', false]] as const) {
    const fn = e[key];
    if (fn === undefined) continue;
    const status = e.status === undefined ? undefined : String(e.status);
    const n = sim.trace.events.filter(
      (ev) => (ev.kind === 'call' || (ev.kind === 'return' && status !== undefined)) && ev.fn === fn && (e.by === undefined || ev.caller === e.by) &&
        (e.connection === undefined || ev.objects.some((o) => labels.includes(o))) && (status === undefined || carriesStatus(ev, status, labels)),
    ).length;
    const scope = `${fn}${status ? ` with ${status}` : ''}${e.by ? ` by ${e.by}` : ''}${e.connection ? ` about ${e.connection}` : ''}`;
    check(`calls of ${scope}`, want ? 'at least one' : 'none', n === 0 ? 'none' : want ? 'at least one' : `${n}`);
  }
  if (e.violation !== undefined) {
    const rules = sim.violations.map((v) => v.rule);
    check(`rule ${e.violation}`, 'violated', rules.includes(e.violation) ? 'violated' : `not violated (violations: ${rules.join(', ') || 'none'})`);
  }
  if (e.invariant !== undefined) {
    const broken = checkInvariants(sim, INVARIANTS, sim.pending().length === 0).map((b) => b.invariant);
    const known = INVARIANT_NAMES.includes(e.invariant) ? '' : ` (no invariant of that name; known: ${INVARIANT_NAMES.join(', ')})`;
    check(`invariant ${e.invariant}`, 'broken', broken.includes(e.invariant) ? 'broken' : `not broken${known}`);
  }
  if (e.violations !== undefined) {
    check('rule violations', 'none', sim.violations.map((v) => v.rule).join(', ') || 'none');
  }
  if (e['bytes-lost'] !== undefined) {
    check('bytes lost or duplicated', 'none', checkNoByteLost(sim).map((p) => `${p.connection}: ${p.message}`).join('; ') || 'none');
  }
  if (e.pending !== undefined) check('pending items', String(e.pending), String(sim.scheduler.size));
  if (e.table !== undefined) {
    const expected = e.table.map((r) => rowText(r.local, r.remote, String(r.state), String(r.offload), r.pid));
    const actual = tableRows(sim).map((r) => rowText(r.local, r.remote, r.state, r.offload, e.table!.every((x) => x.pid === undefined) ? undefined : r.pid));
    check('GetTcpTable2 / GetTcp6Table2 rows', expected.join('; ') || '(empty)', actual.join('; ') || '(empty)');
  }
  return out;
}

/**
 * Did this call carry `status` back? A completion carries the Status of each NBL it completes (the
 * trace writes it after each NBL), and a state-operation completion (NdisMQueryOffloadStateComplete,
 * NdisMTerminateOffloadComplete ...) the Status of each node of its block list — with `labels`, only
 * the nodes of that connection's TCP object. A call that returns a status (NdisTcpOffloadReceiveHandler's
 * SUCCESS / OFFLOAD_DATA_PARTIALLY_ACCEPTED / OFFLOAD_DATA_NOT_ACCEPTED, a data call's PENDING) is
 * its `return` event.
 */
function carriesStatus(ev: TraceEvent, status: string, labels: readonly string[]): boolean {
  if (ev.kind === 'return') return NdisStatusEnum.nameOf(ev.Status) === status;
  if (ev.kind !== 'call' || NDIS_ROUTES[ev.fn].kind !== 'completion') return false;
  const nbls = ev.args['NetBufferList'];
  if (typeof nbls === 'string') return new RegExp(`(^|[\\s,])${status}($|[\\s,])`).test(nbls);
  const blocks = ev.args['OffloadBlockList'];
  return Array.isArray(blocks) && blocks.some((b) => (labels.length === 0 || labels.includes(b.object)) && NdisStatusEnum.nameOf(b.Status) === status);
}

function rowText(local: string, remote: string, state: string, offload: string, pid: number | undefined): string {
  return `${local} ${remote} ${state} ${offload}${pid === undefined ? '' : ` pid ${pid}`}`;
}

/** The connection table as scenarios write it, IPv4 rows (GetTcpTable2) then IPv6 rows (GetTcp6Table2), Order = TRUE. */
export function tableRows(sim: Simulation): Array<{ local: string; remote: string; state: string; offload: string; pid: number }> {
  const size = { value: 0 };
  sim.GetTcpTable2(null, size, true);
  const v4 = new ArrayBuffer(size.value);
  sim.GetTcpTable2(v4, size, true);
  const size6 = { value: 0 };
  sim.GetTcp6Table2(null, size6, true);
  const v6 = new ArrayBuffer(size6.value);
  sim.GetTcp6Table2(v6, size6, true);
  const state = (s: number) => MibTcpStateEnum.nameOf(s)?.replace('MIB_TCP_STATE_', '') ?? String(s);
  return [
    ...readTcpTable2(v4).map((r) => ({
      local: formatEndpoint(inet_ntoa(r.dwLocalAddr), ntohs(r.dwLocalPort)),
      remote: formatEndpoint(inet_ntoa(r.dwRemoteAddr), ntohs(r.dwRemotePort)),
      state: state(r.dwState), offload: offloadStateShortName(r.dwOffloadState), pid: r.dwOwningPid,
    })),
    ...readTcp6Table2(v6).map((r) => ({
      local: formatEndpoint(ipv6Text(r.LocalAddr), ntohs(r.dwLocalPort)),
      remote: formatEndpoint(ipv6Text(r.RemoteAddr), ntohs(r.dwRemotePort)),
      state: state(r.State), offload: offloadStateShortName(r.dwOffloadState), pid: r.dwOwningPid,
    })),
  ];
}

/** IPv6 bytes as compressed text (RFC 5952). */
function ipv6Text(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16));
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { start: i, len: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.len).join(':')}`;
}
