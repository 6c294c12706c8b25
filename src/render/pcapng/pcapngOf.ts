/**
 * The wire as a pcapng capture, made from the trace: every `segment` event (a segment the wire delivered,
 * whoever sent it: the host stack, the offload target or the peer) becomes one IP packet with real
 * IPv4/IPv6 and TCP headers and checksums, stamped with the virtual time, and commented with the trace
 * event, the pending item, and the connection's offload and TCP state (the host's TCB) at that moment.
 *
 * Choices where the model is silent, written down once here and in the README:
 * - Capture point: the wire, at the moment a segment is delivered to its receiver (the NIC or the peer);
 *   a segment still on the wire when the run ends is not in the capture.
 * - Timestamps: the trace's virtual time in microseconds, written at pcapng's default resolution (µs).
 * - Sequence numbers: the model counts each stream from offset 0 and has no SYN; on the wire a stream
 *   offset `o` is sequence number `o + 1` (as after a SYN with ISN 0), and an acknowledgement `a` is `a + 1`.
 * - Windows: each segment's advertised window (`win N`), at most 65535 (no window scaling); a segment
 *   without one (an RST) advertises 65535.
 * - Data: the model counts bytes, so the data is zeros; a segment longer than one IP packet can carry
 *   (65495 bytes) is written as several packets, PSH and FIN on the last.
 */
import { offloadStateShortName } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { tcpStateShortName } from '../../ndis/TCPSTATE.js';
import type { Simulation } from '../../system/Simulation.js';
import { parseAddress } from '../../table/parseAddress.js';
import type { SegmentEvent, TraceEvent } from '../../trace/TraceEvent.js';
import type { FourTuple } from '../../wire/FourTuple.js';
import { parseSegmentText, type SegmentFields } from '../../wire/parseSegmentText.js';
import { LINKTYPE_RAW, PCAPNG_OPTION, PcapngWriter } from './pcapngBlocks.js';
import { MAX_TCP_DATA_PER_PACKET, TCP_FLAG, tcpIpPacketLength, writeTcpIpPacket, type TcpIpFields } from './tcpIpPacket.js';

/** The largest window a packet advertises (no window scaling), and the window of a segment that carries none. */
export const CAPTURE_WINDOW = 65_535;
/** IPv4 TTL / IPv6 hop limit of every packet. */
export const CAPTURE_HOP_LIMIT = 64;
/** Wire sequence number of stream offset 0 (ISN 0, plus the SYN's one). */
export const CAPTURE_SEQ_BASE = 1;

/** A connection as the capture needs it: its trace label, its 4-tuple, and its host states when the trace ends. */
export interface CapturedConnection {
  /** How the trace names it: `tcp c1`. */
  readonly label: string;
  readonly fourTuple: FourTuple;
  /** TCP state (short name, `ESTABLISHED`) and offload state (`Offloaded`) when the trace ends. */
  readonly tcpAtEnd: string;
  readonly offloadAtEnd: string;
}

/**
 * The pcapng capture of a simulation's wire so far (its trace must be on: `createSimulation({ trace: true })`,
 * the default).
 * @throws RangeError when the simulation records no trace.
 */
export function pcapngOf(sim: Simulation): Uint8Array {
  if (!sim.trace.enabled) throw new RangeError('pcapngOf: the simulation records no trace (created with trace: false); the capture is made from it');
  const connections = sim.connectionIds().map((id): CapturedConnection => {
    const c = sim.connection(id);
    return { label: `tcp ${id}`, fourTuple: c.fourTuple, tcpAtEnd: tcpStateShortName(c.tcp), offloadAtEnd: offloadStateShortName(c.offload) };
  });
  return pcapngOfTrace(sim.trace.events, connections);
}

/** The region states of one connection as the trace goes. */
interface Tracked {
  readonly connection: CapturedConnection | undefined;
  readonly fourTuple: FourTuple;
  /** The addresses' bytes. */
  readonly addresses: { local: Uint8Array; remote: Uint8Array };
  tcp: string;
  offload: string;
}

/**
 * The pcapng capture of the `segment` events of `events`. A connection's states before its first state
 * change are that change's `from`; without one, its states at the end.
 * @throws RangeError when a segment names a connection that is not in `connections` and is not a 4-tuple text.
 */
export function pcapngOfTrace(events: readonly TraceEvent[], connections: readonly CapturedConnection[]): Uint8Array {
  const tracked = new Map<string, Tracked>();
  for (const c of connections) tracked.set(c.label, track(c.label, c));
  // Before its first change, a region was in that change's `from` state.
  const changed = new Set<string>();
  for (const e of events) {
    if (e.kind !== 'stateChange' || e.layer !== 'host' || (e.region !== 'tcp' && e.region !== 'offload')) continue;
    const t = tracked.get(e.object);
    const key = `${e.region} ${e.object}`;
    if (t && !changed.has(key)) {
      changed.add(key);
      t[e.region] = e.from;
    }
  }
  const out = new PcapngWriter()
    .sectionHeader([{ code: PCAPNG_OPTION.shb_userappl, value: 'chimney-sim' }])
    .interfaceDescription(LINKTYPE_RAW, 0, [
      { code: PCAPNG_OPTION.if_name, value: 'wire' },
      { code: PCAPNG_OPTION.if_description, value: 'the wire between this machine (its NIC) and the remote peer, captured as each segment is delivered; virtual time' },
      { code: PCAPNG_OPTION.if_tsresol, value: new Uint8Array([6]) },
    ]);
  let identification = 0;
  for (const e of events) {
    if (e.kind === 'stateChange') {
      const t = e.layer === 'host' && (e.region === 'tcp' || e.region === 'offload') ? tracked.get(e.object) : undefined;
      if (t) t[e.region as 'tcp' | 'offload'] = e.to;
      continue;
    }
    if (e.kind !== 'segment') continue;
    let t = tracked.get(e.object);
    if (!t) tracked.set(e.object, (t = track(e.object, undefined)));
    const fields = parseSegmentText(e.segment);
    const comment = `trace #${e.seq}, pending item #${e.item}: ${e.from} ⇢ ${e.to} ${e.segment}; ${e.object}: ${t.connection ? `offload ${t.offload}, tcp ${t.tcp}` : 'no TCB in the host'}`;
    const options = [{ code: PCAPNG_OPTION.opt_comment, value: comment }];
    for (const packet of packetsOf(t, e, fields, () => identification++)) {
      out.enhancedPacket(0, e.time, tcpIpPacketLength(packet), (target, offset) => writeTcpIpPacket(packet, target, offset), options);
    }
  }
  return out.toBytes();
}

function track(label: string, c: CapturedConnection | undefined): Tracked {
  const fourTuple = c?.fourTuple ?? fourTupleFromText(label);
  return {
    connection: c, fourTuple, addresses: { local: parseAddress(fourTuple.localAddress), remote: parseAddress(fourTuple.remoteAddress) },
    // A connection the host has no TCB for has no states to name.
    tcp: c?.tcpAtEnd ?? '', offload: c?.offloadAtEnd ?? '',
  };
}

/** The packets of one delivered segment: one, or several when it is longer than a packet can carry. */
function packetsOf(t: Tracked, e: SegmentEvent, s: SegmentFields, nextId: () => number): TcpIpFields[] {
  const fromPeer = e.from === 'peer';
  const [source, destination] = fromPeer ? [t.addresses.remote, t.addresses.local] : [t.addresses.local, t.addresses.remote];
  const [sourcePort, destinationPort] = fromPeer ? [t.fourTuple.remotePort, t.fourTuple.localPort] : [t.fourTuple.localPort, t.fourTuple.remotePort];
  const packets: TcpIpFields[] = [];
  let offset = 0;
  do {
    const dataLength = Math.min(s.len - offset, MAX_TCP_DATA_PER_PACKET);
    const last = offset + dataLength >= s.len;
    const flags =
      (s.ack !== null ? TCP_FLAG.ACK : 0) | (s.rst ? TCP_FLAG.RST : 0) | (s.urg ? TCP_FLAG.URG : 0) |
      (last && s.psh ? TCP_FLAG.PSH : 0) | (last && s.fin ? TCP_FLAG.FIN : 0);
    packets.push({
      source, destination, sourcePort, destinationPort,
      seq: CAPTURE_SEQ_BASE + s.seq + offset, ack: CAPTURE_SEQ_BASE + (s.ack ?? 0), flags, window: Math.min(s.wnd ?? CAPTURE_WINDOW, CAPTURE_WINDOW),
      urgentPointer: Math.min(s.len - offset, 0xffff), dataLength, identification: nextId(), hopLimit: CAPTURE_HOP_LIMIT,
    });
    offset += dataLength;
  } while (offset < s.len);
  return packets;
}

/** `10.0.0.1:49152-10.0.0.2:443` (how the wire names a connection the host has no TCB for) back into a 4-tuple. */
function fourTupleFromText(text: string): FourTuple {
  const m = /^(.+):(\d+)-(.+):(\d+)$/.exec(text);
  if (!m) throw new RangeError(`pcapng: the trace names a connection '${text}' that is neither a declared connection nor a 4-tuple`);
  return { localAddress: m[1]!, localPort: Number(m[2]), remoteAddress: m[3]!, remotePort: Number(m[4]) };
}
