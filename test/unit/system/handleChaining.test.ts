/**
 * Handle chaining through intermediate drivers (reference §4.3, "Referencing Offloaded State Through
 * an Intermediate Driver"): an indication travels up one hop per layer, and each hop carries the
 * NdisOffloadHandle the layer above that hop allocated for the connection.
 */
import { describe, expect, it } from 'vitest';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { createSimulation } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';
import type { CallEvent, TraceEvent } from '../../../src/trace/TraceEvent.js';

function build(ims: number): Simulation {
  const sim = createSimulation({ intermediateDrivers: ims });
  sim.addConnection({ id: '1', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '10.0.0.2', remotePort: 80, owningPid: 7 });
  sim.offload('1');
  sim.run();
  expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
  return sim;
}

const calls = (events: readonly TraceEvent[], fn: string, from = 0): CallEvent[] =>
  events.slice(from).filter((e): e is CallEvent => e.kind === 'call' && e.fn === fn);

describe('NdisTcpOffloadEventHandler hops', () => {
  it.each([0, 1, 4])('with %i intermediate driver(s): one hop per layer, each with the upper layer’s handle', (ims) => {
    const sim = build(ims);
    const mark = sim.trace.events.length;
    sim.indicate('1', E.TcpIndicateRetrieve, R.UploadRequested);
    sim.run();

    const hops = calls(sim.trace.events, 'NdisTcpOffloadEventHandler', mark);
    expect(hops).toHaveLength(ims + 1);
    const expectedCallers = ['target', ...Array.from({ length: ims }, (_, i) => `IM${ims - i}`)];
    expect(hops.map((h) => h.caller)).toEqual(expectedCallers);
    const expectedCallees = [...expectedCallers.slice(1), 'host'];
    expect(hops.map((h) => h.callee)).toEqual(expectedCallees);

    const handles = hops.map((h) => String(h.args['NdisOffloadHandle']));
    // Each hop carries a handle owned by the callee (the layer above the caller).
    hops.forEach((h, i) => {
      expect(handles[i]!.startsWith(`${h.callee}#`), `hop ${i}: ${handles[i]} owned by ${h.callee}`).toBe(true);
      expect(h.args['EventType']).toBe(E.TcpIndicateRetrieve);
      expect(h.args['EventSpecificInformation']).toBe(R.UploadRequested);
      expect(h.objects).toEqual(['tcp 1']);
    });
    expect(new Set(handles).size).toBe(handles.length);
    expect(handles[handles.length - 1]).toMatch(/^host#\d+$/);

    // The host's handle for tcp 1 is the one it passed down in the initiate (the TCP node's handle).
    const initiate = calls(sim.trace.events, 'NdisInitiateOffload').find((c) => c.caller === 'host')!;
    const tree = initiate.args['OffloadBlockList'] as Array<{ object: string; handle?: string }>;
    expect(tree.find((n) => n.object === 'tcp 1')!.handle).toBe(handles[handles.length - 1]);

    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.violations).toEqual([]);
  });
});

describe('an indication racing the host’s own upload', () => {
  it('Retrieve pending, then the host uploads before it is delivered: no violation, ends InHost', () => {
    const sim = build(1);
    sim.indicate('1', E.TcpIndicateRetrieve, R.UploadRequested);
    expect(sim.pending().map((p) => p.fn)).toEqual(['NdisTcpOffloadEventHandler']);
    sim.upload('1');
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateUploading);
    // The terminate completion about tcp 1 waits until the earlier indication is delivered.
    const enabled = sim.pending();
    const all = sim.scheduler.all();
    const terminate = all.find((p) => p.isTerminate);
    expect(terminate).toBeDefined();
    expect(enabled.map((p) => p.id)).not.toContain(terminate!.id);
    sim.run();
    expect(sim.violations).toEqual([]);
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.targetUsage()).toEqual({ Neighbor: 0, Path: 0, Tcp: 0 });
    // The indication was delivered, all the way up, before the terminate completed at the host.
    const ev = sim.trace.events;
    const hostIndication = ev.findIndex((e) => e.kind === 'call' && e.fn === 'NdisTcpOffloadEventHandler' && e.callee === 'host');
    const hostTerminateDone = ev.findIndex((e) => e.kind === 'call' && e.fn === 'NdisMTerminateOffloadComplete' && e.callee === 'host');
    expect(hostIndication).toBeGreaterThan(-1);
    expect(hostTerminateDone).toBeGreaterThan(hostIndication);
  });
});
