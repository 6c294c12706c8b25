/**
 * What the schema cannot see: connection ids declared once and used only when declared, endpoints
 * that are real addresses of one family, layer names that exist in the topology, no data from the
 * peer after its FIN or acceptable RST.
 */
import { canonicalAddress } from '../table/formatAddress.js';
import { parseEndpoint, isAddress } from './endpoint.js';
import type { Scenario, Step } from './schema.js';

export interface MeaningProblem {
  path: PropertyKey[];
  message: string;
}

/** The connection ids a step names, with the path of each inside the step. */
function connectionsOf(step: Step): Array<{ id: string; path: PropertyKey[] }> {
  const entry = step && typeof step === 'object' ? Object.entries(step)[0] : undefined;
  if (!entry) return [];
  const [kind, value]: [string, unknown] = entry;
  if ((kind === 'offload' || kind === 'upload') && Array.isArray(value)) return value.filter((id) => typeof id === 'string').map((id, i) => ({ id, path: [kind, i] }));
  if ((kind === 'offload' || kind === 'upload' || kind === 'query' || kind === 'peer-fin' || kind === 'peer-rst' || kind === 'read' || kind === 'hardware-failure') && typeof value === 'string') return [{ id: value, path: [kind] }];
  if (value && typeof value === 'object' && 'connection' in value && typeof value.connection === 'string') {
    return [{ id: value.connection, path: [kind, 'connection'] }];
  }
  return [];
}

/**
 * Also called on raw data that failed the schema (to report everything at once), so it reads
 * defensively and checks only what is there.
 */
export function checkScenarioMeaning(raw: Scenario): MeaningProblem[] {
  const problems: MeaningProblem[] = [];
  const s = {
    connections: Array.isArray(raw.connections) ? raw.connections.filter((c) => c && typeof c === 'object') : [],
    steps: Array.isArray(raw.steps) ? raw.steps : [],
    topology: { 'intermediate-drivers': Number(raw.topology?.['intermediate-drivers'] ?? 1) },
  };
  const declared = new Set<string>();
  const tuples = new Map<string, string>();
  /** The remote address of each connection whose endpoints are good, for its next hops. */
  const remotes = new Map<string, string>();
  s.connections.forEach((c, i) => {
    if (declared.has(c.id)) problems.push({ path: ['connections', i, 'id'], message: `connection '${c.id}' is declared twice` });
    declared.add(c.id);
    const endpoint = (k: 'local' | 'remote'): ReturnType<typeof parseEndpoint> | null => {
      const text = c[k];
      if (typeof text !== 'string') return null;
      try {
        return parseEndpoint(text);
      } catch (e) {
        problems.push({ path: ['connections', i, k], message: e instanceof Error ? e.message : String(e) });
        return null;
      }
    };
    const local = endpoint('local');
    const remote = endpoint('remote');
    if (local && remote) {
      if (local.address.includes(':') !== remote.address.includes(':')) {
        problems.push({ path: ['connections', i, 'remote'], message: `local and remote mix IPv4 and IPv6 (expected both of one family)` });
      }
      // One address has several spellings (`fe80::1`, `FE80:0::1`): compare what they mean.
      const key = [local, remote].map((e) => `${canonicalAddress(e.address)} ${e.port}`).join(' - ');
      if (tuples.has(key)) problems.push({ path: ['connections', i], message: `connection '${c.id}' has the same local and remote endpoints as '${tuples.get(key)}'` });
      tuples.set(key, c.id);
      remotes.set(c.id, remote.address);
    }
    if (typeof c['next-hop'] === 'string' && !isAddress(c['next-hop'])) {
      problems.push({ path: ['connections', i, 'next-hop'], message: `'${c['next-hop']}' is not an IPv4 or IPv6 address` });
    } else if (typeof c['next-hop'] === 'string' && remote && c['next-hop'].includes(':') !== remote.address.includes(':')) {
      problems.push({ path: ['connections', i, 'next-hop'], message: `next hop '${c['next-hop']}' is not of the remote address's family (expected both IPv4 or both IPv6)` });
    }
  });
  /** Connections the peer has closed (FIN) or reset (an acceptable RST), with the index of that step. */
  const peerClosed = new Map<string, { how: string; step: number }>();
  const layers = new Set(['host', 'target', ...Array.from({ length: s.topology['intermediate-drivers'] }, (_, i) => `IM${i + 1}`)]);
  s.steps.forEach((step, i) => {
    for (const { id, path } of connectionsOf(step)) {
      if (!declared.has(id)) {
        problems.push({ path: ['steps', i, ...path], message: `connection '${id}' is used but never declared (declared: ${[...declared].join(', ') || 'none'})` });
      }
    }
    if (!step || typeof step !== 'object') return;
    if ('expect' in step && typeof step.expect?.by === 'string' && !layers.has(step.expect.by)) {
      problems.push({ path: ['steps', i, 'expect', 'by'], message: `no layer '${step.expect.by}' in this topology (expected one of ${[...layers].join(', ')})` });
    }
    const peerSend: unknown = 'peer-send' in step ? step['peer-send'] : undefined;
    if (peerSend && typeof peerSend === 'object' && 'connection' in peerSend && typeof peerSend.connection === 'string') {
      const closed = peerClosed.get(peerSend.connection);
      if (closed) {
        problems.push({
          path: ['steps', i, 'peer-send'],
          message: `the peer ${closed.how} ${peerSend.connection} in steps.${closed.step}; it sends no data after that (expected peer-send before peer-fin and peer-rst)`,
        });
      }
    }
    const fin: unknown = 'peer-fin' in step ? step['peer-fin'] : undefined;
    const finId = typeof fin === 'string' ? fin : fin && typeof fin === 'object' && 'connection' in fin ? fin.connection : undefined;
    if (typeof finId === 'string' && !peerClosed.has(finId)) peerClosed.set(finId, { how: 'closed', step: i });
    if ('peer-rst' in step) {
      const rst: unknown = step['peer-rst'];
      const id =
        typeof rst === 'string' ? rst
        : rst && typeof rst === 'object' && !('out-of-window' in rst && rst['out-of-window'] === true) && 'connection' in rst ? rst.connection
        : undefined;
      if (typeof id === 'string' && !peerClosed.has(id)) peerClosed.set(id, { how: 'reset', step: i });
    }
    const relink = 'relink' in step ? step.relink : undefined;
    const hop = typeof relink?.['next-hop'] === 'string' ? relink['next-hop'] : undefined;
    const remote = relink ? remotes.get(relink.connection) : undefined;
    if (hop !== undefined && !isAddress(hop)) {
      problems.push({ path: ['steps', i, 'relink', 'next-hop'], message: `'${hop}' is not an IPv4 or IPv6 address` });
    } else if (hop !== undefined && remote !== undefined && hop.includes(':') !== remote.includes(':')) {
      problems.push({ path: ['steps', i, 'relink', 'next-hop'], message: `next hop '${hop}' is not of the family of ${relink?.connection}'s remote address ${remote} (expected both IPv4 or both IPv6)` });
    }
  });
  return problems;
}
