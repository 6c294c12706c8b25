/**
 * The scenario format, as data: one zod schema is both the validator (`parseScenario`) and the source
 * of the published JSON Schema (`scenarioJsonSchema`). Names are the real enum names; numbers are
 * accepted where the documentation gives numbers and turned into names, so a parsed scenario is in
 * one canonical form (which `printScenario` writes back unchanged).
 */
import { z } from 'zod';
import { NdisStatusEnum } from '../ndis/NDIS_STATUS.js';
import { NDIS_ROUTES } from '../ndis/calls.js';
import { TcpConnectionOffloadStateEnum } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TcpOffloadEventTypeEnum } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TcpUploadReasonEnum, TCP_UPLOAD_REASON } from '../ndis/TCP_UPLOAD_REASON.js';
import { MIB_TCP_STATE, MibTcpStateEnum, TCPSTATE, TcpStateEnum } from '../ndis/TCPSTATE.js';
import type { Enumeration } from '../ndis/enumeration.js';
import { RULEBOOK } from '../rules/rules.js';
import { FAULT_NAMES } from '../system/faults.js';

/**
 * Limits that keep hostile files from costing unbounded time or memory: a scenario file's size in
 * bytes, its connections, steps, aliases and nesting, and the size in bytes of a golden trace
 * (`name.trace.jsonl`; the largest shipped one is far below 1 MiB).
 */
export const LIMITS = { bytes: 1_048_576, connections: 1_000, steps: 10_000, aliases: 100, depth: 64, goldenBytes: 67_108_864 } as const;

/** The values as the non-empty tuple z.enum wants; an empty list is a bug in the schema. */
function nonEmpty<T extends string>(values: readonly T[]): [T, ...T[]] {
  const [first, ...rest] = values;
  if (first === undefined) throw new Error('an enum of the scenario schema has no values');
  return [first, ...rest];
}

/**
 * An enum value written as its name (canonical) or its number. `short` strips a common prefix from
 * names (`TcpConnectionOffloadState`). With `keepIllegalNumbers`, a number that is not a member stays
 * a number (negative scenarios: a target that indicates EventType 9).
 */
function enumValue(e: Enumeration, options: { strip?: string; keepIllegalNumbers?: boolean; names?: readonly string[] } = {}) {
  const short = (n: string) => (options.strip ? n.replace(options.strip, '') : n);
  const names = options.names ?? e.names.filter((n) => {
    const value = e.valueOf(n);
    return value !== undefined && e.isLegal(value);
  });
  const shortNames = names.map(short);
  const byShort = new Map(names.map((n) => [short(n), n]));
  const number = z.number().int();
  return z
    .union([z.enum(nonEmpty(shortNames)), number])
    .superRefine((v, ctx) => {
      if (typeof v === 'number' && !options.keepIllegalNumbers && !e.isLegal(v)) {
        ctx.addIssue({ code: 'custom', message: `${v} is not a ${e.typeName} value (expected one of ${shortNames.join(', ')})` });
      }
    })
    .transform((v): string | number => {
      if (typeof v === 'string') return short(byShort.get(v) ?? v);
      const name = e.isLegal(v) ? e.nameOf(v) : undefined;
      return name ? short(name) : v;
    });
}

const TCP_STATE_NAMES = Object.keys(TCPSTATE).filter((n) => n !== 'TCPSTATE_MAX');
const tcpStateEnum: Enumeration = {
  typeName: 'TCPSTATE',
  names: TCP_STATE_NAMES,
  nameOf: (v) => TCP_STATE_NAMES[v],
  valueOf: (n) => TcpStateEnum.valueOf(n),
  isLegal: (v): v is number => Number.isInteger(v) && v >= 0 && v < TCP_STATE_NAMES.length,
  format: (v) => `${TCP_STATE_NAMES[v] ?? '<unknown>'} (${v})`,
};

/** `ESTABLISHED`, `CLOSE_WAIT` ... (TCPSTATE without its prefix), or 0..10. */
export const TcpStateName = enumValue(tcpStateEnum, { strip: 'TCPSTATE_' });
/** `InHost`, `Offloading`, `Offloaded`, `Uploading`, or 0..3. */
export const OffloadStateName = enumValue(TcpConnectionOffloadStateEnum, { strip: 'TcpConnectionOffloadState' });
/** `TcpIndicateRetrieve` ... or 1..4; other numbers are kept for negative scenarios. */
export const EventTypeName = enumValue(TcpOffloadEventTypeEnum, { keepIllegalNumbers: true });
/** `LowActivity` ... (both NoBufferPreposting and NoBufferProposting), or a number (kept as-is if illegal). */
export const UploadReasonName = enumValue(TcpUploadReasonEnum, {
  keepIllegalNumbers: true,
  names: Object.keys(TCP_UPLOAD_REASON).filter((n) => n !== 'MaxUploadReason'),
});
/** Any NDIS status name, or its number. */
export const NdisStatusName = enumValue(NdisStatusEnum);
/** A MIB_TCP_STATE, written `CLOSE_WAIT` style (the MIB_TCP_STATE_ prefix stripped) or 1..12. */
export const MibTcpStateName = enumValue(
  { ...tcpStateEnum, typeName: 'MIB_TCP_STATE', names: Object.keys(MIB_TCP_STATE).filter((n) => n !== 'MIB_TCP_STATE_RESERVED'), nameOf: (v) => MibTcpStateEnum.nameOf(v), valueOf: (n) => MibTcpStateEnum.valueOf(n), isLegal: (v): v is number => Number.isInteger(v) && v >= 1 && v <= 12 },
  { strip: 'MIB_TCP_STATE_' },
);

const ADAPTER_STATUSES = ['NDIS_STATUS_OFFLOAD_PAUSE', 'NDIS_STATUS_UPLOAD_ALL', 'NDIS_STATUS_OFFLOAD_RESUME'] as const;
/** The adapter-wide statuses a target may indicate, by name or number (0x40020001 ...). */
export const AdapterStatusName = enumValue(NdisStatusEnum, { names: ADAPTER_STATUSES }).pipe(
  z.enum(ADAPTER_STATUSES, { error: `expected one of ${ADAPTER_STATUSES.join(', ')}` }),
);

/** The deliberate faults a scenario can put into a component (negative scenarios). */
export const FAULTS = nonEmpty(FAULT_NAMES);

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a connection id: letters, digits, ".", "_" or "-"');
const ids = z.union([id, z.array(id).min(1)]).transform((v) => (typeof v === 'string' ? [v] : v));
const endpoint = z
  .string()
  .regex(/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/, 'an address and port: "10.0.0.1:49152" or "[fe80::1]:443"');
const u32 = z.number().int().min(0).max(0xffffffff);
/** A positive whole number of bytes (what the simulation's data calls take). */
const bytes = z.number().int().min(1).max(0x7fffffff);
const ndisFunction = z.enum(nonEmpty(Object.keys(NDIS_ROUTES)));
const ruleId = z.enum(nonEmpty(RULEBOOK.map((r) => r.id)));

export const Connection = z.strictObject({
  id,
  /** `address:port` of this host. */
  local: endpoint.describe('`address:port` of this host.'),
  /** `address:port` of the peer. */
  remote: endpoint.describe('`address:port` of the peer.'),
  /** The owning process id (MIB_TCPROW2.dwOwningPid). */
  pid: u32.describe('The owning process id (MIB_TCPROW2.dwOwningPid).'),
  /** Starting RFC 793 state (default ESTABLISHED). */
  state: TcpStateName.default('ESTABLISHED').describe('Starting RFC 793 state (default ESTABLISHED).'),
  /** The next hop (the neighbor); the remote address itself when absent. */
  'next-hop': z.string().optional().describe('The next hop (the neighbor); the remote address itself when absent.'),
});

export const Topology = z.strictObject({
  'intermediate-drivers': z.number().int().min(0).max(8).default(1),
  /** Target capacity per layer (NDIS_STATUS_OFFLOAD_*_ENTRIES when exhausted). */
  capacity: z.strictObject({ neighbor: u32.optional(), path: u32.optional(), tcp: u32.optional() }).optional().describe('Target capacity per layer (NDIS_STATUS_OFFLOAD_*_ENTRIES when exhausted).'),
  /** Host policy for optional TCP_UPLOAD_REASONs. */
  'optional-retrieve': z.enum(['upload', 'keep']).default('upload').describe('Host policy for optional TCP_UPLOAD_REASONs.'),
  /** Which pending item `deliver: all` / `next` picks: oldest first, or seeded random. */
  scheduling: z.enum(['fifo', 'random']).default('fifo').describe('Which pending item `deliver: all` / `next` picks: oldest first, or seeded random.'),
  /** Host policy: bytes of received data the host keeps unread per connection (its socket receive buffer); 65,535 when absent. */
  'receive-buffer': u32.optional().describe('Host policy: bytes of received data the host keeps unread per connection (its socket receive buffer); 65,535 when absent.'),
  /** Host policy: the TCP receive window's buffer (SO_RCVBUF as TCP uses it, the InitialRcvWnd offloaded); 65,535 when absent. */
  'receive-window': u32.optional().describe("Host policy: the TCP receive window's buffer in bytes — the host's own TCP advertises it minus the bytes received and not read, and offloads it as InitialRcvWnd (the target's receive buffer); 65,535 when absent."),
  /** Host policy: seconds a TCB stays in TIME_WAIT (2MSL, Windows' TcpTimedWaitDelay); 120 when absent. */
  'timed-wait-delay': u32.optional().describe("Host policy: seconds a TCB stays in TIME_WAIT (2MSL, Windows' TcpTimedWaitDelay); 120 when absent."),
  /** Host policy for an acceptable RST in TIME_WAIT: close (RFC 793) or ignore (RFC 1337); close when absent. */
  'time-wait-rst': z.enum(['close', 'ignore']).optional().describe('Host policy for an acceptable RST in TIME_WAIT: close the TCB (RFC 793) or ignore the RST (RFC 1337); close when absent.'),
  /** Host policy: is the host's neighbor cache entry REACHABLE when the target asks (NeighborReachabilityQuery)? true when absent. */
  'neighbor-reachable': z.boolean().optional().describe("Host policy: the host's neighbor cache entries are REACHABLE (true, the default: it answers a NeighborReachabilityQuery with a non-zero HostReachabilityDelta) or stale and not confirmed by probes (false: it answers 0, then invalidates the neighbor)."),
  faults: z.array(z.enum(FAULTS)).default([]),
  /** A wire that misbehaves at random (seeded): rates of drop, duplicate and reorder, each 0-1. Turns the TCP retransmit timers on. */
  wire: z
    .strictObject({ drop: z.number().min(0).max(1).optional(), duplicate: z.number().min(0).max(1).optional(), reorder: z.number().min(0).max(1).optional() })
    .optional()
    .describe("A wire that misbehaves at random, from the scenario's seed: rates (0-1) at which it drops, duplicates and reorders segments. It turns the TCP retransmit timers on (as does any drop, duplicate or reorder step)."),
  /** Host policy: SO_KEEPALIVE on every connection (the target runs the keepalive timer); false when absent. */
  'keep-alive': z.boolean().optional().describe('Host policy: SO_KEEPALIVE on every connection: the host offloads with TCP_FLAG_KEEP_ALIVE_ENABLED and the target runs the keepalive timer (KaTimeout 2 h, then a probe every KaInterval 1 s, 10 probes); false when absent. Deliver its timer by hand: while the peer answers, it runs for ever.'),
  /** TcpAckFrequency: the target ACKs every nth data segment at once, the others when its delayed-ACK timer (200 ms) fires; 1 (every segment at once) when absent. */
  'ack-frequency': z.number().int().min(1).max(255).optional().describe("TcpAckFrequency: the offload target ACKs every nth data segment at once and the others when its delayed-ACK timer (200 ms, TcpDelayedAckTicks) fires; 1 (every segment at once) when absent. Windows' own default is 2."),
  /** Your own intermediate driver: a module (.js, .mjs or .ts) path, relative to the scenario file; every intermediate driver is one. */
  driver: z.string().min(1).optional().describe('Your own intermediate driver: a module (.js, .mjs or .ts) path, relative to the scenario file; every intermediate driver of the topology is one. `chimney check` writes it into a counterexample.'),
  /** Your own offload target: a module path, relative to the scenario file. */
  target: z.string().min(1).optional().describe('Your own offload target: a module (.js, .mjs or .ts) path, relative to the scenario file.'),
});

const indicate = z
  .strictObject({
    connection: id,
    event: EventTypeName,
    /** TcpIndicateRetrieve: the TCP_UPLOAD_REASON. */
    reason: UploadReasonName.optional().describe('TcpIndicateRetrieve: the TCP_UPLOAD_REASON.'),
    /** TcpIndicateSendBacklogChange: the optimum backlog in bytes. */
    bytes: u32.optional().describe('TcpIndicateSendBacklogChange: the optimum backlog in bytes.'),
    /** The raw EventSpecificInformation, for anything else. */
    info: u32.optional().describe('The raw EventSpecificInformation, for anything else.'),
  })
  .superRefine((v, ctx) => {
    const given = (['reason', 'bytes', 'info'] as const).filter((k) => v[k] !== undefined);
    if (given.length > 1) ctx.addIssue({ code: 'custom', message: `give one of reason, bytes or info, not ${given.join(' and ')}` });
    if (v.reason !== undefined && v.event !== 'TcpIndicateRetrieve') ctx.addIssue({ code: 'custom', path: ['reason'], message: 'reason goes with TcpIndicateRetrieve' });
    if (v.bytes !== undefined && v.event !== 'TcpIndicateSendBacklogChange') ctx.addIssue({ code: 'custom', path: ['bytes'], message: 'bytes goes with TcpIndicateSendBacklogChange' });
    if (v.event === 'TcpIndicateRetrieve' && given.length === 0) ctx.addIssue({ code: 'custom', message: 'TcpIndicateRetrieve needs a reason (a TCP_UPLOAD_REASON)' });
  });

/** A scripted wire fault: which end's segment, and which of them (1 = the next to arrive). */
const wireFault = z.strictObject({
  from: z.enum(['host', 'target', 'peer']).describe('Whose segment: the host stack\'s own TCP, the offload target, or the remote peer.'),
  nth: z.number().int().min(1).max(LIMITS.steps).default(1).describe('Which of the segments from `from` arriving after this step (1, the next, by default).'),
});

const deliver = z.union([
  z.enum(['all', 'next']),
  z.strictObject({
    /** The NDIS function of the pending item (NdisMInitiateOffloadComplete, NdisTcpOffloadEventHandler ...), `segment` or `timer`. */
    call: z.enum(nonEmpty([...Object.keys(NDIS_ROUTES), 'segment', 'timer'])).describe('The NDIS function of the pending item (NdisMInitiateOffloadComplete, NdisTcpOffloadEventHandler ...), `segment` (a segment on the wire) or `timer` (a timer: the push timer of the target, the 2MSL timer of the host, and on a lossy wire the retransmit and FIN_WAIT_2 timers of whoever owns the connection).'),
    /** The connection it is about. */
    connection: id.optional().describe('The connection it is about.'),
    /** Which of the matching items, in the order they were made (1 = the oldest, the default). */
    nth: z.number().int().min(1).max(LIMITS.steps).optional().describe('Which of the matching items, in the order they were made (1 = the oldest, the default).'),
  }),
]);

const tableRow = z.strictObject({
  local: endpoint,
  remote: endpoint,
  state: MibTcpStateName,
  offload: OffloadStateName,
  pid: u32.optional(),
});

export const Expectation = z
  .strictObject({
    /** The connection `offload` and `tcp` are about. */
    connection: id.optional().describe('The connection `offload` and `tcp` are about.'),
    offload: OffloadStateName.optional(),
    tcp: TcpStateName.optional(),
    /** With connection: bytes of the application's stream acknowledged by the peer so far. */
    acked: z.number().int().min(0).optional().describe('With connection: bytes of the application\'s stream acknowledged by the peer so far.'),
    /** With connection: bytes of the peer's stream the application has received, in order, so far. */
    received: z.number().int().min(0).optional().describe('With connection: bytes of the peer\'s stream the application has received, in order, so far.'),
    /** This NDIS function was called (so far), optionally about `connection`, by layer `by`. */
    called: ndisFunction.optional().describe('This NDIS function was called (so far), optionally about `connection`, by layer `by`.'),
    'not-called': ndisFunction.optional(),
    /** With called / not-called: only calls that carried this NDIS_STATUS back (a completion's NBL Status or block-list node Status, or what the call returned). */
    status: NdisStatusName.optional().describe('With called / not-called: only calls that carried this NDIS_STATUS back: a completion with an NBL of that Status, a state-operation completion with a block-list node of that Status (with connection: its TCP node), or a call that returned it (NdisTcpOffloadReceiveHandler: SUCCESS, OFFLOAD_DATA_PARTIALLY_ACCEPTED, OFFLOAD_DATA_NOT_ACCEPTED).'),
    /** With called / not-called: the calling layer (`host`, `IM1`, `target`). */
    by: z.string().optional().describe('With called / not-called: the calling layer (`host`, `IM1`, `target`).'),
    /** This rule was violated (so far). */
    violation: ruleId.optional().describe('This rule was violated (so far).'),
    /** This invariant of `chimney check` (not a rule: those are `violation`) is broken now. */
    invariant: z.string().regex(/^[a-z][a-z0-9-]*$/).optional().describe('This invariant of `chimney check` (one that is not a rule of the rulebook; those are `violation`) is broken at this point.'),
    /** `none`: no rule was violated so far. */
    violations: z.literal('none').optional().describe('`none`: no rule was violated so far.'),
    /** `none`: every byte the application wrote is in exactly one place (the no-byte-lost checker). */
    'bytes-lost': z.literal('none').optional().describe('`none`: every byte the application wrote is in exactly one place (the no-byte-lost checker).'),
    /** How many pending items there are. */
    pending: z.number().int().min(0).optional().describe('How many pending items there are.'),
    /** The whole GetTcpTable2 / GetTcp6Table2 view, in the Order = TRUE sort. */
    table: z.array(tableRow).optional().describe('The whole GetTcpTable2 / GetTcp6Table2 view, in the Order = TRUE sort.'),
  })
  .superRefine((v, ctx) => {
    const assertions = (['offload', 'tcp', 'acked', 'received', 'called', 'not-called', 'violation', 'invariant', 'violations', 'bytes-lost', 'pending', 'table'] as const).filter((k) => v[k] !== undefined);
    if (assertions.length === 0) ctx.addIssue({ code: 'custom', message: 'expect needs something to check: offload, tcp, acked, received, called, not-called, violation, invariant, violations, bytes-lost, pending or table' });
    if ((v.offload !== undefined || v.tcp !== undefined || v.acked !== undefined || v.received !== undefined) && v.connection === undefined) ctx.addIssue({ code: 'custom', message: 'offload, tcp, acked and received need the connection they are about' });
    if (v.by !== undefined && v.called === undefined && v['not-called'] === undefined) ctx.addIssue({ code: 'custom', path: ['by'], message: 'by goes with called or not-called' });
    if (v.status !== undefined && v.called === undefined && v['not-called'] === undefined) ctx.addIssue({ code: 'custom', path: ['status'], message: 'status goes with called or not-called' });
  });

/** Every step kind, by its key. A step is a map with exactly one of these keys. */
export const STEP_KINDS = {
  /** The host offloads these connections (one NdisInitiateOffload). */
  offload: ids.describe('The host offloads these connections (one NdisInitiateOffload).'),
  /** The host uploads these connections (NdisTerminateOffload). */
  upload: ids.describe('The host uploads these connections (NdisTerminateOffload).'),
  /** The host uploads everything (its own decision). */
  'upload-all': z.literal(true).describe('The host uploads everything (its own decision).'),
  /** The target raises NdisTcpOffloadEventHandler. */
  indicate: indicate.describe('The target raises NdisTcpOffloadEventHandler for a connection: event, and reason (Retrieve), bytes (SendBacklogChange) or info.'),
  /** The target raises an adapter-wide NdisMIndicateStatusEx. */
  status: AdapterStatusName.describe('The target raises an adapter-wide NdisMIndicateStatusEx.'),
  /** The target will fail the next offload of a connection with this status. */
  'fail-next-offload': z.strictObject({ connection: id, status: NdisStatusName }).describe('The target will fail the next offload of a connection with this status.'),
  /** The NIC's state for a connection becomes corrupt: its next query, invalidate or terminate fails (reference §6.2). */
  'hardware-failure': id.describe("The NIC's state for a connection becomes corrupt: its next query, invalidate or terminate fails (reference §6.2)."),
  /** The host updates cached TCP variables (NdisUpdateOffload). */
  update: z.strictObject({
    connection: id,
    cached: z.strictObject({
      InitialRcvWnd: u32.optional(), KaTimeout: u32.optional(), KaInterval: u32.optional(), KaProbeCount: u32.optional(),
      MaxRT: u32.optional(), TtlOrHopLimit: u32.optional(), TosOrTrafficClass: u32.optional(), Flags: u32.optional(),
    }),
  }).describe('The host updates cached TCP variables of a connection (NdisUpdateOffload).'),
  /** The host invalidates a connection's TCP, path or neighbor object (NdisInvalidateOffload). */
  invalidate: z.strictObject({ connection: id, object: z.enum(['tcp', 'path', 'neighbor']).default('tcp') }).describe('The host invalidates a connection\'s TCP, path or neighbor object (NdisInvalidateOffload).'),
  /** The host queries a connection (NdisQueryOffloadState). */
  query: id.describe('The host queries a connection (NdisQueryOffloadState).'),
  /** The connection's next hop changed: the host re-links its path (NdisUpdateOffload). */
  relink: z.strictObject({ connection: id, 'next-hop': z.string() }).describe('The connection\'s next hop changed: the host re-links its path (NdisUpdateOffload).'),
  /** ICMP PMTU: the connection's path has a new PathMtu (NdisUpdateOffload of the path when offloaded). */
  'update-path': z
    .strictObject({ connection: id, PathMtu: z.number().int().min(68).max(0xffff) })
    .describe("ICMP PMTU: the connection's path has a new PathMtu, 68 to 65535 (NdisUpdateOffload of the path object when offloaded)."),
  /** ARP / ND: the connection's next hop has a new MAC (NdisUpdateOffload of the neighbor when offloaded). */
  'update-neighbor': z
    .strictObject({ connection: id, DlDestinationAddress: z.string().regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/, 'a MAC address: six hex bytes with colons, 02:00:5e:00:00:99') })
    .describe("ARP / neighbor discovery: the connection's next hop has a new MAC, DlDestinationAddress (NdisUpdateOffload of the neighbor object when offloaded)."),
  /** The target asks about the neighbor of a connection (NdisMOffloadEventIndicate). */
  'neighbor-query': z.strictObject({ connection: id, nrd: u32 }).describe('The target asks about the neighbor of a connection (NdisMOffloadEventIndicate).'),
  /** The application writes this many bytes to a connection. */
  send: z.strictObject({ connection: id, bytes }).describe('The application writes this many bytes to a connection.'),
  /** The application posts a receive buffer of this many bytes (NdisOffloadTcpReceive when offloaded); with no-push it completes only when full. */
  receive: z
    .strictObject({ connection: id, bytes, 'no-push': z.boolean().default(false) })
    .describe('The application posts a receive buffer of this many bytes (NdisOffloadTcpReceive when offloaded); with no-push: true it completes only when full.'),
  /** The application reads what the host kept for it: everything (`read: c1`), or up to `bytes`. */
  read: z
    .union([id, z.strictObject({ connection: id, bytes: bytes.optional() })])
    .transform((v) => (typeof v === 'string' ? { connection: v } : v))
    .describe('The application reads what the host kept for it: a connection id (everything), or { connection, bytes } (up to bytes).'),
  /** The application closes the connection: a FIN after its data, or with abortive an RST (NdisOffloadTcpDisconnect when offloaded). */
  disconnect: z
    .strictObject({ connection: id, abortive: z.boolean().default(false) })
    .describe('The application closes the connection: a FIN after its data, or with abortive an RST (NdisOffloadTcpDisconnect when offloaded).'),
  /**
   * The remote peer sends this many bytes in one segment (with PSH unless push: false; with URG when
   * urgent: true), as far as this machine's window lets it: the rest follows as the window opens. With
   * ignore-window: true it is a misbehaving peer that sends them all at once, past the window.
   */
  'peer-send': z
    .strictObject({ connection: id, bytes, push: z.boolean().default(true), urgent: z.boolean().default(false), 'ignore-window': z.boolean().optional() })
    .describe("The remote peer sends this many bytes in one segment, with PSH unless push: false, and with URG (urgent data) when urgent: true — as far as this machine's advertised window lets it; the rest follows as the window opens. ignore-window: true makes it a misbehaving peer that sends them all at once, past the window (the receiver must drop what is past it)."),
  /** The remote peer's receive window changes (its application stops or starts reading): a window update on the wire. */
  'peer-window': z
    .strictObject({ connection: id, window: u32 })
    .describe('The remote peer now offers this receive window (0: its application stopped reading; more: it reads again): a window update on the wire. The peer offers 65,535 until told otherwise.'),
  /**
   * The remote peer closes its send half (a FIN on the wire): `peer-fin: c1`, or a map with on-fin (the
   * peer closes once this machine's FIN arrives, one FIN+ACK segment acknowledging it). Canonical: the id
   * alone unless on-fin is true.
   */
  'peer-fin': z
    .union([id, z.strictObject({ connection: id, 'on-fin': z.boolean().default(false) })])
    .transform((v) => (typeof v === 'string' || !v['on-fin'] ? (typeof v === 'string' ? v : v.connection) : { connection: v.connection, 'on-fin': true as const }))
    .describe("The remote peer closes its send half (a FIN on the wire): a connection id, or { connection, on-fin } (on-fin: the peer closes once this machine's FIN arrives, with one FIN+ACK segment that acknowledges it)."),
  /** The remote peer resets the connection (an RST on the wire): `peer-rst: c1`, or a map with out-of-window. */
  'peer-rst': z
    .union([id, z.strictObject({ connection: id, 'out-of-window': z.boolean().default(false) })])
    .transform((v) => (typeof v === 'string' ? { connection: v, 'out-of-window': false } : v))
    .describe('The remote peer resets the connection (an RST on the wire): a connection id, or { connection, out-of-window } (out-of-window: an RST the receiver must drop).'),
  /** The wire loses a segment: the nth (default 1, the next) from host, target or peer to arrive after this step (the peer's: its next pure ACK). */
  drop: wireFault.describe("The wire loses a segment: the nth (1, the next, by default) to arrive from `from` (host, target or peer) after this step. The peer retransmits on such a wire, so any of the peer's segments may be dropped but an RST."),
  /** The wire duplicates a segment: it arrives, and a copy arrives later. */
  duplicate: wireFault.describe('The wire duplicates a segment: the nth (1 by default) to arrive from `from` after this step arrives, and a copy of it arrives later.'),
  /** The wire reorders a segment: it is held back and arrives after the segments sent after it. */
  reorder: wireFault.describe('The wire reorders a segment: the nth (1 by default) to arrive from `from` after this step is held back, and arrives after the segments sent after it.'),
  /** Deliver pending items: all of them, the next one, or the first one matching. */
  deliver,
  /** Check the state of the simulation at this point. */
  expect: Expectation.describe('Check the state of the simulation at this point.'),
} as const;

export type StepKind = keyof typeof STEP_KINDS;

/** The connection a `peer-fin` step closes (it is an id, or a map with on-fin). */
export function peerFinConnection(v: string | { connection: string }): string {
  return typeof v === 'string' ? v : v.connection;
}
export const STEP_KIND_NAMES = Object.keys(STEP_KINDS) as StepKind[];

/** One step, canonical: exactly one key. */
export type Step = { [K in StepKind]: { [P in K]: z.output<(typeof STEP_KINDS)[K]> } }[StepKind];

export const Step = z
  .strictObject(Object.fromEntries(STEP_KIND_NAMES.map((k) => [k, STEP_KINDS[k].optional()])) as { [K in StepKind]: z.ZodOptional<(typeof STEP_KINDS)[K]> })
  .superRefine((v, ctx) => {
    const keys = Object.entries(v).filter(([, value]) => value !== undefined).map(([k]) => k);
    if (keys.length !== 1) ctx.addIssue({ code: 'custom', message: `a step has exactly one kind, got ${keys.length ? keys.join(', ') : 'none'} (expected one of ${STEP_KIND_NAMES.join(', ')})` });
  })
  .meta({ minProperties: 1, maxProperties: 1 });

export const Scenario = z.strictObject({
  /** What the scenario shows, in plain language. */
  description: z.string().min(1).describe('What the scenario shows, in plain language.'),
  topology: Topology.default(() => ({ 'intermediate-drivers': 1, 'optional-retrieve': 'upload' as const, scheduling: 'fifo' as const, faults: [] })),
  /** Seed of the random scheduler. */
  seed: u32.optional().describe('Seed of the random scheduler.'),
  connections: z.array(Connection).max(LIMITS.connections),
  steps: z.array(Step).max(LIMITS.steps),
});

export type Scenario = Omit<z.output<typeof Scenario>, 'steps'> & { steps: Step[] };
export type Expectation = z.output<typeof Expectation>;

/** The JSON Schema of the format (draft 2020-12), for editors. */
export function scenarioJsonSchema(): object {
  return z.toJSONSchema(Scenario, { io: 'input', target: 'draft-2020-12' });
}

