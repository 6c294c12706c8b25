/** Virtual time in microseconds. Nothing in the simulator reads the wall clock. */
export class SimulatedClock {
  private current = 0;

  /** Now, in microseconds since the simulation started. */
  now(): number {
    return this.current;
  }

  /** Moves time forward to `time` (never backward). */
  advanceTo(time: number): void {
    if (time > this.current) this.current = time;
  }

  /** Moves time forward by `us` microseconds. */
  advanceBy(us: number): void {
    this.current += Math.max(0, us);
  }
}
