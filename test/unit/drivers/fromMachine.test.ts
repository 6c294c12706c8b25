/**
 * A driver written as an xstate machine (fromMachine) plugs in as a handler table does: each call is an
 * event, the machine's graph is the driver's state, its actions make the NDIS calls.
 */
import { describe, expect, it } from 'vitest';
import pauseAwareImMachine from '../../../examples/drivers/pause-aware-im.js';
import { assign, fromPromise, setup } from 'xstate';
import { fromMachine, type MachineDriverState } from '../../../src/drivers/fromMachine.js';
import { DriverShapeError } from '../../../src/drivers/DriverShapeError.js';
import { passThroughIntermediateDriver, type PassThroughState } from '../../../src/drivers/reference/passThroughIntermediateDriver.js';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';

/**
 * An IM whose graph is whether the adapter below is paused; every call is relayed by the reference
 * pass-through handler, whose state is the machine's context (examples/drivers/pause-aware-im.ts).
 */
const pauseAwareIm = pauseAwareImMachine;

function lifeCycle(options: SimulationOptions) {
  const sim = createSimulation(options);
  sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
  sim.offload('1');
  sim.run();
  sim.send('1', 3000);
  sim.peerSend('1', 2000);
  sim.postReceive('1', 4096);
  sim.run();
  sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE);
  sim.run();
  return sim;
}

const traceLines = (sim: ReturnType<typeof createSimulation>) => sim.trace.events.map((e) => JSON.stringify(e));

describe('fromMachine', () => {
  it('runs a machine driver in the IM slot exactly as the handler table it relays to', () => {
    const byTable = lifeCycle({ intermediateDrivers: [passThroughIntermediateDriver] });
    const byMachine = lifeCycle({ intermediateDrivers: [fromMachine(pauseAwareIm)] });
    expect(byMachine.violations).toEqual([]);
    expect(traceLines(byMachine)).toEqual(traceLines(byTable));
    const im = byMachine.snapshot().layers[1] as MachineDriverState;
    expect(im.value).toBe('paused');
    expect((im.context as PassThroughState).name).toBe('IM1');
    expect(byMachine.stateProblem()).toBeUndefined();
  });

  it('keeps its graph in the snapshot, so a restored run continues from the same machine state', () => {
    const sim = lifeCycle({ intermediateDrivers: [fromMachine(pauseAwareIm), fromMachine(pauseAwareIm)] });
    const [, im1, im2] = sim.snapshot().layers as MachineDriverState[];
    expect([im1!.value, im2!.value]).toEqual(['paused', 'paused']);
    sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME);
    sim.run();
    expect((sim.snapshot().layers[1] as MachineDriverState).value).toBe('running');
  });

  it('refuses a machine whose event is not a handler of the contract, naming it', () => {
    const machine = setup({}).createMachine({ id: 'typo', initial: 'a', states: { a: { on: { MiniportTcpOfloadSend: 'a' } } } });
    expect(() => createSimulation({ intermediateDrivers: [fromMachine(machine)] })).toThrow(DriverShapeError);
    expect(() => createSimulation({ intermediateDrivers: [fromMachine(machine)] })).toThrow(
      /intermediate driver 1 \(typo\): MiniportTcpOfloadSend is an event of the machine but not a handler of this contract/,
    );
  });

  it('refuses after and invoke, which a driver cannot use', () => {
    const delayed = setup({}).createMachine({ id: 'delayed', initial: 'a', states: { a: { after: { 100: 'b' } }, b: {} } });
    expect(() => createSimulation({ target: fromMachine(delayed) })).toThrow(/^offload target \(delayed\): state delayed\.a uses after; a driver's timers are NdisSetTimerObject/);
    const invoking = setup({ actors: { child: fromPromise(async () => 1) } }).createMachine({ id: 'invoking', initial: 'a', states: { a: { invoke: { src: 'child' } } } });
    expect(() => createSimulation({ intermediateDrivers: [fromMachine(invoking)] })).toThrow(/^intermediate driver 1 \(invoking\): state invoking\.a uses invoke/);
  });

  it('refuses a handler that leaves a context that is not plain data, naming the handler', () => {
    const leaky = setup({
      types: { context: {} as { kept: unknown }, events: {} as { type: 'ProtocolStatusEx'; ndis: unknown } },
    }).createMachine({
      id: 'leaky',
      context: { kept: null },
      initial: 'a',
      states: { a: { on: { ProtocolStatusEx: { actions: assign({ kept: ({ event }) => event.ndis }) } } } },
    });
    const sim = createSimulation({ intermediateDrivers: [fromMachine(leaky)] });
    sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE);
    expect(() => sim.run()).toThrow(/intermediate driver 1 \(leaky\): ProtocolStatusEx left a context that is not plain data/);
  });
});
