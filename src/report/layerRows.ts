/**
 * The state of every layer at one point of a run, read from a snapshot: the host's connections
 * (offload and TCP regions), paths, neighbors and adapter state; each reference intermediate driver's
 * offload entries; the reference target's context areas; the peer's view. A user's driver keeps state
 * of its own shape: it shows as one row saying so.
 */
import type { TargetState } from '../drivers/reference/target/TargetState.js';
import type { PassThroughState } from '../drivers/reference/passThrough/PassThroughState.js';
import type { HostState } from '../layers/host/HostState.js';
import type { RemotePeerState } from '../layers/peer/remotePeer.js';
import { offloadStateShortName } from '../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { tcpStateShortName } from '../ndis/TCPSTATE.js';
import { isReferenceTargetState } from '../system/inspect.js';
import type { SimulationState } from '../system/SimulationState.js';
import type { LayerRow } from './ReportData.js';

export function layerRows(state: SimulationState): LayerRow[] {
  const rows: LayerRow[] = [];
  const last = state.layers.length - 1;
  state.layers.forEach((layer, k) => {
    const name = state.names[k] ?? `layer ${k}`;
    if (k === 0) rows.push(...hostRows(name, layer as HostState));
    else if (k === last) rows.push(...targetRows(name, layer));
    else rows.push(...intermediateRows(name, layer));
  });
  rows.push(...peerRows(state.peer));
  return rows;
}

function hostRows(layer: string, host: HostState): LayerRow[] {
  const rows: LayerRow[] = [{ layer, object: 'adapter', region: 'adapter', state: host.paused ? 'OffloadPaused' : 'OffloadEnabled' }];
  for (const t of Object.values(host.tcbs)) {
    rows.push({ layer, object: t.label, region: 'offload', state: offloadStateShortName(t.offload) });
    rows.push({ layer, object: t.label, region: 'tcp', state: tcpStateShortName(t.tcp) });
  }
  for (const p of Object.values(host.paths)) rows.push({ layer, object: p.label, region: 'offload', state: offloadStateShortName(p.offload) });
  for (const n of Object.values(host.neighbors)) rows.push({ layer, object: n.label, region: 'offload', state: offloadStateShortName(n.offload) });
  return rows;
}

function intermediateRows(layer: string, state: unknown): LayerRow[] {
  const entries = (state as Partial<PassThroughState> | null)?.entries;
  if (typeof entries !== 'object' || entries === null) return [ownShape(layer)];
  const rows = Object.values(entries).map((e) => ({ layer, object: e.ownHandle.label, region: 'entry', state: String(e.state) }));
  return rows.length > 0 ? rows : [{ layer, object: '(no offload entries)', region: 'entry', state: '—' }];
}

function targetRows(layer: string, state: unknown): LayerRow[] {
  if (!isReferenceTargetState(state)) return [ownShape(layer)];
  const rows = (state as TargetState).objects.flatMap((o) => (o ? [{ layer, object: o.NdisOffloadHandle.label, region: 'context', state: o.life }] : []));
  return rows.length > 0 ? rows : [{ layer, object: '(no context areas)', region: 'context', state: '—' }];
}

function peerRows(peer: RemotePeerState): LayerRow[] {
  return Object.entries(peer.connections).map(([tuple, p]) => ({
    layer: 'peer', object: tuple, region: 'wire',
    state: `sent ${p.sndNxt}, received ${p.rcvNxt}${p.finSent ? ', FIN sent' : ''}${p.reset ? ', reset' : ''}`,
  }));
}

function ownShape(layer: string): LayerRow {
  return { layer, object: '(a driver with state of its own shape)', region: '—', state: '—' };
}
