/**
 * Your driver with every handler watched: entering and leaving each (init included) is written to the
 * heartbeat, so the watching thread can name the handler that does not return. A driver written as an
 * xstate machine is turned into its handler table first.
 */
import { isMachineDriver, machineHandlers, type MachineDriver } from '../../drivers/fromMachine.js';
import { INTERMEDIATE_DRIVER_HANDLERS, type AnyIntermediateDriver } from '../../drivers/IntermediateDriver.js';
import { OFFLOAD_TARGET_HANDLERS, type AnyOffloadTarget } from '../../drivers/OffloadTarget.js';
import type { HeartbeatWriter } from './Heartbeat.js';

/** Every name the heartbeat can report. */
export const WATCHED_HANDLERS: readonly string[] = ['init', ...new Set([...INTERMEDIATE_DRIVER_HANDLERS, ...OFFLOAD_TARGET_HANDLERS])];

export function watchHandlers<D extends AnyIntermediateDriver | AnyOffloadTarget>(driver: D | MachineDriver, role: 'intermediate driver' | 'target', heartbeat: HeartbeatWriter): D {
  const table: Record<string, unknown> = isMachineDriver(driver)
    ? machineHandlers(driver, role, role === 'target' ? OFFLOAD_TARGET_HANDLERS : INTERMEDIATE_DRIVER_HANDLERS)
    : { ...driver };
  for (const [name, value] of Object.entries(table)) {
    if (typeof value !== 'function') continue;
    const handler = value as (...args: unknown[]) => unknown;
    table[name] = (...args: unknown[]) => {
      heartbeat.enter(name);
      try {
        return handler(...args);
      } finally {
        heartbeat.exit();
      }
    };
  }
  return table as D;
}
