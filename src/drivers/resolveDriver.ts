/**
 * Checking a driver when a simulation is created, and filling in what it leaves out. A driver of the
 * wrong shape — a handler that is not a function, a name that is not a handler, an `init` that does not
 * return plain data — is refused here with a DriverShapeError naming the driver, the handler and what
 * was expected, never later with a stack trace.
 */
import { plainDataProblem } from '../data/plainData.js';
import { DriverShapeError } from './DriverShapeError.js';
import { isMachineDriver, machineHandlers, type MachineDriver } from './fromMachine.js';
import { INTERMEDIATE_DRIVER_HANDLERS, type AnyIntermediateDriver, type IntermediateDriver, type IntermediateDriverParams } from './IntermediateDriver.js';
import { OFFLOAD_TARGET_HANDLERS, type AnyOffloadTarget, type OffloadTarget, type OffloadTargetParams } from './OffloadTarget.js';
import { passThroughIntermediateDriver } from './reference/passThroughIntermediateDriver.js';
import { referenceOffloadTarget } from './reference/referenceOffloadTarget.js';

const NON_HANDLER_KEYS: readonly string[] = ['name', 'init'];

/** The closest known name to `name` (edit distance at most 3), for "did you mean". */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** Checks the keys and handler types of a driver object against the handler names it may have. */
function checkShape(driver: unknown, what: string, handlers: readonly string[]): Record<string, unknown> {
  if (!isRecord(driver)) {
    throw new DriverShapeError(what, undefined, `is ${driver === null ? 'null' : Array.isArray(driver) ? 'an array' : `a ${typeof driver}`}; expected an object of handlers (or fromMachine(machine))`);
  }
  const d = driver;
  for (const key of Object.keys(d)) {
    const value = d[key];
    if (key === 'name') {
      if (value !== undefined && typeof value !== 'string') throw new DriverShapeError(what, 'name', `is a ${typeof value}; expected a string`);
      continue;
    }
    if (!handlers.includes(key) && !NON_HANDLER_KEYS.includes(key)) {
      const near = closest(key, [...handlers, ...NON_HANDLER_KEYS]);
      throw new DriverShapeError(what, key, `is not a handler of this contract${near ? ` (did you mean ${near}?)` : ''}; expected one of ${handlers.join(', ')}, init, name`);
    }
    if (value !== undefined && typeof value !== 'function') {
      throw new DriverShapeError(what, key, `is ${value === null ? 'null' : `a ${typeof value}`}; expected a function`);
    }
  }
  return d;
}

/** An object that is not an array: what a driver of handlers must be. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What a thrown value says: its message, or the value as text. */
function messageOf(e: unknown): string {
  const message = isRecord(e) ? e['message'] : undefined;
  return message == null ? String(e) : String(message);
}

/** Calls a driver's init and checks that it returned plain data. */
export function initDriver<S, P>(init: (params: P) => S, params: P, what: string): S {
  let state: S;
  try {
    state = init(params);
  } catch (e) {
    throw new DriverShapeError(what, 'init', `threw: ${messageOf(e)}`);
  }
  const problem = plainDataProblem(state);
  if (problem) throw new DriverShapeError(what, 'init', `returned a state that is not plain data: ${problem}`);
  return state;
}

/** An intermediate driver with every handler: its own, and the pass-through driver's for the rest. */
export type ResolvedIntermediateDriver = Required<Omit<IntermediateDriver, 'name'>> & { name: string; /** How messages name it: `intermediate driver 2 (my-im)`. */ label: string };

/**
 * Resolved drivers by driver object and label: a driver is checked and completed once, however many
 * simulations use it (a driver object is not expected to change once it is plugged in).
 */
const resolvedIntermediateDrivers = new WeakMap<object, Map<string, ResolvedIntermediateDriver>>();
const resolvedOffloadTargets = new WeakMap<object, Map<string, ResolvedOffloadTarget>>();

function once<R>(cache: WeakMap<object, Map<string, R>>, driver: unknown, what: string, resolve: () => R): R {
  if (typeof driver !== 'object' || driver === null) return resolve();
  let byLabel = cache.get(driver);
  if (!byLabel) cache.set(driver, (byLabel = new Map()));
  let r = byLabel.get(what);
  if (r === undefined) byLabel.set(what, (r = resolve()));
  return r;
}

/** Checks a user's intermediate driver and fills what it leaves out from the pass-through driver. */
export function resolveIntermediateDriver(driver: AnyIntermediateDriver | MachineDriver, what: string): ResolvedIntermediateDriver {
  return once(resolvedIntermediateDrivers, driver, what, () => resolveIntermediateDriverNow(driver, what));
}

function resolveIntermediateDriverNow(driver: AnyIntermediateDriver | MachineDriver, what: string): ResolvedIntermediateDriver {
  if (isMachineDriver(driver)) return { ...machineHandlers(driver, what, INTERMEDIATE_DRIVER_HANDLERS), label: what } as unknown as ResolvedIntermediateDriver;
  const d = checkShape(driver, what, INTERMEDIATE_DRIVER_HANDLERS) as IntermediateDriver;
  return { ...(passThroughIntermediateDriver as unknown as ResolvedIntermediateDriver), ...stripUndefined(d), name: d.name ?? 'custom', label: what } as ResolvedIntermediateDriver;
}

/** An offload target with every handler: its own, and the reference target's for the rest. */
export type ResolvedOffloadTarget = Required<Omit<OffloadTarget, 'name'>> & { name: string; /** How messages name it: `offload target (my-target)`. */ label: string };

/** Checks a user's offload target and fills what it leaves out from the reference target. */
export function resolveOffloadTarget(target: AnyOffloadTarget | MachineDriver, what: string): ResolvedOffloadTarget {
  return once(resolvedOffloadTargets, target, what, () => resolveOffloadTargetNow(target, what));
}

function resolveOffloadTargetNow(target: AnyOffloadTarget | MachineDriver, what: string): ResolvedOffloadTarget {
  if (isMachineDriver(target)) return { ...machineHandlers(target, what, OFFLOAD_TARGET_HANDLERS), label: what } as unknown as ResolvedOffloadTarget;
  const d = checkShape(target, what, OFFLOAD_TARGET_HANDLERS) as OffloadTarget;
  return { ...(referenceOffloadTarget as unknown as ResolvedOffloadTarget), ...stripUndefined(d), name: d.name ?? 'custom', label: what } as ResolvedOffloadTarget;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  const record: Record<string, unknown> = out;
  for (const [k, v] of Object.entries(o)) if (v !== undefined) record[k] = v;
  return out;
}

export { DriverShapeError };
export type { IntermediateDriverParams, OffloadTargetParams };
