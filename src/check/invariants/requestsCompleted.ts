/**
 * The `requests-completed` invariant: once nothing is pending, every request a layer passed down has been
 * completed (reference §8 items 1 and 2: each state-manipulation operation completes exactly once, each
 * NBL is completed exactly once). Nothing pending means nothing more will happen, so a request still
 * open then never completes: the layer below it holds it for ever (the host's connection hangs).
 *
 * It reads what NDIS saw cross each binding (the rule monitor's record), so it judges any driver: an
 * object whose initiate or terminate has not completed (still Offloading or Uploading at that binding),
 * an update, query or invalidate in flight, a send, disconnect or forwarded segment not completed.
 * Posted receive buffers are left out: a posted buffer legitimately waits for data that may never come.
 * So are the sends of a connection whose peer has reset it: the peer will never acknowledge them, and
 * this wire never retransmits, so nothing would complete them (a real target's retransmission timer would).
 * And the sends of a connection whose peer offers a zero window: they wait, rightly, for its application
 * to read again (the persist timer stops probing after its last probe, reference §6.12), or whose last
 * window to reach the NIC was zero (its window update lost on the wire after that); or whose peer
 * shrank its window and dropped data in flight (RFC 1122 §4.2.2.16: only a retransmission sends it again).
 */
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import type { HostState } from '../../layers/host/HostState.js';
import type { Simulation } from '../../system/Simulation.js';
import type { Invariant, InvariantBreak } from './Invariant.js';

const NAME = 'requests-completed';

export const requestsCompleted: Invariant = {
  name: NAME,
  source: 'reference §8 items 1-2 (WDK: NdisMInitiateOffloadComplete ... NdisTcpOffloadSendComplete)',
  description: 'When nothing is pending, every state-manipulation request and every send, disconnect and forward that went down has been completed.',
  when: 'quiescent',
  check: (sim) => {
    const out: InvariantBreak[] = [];
    const m = sim.rules.monitor;
    for (let b = 0; b + 1 < sim.layers.length; b++) {
      const lower = sim.layers[b + 1]!;
      const place = `${sim.layers[b]}→${lower}`;
      for (const g of m.allGhosts(b)) {
        if (g.state === S.TcpConnectionOffloadStateOffloading) out.push(open(`${lower} never completed the initiate of ${g.label} (${place})`));
        else if (g.state === S.TcpConnectionOffloadStateUploading) out.push(open(`${lower} never completed the terminate of ${g.label} (${place})`));
        if (g.updates > 0) out.push(open(`${lower} never completed ${g.updates} update(s) of ${g.label} (${place})`));
        if (g.otherOps > 0) out.push(open(`${lower} never completed ${g.otherOps} query or invalidate(s) of ${g.label} (${place})`));
      }
      const nbls = m.state.outstanding[b];
      if (!nbls) continue;
      for (const kind of ['send', 'forward'] as const) {
        for (const [connection, ids] of Object.entries(nbls[kind])) {
          if (ids.length > 0 && !peerReset(sim, connection) && !(kind === 'send' && peerWindowShut(sim, connection))) out.push(open(`${lower} never completed ${kind} NBL(s) ${ids.map((i) => `#${i}`).join(', ')} of ${connection} (${place})`));
        }
      }
    }
    return out;
  },
};

/** True when the peer of the connection with this label (`tcp a`) has reset it. */
function peerReset(sim: Simulation, label: string): boolean {
  const t = (sim.liveState.layers[0] as HostState).tcbs[label];
  return t !== undefined && sim.peerView(t.id).reset;
}

/**
 * True when the peer of the connection with this label offers a zero window, or the last window that
 * reached the NIC from it was zero (on a lossy wire its window update may be lost after the target's
 * last probe: the target waits for the next one, rightly).
 */
function peerWindowShut(sim: Simulation, label: string): boolean {
  const t = (sim.liveState.layers[0] as HostState).tcbs[label];
  const p = t === undefined ? undefined : sim.peerView(t.id);
  return p !== undefined && (p.window === 0 || p.dropped > 0 || sim.rules.monitor.window(label)?.peerWnd === 0);
}

function open(message: string): InvariantBreak {
  return { invariant: NAME, message };
}

