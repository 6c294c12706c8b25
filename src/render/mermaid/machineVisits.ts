/**
 * What a run did in one registered machine, read from its trace: the states objects were in and the
 * transitions they took, counted. The host's regions (offload, tcp, adapter) record every change as a
 * `stateChange` event; the event that caused a change is the latest call into (or out of) that layer
 * named like one of the machine's events (a handler, a function or a status code), and a transition
 * back to the same state — which records no change — is counted when such a call comes while an object
 * is in that state. The per-object machines of the drivers (an intermediate driver's offload entry, the
 * target's context area) record no changes: their life is replayed from the calls crossing the layer,
 * through the compiled machine itself (an entry is made by a MiniportInitiateOffload that carries the
 * object as new, and each later call named like an event of the machine moves it).
 */
import { nextState } from '../../machines/nextState.js';
import type { CompiledMachine } from '../../machines/CompiledMachine.js';
import { NdisStatusEnum } from '../../ndis/NDIS_STATUS.js';
import type { BlockSnapshot, CallEvent, TraceEvent } from '../../trace/TraceEvent.js';

/** States and transitions one run visited in one machine. */
export interface MachineVisits {
  /** How often each state was entered (or found, for the state an object started in). */
  readonly states: ReadonlyMap<string, number>;
  /** How often each transition was taken, by transitionKey(from, event, to). */
  readonly transitions: ReadonlyMap<string, number>;
}

/** How the trace shows a registered machine, by its registry name. */
type Lens = { readonly kind: 'stateChange'; readonly region: 'offload' | 'tcp' | 'adapter' } | { readonly kind: 'calls'; readonly layer: RegExp };

const LENSES: Readonly<Record<string, Lens>> = {
  offload: { kind: 'stateChange', region: 'offload' },
  tcp: { kind: 'stateChange', region: 'tcp' },
  adapter: { kind: 'stateChange', region: 'adapter' },
  'im-offload-entry': { kind: 'calls', layer: /^IM\d+$/ },
  'target-context': { kind: 'calls', layer: /^target$/ },
};

/** The names of the machines whose visits a trace shows. */
export const VISITABLE_MACHINES: readonly string[] = Object.keys(LENSES);

/** The key of a transition in MachineVisits.transitions. */
export function transitionKey(from: string, event: string, to: string): string {
  return `${from} ${event} ${to}`;
}

/**
 * The visits of the machine registered as `name` in a run; undefined when the trace cannot show that
 * machine (a machine added to the registry without a lens here).
 */
export function machineVisits(name: string, machine: CompiledMachine, events: readonly TraceEvent[]): MachineVisits | undefined {
  const lens = LENSES[name];
  if (!lens) return undefined;
  return lens.kind === 'stateChange' ? fromStateChanges(machine, lens.region, events) : fromCalls(machine, lens.layer, events);
}

class Counter {
  readonly states = new Map<string, number>();
  readonly transitions = new Map<string, number>();
  state(s: string): void {
    this.states.set(s, (this.states.get(s) ?? 0) + 1);
  }
  transition(from: string, event: string, to: string): void {
    const key = transitionKey(from, event, to);
    this.transitions.set(key, (this.transitions.get(key) ?? 0) + 1);
    this.state(to);
  }
}

/** The machine's event types a call stands for, seen from `layer`. */
function eventsOfCall(machine: CompiledMachine, e: CallEvent, layer: string): string[] {
  const names: string[] = [];
  if (e.callee === layer) names.push(e.handler);
  if (e.caller === layer) names.push(e.fn);
  const status = e.args['StatusCode'];
  if (e.callee === layer && typeof status === 'number') names.push(NdisStatusEnum.nameOf(status) ?? '');
  return names.filter((n) => machine.eventTypes.includes(n));
}

/** The candidates from `from` to `to`, by event type. */
function eventsBetween(machine: CompiledMachine, from: string, to: string): string[] {
  const byEvent = machine.transitions.get(from);
  if (!byEvent) return [];
  return [...byEvent].filter(([, cs]) => cs.some((c) => c.target === to)).map(([type]) => type);
}

function fromStateChanges(machine: CompiledMachine, region: string, events: readonly TraceEvent[]): MachineVisits {
  const count = new Counter();
  /** Each object's state, by `layer object`. */
  const current = new Map<string, { layer: string; state: string }>();
  /** The machine's events named by the latest call into or out of each layer. */
  const lastEvents = new Map<string, string[]>();
  for (const e of events) {
    if (e.kind === 'call') {
      for (const layer of [e.caller, e.callee]) {
        const named = eventsOfCall(machine, e, layer);
        if (named.length === 0) continue;
        lastEvents.set(layer, named);
        for (const o of current.values()) {
          if (o.layer !== layer) continue;
          for (const type of named) if (eventsBetween(machine, o.state, o.state).includes(type)) count.transition(o.state, type, o.state);
        }
      }
      continue;
    }
    if (e.kind !== 'stateChange' || e.region !== region) continue;
    const key = `${e.layer} ${e.object}`;
    if (!current.has(key)) count.state(e.from);
    current.set(key, { layer: e.layer, state: e.to });
    const candidates = eventsBetween(machine, e.from, e.to);
    const named = lastEvents.get(e.layer) ?? [];
    const event = candidates.length === 1 ? candidates[0]! : (candidates.find((c) => named.includes(c)) ?? candidates[0]);
    if (event !== undefined) count.transition(e.from, event, e.to);
    else count.state(e.to);
  }
  return count;
}

function fromCalls(machine: CompiledMachine, layerPattern: RegExp, events: readonly TraceEvent[]): MachineVisits {
  const count = new Counter();
  /** Each live entry's state, by `layer object`. */
  const entries = new Map<string, string>();
  for (const e of events) {
    if (e.kind !== 'call') continue;
    for (const layer of [e.callee, e.caller]) {
      if (!layerPattern.test(layer)) continue;
      const blocks = blockList(e);
      if (e.callee === layer && e.handler === 'MiniportInitiateOffload') {
        for (const object of e.objects) {
          const role = blocks.find((b) => b.object === object)?.role;
          const key = `${layer} ${object}`;
          if (role === 'new' || (role === undefined && !entries.has(key))) {
            entries.set(key, machine.initial);
            count.state(machine.initial);
          }
        }
        continue;
      }
      for (const type of eventsOfCall(machine, e, layer)) {
        for (const object of e.objects) {
          const key = `${layer} ${object}`;
          const from = entries.get(key);
          if (from === undefined) continue;
          const Status = blocks.find((b) => b.object === object)?.Status;
          const to = nextState(machine, from, { type, Status });
          if (to === undefined) continue;
          count.transition(from, type, to);
          if ((machine.transitions.get(to)?.size ?? 0) === 0) entries.delete(key);
          else entries.set(key, to);
        }
      }
    }
  }
  return count;
}

/** The block-list snapshot a call carries, or none. */
function blockList(e: CallEvent): readonly BlockSnapshot[] {
  const list = e.args['OffloadBlockList'];
  return Array.isArray(list) ? list : [];
}
