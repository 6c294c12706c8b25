/** stateDiagram draws a compiled machine as Mermaid, one line per transition, guards in brackets. */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { compileMachine } from '../../../src/machines/compileMachine.js';
import { stateDiagram } from '../../../src/machines/stateDiagram.js';

const machine = setup({ guards: { ok: () => true } }).createMachine({
  id: 'drawn',
  initial: 'A',
  states: { A: { on: { GO: [{ guard: 'ok', target: 'B' }, { target: 'A' }], BACK: 'B' } }, B: { on: { GO: 'A' } } },
});

describe('stateDiagram', () => {
  it('draws from the initial state, labelling the unguarded fallback [else]', () => {
    expect(stateDiagram(compileMachine(machine)).split('\n')).toEqual([
      'stateDiagram-v2',
      '  [*] --> A',
      '  A --> B: GO [ok]',
      '  A --> A: GO [else]',
      '  A --> B: BACK',
      '  B --> A: GO',
    ]);
  });

  it('draws from another state when asked, and refuses one the machine does not have', () => {
    expect(stateDiagram(compileMachine(machine), 'B').split('\n')[1]).toBe('  [*] --> B');
    expect(() => stateDiagram(compileMachine(machine), 'C')).toThrow('stateDiagram(drawn): C is not a state of the machine');
  });
});
