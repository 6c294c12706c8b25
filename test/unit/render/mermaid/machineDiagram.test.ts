/**
 * machineDiagram and machineVisits: every registered machine is drawn from its compiled table (the same
 * text `chimney states` prints), and a run's visits — read from its trace — mark states and transitions.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compileMachine, findMachine, machineDiagram, machineVisits, MACHINES, parseScenario, runScenario, stateDiagram, transitionKey, VISITABLE_MACHINES,
  type TraceEvent,
} from '../../../../src/index.js';

function traceOf(file: string): TraceEvent[] {
  return [...runScenario(parseScenario(readFileSync(file, 'utf8'), file)).sim.trace.events];
}

const TOUR = 'scenarios/tour/offload-retrieve-upload-disconnect.yaml';

/** The visits of the machine registered as `name` in the run of `file`. */
function visitsOf(name: string, file: string) {
  const entry = findMachine(name)!;
  const visits = machineVisits(name, compileMachine(entry.machine), traceOf(file));
  if (!visits) throw new Error(`no visits for ${name}`);
  return visits;
}

describe('machineDiagram', () => {
  it.each(MACHINES.map((m) => [m.name, m] as const))('draws %s exactly as the compiled table is drawn by chimney states', (_, entry) => {
    const table = compileMachine(entry.machine);
    expect(machineDiagram(table, { drawFrom: entry.drawFrom })).toBe(stateDiagram(table, entry.drawFrom));
  });

  it('every registered machine can be highlighted from a trace', () => {
    expect([...VISITABLE_MACHINES].sort()).toEqual(MACHINES.map((m) => m.name).sort());
  });

  it('marks the states a run visited, greys the others, and counts each transition taken', () => {
    const entry = findMachine('offload')!;
    const table = compileMachine(entry.machine);
    const text = machineDiagram(table, { drawFrom: entry.drawFrom, visits: visitsOf('offload', TOUR), visitedBy: '<tour>' });
    const lines = text.split('\n');
    expect(lines).toContain('  %% highlighted: what #60;tour#62; visited');
    // The tour offloads twice and uploads once; each time neighbor, path and tcp c1 move together.
    expect(lines).toContain('  InHost --> Offloading: NdisInitiateOffload ✔ ×6');
    expect(lines).toContain('  Offloading --> Offloaded: ProtocolInitiateOffloadComplete [tcpBlockSucceeded] ✔ ×6');
    expect(lines).toContain('  Offloading --> InHost: ProtocolInitiateOffloadComplete [else]');
    expect(lines).toContain('  Offloaded --> Uploading: NdisTerminateOffload ✔ ×3');
    expect(lines).toContain('  class InHost,Offloading,Offloaded,Uploading visited');
    expect(lines.some((l) => l.startsWith('  class ') && l.endsWith(' unvisited'))).toBe(false);
  });

  it('greys a state the run never entered', () => {
    const entry = findMachine('tcp')!;
    const visits = visitsOf('tcp', TOUR);
    expect(visits.states.get('CLOSE_WAIT')).toBe(1);
    const text = machineDiagram(compileMachine(entry.machine), { drawFrom: entry.drawFrom, visits });
    expect(text).toMatch(/^ {2}class ESTABLISHED,CLOSE_WAIT visited$/m);
    expect(text).toMatch(/^ {2}class (?=.*TIME_WAIT).* unvisited$/m);
  });
});

describe('machineVisits', () => {
  it('tells which status took the adapter to OffloadPaused: UPLOAD_ALL, not PAUSE', () => {
    const visits = visitsOf('adapter', 'scenarios/adapter-status/upload-all-status.yaml');
    expect(visits.transitions.get(transitionKey('OffloadEnabled', 'NDIS_STATUS_UPLOAD_ALL', 'OffloadPaused'))).toBe(1);
    expect(visits.transitions.has(transitionKey('OffloadEnabled', 'NDIS_STATUS_OFFLOAD_PAUSE', 'OffloadPaused'))).toBe(false);
    const paused = visitsOf('adapter', 'scenarios/adapter-status/offload-pause.yaml');
    expect(paused.transitions.get(transitionKey('OffloadEnabled', 'NDIS_STATUS_OFFLOAD_PAUSE', 'OffloadPaused'))).toBe(1);
  });

  it('replays an intermediate driver’s offload entries from the calls crossing it: made, offloaded, terminating, freed', () => {
    const visits = visitsOf('im-offload-entry', TOUR);
    // Three objects (neighbor, path, tcp c1) offloaded twice through IM1, uploaded once.
    expect(visits.transitions.get(transitionKey('Offloading', 'ProtocolInitiateOffloadComplete', 'Offloaded'))).toBe(6);
    expect(visits.transitions.get(transitionKey('Offloaded', 'MiniportTerminateOffload', 'Terminating'))).toBe(3);
    expect(visits.transitions.get(transitionKey('Terminating', 'ProtocolTerminateOffloadComplete', 'Freed'))).toBe(3);
    expect(visits.transitions.has(transitionKey('Offloading', 'ProtocolInitiateOffloadComplete', 'Freed'))).toBe(false);
  });

  it('counts a failed offload’s entry freed by the [else] branch', () => {
    const events = traceOf('scenarios/offload/tcp-entries-exhausted.yaml');
    const entry = findMachine('im-offload-entry')!;
    const visits = machineVisits('im-offload-entry', compileMachine(entry.machine), events)!;
    expect(visits.transitions.get(transitionKey('Offloading', 'ProtocolInitiateOffloadComplete', 'Freed'))).toBeGreaterThan(0);
  });

  it('replays the target’s context areas: offloaded, terminating, freed', () => {
    const visits = visitsOf('target-context', TOUR);
    expect(visits.states.get('Offloaded')).toBe(6);
    expect(visits.transitions.get(transitionKey('Offloaded', 'MiniportTerminateOffload', 'Terminating'))).toBe(3);
    expect(visits.transitions.get(transitionKey('Terminating', 'NdisMTerminateOffloadComplete', 'Freed'))).toBe(3);
  });

  it('is undefined for a machine name it has no lens for', () => {
    const table = compileMachine(findMachine('offload')!.machine);
    expect(machineVisits('no-such-machine', table, [])).toBeUndefined();
  });
});
