/**
 * The worker that runs a check or an exploration: it loads your modules, watches every handler of your
 * driver, does the job, writes the counterexample, and posts the result. The thread that started it only
 * waits and watches, so a handler that loops for ever is reported instead of hanging the checker.
 */
import { workerData } from 'node:worker_threads';
import { DriverShapeError } from '../../drivers/DriverShapeError.js';
import type { AnyIntermediateDriver } from '../../drivers/IntermediateDriver.js';
import type { AnyOffloadTarget } from '../../drivers/OffloadTarget.js';
import { checkDriver } from '../engine/checkDriver.js';
import { writeCounterexample } from '../engine/writeCounterexample.js';
import { explore } from '../explore/explore.js';
import type { UserInvariant } from '../invariants/Invariant.js';
import { DriverModuleError, loadDriverModule } from '../loadDriverModule.js';
import { HeartbeatWriter } from './Heartbeat.js';
import { watchHandlers } from './watchHandlers.js';
import type { DriverFiles, WorkerInput, WorkerMessage } from './WorkerJob.js';

const { job, heartbeat: view, port } = workerData as WorkerInput;
const heartbeat = new HeartbeatWriter(view);
const post = (m: WorkerMessage) => {
  port.postMessage(m);
  heartbeat.posted();
};

try {
  const { drivers, watched, invariants, modules } = load(job.request);
  if (job.kind === 'check') {
    const { driverFile, targetFile, out, ...rest } = job.request;
    const result = checkDriver({
      ...rest, ...watched, invariants, modules,
      observer: {
        runStarted: (config) => heartbeat.runStarted(JSON.stringify(config)),
        stepStarted: (step) => heartbeat.stepStarted(JSON.stringify(step)),
        progress: (runs) => post({ kind: 'progress', runs }),
      },
    });
    const cx = result.counterexample;
    post(cx ? { kind: 'checked', result, written: writeCounterexample(cx, out, drivers) } : { kind: 'checked', result });
  } else {
    const { driverFile, targetFile, out, fingerprints, ...rest } = job.request;
    const { fingerprintSet, ...report } = explore({
      ...rest, ...watched, invariants, modules,
      onProgress: (p) => post({ kind: 'progress', states: p.states, transitions: p.transitions }),
    });
    const full = fingerprints ? { ...report, fingerprints: [...(fingerprintSet ?? [])] } : report;
    const cx = report.counterexample;
    post(cx && out !== undefined ? { kind: 'explored', report: full, written: writeCounterexample(cx, out, drivers) } : { kind: 'explored', report: full });
  }
} catch (e) {
  const usage = e instanceof DriverModuleError || e instanceof DriverShapeError || e instanceof RangeError;
  post({ kind: 'error', usage, message: usage ? (e as Error).message : e instanceof Error ? (e.stack ?? e.message) : String(e) });
}

/** Your modules loaded, as they are (for replays) and watched (for the job), with the invariants they export. */
function load(files: DriverFiles) {
  const invariants: UserInvariant[] = [];
  const im = files.driverFile === undefined ? undefined : loadDriverModule(files.driverFile, 'intermediate driver');
  const target = files.targetFile === undefined ? undefined : loadDriverModule(files.targetFile, 'target');
  invariants.push(...(im?.invariants ?? []), ...(target?.invariants ?? []));
  return {
    invariants,
    drivers: { ...(im ? { intermediateDriver: im.driver } : {}), ...(target ? { target: target.driver } : {}) },
    watched: {
      ...(im ? { intermediateDriver: watchHandlers<AnyIntermediateDriver>(im.driver, 'intermediate driver', heartbeat) } : {}),
      ...(target ? { target: watchHandlers<AnyOffloadTarget>(target.driver, 'target', heartbeat) } : {}),
    },
    modules: { ...(files.driverFile ? { driver: files.driverFile } : {}), ...(files.targetFile ? { target: files.targetFile } : {}) },
  };
}
