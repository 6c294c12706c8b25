/**
 * Loads your driver from a module file: `.js`, `.mjs`, `.cjs`, or TypeScript (`.ts`, `.mts`, `.cts`)
 * through tsx's loader API (`tsx/cjs/api`, which also turns ES module syntax into something Node 20 can
 * load synchronously, so `chimney run` and `chimney check` share one loader). The module exports the
 * driver as its default export or by its role's name (`intermediateDriver` / `driver`, `target` /
 * `offloadTarget`): a handler table, or an xstate machine (wrapped with fromMachine). It may also export
 * `invariants`, your own invariants. Every way a module can be wrong is one line naming the file.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';
import { fromMachine, isMachineDriver, type MachineDriver } from '../drivers/fromMachine.js';
import type { AnyIntermediateDriver } from '../drivers/IntermediateDriver.js';
import type { AnyOffloadTarget } from '../drivers/OffloadTarget.js';
import type { UserInvariant } from './invariants/Invariant.js';

export type DriverRole = 'intermediate driver' | 'target';

/** A module that cannot be used, in one line: `my-im.ts: cannot load the module: ...`. */
export class DriverModuleError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'DriverModuleError';
  }
}

/** What a module of each role gives (its shape is checked when a simulation is created, as for any driver). */
export type RoleDriver<R extends DriverRole> = (R extends 'target' ? AnyOffloadTarget : AnyIntermediateDriver) | MachineDriver;

export interface LoadedDriver<R extends DriverRole = DriverRole> {
  readonly file: string;
  readonly driver: RoleDriver<R>;
  readonly invariants: readonly UserInvariant[];
}

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
const EXPORT_NAMES: Record<DriverRole, readonly string[]> = {
  'intermediate driver': ['default', 'intermediateDriver', 'driver'],
  target: ['default', 'target', 'offloadTarget'],
};

/** The checks made before loading: a module's extension, and a regular file there (a DriverModuleError otherwise). */
export function checkModuleFile(file: string): void {
  const ext = path.extname(file).toLowerCase();
  if (!EXTENSIONS.includes(ext)) throw new DriverModuleError(file, `not a module chimney can load (expected ${EXTENSIONS.join(', ')})`);
  let stats;
  try {
    stats = statSync(file);
  } catch {
    throw new DriverModuleError(file, 'no such file');
  }
  if (!stats.isFile()) throw new DriverModuleError(file, 'not a regular file');
}

export function loadDriverModule<R extends DriverRole>(file: string, role: R): LoadedDriver<R> {
  checkModuleFile(file);
  let exports: Record<string, unknown>;
  try {
    exports = tsxRequire(path.resolve(file), pathToFileURL(path.resolve(file)).href) as Record<string, unknown>;
  } catch (e) {
    throw new DriverModuleError(file, `cannot load the module: ${oneLine(e)}`);
  }
  const name = EXPORT_NAMES[role].find((n) => exports[n] !== undefined && exports[n] !== null);
  if (name === undefined) {
    const found = Object.keys(exports).filter((k) => k !== '__esModule');
    throw new DriverModuleError(file, `exports no ${role}: expected ${EXPORT_NAMES[role].map((n) => (n === 'default' ? 'a default export' : `'${n}'`)).join(' or ')}, a handler table or an xstate machine (exports: ${found.join(', ') || 'none'})`);
  }
  const value = exports[name];
  const driver = asDriver(value);
  if (!driver) throw new DriverModuleError(file, `export ${name === 'default' ? 'default' : `'${name}'`} is ${describe(value)}; expected ${role === 'target' ? 'a target' : 'an intermediate driver'} (a handler table object) or an xstate machine`);
  return { file, driver: driver as RoleDriver<R>, invariants: userInvariants(file, exports['invariants']) };
}

function asDriver(value: unknown): AnyIntermediateDriver | AnyOffloadTarget | MachineDriver | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (isMachineDriver(value)) return value;
  const v = value as { transition?: unknown; getInitialSnapshot?: unknown; config?: unknown };
  if (typeof v.transition === 'function' && typeof v.getInitialSnapshot === 'function' && typeof v.config === 'object') {
    return fromMachine(value as Parameters<typeof fromMachine>[0]);
  }
  return value as AnyIntermediateDriver | AnyOffloadTarget;
}

function userInvariants(file: string, value: unknown): UserInvariant[] {
  if (value === undefined) return [];
  const ok = (u: unknown): u is UserInvariant =>
    typeof u === 'object' && u !== null && typeof (u as UserInvariant).name === 'string' && /^[a-z][a-z0-9-]*$/.test((u as UserInvariant).name) && typeof (u as UserInvariant).check === 'function';
  if (!Array.isArray(value) || !value.every(ok)) {
    throw new DriverModuleError(file, "export 'invariants' must be a list of { name: 'kebab-case-name', check(state) => string | undefined }");
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' ');
}
