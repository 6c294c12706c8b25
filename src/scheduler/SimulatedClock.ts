/** Virtual time in microseconds. Nothing in the simulator reads the wall clock. The time is state; the clock reads and moves it. */
export interface ClockState {
  /** Now, in microseconds since the simulation started. */
  now: number;
}

export class SimulatedClock {
  constructor(private readonly state: ClockState = { now: 0 }) {}

  /** Now, in microseconds since the simulation started. */
  now(): number {
    return this.state.now;
  }

  /** Moves time forward to `time` (never backward). */
  advanceTo(time: number): void {
    if (time > this.state.now) this.state.now = time;
  }

  /** Moves time forward by `us` microseconds. */
  advanceBy(us: number): void {
    this.state.now += Math.max(0, us);
  }
}
