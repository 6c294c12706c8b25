/**
 * The worker that runs a check: it loads your modules, watches every handler of your driver, runs
 * checkDriver, writes the counterexample, and posts the result. The thread that started it only waits
 * and watches, so a handler that loops for ever is reported instead of hanging the checker.
 */
import { workerData } from 'node:worker_threads';
import { DriverShapeError } from '../../drivers/DriverShapeError.js';
import type { AnyIntermediateDriver } from '../../drivers/IntermediateDriver.js';
import type { AnyOffloadTarget } from '../../drivers/OffloadTarget.js';
import { checkDriver } from '../engine/checkDriver.js';
import { writeCounterexample } from '../engine/writeCounterexample.js';
import type { UserInvariant } from '../invariants/Invariant.js';
import { DriverModuleError, loadDriverModule } from '../loadDriverModule.js';
import type { WorkerInput, WorkerMessage } from './CheckRequest.js';
import { HeartbeatWriter } from './Heartbeat.js';
import { watchHandlers } from './watchHandlers.js';

const { request, heartbeat: view, port } = workerData as WorkerInput;
const heartbeat = new HeartbeatWriter(view);
const post = (m: WorkerMessage) => {
  port.postMessage(m);
  heartbeat.posted();
};

try {
  const invariants: UserInvariant[] = [];
  const load = <R extends 'intermediate driver' | 'target'>(file: string | undefined, role: R) => {
    if (file === undefined) return undefined;
    const loaded = loadDriverModule(file, role);
    invariants.push(...loaded.invariants);
    return loaded.driver;
  };
  const im = load(request.driverFile, 'intermediate driver');
  const target = load(request.targetFile, 'target');
  const { driverFile, targetFile, out, ...rest } = request;
  const result = checkDriver({
    ...rest,
    ...(im ? { intermediateDriver: watchHandlers<AnyIntermediateDriver>(im, 'intermediate driver', heartbeat) } : {}),
    ...(target ? { target: watchHandlers<AnyOffloadTarget>(target, 'target', heartbeat) } : {}),
    invariants,
    modules: { ...(driverFile ? { driver: driverFile } : {}), ...(targetFile ? { target: targetFile } : {}) },
    observer: {
      runStarted: (config) => heartbeat.runStarted(JSON.stringify(config)),
      stepStarted: (step) => heartbeat.stepStarted(JSON.stringify(step)),
      progress: (runs) => post({ kind: 'progress', runs }),
    },
  });
  const cx = result.counterexample;
  post(cx ? { kind: 'done', result, written: writeCounterexample(cx, out, { ...(im ? { intermediateDriver: im } : {}), ...(target ? { target } : {}) }) } : { kind: 'done', result });
} catch (e) {
  const usage = e instanceof DriverModuleError || e instanceof DriverShapeError || e instanceof RangeError;
  post({ kind: 'error', usage, message: usage ? (e as Error).message : e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
