/**
 * The driver contract is checked when a simulation is created: a driver of the wrong shape is refused
 * with a DriverShapeError naming the driver, the handler and what was expected; a driver that
 * overrides one handler keeps the reference for the rest.
 */
import { describe, expect, it } from 'vitest';
import { DriverShapeError } from '../../../src/drivers/DriverShapeError.js';
import type { IntermediateDriver } from '../../../src/drivers/IntermediateDriver.js';
import { passThroughIntermediateDriver, type PassThroughState } from '../../../src/drivers/reference/passThroughIntermediateDriver.js';
import { referenceOffloadTarget } from '../../../src/drivers/reference/referenceOffloadTarget.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';

function refusal(options: SimulationOptions): DriverShapeError {
  try {
    createSimulation(options);
  } catch (e) {
    expect(e).toBeInstanceOf(DriverShapeError);
    return e as DriverShapeError;
  }
  throw new Error('createSimulation accepted the driver');
}

describe('a driver of the wrong shape is refused when the simulation is created', () => {
  it('a handler that is not a function', () => {
    const e = refusal({ intermediateDrivers: [{ name: 'mine', MiniportTcpOffloadSend: 42 } as never] });
    expect(e.driver).toBe('intermediate driver 1 (mine)');
    expect(e.handler).toBe('MiniportTcpOffloadSend');
    expect(e.message).toBe('intermediate driver 1 (mine): MiniportTcpOffloadSend is a number; expected a function');
  });

  it('an unknown handler name, with the closest real one', () => {
    const e = refusal({ target: { MiniportTcpOfloadSend: () => 0 } as never });
    expect(e.handler).toBe('MiniportTcpOfloadSend');
    expect(e.message).toMatch(/^offload target: MiniportTcpOfloadSend is not a handler of this contract \(did you mean MiniportTcpOffloadSend\?\)/);
  });

  it('a protocol-edge handler given to a target, which has no protocol edge', () => {
    const e = refusal({ target: { ProtocolTcpOffloadEvent: () => undefined } as never });
    expect(e.message).toMatch(/ProtocolTcpOffloadEvent is not a handler of this contract/);
  });

  it('an init that returns something that is not plain data', () => {
    const withClosure: IntermediateDriver<unknown> = { name: 'closure', init: (p) => ({ ...passThroughIntermediateDriver.init(p), later: () => 1 }) };
    const e = refusal({ intermediateDrivers: [passThroughIntermediateDriver, withClosure] });
    expect(e.driver).toBe('intermediate driver 2 (closure)');
    expect(e.handler).toBe('init');
    expect(e.message).toMatch(/returned a state that is not plain data: a function at \.later$/);
  });

  it('an init that throws', () => {
    const e = refusal({ target: { ...referenceOffloadTarget, name: 'broken', init: () => { throw new Error('no NIC'); } } });
    expect(e.message).toBe('offload target (broken): init threw: no NIC');
  });

  it('a driver that is not an object', () => {
    const e = refusal({ intermediateDrivers: [null as never] });
    expect(e.message).toMatch(/is null; expected an object of handlers \(or fromMachine\(machine\)\)/);
  });
});

describe('a driver that overrides one handler keeps the reference for the rest', () => {
  it('its handler is the one NDIS calls, and the connection still offloads through the reference handlers', () => {
    const seen: string[] = [];
    const counting: IntermediateDriver<PassThroughState> = {
      name: 'counting',
      MiniportInitiateOffload: (s, args, ndis) => {
        ndis.DbgPrint('counting: an initiate passes');
        seen.push(s.name);
        passThroughIntermediateDriver.MiniportInitiateOffload(s, args, ndis);
      },
    };
    const sim = createSimulation({ intermediateDrivers: [counting, passThroughIntermediateDriver] });
    sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
    sim.offload('1');
    sim.run();
    expect(seen).toEqual(['IM1']);
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
    expect(sim.trace.events.some((e) => e.kind === 'decision' && e.layer === 'IM1' && e.text === 'counting: an initiate passes')).toBe(true);
    expect(sim.violations).toEqual([]);
  });
});
