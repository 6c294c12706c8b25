/**
 * "Why not?" answers: the reasons behind stepAllowed keep its yes/no (a reason exactly when it said
 * no), the machines answer by state and guard, and the pending items the report says wait are exactly
 * those the scheduler will not deliver now, on every delivery of every scenario.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stepRefusal } from '../../../src/check/commands/stepRefusal.js';
import { targetIndicateRefusal } from '../../../src/check/commands/targetIndicateRefusal.js';
import { scenarioDrivers } from '../../../src/check/scenarioDrivers.js';
import { isMandatoryUploadReason, TcpUploadReasonEnum } from '../../../src/ndis/TCP_UPLOAD_REASON.js';
import { TCP_CONNECTION_OFFLOAD_STATE } from '../../../src/ndis/TCP_CONNECTION_OFFLOAD_STATE.js';
import { machineRefusals } from '../../../src/report/machineRefusals.js';
import { pendingRows } from '../../../src/report/pendingRows.js';
import { reportActions } from '../../../src/report/reportActions.js';
import { findScenarioFiles, parseScenario, runScenario } from '../../../src/scenario/index.js';
import { performStep } from '../../../src/scenario/performStep.js';
import type { Simulation } from '../../../src/system/Simulation.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FILES = findScenarioFiles([join(ROOT, 'scenarios')]).map((f) => relative(ROOT, f));

/** The scenario's simulation before each of its steps and after each delivery, as `visit` sees it. */
function walk(file: string, visit: (sim: Simulation) => void): void {
  const parsed = parseScenario(readFileSync(join(ROOT, file), 'utf8'), file);
  const { sim } = runScenario({ ...parsed, scenario: { ...parsed.scenario, steps: [] }, stepPositions: [] }, { drivers: scenarioDrivers(parsed) });
  visit(sim);
  for (const step of parsed.scenario.steps) {
    if ('expect' in step || sim.crashed) continue;
    try {
      if ('deliver' in step && step.deliver === 'all') while (!sim.stopped && sim.deliver()) visit(sim);
      else performStep(sim, step);
    } catch {
      return;
    }
    visit(sim);
  }
}

describe('waitingReason', () => {
  it.each(FILES)('%s: an item waits exactly when the scheduler will not deliver it now', (file) => {
    walk(file, (sim) => {
      const free = pendingRows(sim).filter((p) => p.waits === undefined).map((p) => p.id);
      expect(free).toEqual(sim.pending().map((p) => p.id));
    });
  });
});

describe('stepRefusal', () => {
  it('gives a reason exactly when the old rule said no, for every action at every point of the raced tour', () => {
    let refused = 0;
    walk('scenarios/races/tour-with-seeded-races.yaml', (sim) => {
      for (const step of reportActions(['c1'])) {
        const reason = stepRefusal({ sim }, step);
        const peer = sim.peerView('c1');
        const offloaded = sim.connection('c1').offload === TCP_CONNECTION_OFFLOAD_STATE.TcpConnectionOffloadStateOffloaded;
        let allowed = true;
        if ('indicate' in step) {
          const r = step.indicate.reason;
          const value = r === undefined ? undefined : typeof r === 'number' ? r : TcpUploadReasonEnum.valueOf(r);
          allowed = offloaded && (r === undefined || (value !== undefined && isMandatoryUploadReason(value)) || !peer.finSent);
        } else if ('peer-send' in step || 'peer-fin' in step) allowed = !peer.finSent && !peer.reset;
        else if ('peer-rst' in step) allowed = !peer.reset;
        expect(reason === undefined, `${JSON.stringify(step)}: ${reason}`).toBe(allowed);
        if (reason !== undefined) refused++;
      }
    });
    expect(refused).toBeGreaterThan(0);
  });

  it('names the state and the reference section', () => {
    const parsed = parseScenario(readFileSync(join(ROOT, 'scenarios/tour/offload-retrieve-upload-disconnect.yaml'), 'utf8'), 'tour.yaml');
    const { sim } = runScenario({ ...parsed, scenario: { ...parsed.scenario, steps: [] }, stepPositions: [] });
    expect(targetIndicateRefusal({ sim }, 'c1')).toBe(
      'tcp c1 is InHost, not Offloaded: a target indicates only on a connection whose initiate completion has returned (reference §8 item 4)',
    );
  });
});

describe('machineRefusals', () => {
  it('answers from the machine: no transition in this state, or a guard that decides', () => {
    const why = machineRefusals([
      { layer: 'host', object: 'tcp c1', region: 'offload', state: 'Offloaded' },
      { layer: 'IM1', object: 'tcp c1', region: 'entry', state: 'Offloading' },
    ]);
    expect(why).toContainEqual({
      action: "NdisInitiateOffload on host's tcp c1", because: 'state',
      why: 'tcp c1 is Offloaded; the TCP_CONNECTION_OFFLOAD_STATE machine takes NdisInitiateOffload only in InHost',
    });
    expect(why.some((w) => w.action === "NdisTerminateOffload on host's tcp c1")).toBe(false);
    const guard = why.find((w) => w.action === "ProtocolInitiateOffloadComplete on IM1's tcp c1");
    expect(guard?.because).toBe('guard');
    expect(guard?.why).toContain('offloadSucceeded');
  });
});
