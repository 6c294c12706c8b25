/**
 * The `no-leaks` invariant: once every connection is InHost and nothing is pending, nothing is left of
 * an offload that ended (reference §7.2: the IM offload entry lives for the duration of the offload;
 * §7.3: the call entry is freed with the completion; §6.2 step 7: the target frees the objects it
 * terminated). Judged from what anyone can see, whatever the driver:
 * - what crossed the bindings (the rule monitor): no TCP connection left offloaded at any binding;
 * - NDIS's own bookkeeping: no context slot left for a handle whose object is not offloaded at its
 *   binding (NDIS forgets a slot when the terminate completes);
 * - the drivers' plain-data state (every intermediate driver's and the target's): no
 *   NDIS_OFFLOAD_HANDLE-shaped value (heldHandles.ts) for an object not offloaded at any binding.
 * Paths and neighbors may stay offloaded with no connection on them (host policy), so their handles
 * are allowed while the object is still offloaded.
 */
import type { HandleRef } from '../../rules/monitor/GhostLedger.js';
import type { Simulation } from '../../system/Simulation.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { heldHandles } from './heldHandles.js';
import type { Invariant, InvariantBreak } from './Invariant.js';

const NAME = 'no-leaks';

export const noLeaks: Invariant = {
  name: NAME,
  source: 'reference §7.2-7.3 (IM offload and call entries), §6.2 step 7 (free after the terminate completes)',
  description: 'Once every connection is InHost and nothing is pending, no driver and no NDIS context slot holds anything of an offload that ended.',
  when: 'quiescent',
  check: (sim) => {
    if (sim.scheduler.size !== 0 || !everyConnectionInHost(sim)) return [];
    const out: InvariantBreak[] = [];
    const live = offloadedHandles(sim);
    const isLive = (h: HandleRef) => live.get(h.owner)?.has(h.id) === true;
    const m = sim.rules.monitor;
    for (let b = 0; b + 1 < sim.layers.length; b++) {
      for (const g of m.allGhosts(b)) {
        if (g.layer === 'Tcp') out.push(leak(`${sim.layers[b + 1]} still has ${g.label} offloaded from ${sim.layers[b]}, though every connection is InHost`));
      }
    }
    const state = sim.liveState;
    for (const [owner, slots] of Object.entries(state.ndis.contexts)) {
      for (const id of Object.keys(slots)) {
        if (!isLive({ owner, id: Number(id) })) out.push(leak(`NDIS still keeps a context slot for handle ${owner}#${id}, whose object is not offloaded`));
      }
    }
    for (let i = 1; i < state.layers.length; i++) {
      const seen = new Set<string>();
      for (const { handle, path } of heldHandles(state.layers[i])) {
        const key = `${handle.owner}#${handle.id}`;
        if (isLive(handle) || seen.has(key)) continue;
        seen.add(key);
        out.push(leak(`${sim.layers[i]} still holds handle ${key} (${handle.label}) at ${path}, whose object is no longer offloaded`));
      }
    }
    return out;
  },
};

function everyConnectionInHost(sim: Simulation): boolean {
  return sim.connectionIds().every((id) => sim.connection(id).offload === S.TcpConnectionOffloadStateInHost);
}

/** The handles of the objects offloaded or on their way, at any binding: ids by owner. */
function offloadedHandles(sim: Simulation): Map<string, Set<number>> {
  const live = new Map<string, Set<number>>();
  for (const table of sim.rules.monitor.state.objects) {
    if (!table) continue;
    for (const [owner, byId] of Object.entries(table)) {
      const ids = live.get(owner) ?? new Set<number>();
      for (const id of Object.keys(byId)) ids.add(Number(id));
      live.set(owner, ids);
    }
  }
  return live;
}

function leak(message: string): InvariantBreak {
  return { invariant: NAME, message };
}
