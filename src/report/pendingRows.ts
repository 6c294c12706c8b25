/** The pending items at one point of a run, each with why it waits when it cannot be delivered now. */
import { pendingLabel } from '../system/pendingLabel.js';
import type { Simulation } from '../system/Simulation.js';
import type { PendingRow } from './ReportData.js';
import { waitingReason } from './waitingReason.js';

export function pendingRows(sim: Simulation): PendingRow[] {
  const items = sim.scheduler.all();
  return items.map((item, i) => {
    const waits = waitingReason(items, i);
    return { id: item.id, label: pendingLabel(item), caller: item.caller, ...(waits === undefined ? {} : { waits }) };
  });
}
