/**
 * What the HTML report embeds, as one JSON value: the run cut into frames (one command or one delivery
 * each), and per frame what the stepper shows — the trace events of that frame, the state of every
 * layer, the GetTcpTable2 rows, the pending items and why the others wait, what is not possible now
 * and why, the alternative deliveries ("what if") and a question to predict the next frame. Computed in
 * Node; the page only displays it.
 */

/** One trace event as the page shows it: its sequence number, kind and narration lines. */
export interface ReportEvent {
  seq: number;
  kind: string;
  lines: string[];
}

/** The state of one object in one layer (or one layer-wide state such as the host's adapter state). */
export interface LayerRow {
  layer: string;
  object: string;
  /** Which graph: `offload`, `tcp`, `adapter`, `entry` (an IM's offload entry), `context` (a target's context area). */
  region: string;
  state: string;
}

/** One row of GetTcpTable2 / GetTcp6Table2, as text. */
export interface TableRow {
  local: string;
  remote: string;
  state: string;
  offload: string;
  pid: number;
}

/** A pending item: deliverable now, or waiting (and for what). */
export interface PendingRow {
  id: number;
  label: string;
  caller: string;
  /** Why it cannot be delivered now; absent when it can. */
  waits?: string;
}

/** Something that cannot happen now, and why: the state, guard or rule that stops it. */
export interface WhyNot {
  /** What was asked: `offload c1`, `TcpIndicateRetrieve(LowActivity) on c1`, `NdisTerminateOffload on tcp c1`. */
  action: string;
  /** `state` (no transition in this state), `guard` (a guard decides), `rule` (a documented rule), `refused` (the simulation refuses it). */
  because: 'state' | 'guard' | 'rule' | 'refused';
  why: string;
}

/** An expectation of the scenario judged at this point of the run. */
export interface CheckRow {
  ok: boolean;
  text: string;
}

/** A question asked before a frame is shown: which of `choices` will happen. */
export interface Prediction {
  question: string;
  choices: string[];
  /** Index of the right choice. */
  answer: number;
  /** Why that is what happens. */
  why: string;
}

/** One step of a run as the stepper shows it. */
export interface Frame {
  kind: 'start' | 'command' | 'delivery';
  title: string;
  /** The scenario line of the step that made this frame (null for the start). */
  line: number | null;
  events: ReportEvent[];
  layers: LayerRow[];
  table: TableRow[];
  /** What could be delivered next (after this frame). */
  pending: PendingRow[];
  whyNot: WhyNot[];
  checks: CheckRow[];
  /** Forks that deliver another item instead of the one the next frame delivers (indexes into `forks`). */
  forks: number[];
  /** Said when the next frame chose among several items but not every alternative was precomputed. */
  forkNote?: string;
  /** Asked before this frame is shown. */
  prediction?: Prediction;
}

/** "What if": from frame `from`, deliver `item` instead, then everything still pending FIFO. */
export interface Fork {
  from: number;
  item: { id: number; label: string };
  frames: Frame[];
  /** True when the continuation was cut after the bound; the page says so. */
  truncated: boolean;
}

export interface ReportData {
  format: 'chimney-sim/report/1';
  /** The scenario file, as given. */
  file: string;
  description: string;
  layers: string[];
  /** The Mermaid sequence diagram of the run, in numbered parts. */
  diagram: string[];
  frames: Frame[];
  forks: Fork[];
  /** What the report left out and why (bounds reached). */
  notes: string[];
  passed: boolean;
}
