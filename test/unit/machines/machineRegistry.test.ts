/** The registry: one entry per machine, named for the CLI, each drawn as its own module draws it. */
import { describe, expect, it } from 'vitest';
import { adapterStateDiagram } from '../../../src/machines/adapterStateMachine.js';
import { compileMachine } from '../../../src/machines/compileMachine.js';
import { imOffloadEntryDiagram } from '../../../src/machines/imOffloadEntryMachine.js';
import { findMachine, MACHINE_NAMES, MACHINES } from '../../../src/machines/machineRegistry.js';
import { offloadStateDiagram } from '../../../src/machines/offloadStateMachine.js';
import { stateDiagram } from '../../../src/machines/stateDiagram.js';
import { tcpStateDiagram } from '../../../src/machines/tcpStateMachine.js';
import { nextTargetContextState } from '../../../src/machines/targetContextMachine.js';
import type { TargetState } from '../../../src/drivers/reference/target/TargetState.js';
import { createSimulation } from '../../../src/system/createSimulation.js';

describe('machineRegistry', () => {
  it('names the machines, offload first (the default drawing)', () => {
    expect(MACHINE_NAMES).toEqual(['offload', 'tcp', 'adapter', 'im-offload-entry', 'target-context']);
  });

  it.each(MACHINES.map((m) => [m.name, m] as const))('%s: a unique kebab-case name, one line of description, a state to draw from', (name, entry) => {
    expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(MACHINES.filter((m) => m.name === name)).toHaveLength(1);
    expect(new Set(MACHINES.map((m) => m.machine)).size).toBe(MACHINES.length);
    expect(entry.description).toMatch(/^\S[^\n]*\S$/);
    expect(compileMachine(entry.machine).transitions.has(entry.drawFrom)).toBe(true);
    expect(findMachine(name)).toBe(entry);
  });

  it('draws each machine as its own module does', () => {
    const drawn = (name: string): string => {
      const entry = findMachine(name)!;
      return stateDiagram(compileMachine(entry.machine), entry.drawFrom);
    };
    expect(drawn('offload')).toBe(offloadStateDiagram());
    expect(drawn('tcp')).toBe(tcpStateDiagram());
    expect(drawn('adapter')).toBe(adapterStateDiagram());
    expect(drawn('im-offload-entry')).toBe(imOffloadEntryDiagram());
    expect(drawn('target-context')).toBe('stateDiagram-v2\n  [*] --> Offloaded\n  Offloaded --> Terminating: MiniportTerminateOffload\n  Terminating --> Freed: NdisMTerminateOffloadComplete');
  });

  it('knows no other name', () => {
    expect(findMachine('nope')).toBeUndefined();
    expect(findMachine('toString')).toBeUndefined();
  });
});

describe('targetContextMachine', () => {
  it('is the graph the reference target moves its context areas along: Offloaded, then Terminating, then Freed', () => {
    expect(nextTargetContextState('Offloaded', { type: 'MiniportTerminateOffload' })).toBe('Terminating');
    expect(nextTargetContextState('Terminating', { type: 'NdisMTerminateOffloadComplete' })).toBe('Freed');
    expect(nextTargetContextState('Offloaded', { type: 'NdisMTerminateOffloadComplete' })).toBeUndefined();
    expect(nextTargetContextState('Freed', { type: 'MiniportTerminateOffload' })).toBeUndefined();
  });

  it('holds every context area of an offloaded connection Offloaded, and a terminate that waits for a receive indication holds it Terminating', () => {
    const sim = createSimulation({ intermediateDrivers: 1 });
    sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
    sim.offload('1');
    sim.run();
    const lives = () => (sim.snapshot().layers[2] as TargetState).objects.flatMap((o) => (o ? [`${o.layer} ${o.life}`] : []));
    expect(lives()).toEqual(['Neighbor Offloaded', 'Path Offloaded', 'Tcp Offloaded']);
    sim.peerSend('1', 500);
    sim.deliver(); // the segment reaches the NIC: the target offers it up, and that indication waits in the scheduler
    expect(sim.pending().map((p) => p.fn)).toContain('NdisTcpOffloadReceiveHandler');
    sim.upload('1');
    expect(lives()).toEqual(['Neighbor Offloaded', 'Path Offloaded', 'Tcp Terminating']);
    sim.run();
    expect(lives()).toEqual([]); // the TCP object freed; the host then let its path and neighbor go too
  });
});
