/**
 * A driver developer's first hour, through the public API alone (nothing below is imported from
 * anywhere but src/index.ts): write an intermediate driver that changes one handler of the reference
 * pass-through driver, run a connection's life through it, read its state, save and restore the run.
 */
import { describe, expect, it } from 'vitest';
import {
  createSimulation,
  NDIS_STATUS,
  passThroughIntermediateDriver,
  restoreSimulation,
  simulationEnvironment,
  TCP_CONNECTION_OFFLOAD_STATE,
  TCP_OFFLOAD_EVENT_TYPE,
  TCP_UPLOAD_REASON,
  type IntermediateDriver,
  type IntermediateDriverParams,
  type PassThroughState,
} from '../src/index.js';

/** My driver's state: the reference state, plus how many indications it relayed. */
interface CountingState extends PassThroughState {
  relayedEvents: number;
}

const countingIm: IntermediateDriver<CountingState> = {
  name: 'counting-im',
  init: (params: IntermediateDriverParams) => ({ ...passThroughIntermediateDriver.init(params), relayedEvents: 0 }),
  ProtocolTcpOffloadEvent: (s, args, ndis) => {
    s.relayedEvents += 1;
    ndis.DbgPrint(`counting-im relays indication ${s.relayedEvents}`);
    passThroughIntermediateDriver.ProtocolTcpOffloadEvent(s, args, ndis);
  },
};

const options = { intermediateDrivers: [countingIm, passThroughIntermediateDriver] };

function offloadedConnection() {
  const sim = createSimulation(options);
  sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
  sim.offload('1');
  sim.run();
  return sim;
}

describe('a user-written driver through the public API', () => {
  it('is called by NDIS for the handler it overrides, and the reference handlers do the rest', () => {
    const sim = offloadedConnection();
    expect(sim.connection('1').offload).toBe(TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloaded);
    sim.send('1', 2000);
    sim.indicate('1', TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.UploadRequested);
    sim.run();
    expect(sim.connection('1').offload).toBe(TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateInHost);
    expect((sim.snapshot().layers[1] as CountingState).relayedEvents).toBe(1);
    expect(sim.trace.events.filter((e) => e.kind === 'decision' && e.layer === 'IM1').map((e) => e.kind === 'decision' && e.text)).toContain('counting-im relays indication 1');
    expect(sim.violations).toEqual([]);
  });

  it('keeps its state in the snapshot, which restores in a new environment built from the same options', () => {
    const sim = offloadedConnection();
    const saved = JSON.parse(JSON.stringify(sim.snapshot()));
    const restored = restoreSimulation(saved, simulationEnvironment(options));
    for (const s of [sim, restored]) {
      s.indicate('1', TCP_OFFLOAD_EVENT_TYPE.TcpIndicateRetrieve, TCP_UPLOAD_REASON.UploadRequested);
      s.run();
    }
    expect(restored.fingerprint()).toBe(sim.fingerprint());
    expect((restored.snapshot().layers[1] as CountingState).relayedEvents).toBe(1);
  });

  it('meets the rulebook: a driver that answers a send with NDIS_STATUS_SUCCESS instead of PENDING is caught, by rule id', () => {
    const synchronous: IntermediateDriver<PassThroughState> = {
      name: 'synchronous-send',
      MiniportTcpOffloadSend: (s, args, ndis) => {
        passThroughIntermediateDriver.MiniportTcpOffloadSend(s, args, ndis);
        return NDIS_STATUS.NDIS_STATUS_SUCCESS;
      },
    };
    const sim = createSimulation({ intermediateDrivers: [synchronous] });
    sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
    sim.offload('1');
    sim.run();
    sim.send('1', 1000);
    sim.run();
    expect(sim.violations.map((v) => v.rule)).toContain('io-returns-pending');
  });
});
