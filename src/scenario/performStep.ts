/**
 * One step of a scenario, performed on a simulation: the host, the target, the peer or the scheduler
 * does what the step says. `chimney run` replays a file with it, and `chimney check` drives a driver
 * under test with the very same steps, so a counterexample written as a scenario replays exactly.
 */
import type { Enumeration } from '../ndis/enumeration.js';
import { NDIS_STATUS, NdisStatusEnum } from '../ndis/NDIS_STATUS.js';
import { TcpOffloadEventTypeEnum } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TcpUploadReasonEnum } from '../ndis/TCP_UPLOAD_REASON.js';
import type { PendingView, Simulation } from '../system/Simulation.js';
import { connectionLabels } from './checkExpectation.js';
import type { Step } from './schema.js';

/** A step that makes something happen (every step but `expect`). */
export type ActionStep = Exclude<Step, { expect: unknown }>;

/** Why a step could not be performed: nothing pending matches a `deliver`, or the simulation refused it. */
export class StepRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepRefused';
  }
}

const LAYER = { tcp: 'Tcp', path: 'Path', neighbor: 'Neighbor' } as const;

/** The value of a name the schema accepted (a name it did not accept here is a bug in the simulator). */
export function valueNamed<V extends number>(e: Enumeration<V>, name: string): V {
  const value = e.valueOf(name);
  if (value === undefined) throw new Error(`${name} is not a ${e.typeName} name`);
  return value;
}

/**
 * Performs the step; a StepRefused says why it could not be (a RangeError from the simulation becomes
 * one). When it leaves nothing pending, the rulebook's "eventually" rules are judged then (quiescence),
 * whatever the step was: a scenario, `chimney check` and `chimney explore` judge them at the same points.
 */
export function performStep(sim: Simulation, step: ActionStep): void {
  try {
    perform(sim, step);
  } catch (e) {
    if (e instanceof RangeError) throw new StepRefused(e.message);
    throw e;
  }
  sim.checkQuiescence();
}

function perform(sim: Simulation, step: ActionStep): void {
  if ('offload' in step) return sim.offload(...step.offload);
  if ('upload' in step) return sim.upload(...step.upload);
  if ('upload-all' in step) return sim.uploadAll();
  if ('indicate' in step) {
    const { connection, event, reason, bytes, info } = step.indicate;
    const EventType = typeof event === 'number' ? event : valueNamed(TcpOffloadEventTypeEnum, event);
    const why = reason === undefined ? undefined : typeof reason === 'number' ? reason : valueNamed(TcpUploadReasonEnum, reason);
    return sim.indicate(connection, EventType, why ?? bytes ?? info ?? 0);
  }
  if ('status' in step) return sim.indicateStatus(NDIS_STATUS[step.status]);
  if ('hardware-failure' in step) return sim.hardwareFailure(step['hardware-failure']);
  if ('fail-next-offload' in step) {
    const { connection, status } = step['fail-next-offload'];
    return sim.planInitiateFailure(connection, valueNamed(NdisStatusEnum, String(status)));
  }
  if ('update' in step) return sim.update(step.update.connection, step.update.cached);
  if ('invalidate' in step) return sim.invalidate(step.invalidate.connection, LAYER[step.invalidate.object]);
  if ('query' in step) return sim.query(step.query);
  if ('relink' in step) return sim.relink(step.relink.connection, step.relink['next-hop']);
  if ('send' in step) return sim.send(step.send.connection, step.send.bytes);
  if ('receive' in step) return sim.postReceive(step.receive.connection, step.receive.bytes, step.receive['no-push']);
  if ('read' in step) return sim.read(step.read.connection, step.read.bytes);
  if ('peer-send' in step) {
    const { connection, bytes, push, urgent } = step['peer-send'];
    return sim.peerSend(connection, bytes, push, urgent, step['peer-send']['ignore-window'] ?? false); // refused once the peer closed or reset the connection
  }
  if ('peer-window' in step) {
    return sim.peerWindow(step['peer-window'].connection, step['peer-window'].window);
  }
  if ('disconnect' in step) return sim.disconnect(step.disconnect.connection, step.disconnect.abortive);
  if ('peer-fin' in step) {
    const fin = step['peer-fin'];
    return typeof fin === 'string' ? sim.peerFin(fin) : sim.peerFin(fin.connection, fin['on-fin']);
  }
  if ('drop' in step) return sim.wireFault('drop', step.drop.from, step.drop.nth);
  if ('duplicate' in step) return sim.wireFault('duplicate', step.duplicate.from, step.duplicate.nth);
  if ('reorder' in step) return sim.wireFault('reorder', step.reorder.from, step.reorder.nth);
  if ('peer-rst' in step) return sim.peerRst(step['peer-rst'].connection, step['peer-rst']['out-of-window']);
  if ('update-path' in step) return sim.updatePathMtu(step['update-path'].connection, step['update-path'].PathMtu);
  if ('update-neighbor' in step) return sim.updateNeighborMac(step['update-neighbor'].connection, step['update-neighbor'].DlDestinationAddress);
  if ('neighbor-query' in step) return sim.neighborReachabilityQuery(step['neighbor-query'].connection, step['neighbor-query'].nrd);
  if ('deliver' in step) {
    const d = step.deliver;
    if (d === 'all') sim.run(); // "eventually" rules are judged whenever everything has been delivered
    else if (d === 'next') {
      if (!sim.deliver()) throw new StepRefused(noSuchPending(sim, 'item'));
    } else {
      const item = matchingPending(sim, d.call, d.connection)[(d.nth ?? 1) - 1];
      if (!item) throw new StepRefused(noSuchPending(sim, `${d.nth && d.nth > 1 ? `#${d.nth} ` : ''}${d.call}${d.connection ? ` about ${d.connection}` : ''}`));
      sim.deliverItem(item.id);
    }
    return;
  }
  const never: never = step;
  throw new Error(`unknown step ${JSON.stringify(never)}`);
}

/** The pending items a `deliver: { call, connection }` step matches, in the order they were made. */
export function matchingPending(sim: Simulation, call: string, connection: string | undefined): PendingView[] {
  const labels = connection === undefined ? [] : connectionLabels(sim, connection);
  return sim.pending().filter((p) => p.fn === call && (connection === undefined || p.objects.some((o) => labels.includes(o))));
}

function noSuchPending(sim: Simulation, wanted: string): string {
  const pending = sim.pending().map((p) => `#${p.id} ${p.label}`);
  return `no pending ${wanted} can be delivered now (pending: ${pending.join('; ') || 'none'})`;
}
