/**
 * The rulebook (reference §8) through full simulations: each rule fires on the call that breaks it
 * and stays quiet for the reference layers; adapter-wide pause / upload-all / resume.
 */
import { describe, expect, it } from 'vitest';
import { NDIS_STATUS } from '../../../src/ndis/NDIS_STATUS.js';
import { TCP_CONNECTION_OFFLOAD_STATE as S } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { TCP_OFFLOAD_EVENT_TYPE as E } from '../../../src/ndis/TCP_OFFLOAD_EVENT_TYPE.js';
import { TCP_UPLOAD_REASON as R } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { packGhost, unpackGhost, type Ghost } from '../../../src/rules/monitor/GhostLedger.js';
import { RuleMonitor } from '../../../src/rules/monitor/RuleMonitor.js';
import { RULEBOOK, ruleById } from '../../../src/rules/rules.js';
import { createSimulation, type SimulationOptions } from '../../../src/system/createSimulation.js';
import type { Simulation } from '../../../src/system/Simulation.js';

function sim3(options: SimulationOptions = {}, ids: string[] = ['1']): Simulation {
  const sim = createSimulation(options);
  ids.forEach((id, i) =>
    sim.addConnection({ id, localAddress: '10.0.0.1', localPort: 5000 + i, remoteAddress: `10.0.0.${2 + i}`, remotePort: 80, owningPid: 1 }),
  );
  return sim;
}
function offloaded(options: SimulationOptions = {}, ids: string[] = ['1']): Simulation {
  const sim = sim3(options, ids);
  sim.offload(...ids);
  sim.run();
  for (const id of ids) expect(sim.connection(id).offload).toBe(S.TcpConnectionOffloadStateOffloaded);
  expect(sim.violations).toEqual([]);
  return sim;
}
const ruleIds = (sim: Simulation) => sim.violations.map((v) => v.rule);

describe('rulebook', () => {
  it('rule ids are unique and every rule has a check', () => {
    const ids = RULEBOOK.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULEBOOK) expect(Boolean(r.onCrossing ?? r.onStateChange ?? r.atQuiescence), r.id).toBe(true);
  });
});

describe('no-indication-before-initiate-complete', () => {
  it('fires when the indication is delivered before the initiate completion', () => {
    const sim = sim3();
    sim.offload('1');
    sim.indicate('1', E.TcpIndicateRetrieve, R.UploadRequested);
    const indication = sim.pending().find((p) => p.fn === 'NdisTcpOffloadEventHandler');
    expect(indication).toBeDefined();
    expect(sim.pending().some((p) => p.fn === 'NdisMInitiateOffloadComplete')).toBe(true);
    sim.deliverItem(indication!.id);
    expect(ruleIds(sim)).toContain('no-indication-before-initiate-complete');
    const v = sim.violations.find((x) => x.rule === 'no-indication-before-initiate-complete')!;
    expect(v.layer).toBe('target');
    expect(v.objects).toEqual(['tcp 1']);
  });

  it('is quiet when the completion is delivered first', () => {
    const sim = sim3();
    sim.offload('1');
    sim.indicate('1', E.TcpIndicateRetrieve, R.UploadRequested);
    const completion = sim.pending().find((p) => p.fn === 'NdisMInitiateOffloadComplete')!;
    sim.deliverItem(completion.id);
    sim.run();
    expect(ruleIds(sim)).not.toContain('no-indication-before-initiate-complete');
  });
});

describe('mandatory-retrieve-answered-by-upload', () => {
  it('the reference host answers a mandatory Retrieve: no violation', () => {
    const sim = offloaded({ intermediateDrivers: 1 });
    sim.indicate('1', E.TcpIndicateRetrieve, R.UploadRequested);
    sim.run();
    expect(sim.violations).toEqual([]);
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
  });

  it('atQuiescence reports an Offloaded object with an unanswered mandatory reason', () => {
    const rule = ruleById('mandatory-retrieve-answered-by-upload')!;
    const m = new RuleMonitor();
    const ghost: Ghost = {
      layer: 'Tcp', label: 'tcp 1', state: S.TcpConnectionOffloadStateOffloaded, parent: null, children: 0,
      updates: 0, otherOps: 0, invalidated: false, mandatoryRetrieve: R.HardwareFailure, disconnectIndicated: false,
    };
    // The ledger keeps each object packed (GhostRecord); a Ghost is made from it and back.
    const keep = () => (m.objects(0).host = { 3: packGhost(ghost) });
    keep();
    expect(unpackGhost(m.objects(0).host![3]!)).toEqual(ghost);
    const findings = rule.atQuiescence!(m)!;
    expect(findings).toHaveLength(1);
    expect(findings[0]!.objects).toEqual(['tcp 1']);
    expect(findings[0]!.detail).toContain('HardwareFailure');

    ghost.state = S.TcpConnectionOffloadStateUploading;
    keep();
    expect(rule.atQuiescence!(m)).toEqual([]);
    ghost.state = S.TcpConnectionOffloadStateOffloaded;
    ghost.mandatoryRetrieve = 0;
    keep();
    expect(rule.atQuiescence!(m)).toEqual([]);
  });

  it('a packed object keeps every field', () => {
    const ghost: Ghost = {
      layer: 'Path', label: 'path 10.0.0.2', state: S.TcpConnectionOffloadStateUploading, parent: { owner: 'IM1', id: 7 }, children: 100_000,
      updates: 2, otherOps: 1, invalidated: true, mandatoryRetrieve: R.HardwareFailure, disconnectIndicated: true,
    };
    expect(unpackGhost(packGhost(ghost))).toEqual(ghost);
    const none: Ghost = { ...ghost, layer: 'Neighbor', parent: 3, updates: 0, otherOps: 0, invalidated: false, mandatoryRetrieve: 0, disconnectIndicated: false };
    expect(unpackGhost(packGhost(none))).toEqual(none);
    expect(Object.keys(packGhost(none)).sort()).toEqual(['bits', 'children', 'label', 'parent']);
  });

  it('the monitor clears the obligation when the terminate crosses', () => {
    const sim = offloaded({ intermediateDrivers: 0 });
    sim.indicate('1', E.TcpIndicateRetrieve, R.TimeoutExpiration);
    sim.deliver();
    const ghosts = sim.rules.monitor.allGhosts(0).filter((g) => g.layer === 'Tcp');
    expect(ghosts).toHaveLength(1);
    // The host reacted inside the indication handler: the terminate already crossed.
    expect(ghosts[0]!.state).toBe(S.TcpConnectionOffloadStateUploading);
    expect(ghosts[0]!.mandatoryRetrieve).toBe(0);
  });
});

describe('enum legality', () => {
  it.each([9, 0, 5])('event-type-legal: EventType %i', (EventType) => {
    const sim = offloaded();
    sim.indicate('1', EventType);
    sim.run();
    expect(ruleIds(sim)).toContain('event-type-legal');
    expect(sim.violations.find((v) => v.rule === 'event-type-legal')!.layer).toBe('target');
  });

  it.each([12, 0, 99])('upload-reason-legal: Retrieve with reason %i', (reason) => {
    const sim = offloaded();
    sim.indicate('1', E.TcpIndicateRetrieve, reason);
    sim.run();
    expect(ruleIds(sim)).toContain('upload-reason-legal');
  });

  it('legal EventTypes and reasons raise no enum violation', () => {
    const sim = offloaded({ hostPolicy: { optionalRetrieve: 'keep' } });
    sim.indicate('1', E.TcpIndicateSendBacklogChange, 100);
    sim.indicate('1', E.TcpIndicateRetrieve, R.LowActivity);
    sim.run();
    expect(sim.violations).toEqual([]);
  });
});

describe('no-discretionary-retrieve-when-half-closed', () => {
  it('fires on Retrieve(LowActivity) after Disconnect', () => {
    const sim = offloaded();
    sim.indicate('1', E.TcpIndicateDisconnect);
    sim.run();
    expect(sim.violations).toEqual([]);
    sim.indicate('1', E.TcpIndicateRetrieve, R.LowActivity);
    sim.run();
    expect(ruleIds(sim)).toContain('no-discretionary-retrieve-when-half-closed');
  });

  it('is quiet for a mandatory reason after Disconnect', () => {
    const sim = offloaded();
    sim.indicate('1', E.TcpIndicateDisconnect);
    sim.indicate('1', E.TcpIndicateRetrieve, R.UploadRequested);
    sim.run();
    expect(sim.violations).toEqual([]);
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
  });

  it('is quiet for an optional reason before any Disconnect', () => {
    const sim = offloaded();
    sim.indicate('1', E.TcpIndicateRetrieve, R.LowActivity);
    sim.run();
    expect(sim.violations).toEqual([]);
  });
});

describe('pause, upload-all, resume', () => {
  it('OFFLOAD_PAUSE: the reference host refuses to offload; no violation; stays InHost', () => {
    const sim = sim3();
    sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_OFFLOAD_PAUSE);
    sim.run();
    expect(sim.hostAdapterState).toBe('OffloadPaused');
    sim.offload('1');
    sim.run();
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(ruleIds(sim)).not.toContain('no-offload-while-paused');
    expect(sim.violations).toEqual([]);
    expect(sim.trace.events.some((e) => e.kind === 'call' && e.fn === 'NdisInitiateOffload')).toBe(false);
  });

  it('UPLOAD_ALL brings 3 offloaded connections InHost and frees the target', () => {
    const ids = ['1', '2', '3'];
    const sim = offloaded({}, ids);
    expect(sim.targetUsage()).toEqual({ Neighbor: 3, Path: 3, Tcp: 3 });
    sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL);
    sim.run();
    for (const id of ids) expect(sim.connection(id).offload).toBe(S.TcpConnectionOffloadStateInHost);
    expect(sim.targetUsage()).toEqual({ Neighbor: 0, Path: 0, Tcp: 0 });
    expect(sim.hostAdapterState).toBe('OffloadPaused');
    expect(sim.violations).toEqual([]);
  });

  it('RESUME allows offloading again', () => {
    const sim = offloaded();
    sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_UPLOAD_ALL);
    sim.run();
    sim.offload('1');
    sim.run();
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateInHost);
    sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_OFFLOAD_RESUME);
    sim.run();
    expect(sim.hostAdapterState).toBe('OffloadEnabled');
    sim.offload('1');
    sim.run();
    expect(sim.connection('1').offload).toBe(S.TcpConnectionOffloadStateOffloaded);
    expect(sim.violations).toEqual([]);
  });

  it('indicateStatus rejects other status codes', () => {
    const sim = sim3();
    expect(() => sim.indicateStatus(NDIS_STATUS.NDIS_STATUS_FAILURE)).toThrow(RangeError);
  });
});

describe("onViolation: 'stop'", () => {
  it('run() stops after the delivery that broke a rule', () => {
    const sim = offloaded({ onViolation: 'stop' });
    expect(sim.stopped).toBeNull();
    sim.indicate('1', 9);
    sim.indicate('1', E.TcpIndicateSendBacklogChange, 1234);
    expect(sim.pending()).toHaveLength(1); // the second waits behind the first (same object)
    sim.run();
    expect(sim.stopped).not.toBeNull();
    expect(sim.stopped!.rule).toBe('event-type-legal');
    // The second indication was never delivered.
    expect(sim.scheduler.size).toBe(1);
    expect(sim.connection('1').sendBacklog).toBe(0);
    expect(sim.deliver()).toBeUndefined();
    expect(sim.scheduler.size).toBe(1);
  });

  it("'continue' (default) runs everything", () => {
    const sim = offloaded();
    sim.indicate('1', 9);
    sim.indicate('1', E.TcpIndicateSendBacklogChange, 1234);
    sim.run();
    expect(sim.stopped).toBeNull();
    expect(sim.scheduler.size).toBe(0);
    expect(sim.connection('1').sendBacklog).toBe(1234);
    expect(ruleIds(sim)).toContain('event-type-legal');
  });
});

describe('io-aborted-after-abort through a simulation', () => {
  it.each([0, 1])(
    'a send completion made before the RST and delivered after TcpIndicateAbort is no violation (%i IMs)',
    (intermediateDrivers) => {
      const sim = offloaded({ intermediateDrivers });
      sim.send('1', 100);
      sim.postReceive('1', 50);
      // The peer acknowledges the data: the target completes the send with SUCCESS (waiting to be delivered).
      while (!sim.pending().some((p) => p.fn === 'NdisTcpOffloadSendComplete')) sim.deliver(0);
      sim.peerRst('1');
      sim.deliverItem(sim.pending().find((p) => p.kind === 'segment' && p.label.includes('RST'))!.id);
      const completion = sim.pending().find((p) => p.fn === 'NdisTcpOffloadSendComplete')!;
      const abort = sim.pending().find((p) => p.fn === 'NdisTcpOffloadEventHandler')!;
      expect(completion.id).toBeLessThan(abort.id);
      // The reset is delivered first; the receive still posted completes with REQUEST_ABORTED after it.
      sim.deliverItem(abort.id);
      sim.run();
      expect(sim.violations).toEqual([]);
    },
  );
});
