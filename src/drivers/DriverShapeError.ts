/**
 * The error a simulation is refused with when one of its drivers does not have the shape of the
 * contract: it names the driver, the handler (or `init`) and what was expected.
 */
export class DriverShapeError extends Error {
  constructor(
    /** Which driver: `intermediate driver 1 (my-im)`, `offload target (my-target)`. */
    readonly driver: string,
    /** The handler (or `init`) at fault, if one is. */
    readonly handler: string | undefined,
    /** What was wrong and what was expected. */
    readonly problem: string,
  ) {
    super(`${driver}: ${handler ? `${handler} ` : ''}${problem}`);
    this.name = 'DriverShapeError';
  }
}

