/** Collects what the simulations of one exploration exercised (a CoverageRecorder shared by all of them). */
import type { CoverageRecorder } from '../../rules/CoverageRecorder.js';
import type { Crossing } from '../../rules/Crossing.js';
import type { StateChange } from '../../rules/Rule.js';
import { RULEBOOK } from '../../rules/rules.js';
import { offloadStateShortName } from '../../ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { tcpStateShortName } from '../../ndis/TCPSTATE.js';
import type { ExploreCoverage } from './ExploreOptions.js';

const REGION: Record<StateChange['region'], (v: number) => string> = {
  offload: offloadStateShortName,
  tcp: tcpStateShortName,
  adapter: (v) => (v === 0 ? 'OffloadEnabled' : 'OffloadPaused'),
};

export class Coverage implements CoverageRecorder {
  private readonly rules = new Set<string>();
  private readonly crossings = new Set<string>();
  private readonly changes = new Set<string>();
  readonly violated = new Set<string>();

  rule(id: string): void {
    this.rules.add(id);
  }

  crossing(c: Crossing): void {
    this.crossings.add(`${c.caller} → ${c.callee} ${c.kind}`);
  }

  stateChange(s: StateChange): void {
    const name = REGION[s.region];
    this.changes.add(`${s.layer} ${s.region}: ${name(s.from)} --${s.cause}--> ${name(s.to)}`);
  }

  report(): ExploreCoverage {
    const all = RULEBOOK.map((r) => r.id);
    return {
      rulesExercised: all.filter((id) => this.rules.has(id)),
      rulesViolated: all.filter((id) => this.violated.has(id)),
      rulesNeverReached: all.filter((id) => !this.rules.has(id)),
      transitions: [...this.changes].sort(),
      crossings: [...this.crossings].sort(),
    };
  }
}
