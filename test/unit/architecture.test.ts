/**
 * design.md's import rules (the layout, and its "Never:" line), checked over the import graph of src/.
 * Every `import`, `import type`, `export ... from`, bare and dynamic import of every file is read with
 * TypeScript's own scanner (so comments and strings are not mistaken for imports), resolved to a path
 * under src/, and judged by each rule below. A breach names the importing file and line, the import as
 * written, where it leads, and the rule it breaks. Layers are whatever folders exist under src/layers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** One import of one file. Paths are relative to src/, with `/`: `cli/run.ts`. */
interface Import {
  readonly from: string;
  readonly line: number;
  /** The module specifier as written: `../index.js`, `node:fs`, `xstate`. */
  readonly specifier: string;
  /** The file it leads to (`index.ts`; `../package.json` when outside src/); undefined for a package or a node: builtin. */
  readonly target: string | undefined;
}

/** One of design.md's import rules. */
interface ImportRule {
  readonly id: string;
  /** The rule in words, as a breach reports it. */
  readonly text: string;
  /** Whether `imp` breaks the rule. */
  readonly breaks: (imp: Import) => boolean;
  /** An import that breaks it and one that does not, so a rule that can never fire is caught. */
  readonly examples: { readonly breaking: Import; readonly legal: Import };
}

/**
 * Imports that break a rule on purpose, each with the reason. Empty: a new entry needs a one-line reason
 * and a note in the commit, and an entry that no longer matches an import fails the test.
 */
const ALLOWED: readonly { readonly rule: string; readonly from: string; readonly specifier: string; readonly why: string }[] = [];

/** True when `path` (relative to src/) is `folder` or inside it. */
function isUnder(path: string | undefined, folder: string): boolean {
  return path !== undefined && (path === folder || path.startsWith(`${folder}/`));
}

/** The layer a file belongs to: the folder directly under layers/ that holds it (`layers/host/x.ts` → `host`). */
function layerOf(path: string | undefined): string | undefined {
  const parts = path?.split('/') ?? [];
  return parts[0] === 'layers' && parts.length >= 3 ? parts[1] : undefined;
}

const CORE = ['system', 'drivers', 'layers', 'rules'];

const imp = (from: string, target: string | undefined, specifier = target ?? 'node:fs'): Import => ({ from, line: 1, specifier, target });

const RULES: readonly ImportRule[] = [
  {
    id: 'cli-uses-public-api',
    text: 'src/cli imports only ../index.js, its own files, node: builtins and packages (design principle 9)',
    breaks: (i) => isUnder(i.from, 'cli') && i.target !== undefined && i.target !== 'index.ts' && !isUnder(i.target, 'cli'),
    examples: { breaking: imp('cli/run.ts', 'scenario/index.ts'), legal: imp('cli/run.ts', 'index.ts') },
  },
  {
    id: 'layers-apart',
    text: 'a layer imports no other layer (src/layers/<X> never imports src/layers/<Y>)',
    breaks: (i) => layerOf(i.from) !== undefined && layerOf(i.target) !== undefined && layerOf(i.from) !== layerOf(i.target),
    examples: { breaking: imp('layers/host/a.ts', 'layers/peer/b.ts'), legal: imp('layers/host/a.ts', 'layers/host/tcp/b.ts') },
  },
  {
    id: 'layers-and-drivers-without-rules',
    text: 'a layer or a driver imports no rule (src/layers, src/drivers never import src/rules)',
    breaks: (i) => (isUnder(i.from, 'layers') || isUnder(i.from, 'drivers')) && isUnder(i.target, 'rules'),
    examples: { breaking: imp('drivers/reference/a.ts', 'rules/Rule.ts'), legal: imp('drivers/reference/a.ts', 'ndis/calls.ts') },
  },
  {
    id: 'drivers-without-layers',
    text: 'a driver imports no layer (src/drivers never imports src/layers)',
    breaks: (i) => isUnder(i.from, 'drivers') && isUnder(i.target, 'layers'),
    examples: { breaking: imp('drivers/fromMachine.ts', 'layers/host/a.ts'), legal: imp('drivers/fromMachine.ts', 'machines/compileMachine.ts') },
  },
  {
    id: 'rules-without-layers',
    text: 'the rules import no layer (src/rules never imports src/layers)',
    breaks: (i) => isUnder(i.from, 'rules') && isUnder(i.target, 'layers'),
    examples: { breaking: imp('rules/book/a.ts', 'layers/host/a.ts'), legal: imp('rules/book/a.ts', 'rules/Rule.ts') },
  },
  {
    id: 'rules-without-driver-internals',
    text: 'the rules import no driver internals (src/rules never imports src/drivers/reference or src/drivers/faults)',
    breaks: (i) => isUnder(i.from, 'rules') && (isUnder(i.target, 'drivers/reference') || isUnder(i.target, 'drivers/faults')),
    examples: { breaking: imp('rules/a.ts', 'drivers/reference/a.ts'), legal: imp('rules/a.ts', 'drivers/IntermediateDriver.ts') },
  },
  {
    id: 'core-without-scenario-render-cli',
    text: 'the core (src/system, src/drivers, src/layers, src/rules) imports nothing from src/scenario, src/render or src/cli',
    breaks: (i) =>
      CORE.some((c) => isUnder(i.from, c)) && ['scenario', 'render', 'cli'].some((f) => isUnder(i.target, f)),
    examples: { breaking: imp('system/Simulation.ts', 'render/narrate.ts'), legal: imp('system/Simulation.ts', 'trace/TraceEvent.ts') },
  },
];

/** Every .ts file under `dir`, relative to src/. */
function sourceFiles(dir: string = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}

/** Where a relative specifier leads, relative to src/ (`./x.js` is the source file `x.ts`). */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
}

/** The imports of one file (relative to src/), in source order. */
function importsOf(from: string): Import[] {
  const text = readFileSync(join(SRC, from), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map((f) => ({
    from,
    line: text.slice(0, f.pos).split('\n').length,
    specifier: f.fileName,
    target: resolveSpecifier(from, f.fileName),
  }));
}

function breachText(rule: ImportRule, i: Import): string {
  const leads = i.target === undefined ? '' : ` (src/${i.target})`;
  return `src/${i.from}:${i.line} imports '${i.specifier}'${leads}: breaks ${rule.id}: ${rule.text}`;
}

function isAllowed(rule: ImportRule, i: Import): boolean {
  return ALLOWED.some((a) => a.rule === rule.id && a.from === `src/${i.from}` && a.specifier === i.specifier);
}

const FILES = sourceFiles();
const ALL_IMPORTS = FILES.flatMap(importsOf);
/** A relative import whose file is missing (a move half done) is reported by its own test, not judged by the rules. */
const leadsToFile = (i: Import) => i.target === undefined || existsSync(join(SRC, i.target));
const GRAPH = ALL_IMPORTS.filter(leadsToFile);

describe('the import graph of src/', () => {
  it('is read: files, type imports, multi-line imports and re-exports are all found', () => {
    expect(FILES).toContain('index.ts');
    expect(FILES.some((f) => isUnder(f, 'cli'))).toBe(true);
    // src/index.ts re-exports with `export { ... } from` and `export type { ... } from`, some over several lines.
    const indexTargets = GRAPH.filter((i) => i.from === 'index.ts').map((i) => i.target);
    expect(indexTargets).toContain('system/createSimulation.ts');
    expect(indexTargets).toContain('trace/TraceEvent.ts');
    expect(indexTargets).toContain('scenario/index.ts');
    // A multi-line `import {\n ...\n} from '../index.js'` in the CLI.
    expect(GRAPH.some((i) => i.from === 'cli/run.ts' && i.target === 'index.ts')).toBe(true);
    // A layer's import has a layer name wherever the layers are.
    expect(GRAPH.some((i) => layerOf(i.from) !== undefined)).toBe(true);
  });

  it('every relative import leads to a file', () => {
    const missing = ALL_IMPORTS.filter((i) => !leadsToFile(i)).map((i) => `src/${i.from}:${i.line} imports '${i.specifier}': no file src/${i.target}`);
    expect(missing).toEqual([]);
  });

  it('every rule can fire: each breaks on its breaking example and holds on its legal one', () => {
    for (const rule of RULES) {
      expect({ rule: rule.id, breaking: rule.breaks(rule.examples.breaking) }).toEqual({ rule: rule.id, breaking: true });
      expect({ rule: rule.id, legal: rule.breaks(rule.examples.legal) }).toEqual({ rule: rule.id, legal: false });
    }
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
    const breaches = GRAPH.filter((i) => rule.breaks(i) && !isAllowed(rule, i)).map((i) => breachText(rule, i));
    expect(breaches).toEqual([]);
  });

  it('the allow-list holds no stale entry: each names a rule and an import that still breaks it', () => {
    const stale = ALLOWED.filter((a) => {
      const rule = RULES.find((r) => r.id === a.rule);
      return !rule || !GRAPH.some((i) => `src/${i.from}` === a.from && i.specifier === a.specifier && rule.breaks(i));
    });
    expect(stale).toEqual([]);
  });
});

describe('src/index.ts', () => {
  it('re-exports by name only: no `export *`', () => {
    const text = readFileSync(join(SRC, 'index.ts'), 'utf8');
    const starExports = text
      .split('\n')
      .map((line, n) => ({ line: n + 1, text: line }))
      .filter((l) => /^\s*export\s*(type\s+)?\*/.test(l.text))
      .map((l) => `src/index.ts:${l.line}: '${l.text.trim()}' breaks index-named-exports: src/index.ts re-exports by name, never with export *`);
    expect(starExports).toEqual([]);
  });
});
