/**
 * A fast-check arbitrary of canonical scenarios: what `parseScenario` gives back, so what
 * `printScenario` must write in a form that parses to the same value. Canonical means: defaults
 * filled in (topology, connection `state`, invalidate `object`, peer-send `push` and `urgent`),
 * `offload` / `upload` as lists, `query` and `hardware-failure` as one id, `read` and `peer-rst` as
 * maps, enum values as their (short) names, except the illegal numbers negative scenarios keep
 * (`event: 9`, `reason: 99`). Every scenario is also meaningful: connection ids and endpoint pairs
 * are unique, every id a step names is declared, every `by` names a layer of the topology, and the
 * peer sends no data (urgent or not) after its FIN or an acceptable RST.
 */
import fc from 'fast-check';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { NDIS_ROUTES } from '../../../src/ndis/calls.js';
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON, TcpUploadReasonEnum } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { MIB_TCP_STATE, TCPSTATE } from '../../../src/ndis/TCPSTATE.js';
import { RULEBOOK } from '../../../src/rules/rules.js';
import { FAULTS, peerFinConnection, type Scenario, type Step, type StepKind } from '../../../src/scenario/schema.js';
import { parseEndpoint } from '../../../src/scenario/endpoint.js';
import { canonicalAddress } from '../../../src/table/formatAddress.js';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
/** A positive whole number of bytes (send, receive, read, peer-send). */
const bytes = fc.integer({ min: 1, max: 0x7fffffff });

/** The names a canonical scenario writes, taken from the vocabulary itself. */
export const NAMES = {
  tcpState: Object.keys(TCPSTATE).filter((n) => n !== 'TCPSTATE_MAX').map((n) => n.replace('TCPSTATE_', '')),
  mibState: Object.keys(MIB_TCP_STATE).filter((n) => n !== 'MIB_TCP_STATE_RESERVED').map((n) => n.replace('MIB_TCP_STATE_', '')),
  offloadState: Object.keys(TCP_CONNECTION_OFFLOAD_STATE)
    .filter((n) => n !== 'TcpConnectionOffloadStateMax')
    .map((n) => n.replace('TcpConnectionOffloadState', '')),
  eventType: Object.keys(TCP_OFFLOAD_EVENT_TYPE),
  /** Both spellings of 4 (NoBufferPreposting, NoBufferProposting) are canonical: each stays as written. */
  uploadReason: Object.keys(TCP_UPLOAD_REASON).filter((n) => n !== 'MaxUploadReason'),
  ndisStatus: Object.keys(NDIS_STATUS),
  adapterStatus: ['NDIS_STATUS_OFFLOAD_PAUSE', 'NDIS_STATUS_UPLOAD_ALL', 'NDIS_STATUS_OFFLOAD_RESUME'] as const,
  ndisFunction: Object.keys(NDIS_ROUTES),
  rule: RULEBOOK.map((r) => r.id),
  cached: ['InitialRcvWnd', 'KaTimeout', 'KaInterval', 'KaProbeCount', 'MaxRT', 'TtlOrHopLimit', 'TosOrTrafficClass', 'Flags'] as const,
};

/** `letters, digits, ".", "_" or "-"`, not starting with a punctuation mark; YAML-ish ids (`1e3`, `null`, `0x1F`) included. */
export const connectionId = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,7}$/),
  fc.constantFrom('c1', '1', '0', '1.5', '1e3', '0x1F', '0o7', '1_000', 'null', 'true', 'NaN', 'Yes', 'on', '1.'),
);

const ipv4 = fc.ipV4();
const ipv6 = fc.ipV6();
const port = fc.integer({ min: 0, max: 0xffff });
const address = fc.oneof(ipv4, ipv6);
const endpointOf = (addr: string, p: number) => (addr.includes(':') ? `[${addr}]:${p}` : `${addr}:${p}`);

/** A local and remote endpoint of one address family. */
const endpointPair = fc.oneof(ipv4, ipv6).chain((first) =>
  fc.record({ local: fc.tuple(fc.constant(first), port), remote: fc.tuple(first.includes(':') ? ipv6 : ipv4, port) }),
).map(({ local, remote }) => ({ local: endpointOf(...local), remote: endpointOf(...remote) }));

/** What a pair of endpoints means, whatever the spelling of its addresses (`[::1]:1` is `[0::1]:1`). */
const endpointsMeaning = (e: { local: string; remote: string }) =>
  [e.local, e.remote].map((t) => {
    const { address, port } = parseEndpoint(t);
    return `${canonicalAddress(address)} ${port}`;
  }).join(' - ');

const connections = fc
  .uniqueArray(connectionId, { maxLength: 4 })
  .chain((ids) =>
    fc.uniqueArray(endpointPair, { minLength: ids.length, maxLength: ids.length, selector: endpointsMeaning }).chain((ends) =>
      fc.tuple(
        ...ids.map((id, i) =>
          fc.record(
            {
              id: fc.constant(id),
              local: fc.constant(ends[i]!.local),
              remote: fc.constant(ends[i]!.remote),
              pid: u32,
              state: fc.constantFrom(...NAMES.tcpState),
              'next-hop': ends[i]!.remote.startsWith('[') ? ipv6 : ipv4,
            },
            { requiredKeys: ['id', 'local', 'remote', 'pid', 'state'] },
          ),
        ),
      ),
    ),
  );

const topology = fc.record(
  {
    'intermediate-drivers': fc.integer({ min: 0, max: 8 }),
    capacity: fc.record({ neighbor: u32, path: u32, tcp: u32 }, { requiredKeys: [] }),
    'optional-retrieve': fc.constantFrom('upload' as const, 'keep' as const),
    scheduling: fc.constantFrom('fifo' as const, 'random' as const),
    'receive-buffer': u32,
    'timed-wait-delay': u32,
    'time-wait-rst': fc.constantFrom('close' as const, 'ignore' as const),
    faults: fc.subarray([...FAULTS]),
    wire: fc.record({ drop: fc.integer({ min: 0, max: 100 }).map((p) => p / 100), duplicate: fc.integer({ min: 0, max: 100 }).map((p) => p / 100), reorder: fc.integer({ min: 0, max: 100 }).map((p) => p / 100) }, { requiredKeys: [] }),
    'keep-alive': fc.boolean(),
    'ack-frequency': fc.integer({ min: 1, max: 255 }),
  },
  { requiredKeys: ['intermediate-drivers', 'optional-retrieve', 'scheduling', 'faults'] },
);

/** A number that is not a value of the enumeration (negative scenarios keep it as written). */
const illegalNumber = (isLegal: (v: number) => boolean) => fc.integer({ min: -1000, max: 1000 }).filter((v) => !isLegal(v));

/** `indicate`: the event with at most one of reason / bytes / info, as the schema pairs them. */
const indicate = (id: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.record({
      connection: id,
      event: fc.constant('TcpIndicateRetrieve'),
      reason: fc.oneof(fc.constantFrom(...NAMES.uploadReason), illegalNumber((v) => TcpUploadReasonEnum.isLegal(v))),
    }),
    fc.record({ connection: id, event: fc.constant('TcpIndicateRetrieve'), info: u32 }),
    fc.record({ connection: id, event: fc.constant('TcpIndicateSendBacklogChange'), bytes: u32, info: u32 }, { requiredKeys: ['connection', 'event'] })
      .filter((v) => !('bytes' in v && 'info' in v)),
    fc.record(
      { connection: id, event: fc.oneof(fc.constantFrom('TcpIndicateDisconnect', 'TcpIndicateAbort'), illegalNumber((v) => v >= 1 && v <= 4)), info: u32 },
      { requiredKeys: ['connection', 'event'] },
    ),
  );

/** An `expect`: at least one assertion; `offload` / `tcp` with their connection; `by` with called / not-called. */
const expectation = (id: fc.Arbitrary<string> | undefined, layers: readonly string[]) => {
  const row = fc.record(
    {
      local: fc.tuple(address, port).map(([a, p]) => endpointOf(a, p)),
      remote: fc.tuple(address, port).map(([a, p]) => endpointOf(a, p)),
      state: fc.constantFrom(...NAMES.mibState),
      offload: fc.constantFrom(...NAMES.offloadState),
      pid: u32,
    },
    { requiredKeys: ['local', 'remote', 'state', 'offload'] },
  );
  const parts = {
    ...(id ? { connection: id, offload: fc.constantFrom(...NAMES.offloadState), tcp: fc.constantFrom(...NAMES.tcpState), acked: fc.nat(), received: fc.nat() } : {}),
    called: fc.constantFrom(...NAMES.ndisFunction),
    'not-called': fc.constantFrom(...NAMES.ndisFunction),
    status: fc.constantFrom(...NAMES.ndisStatus),
    by: fc.constantFrom(...layers),
    violation: fc.constantFrom(...NAMES.rule),
    violations: fc.constant('none' as const),
    'bytes-lost': fc.constant('none' as const),
    pending: fc.nat(),
    table: fc.array(row, { maxLength: 3 }),
  };
  return fc.record(parts, { requiredKeys: [] }).filter((e: Record<string, unknown>) => {
    const assertions = ['offload', 'tcp', 'acked', 'received', 'called', 'not-called', 'violation', 'violations', 'bytes-lost', 'pending', 'table'].filter((k) => k in e);
    if (assertions.length === 0) return false;
    if (('offload' in e || 'tcp' in e || 'acked' in e || 'received' in e) && !('connection' in e)) return false;
    return (!('by' in e) && !('status' in e)) || 'called' in e || 'not-called' in e;
  });
};

/** One arbitrary per step kind (those naming a connection only when there is one to name). */
function stepArbitraries(ids: readonly string[], layers: readonly string[]): { [K in StepKind]?: fc.Arbitrary<Step> } {
  const id = ids.length > 0 ? fc.constantFrom(...ids) : undefined;
  const withConnection = <K extends StepKind>(kind: K, value: (id: fc.Arbitrary<string>) => fc.Arbitrary<unknown>) =>
    id ? { [kind]: value(id).map((v) => ({ [kind]: v }) as Step) } : {};
  const ids1to3 = (id: fc.Arbitrary<string>) => fc.array(id, { minLength: 1, maxLength: 3 });
  return {
    ...withConnection('offload', ids1to3),
    ...withConnection('upload', ids1to3),
    'upload-all': fc.constant({ 'upload-all': true } as Step),
    ...withConnection('indicate', indicate),
    status: fc.constantFrom(...NAMES.adapterStatus).map((status) => ({ status }) as Step),
    ...withConnection('fail-next-offload', (id) =>
      fc.record({ connection: id, status: fc.constantFrom(...NAMES.ndisStatus) }),
    ),
    ...withConnection('hardware-failure', (id) => id),
    ...withConnection('update', (id) =>
      fc.record({ connection: id, cached: fc.record(Object.fromEntries(NAMES.cached.map((k) => [k, u32])), { requiredKeys: [] }) }),
    ),
    ...withConnection('invalidate', (id) => fc.record({ connection: id, object: fc.constantFrom('tcp', 'path', 'neighbor') })),
    ...withConnection('query', (id) => id),
    ...withConnection('relink', (id) => fc.record({ connection: id, 'next-hop': address })),
    ...withConnection('update-path', (id) => fc.record({ connection: id, PathMtu: fc.integer({ min: 68, max: 0xffff }) })),
    ...withConnection('update-neighbor', (id) =>
      fc.record({ connection: id, DlDestinationAddress: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 }).map((b) => b.map((x) => x.toString(16).padStart(2, '0')).join(':')) }),
    ),
    ...withConnection('neighbor-query', (id) => fc.record({ connection: id, nrd: u32 })),
    ...withConnection('send', (id) => fc.record({ connection: id, bytes })),
    ...withConnection('receive', (id) => fc.record({ connection: id, bytes, 'no-push': fc.boolean() })),
    ...withConnection('read', (id) => fc.record({ connection: id, bytes }, { requiredKeys: ['connection'] })),
    ...withConnection('disconnect', (id) => fc.record({ connection: id, abortive: fc.boolean() })),
    ...withConnection('peer-send', (id) =>
      fc.record({ connection: id, bytes, push: fc.boolean(), urgent: fc.boolean(), 'ignore-window': fc.constantFrom(undefined, true, false) }).map(({ 'ignore-window': ignore, ...rest }) =>
        ignore === undefined ? rest : { ...rest, 'ignore-window': ignore },
      ),
    ),
    ...withConnection('peer-window', (id) => fc.record({ connection: id, window: fc.nat({ max: 0xffff_ffff }) })),
    ...withConnection('peer-fin', (id) => fc.oneof(id, fc.record({ connection: id, 'on-fin': fc.constant(true as const) }))),
    ...withConnection('peer-rst', (id) => fc.record({ connection: id, 'out-of-window': fc.boolean() })),
    ...Object.fromEntries((['drop', 'duplicate', 'reorder'] as const).map((k) => [
      k, fc.record({ from: fc.constantFrom('host' as const, 'target' as const, 'peer' as const), nth: fc.integer({ min: 1, max: 100 }) }).map((v) => ({ [k]: v }) as Step),
    ])),
    deliver: fc
      .oneof(
        fc.constantFrom('all', 'next'),
        fc.record({ call: fc.constantFrom(...NAMES.ndisFunction, 'segment', 'timer'), connection: id ?? fc.constant('unused') }, { requiredKeys: ['call'] })
          .map((d) => (id ? d : { call: d.call })),
      )
      .map((deliver) => ({ deliver }) as Step),
    expect: expectation(id, layers).map((e) => ({ expect: e }) as Step),
  };
}

/** Every step kind the arbitrary can make when a connection is declared (a test checks that is all of them). */
export const GENERATED_STEP_KINDS = Object.keys(stepArbitraries(['c1'], ['host'])) as StepKind[];

/** A canonical, meaningful scenario. */
export function canonicalScenario(): fc.Arbitrary<Scenario> {
  return fc
    .record({
      description: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 80 })),
      topology,
      seed: u32,
      connections,
    }, { requiredKeys: ['description', 'topology', 'connections'] })
    .chain((s) => {
      const layers = ['host', 'target', ...Array.from({ length: s.topology['intermediate-drivers'] }, (_, i) => `IM${i + 1}`)];
      const kinds = Object.values(stepArbitraries(s.connections.map((c) => c.id), layers));
      // As plain JSON data, like a parser's output: ordinary objects, none shared (fc.constant shares
      // one object, and shared objects print as YAML aliases).
      return fc
        .array(fc.oneof(...kinds), { maxLength: 12 })
        .filter(peerSendsOnlyWhileOpen)
        .map((steps) => steps.map((step) => relinkInFamily(step, s.connections)))
        .map((steps) => JSON.parse(JSON.stringify({ ...s, steps })) as Scenario);
    });
}

/** The meaning check: a relink's next hop is of its connection's family (else the connection's own remote address, on-link). */
function relinkInFamily(step: Step, declared: ReadonlyArray<{ id: string; remote: string }>): Step {
  if (!('relink' in step)) return step;
  const remote = parseEndpoint(declared.find((c) => c.id === step.relink.connection)!.remote).address;
  return remote.includes(':') === step.relink['next-hop'].includes(':') ? step : { relink: { ...step.relink, 'next-hop': remote } };
}

/** The meaning check: no `peer-send` on a connection after its `peer-fin` or an acceptable `peer-rst`. */
function peerSendsOnlyWhileOpen(steps: readonly Step[]): boolean {
  const closed = new Set<string>();
  for (const step of steps) {
    if ('peer-send' in step && closed.has(step['peer-send'].connection)) return false;
    if ('peer-fin' in step) closed.add(peerFinConnection(step['peer-fin']));
    if ('peer-rst' in step && !step['peer-rst']['out-of-window']) closed.add(step['peer-rst'].connection);
  }
  return true;
}
