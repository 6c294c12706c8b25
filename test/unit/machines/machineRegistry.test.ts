/** The registry: one entry per machine, named for the CLI, each drawn as its own module draws it. */
import { describe, expect, it } from 'vitest';
import { adapterStateDiagram } from '../../../src/machines/adapterStateMachine.js';
import { compileMachine } from '../../../src/machines/compileMachine.js';
import { imOffloadEntryDiagram } from '../../../src/machines/imOffloadEntryMachine.js';
import { findMachine, MACHINE_NAMES, MACHINES } from '../../../src/machines/machineRegistry.js';
import { offloadStateDiagram } from '../../../src/machines/offloadStateMachine.js';
import { stateDiagram } from '../../../src/machines/stateDiagram.js';
import { tcpStateDiagram } from '../../../src/machines/tcpStateMachine.js';

describe('machineRegistry', () => {
  it('names the four machines, offload first (the default drawing)', () => {
    expect(MACHINE_NAMES).toEqual(['offload', 'tcp', 'adapter', 'im-offload-entry']);
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
  });

  it('knows no other name', () => {
    expect(findMachine('nope')).toBeUndefined();
    expect(findMachine('toString')).toBeUndefined();
  });
});
