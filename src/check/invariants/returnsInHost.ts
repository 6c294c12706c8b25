/**
 * The `returns-in-host` invariant (liveness, with a bound): a connection the host must bring back —
 * after a mandatory TcpIndicateRetrieve (reference §2.3, §8 item 14), a TcpIndicateAbort (§6.2, §8 item
 * 12), an NDIS_STATUS_UPLOAD_ALL (§6.10), or once its NdisTerminateOffload went down — is InHost again
 * within LIVENESS_BOUND_US of virtual time, and certainly before the run goes quiet (with nothing
 * pending, nothing more will move it).
 *
 * The bound is in virtual time (the scheduler's clock, which moves as pending items are delivered: a
 * completion takes 100 µs, a push timer 500 ms): one minute, far more than the reference drivers need
 * (a few completions) and more than the longest random run can spend, so only a driver that holds the
 * upload back breaks it. The clock starts at the first check that sees the obligation (checks run after
 * every step); a simulation restored from a snapshot starts its clocks again.
 *
 * The obligation is read from what crossed the host's binding (the rule monitor's record of the host's
 * handle: a mandatory Retrieve not yet answered, a terminate in flight) and from the host's TCB (aborted,
 * an UPLOAD_ALL being carried out). It ends when that record goes: the terminate completed (a record made
 * again by a later offload is a new one).
 */
import type { HostState } from '../../layers/host/HostState.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TcpUploadReasonEnum } from '../../ndis/TCP_UPLOAD_REASON.js';
import { unpackGhost, type GhostRecord } from '../../rules/monitor/GhostLedger.js';
import type { Simulation } from '../../system/Simulation.js';
import type { Invariant, InvariantBreak } from './Invariant.js';

/** One minute of virtual time, in microseconds. */
export const LIVENESS_BOUND_US = 60_000_000;

const NAME = 'returns-in-host';

/** An open obligation: the host's record of the connection at its binding, since when, and why. */
interface Owed {
  readonly record: GhostRecord;
  readonly since: number;
  readonly why: string;
}

/** Per simulation, per connection id: what is owed (the simulation's own state is not touched). */
const owedBySimulation = new WeakMap<Simulation, Map<string, Owed>>();

export const returnsInHost: Invariant = {
  name: NAME,
  source: 'reference §2.3 and §8 item 14 (mandatory reasons), §6.2 and §8 item 12 (Abort), §6.10 (UPLOAD_ALL)',
  description:
    'After a mandatory TcpIndicateRetrieve, a TcpIndicateAbort, NDIS_STATUS_UPLOAD_ALL or NdisTerminateOffload, the connection is InHost again within one minute of virtual time, and before nothing is pending.',
  when: 'step',
  check: (sim) => {
    let owed = owedBySimulation.get(sim);
    if (!owed) owedBySimulation.set(sim, (owed = new Map()));
    const host = sim.liveState.layers[0] as HostState;
    const atHost = sim.rules.monitor.state.objects[0];
    const now = sim.clock.now();
    const quiet = sim.scheduler.size === 0;
    const out: InvariantBreak[] = [];
    for (const t of Object.values(host.tcbs)) {
      const record = atHost?.[t.handle.owner]?.[t.handle.id];
      const known = owed.get(t.id);
      if (known && known.record !== record) owed.delete(t.id); // the terminate completed
      if (!record) continue;
      let o = owed.get(t.id);
      if (!o) {
        const why = obligation(record, t.aborted, host.releaseAll);
        if (!why) continue;
        owed.set(t.id, (o = { record, since: now, why }));
      }
      const waited = now - o.since;
      if (quiet || waited > LIVENESS_BOUND_US) {
        const when = quiet ? 'and nothing is pending any more' : `${(waited / 1e6).toFixed(1)} s of virtual time later (bound ${LIVENESS_BOUND_US / 1e6} s)`;
        out.push({ invariant: NAME, message: `tcp ${t.id} is not InHost after ${o.why}, ${when}` });
      }
    }
    return out;
  },
};

/** Why the host must bring the connection back, or undefined. */
function obligation(record: GhostRecord, aborted: boolean, uploadingAll: boolean): string | undefined {
  const g = unpackGhost(record);
  if (g.layer !== 'Tcp') return undefined;
  if (g.mandatoryRetrieve !== 0) return `TcpIndicateRetrieve(${TcpUploadReasonEnum.format(g.mandatoryRetrieve)})`;
  if (aborted) return 'TcpIndicateAbort';
  if (uploadingAll) return 'NDIS_STATUS_UPLOAD_ALL';
  if (g.state === S.TcpConnectionOffloadStateUploading) return 'its NdisTerminateOffload';
  return undefined;
}
