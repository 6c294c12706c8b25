/**
 * Reads a trace, event by event, and says which machine transition each step took: coverage reads the
 * trace and nothing else (design principle 6). The host's regions (offload, TCP, adapter) are seen
 * through their `stateChange` events and the calls that drive them; an intermediate driver's offload
 * entries and the target's context areas, which the trace does not show as states, are followed through
 * the calls that are their machines' events (MiniportInitiateOffload makes them, the completions and
 * terminates move them), with the machines' own guards. The observer's memory is plain data, so a
 * search can copy it with each state it explores.
 */
import { findMachine, type RegisteredMachine } from '../machines/machineRegistry.js';
import { NdisStatusEnum, offloadSucceeded } from '../ndis/NDIS_STATUS.js';
import { TCP_OFFLOAD_EVENT_TYPE } from '../ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import type { BlockSnapshot, CallEvent, StateChangeEvent, TraceEvent } from '../trace/TraceEvent.js';
import { firedTransition, machineTransitions, type MachineTransition } from './machineTransitions.js';

/** What the observer remembers between events (plain data). */
export interface ObserverMemory {
  /** The host's adapter state. */
  adapter: string;
  /** `IM1 tcp c1` → the entry's state; `target tcp c1` → the context area's state. */
  entries: Record<string, string>;
  /** The TCP event the latest evidence points to (a FIN, an RST, an ACK of our FIN, the application's close). */
  tcpEvidence?: string;
}

export function freshMemory(): ObserverMemory {
  return { adapter: 'OffloadEnabled', entries: {} };
}

const machine = (name: string): RegisteredMachine => {
  const m = findMachine(name);
  if (m === undefined) throw new Error(`TraceObserver: no machine '${name}' in the registry`);
  return m;
};

/** Calls `took` with each transition the event shows; updates `memory`. */
export function observe(memory: ObserverMemory, e: TraceEvent, took: (t: MachineTransition) => void): void {
  switch (e.kind) {
    case 'stateChange':
      if (e.region !== 'adapter') regionChange(memory, e, took);
      return;
    case 'call':
      noteTcpEvidence(memory, e);
      if (e.handler === 'ProtocolStatusEx' && e.callee === 'host') adapterStatus(memory, e, took);
      entries(memory, e, took);
      return;
    case 'segment':
      if (e.to === 'host' || e.to === 'NIC') memory.tcpEvidence = /RST/.test(e.segment) ? 'TcpIndicateAbort' : /FIN/.test(e.segment) ? 'TcpIndicateDisconnect' : 'FinAcked';
      return;
    case 'command':
      if (/^the application closes .* abortively/.test(e.text)) memory.tcpEvidence = 'AbortiveClose';
      else if (/^the application closes /.test(e.text)) memory.tcpEvidence = 'GracefulClose';
      return;
    case 'return':
    case 'pend':
    case 'decision':
    case 'violation':
      return;
  }
}

/**
 * An offload or TCP change: the machine's transition from `from` to `to`. When several events lead
 * there (ESTABLISHED → CLOSED by an RST or by an abortive close), the latest evidence decides; without
 * any, the change is not attributed rather than guessed.
 */
function regionChange(memory: ObserverMemory, e: StateChangeEvent, took: (t: MachineTransition) => void): void {
  const m = machine(e.region === 'offload' ? 'offload' : 'tcp');
  const candidates = machineTransitions(m).filter((t) => t.state === e.from && t.target === e.to);
  const chosen = candidates.length === 1 ? candidates[0] : candidates.find((t) => t.event === memory.tcpEvidence);
  if (chosen !== undefined) took(chosen);
}

function adapterStatus(memory: ObserverMemory, e: CallEvent, took: (t: MachineTransition) => void): void {
  const code = e.args['StatusCode'];
  if (typeof code !== 'number') return;
  const t = firedTransition(machine('adapter'), memory.adapter, { type: NdisStatusEnum.nameOf(code) ?? String(code) });
  if (t === undefined) return;
  took(t);
  memory.adapter = t.target;
}

function noteTcpEvidence(memory: ObserverMemory, e: CallEvent): void {
  if (e.callee !== 'host') return;
  if (e.handler === 'ProtocolTcpOffloadEvent') {
    if (e.args['EventType'] === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateDisconnect) memory.tcpEvidence = 'TcpIndicateDisconnect';
    if (e.args['EventType'] === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateAbort) memory.tcpEvidence = 'TcpIndicateAbort';
  }
  if (e.handler === 'ProtocolTcpOffloadDisconnectComplete') memory.tcpEvidence = 'FinAcked';
  if (e.handler === 'ProtocolTerminateOffloadComplete') memory.tcpEvidence = 'TcpIndicateAbort';
}

const blocks = (e: CallEvent): readonly BlockSnapshot[] => {
  const list = e.args['OffloadBlockList'];
  return Array.isArray(list) ? list : [];
};

/** The IM offload entries and the target's context areas, moved by the calls that are their events. */
function entries(memory: ObserverMemory, e: CallEvent, took: (t: MachineTransition) => void): void {
  const isIm = (layer: string) => /^IM\d+$/.test(layer);
  const move = (name: string, layer: string, node: BlockSnapshot, event: { type: string } & Record<string, unknown>) => {
    const key = `${layer} ${node.object}`;
    const state = memory.entries[key];
    if (state === undefined) return;
    const t = firedTransition(machine(name), state, event);
    if (t === undefined) return;
    took(t);
    if (t.target === 'Freed') delete memory.entries[key]; // the entry is gone: nothing moves it any more
    else memory.entries[key] = t.target;
  };
  switch (e.handler) {
    case 'MiniportInitiateOffload':
      // A new object crossing an IM makes its entry (Offloading); reaching the target, its context area (Offloaded).
      for (const node of blocks(e)) if (node.role === 'new') memory.entries[`${e.callee} ${node.object}`] = isIm(e.callee) ? 'Offloading' : 'Offloaded';
      return;
    case 'ProtocolInitiateOffloadComplete':
      if (isIm(e.callee)) for (const node of blocks(e)) move('im-offload-entry', e.callee, node, { type: 'ProtocolInitiateOffloadComplete', Status: node.Status });
      if (e.caller === 'target') for (const node of blocks(e)) if (!offloadSucceeded(node.Status)) delete memory.entries[`target ${node.object}`]; // never offloaded
      return;
    case 'MiniportTerminateOffload':
      for (const node of blocks(e)) {
        if (node.role === 'placeholder') continue;
        move(isIm(e.callee) ? 'im-offload-entry' : 'target-context', e.callee, node, { type: 'MiniportTerminateOffload' });
      }
      return;
    case 'ProtocolTerminateOffloadComplete':
      if (isIm(e.callee)) for (const node of blocks(e)) move('im-offload-entry', e.callee, node, { type: 'ProtocolTerminateOffloadComplete' });
      if (e.caller === 'target') for (const node of blocks(e)) move('target-context', 'target', node, { type: 'NdisMTerminateOffloadComplete' });
      return;
    default:
      return;
  }
}
