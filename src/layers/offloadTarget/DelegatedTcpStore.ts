/**
 * The target's "NIC memory" for delegated TCP state: one fixed-size row of DWORDs per offloaded
 * connection in a growable slab, instead of one JS object per connection (and per nested timer
 * record). The target copies TCP_OFFLOAD_STATE_DELEGATED in on initiate and out on terminate and query,
 * as a NIC copies it into its own memory.
 */
import type { TCP_OFFLOAD_STATE_DELEGATED } from '../../ndis/stateStructures.js';
import type { TCP_OFFLOAD_CONNECTION_STATE } from '../../ndis/TCPSTATE.js';

/** The DWORD fields of the structure, in header order (nested KeepAlive and Retransmit flattened). */
const FIELDS = [
  'State', 'Flags', 'RcvNxt', 'RcvWnd', 'SndUna', 'SndNxt', 'SndMax', 'SndWnd', 'MaxSndWnd', 'SendWL1', 'CWnd',
  'SsThresh', 'SRtt', 'RttVar', 'TsRecent', 'TsRecentAge', 'TsTime', 'TotalRT', 'DupAckCount', 'SndWndProbeCount',
  'KeepAlive.ProbeCount', 'KeepAlive.TimeoutDelta', 'Retransmit.Count', 'Retransmit.TimeoutDelta', 'DWnd',
] as const;
const ROW = FIELDS.length;
const STATE = 0;

export class DelegatedTcpStore {
  private rows = new Uint32Array(ROW * 64);
  private readonly free: number[] = [];
  private used = 0;

  /** Takes a row and copies the host's initial values into it; returns the row number. */
  store(d: TCP_OFFLOAD_STATE_DELEGATED): number {
    const slot = this.free.pop() ?? this.used++;
    if ((slot + 1) * ROW > this.rows.length) {
      const bigger = new Uint32Array(this.rows.length * 2);
      bigger.set(this.rows);
      this.rows = bigger;
    }
    const r = this.rows;
    const o = slot * ROW;
    r[o] = d.State; r[o + 1] = d.Flags; r[o + 2] = d.RcvNxt; r[o + 3] = d.RcvWnd; r[o + 4] = d.SndUna;
    r[o + 5] = d.SndNxt; r[o + 6] = d.SndMax; r[o + 7] = d.SndWnd; r[o + 8] = d.MaxSndWnd; r[o + 9] = d.SendWL1;
    r[o + 10] = d.CWnd; r[o + 11] = d.SsThresh; r[o + 12] = d.SRtt; r[o + 13] = d.RttVar; r[o + 14] = d.TsRecent;
    r[o + 15] = d.TsRecentAge; r[o + 16] = d.TsTime; r[o + 17] = d.TotalRT; r[o + 18] = d.DupAckCount;
    r[o + 19] = d.SndWndProbeCount; r[o + 20] = d.KeepAlive.ProbeCount; r[o + 21] = d.KeepAlive.TimeoutDelta;
    r[o + 22] = d.Retransmit.Count; r[o + 23] = d.Retransmit.TimeoutDelta; r[o + 24] = d.DWnd;
    return slot;
  }

  /** Copies a row out into a host-provided structure (terminate, query). */
  copyOut(slot: number, d: TCP_OFFLOAD_STATE_DELEGATED): void {
    const r = this.rows;
    const o = slot * ROW;
    d.State = r[o]! as TCP_OFFLOAD_CONNECTION_STATE; d.Flags = r[o + 1]!; d.RcvNxt = r[o + 2]!; d.RcvWnd = r[o + 3]!;
    d.SndUna = r[o + 4]!; d.SndNxt = r[o + 5]!; d.SndMax = r[o + 6]!; d.SndWnd = r[o + 7]!; d.MaxSndWnd = r[o + 8]!;
    d.SendWL1 = r[o + 9]!; d.CWnd = r[o + 10]!; d.SsThresh = r[o + 11]!; d.SRtt = r[o + 12]!; d.RttVar = r[o + 13]!;
    d.TsRecent = r[o + 14]!; d.TsRecentAge = r[o + 15]!; d.TsTime = r[o + 16]!; d.TotalRT = r[o + 17]!;
    d.DupAckCount = r[o + 18]!; d.SndWndProbeCount = r[o + 19]!;
    d.KeepAlive = { ProbeCount: r[o + 20]!, TimeoutDelta: r[o + 21]! };
    d.Retransmit = { Count: r[o + 22]!, TimeoutDelta: r[o + 23]! };
    d.DWnd = r[o + 24]!;
  }

  /** The RFC 793 state kept in the row. */
  tcpState(slot: number): number {
    return this.rows[slot * ROW + STATE]!;
  }

  setTcpState(slot: number, state: number): void {
    this.rows[slot * ROW + STATE] = state;
  }

  /** SND.UNA kept in the row: the first byte not yet acknowledged. */
  sndUna(slot: number): number {
    return this.rows[slot * ROW + 4]!;
  }

  setSndUna(slot: number, value: number): void {
    this.rows[slot * ROW + 4] = value;
  }

  /** SND.NXT kept in the row: the next byte to transmit (SND.MAX follows it: nothing is retransmitted here). */
  sndNxt(slot: number): number {
    return this.rows[slot * ROW + 5]!;
  }

  setSndNxt(slot: number, value: number): void {
    this.rows[slot * ROW + 5] = value;
    this.rows[slot * ROW + 6] = Math.max(this.rows[slot * ROW + 6]!, value);
  }

  /** RCV.NXT kept in the row: the next byte expected from the peer. */
  rcvNxt(slot: number): number {
    return this.rows[slot * ROW + 2]!;
  }

  setRcvNxt(slot: number, value: number): void {
    this.rows[slot * ROW + 2] = value;
  }

  /** Gives the row back. */
  release(slot: number): void {
    this.rows.fill(0, slot * ROW, (slot + 1) * ROW);
    this.free.push(slot);
  }

  /** Field names of a row, for documentation and tests. */
  static readonly fields: readonly string[] = FIELDS;
}
