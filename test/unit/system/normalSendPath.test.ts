/**
 * The host stack's own TCP sends on the normal path through NDIS (NdisSendNetBufferLists ->
 * MiniportSendNetBufferLists), hop by hop through every intermediate driver to the NIC, as its
 * receives come up; an intermediate driver sees every frame.
 */
import { describe, expect, it } from 'vitest';
import type { IntermediateDriver } from '../../../src/drivers/IntermediateDriver.js';
import { passThroughIntermediateDriver, type PassThroughState } from '../../../src/drivers/reference/passThroughIntermediateDriver.js';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';
import type { CallEvent } from '../../../src/trace/TraceEvent.js';

function sendInHost(options: SimulationOptions) {
  const sim = createSimulation(options);
  sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
  sim.send('1', 700);
  sim.run();
  return sim;
}

const sends = (sim: ReturnType<typeof createSimulation>) =>
  sim.trace.events.filter((e): e is CallEvent => e.kind === 'call' && e.fn === 'NdisSendNetBufferLists');

describe('NdisSendNetBufferLists', () => {
  it.each([0, 1, 3])('with %i intermediate driver(s): one hop per binding, then the segment reaches the peer', (ims) => {
    const sim = sendInHost({ intermediateDrivers: ims });
    const hops = sends(sim).filter((h) => String(h.args['NetBufferLists']).endsWith('seq 0 len 700 ack 0 win 65535'));
    const layers = ['host', ...Array.from({ length: ims }, (_, i) => `IM${i + 1}`), 'target'];
    expect(hops.map((h) => `${h.caller}→${h.callee}`)).toEqual(layers.slice(0, -1).map((l, i) => `${l}→${layers[i + 1]}`));
    expect(hops.every((h) => h.handler === 'MiniportSendNetBufferLists')).toBe(true);
    expect(sim.peerView('1').received).toBe(700);
    expect(sim.violations).toEqual([]);
  });

  it('an intermediate driver that drops the frames it is given keeps the data from the peer', () => {
    const dropping: IntermediateDriver<PassThroughState> = { name: 'dropping', MiniportSendNetBufferLists: (_s, _args, ndis) => ndis.DbgPrint('drops a frame') };
    const sim = sendInHost({ intermediateDrivers: [passThroughIntermediateDriver, dropping] });
    expect(sends(sim).map((h) => `${h.caller}→${h.callee}`)).toEqual(['host→IM1', 'IM1→IM2']);
    expect(sim.peerView('1').received).toBe(0);
  });
});
