/**
 * A connection as the network names it: its 4-tuple, from this machine's side (local = this host).
 * Addresses are kept in canonical text (RFC 5952), so one connection has one name.
 */
import { internKey } from '../data/internKey.js';

export interface FourTuple {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/** The 4-tuple alone, as a value (a record that has one, such as a TCB, is not passed on). */
export function fourTupleOf(t: FourTuple): FourTuple {
  return { localAddress: t.localAddress, localPort: t.localPort, remoteAddress: t.remoteAddress, remotePort: t.remotePort };
}

/**
 * The keys below are looked up for every segment (the wire, the peer, the target, the host each find
 * the connection by them), and building the text to look it up costs more than the rest of the lookup.
 * So each function keeps the keys it built last in a small table of SLOTS slots, chosen by the ports
 * (or the addresses' last characters) and checked field by field: a performance measure only, of fixed
 * size; a miss builds the key as before.
 */
const SLOTS = 64;
const slotOf = (a: number, b: number) => (a * 31 + b) & (SLOTS - 1);

const tupleSlots = { la: new Array<string>(SLOTS).fill(''), lp: new Array<number>(SLOTS).fill(-1), ra: new Array<string>(SLOTS).fill(''), rp: new Array<number>(SLOTS).fill(-1), key: new Array<string>(SLOTS).fill('') };

/** `10.0.0.1:49152-10.0.0.2:443`: the connection's name on the wire, and the key it is kept under. */
export function fourTupleText(t: FourTuple): string {
  const s = tupleSlots;
  const i = slotOf(t.localPort, t.remotePort);
  if (s.lp[i] === t.localPort && s.rp[i] === t.remotePort && s.la[i] === t.localAddress && s.ra[i] === t.remoteAddress) return s.key[i]!;
  const key = internKey(`${t.localAddress}:${t.localPort}-${t.remoteAddress}:${t.remotePort}`);
  s.la[i] = t.localAddress;
  s.lp[i] = t.localPort;
  s.ra[i] = t.remoteAddress;
  s.rp[i] = t.remotePort;
  s.key[i] = key;
  return key;
}

const portSlots = { l: new Array<number>(SLOTS).fill(-1), r: new Array<number>(SLOTS).fill(-1), key: new Array<string>(SLOTS).fill('') };

/** The key of a connection among its path's connections: `49152-443` (never an array index, so records keep insertion order). */
export function portsKey(localPort: number, remotePort: number): string {
  const s = portSlots;
  const i = slotOf(localPort, remotePort);
  if (s.l[i] === localPort && s.r[i] === remotePort) return s.key[i]!;
  const key = internKey(`${localPort}-${remotePort}`);
  s.l[i] = localPort;
  s.r[i] = remotePort;
  s.key[i] = key;
  return key;
}

const pathSlots = { src: new Array<string>(SLOTS).fill(''), dst: new Array<string>(SLOTS).fill(''), key: new Array<string>(SLOTS).fill('') };
const lastCode = (a: string) => a.charCodeAt(a.length - 1) | 0;

/** The key of a path: `10.0.0.1->10.0.0.2`. */
export function pathKey(SourceAddress: string, DestinationAddress: string): string {
  const s = pathSlots;
  const i = slotOf(lastCode(SourceAddress) + DestinationAddress.length, lastCode(DestinationAddress) * 7 + SourceAddress.length);
  if (s.dst[i] === DestinationAddress && s.src[i] === SourceAddress) return s.key[i]!;
  const key = internKey(`${SourceAddress}->${DestinationAddress}`);
  s.src[i] = SourceAddress;
  s.dst[i] = DestinationAddress;
  s.key[i] = key;
  return key;
}
