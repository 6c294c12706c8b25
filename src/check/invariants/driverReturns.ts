/**
 * `driver-returns`: no handler of a driver throws. In a real machine an exception in a miniport or
 * protocol handler is a bugcheck; the simulation stops where it was (HandlerThrew) and this names the
 * layer and the handler.
 */
import type { Invariant } from './Invariant.js';

export const driverReturns: Invariant = {
  name: 'driver-returns',
  source: 'WDK: every MiniportXxx / ProtocolXxx handler returns to its caller',
  description: 'No handler of a driver throws.',
  when: 'step',
  check: (sim) => (sim.crashed ? [{ invariant: 'driver-returns', message: sim.crashed.message }] : []),
};
