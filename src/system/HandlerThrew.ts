/**
 * A driver's handler threw. In C the machine would have bugchecked; here the simulation stops where it
 * was, and the error names the layer and the handler (`IM1's MiniportUpdateOffload threw TypeError: ...`).
 * `chimney check` reports it as the invariant `driver-returns`, and a scenario that expects it replays to it.
 */
export class HandlerThrew extends Error {
  constructor(
    readonly layer: string,
    readonly handler: string,
    readonly thrown: unknown,
  ) {
    super(`${layer}'s ${handler} threw ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`);
    this.name = 'HandlerThrew';
  }
}
