/**
 * Replays a scenario for the report, one frame per command and per delivery: a `deliver: all` step
 * becomes one frame per item delivered, so the learner steps through every call. The run is the one
 * `chimney run` makes (the same setup through runScenario, the same steps through performStep, the
 * same rules judged at the same points): its trace is the golden trace, and a test says so. At each
 * delivery that chose among several pending items, the other choices are forked (forkRun), within
 * bounds; what was left out is said in `notes`.
 */
import { printStep } from '../check/engine/printStep.js';
import type { ParsedScenario } from '../scenario/parseScenario.js';
import { checkExpectation } from '../scenario/checkExpectation.js';
import { performStep, StepRefused, type ActionStep } from '../scenario/performStep.js';
import { runScenario, wireOfScenario, type RunOptions } from '../scenario/runScenario.js';
import { ScenarioInputError } from '../scenario/ScenarioInputError.js';
import { HandlerThrew } from '../system/HandlerThrew.js';
import type { TraceEvent } from '../trace/TraceEvent.js';
import { forkRun } from './forkRun.js';
import { frameOf } from './frameOf.js';
import { handlerIn, predictionFor } from './predictions.js';
import type { Fork, Frame } from './ReportData.js';
import { reportActions } from './reportActions.js';
import { reportEvents } from './reportEvents.js';

export interface RecordOptions {
  /** The modules the scenario's topology names, loaded by the caller (as for runScenario). */
  drivers?: RunOptions['drivers'];
  /** Most alternative deliveries forked in the whole report (default 60). */
  maxForks?: number;
  /** Most deliveries in one fork's continuation (default 40). */
  forkDeliveries?: number;
  /** Most frames whose "why not?" tries every action of the environment (default 200; the machines' answers are always there). */
  whyNotFrames?: number;
}

export const RECORD_DEFAULTS = { maxForks: 60, forkDeliveries: 40, whyNotFrames: 200 } as const;

export interface RecordedRun {
  frames: Frame[];
  forks: Fork[];
  notes: string[];
  /** Layer names, top to bottom: `host`, `IM1`..., `target`. */
  layers: readonly string[];
  /** The whole trace, as `chimney run` records it. */
  trace: readonly TraceEvent[];
  /** As ScenarioRun.passed: every expectation held, no unexpected violation, no unexpected crash. */
  passed: boolean;
}

export function recordRun(parsed: ParsedScenario, options: RecordOptions = {}): RecordedRun {
  const { maxForks, forkDeliveries, whyNotFrames } = { ...RECORD_DEFAULTS, ...options };
  const s = parsed.scenario;
  const wire = wireOfScenario(s); // the steps that make the wire lossy are replayed one by one below
  const topology = wire ? { ...s.topology, wire } : s.topology;
  const { sim } = runScenario({ ...parsed, scenario: { ...s, topology, steps: [] }, stepPositions: [] }, options.drivers ? { drivers: options.drivers } : {});
  const actions = reportActions(s.connections.map((c) => c.id));
  const frames: Frame[] = [];
  const forks: Fork[] = [];
  const notes: string[] = [];
  let seen = 0;
  let forksLeftOut = 0;
  const fresh = () => {
    const events = sim.trace.events.slice(seen);
    seen = sim.trace.events.length;
    return events;
  };
  const push = (kind: Frame['kind'], title: string, line: number | null) => {
    const events = fresh();
    const judged = frames.length < whyNotFrames;
    frames.push(frameOf(sim, { kind, title, line, events, ...(judged ? { actions } : {}) }));
    return events;
  };
  push('start', `${s.connections.length} ${s.connections.length === 1 ? 'connection' : 'connections'} declared; nothing has happened yet`, null);

  /** Delivers by `act` (which must deliver at most one item), as one frame, forking the other enabled items. */
  const deliverOne = (act: () => void, line: number): boolean => {
    const before = sim.pending();
    const state = before.length > 1 ? sim.snapshot() : undefined;
    act();
    const after = new Set(sim.scheduler.all().map((p) => p.id));
    const delivered = before.find((p) => !after.has(p.id));
    if (!delivered) return false;
    const from = frames.length - 1;
    push('delivery', `deliver #${delivered.id} ${delivered.label}`, line);
    for (const other of before.filter((p) => p.id !== delivered.id)) {
      if (!state || forks.length >= maxForks) {
        forksLeftOut++;
        frames[from]!.forkNote = `Delivering another of the ${before.length} pending items here was not precomputed (the report forks at most ${maxForks} alternatives).`;
        continue;
      }
      frames[from]!.forks.push(forks.length);
      forks.push(forkRun(from, state, sim.environment, { id: other.id, label: other.label }, forkDeliveries));
    }
    return true;
  };

  const outcomes: boolean[] = [];
  s.steps.forEach((step, i) => {
    const line = parsed.stepPositions[i]?.line ?? 1;
    if ('expect' in step) {
      for (const r of checkExpectation(sim, step.expect)) {
        outcomes.push(r.ok);
        frames.at(-1)!.checks.push({ ok: r.ok, text: r.ok ? `${r.what}: ${r.actual}` : `${r.what}: expected ${r.expected}, got ${r.actual}` });
      }
      return;
    }
    if (sim.crashed) return;
    try {
      perform(step, line);
    } catch (e) {
      if (e instanceof StepRefused) throw new ScenarioInputError([{ file: parsed.file, line, col: parsed.stepPositions[i]?.col ?? 1, message: e.message }]);
      if (!(e instanceof HandlerThrew)) throw e;
      push('delivery', `a driver's handler threw: ${e.message}`, line);
    }
  });

  function perform(step: ActionStep, line: number): void {
    if ('deliver' in step) {
      if (step.deliver === 'all') {
        while (!sim.stopped && deliverOne(() => sim.deliver(), line));
        sim.checkQuiescence(); // as sim.run(), then performStep, judge the "eventually" rules
        sim.checkQuiescence();
      } else deliverOne(() => performStep(sim, step), line);
    } else {
      performStep(sim, step);
      const command = sim.trace.events.slice(seen).find((e) => e.kind === 'command');
      push('command', command?.kind === 'command' ? command.text : printStep(step), line);
    }
    frames.at(-1)!.events.push(...reportEvents(fresh()));
  }

  if (!sim.crashed) sim.checkQuiescence();
  frames.at(-1)!.events.push(...reportEvents(fresh()));

  if (frames.length > whyNotFrames) notes.push(`"Why not?" tries the environment's actions on the first ${whyNotFrames} frames only; later frames give the machines' answers.`);
  if (forksLeftOut > 0) notes.push(`${forksLeftOut} alternative ${forksLeftOut === 1 ? 'delivery was' : 'deliveries were'} not precomputed (at most ${maxForks} ${maxForks === 1 ? 'fork' : 'forks'} per report).`);
  addPredictions(frames, sim.trace.events);

  const expected = new Set(s.steps.flatMap((st) => ('expect' in st && st.expect.violation ? [st.expect.violation] : [])));
  const crashExpected = s.steps.some((st) => 'expect' in st && st.expect.invariant === 'driver-returns');
  const passed = outcomes.every(Boolean) && sim.violations.every((v) => expected.has(v.rule)) && (!sim.crashed || crashExpected);
  return { frames, forks, notes, layers: sim.layers, trace: sim.trace.events, passed };
}

/** A question before every frame that changes a connection's state or makes a call. */
function addPredictions(frames: Frame[], trace: readonly TraceEvent[]): void {
  const calls = [...new Set(trace.flatMap((e) => (e.kind === 'call' ? [handlerIn(e)] : [])))];
  const bySeq = new Map(trace.map((e) => [e.seq, e]));
  frames.forEach((f, i) => {
    if (i === 0) return;
    const events = f.events.flatMap((e) => bySeq.get(e.seq) ?? []);
    const p = predictionFor(f.kind === 'delivery' ? `the scheduler delivers ${f.title.replace(/^deliver /, '')}` : f.title, events, calls, i);
    if (p) f.prediction = p;
  });
}
