/**
 * Reads a scenario file (YAML, or JSON, which is YAML too) into the canonical Scenario, keeping where
 * every step came from. Every problem in the file is reported with its line and column, not just the
 * first; hostile input (huge files, deep nesting, alias bombs, `__proto__` keys) is refused before it
 * can cost much.
 */
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { LIMITS, Scenario, STEP_KIND_NAMES, type Scenario as ScenarioType } from './schema.js';
import { ScenarioInputError, type ScenarioProblem } from './ScenarioInputError.js';
import { checkScenarioMeaning } from './checkScenarioMeaning.js';

/** A 1-based line and column in the scenario file. */
export interface SourcePosition {
  line: number;
  col: number;
}

export interface ParsedScenario {
  file: string;
  scenario: ScenarioType;
  /** Where each step starts, by step index. */
  stepPositions: SourcePosition[];
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses and validates; throws ScenarioInputError listing every problem. */
export function parseScenario(text: string, file: string): ParsedScenario {
  const problems: ScenarioProblem[] = [];
  const at = (pos: SourcePosition, message: string) => problems.push({ file, line: pos.line, col: pos.col, message });
  const size = text.length * 3 <= LIMITS.bytes ? 0 : Buffer.byteLength(text, 'utf8');
  if (size > LIMITS.bytes) {
    problems.push({ file, message: `the file has ${size} bytes (as UTF-8); a scenario may have at most ${LIMITS.bytes} bytes (${LIMITS.bytes / 2 ** 20} MiB)` });
    throw new ScenarioInputError(problems);
  }
  // The YAML library builds documents recursively: far too deep a file must be refused before it is parsed.
  const deep = prescanNesting(text);
  if (deep) {
    at(deep, `nesting deeper than ${LIMITS.depth} levels`);
    throw new ScenarioInputError(problems);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const posOf = (offset: number): SourcePosition => lineCounter.linePos(offset);
  // The YAML library often reports one mistake several times over (and follow-on errors on the same
  // line): the first error of each line says it.
  const syntaxLines = new Set<number>();
  for (const e of doc.errors) {
    const pos = posOf(e.pos[0]);
    if (syntaxLines.has(pos.line)) continue;
    syntaxLines.add(pos.line);
    at(pos, yamlMessage(e.code, e.message));
  }
  if (problems.length) throw new ScenarioInputError(sorted(problems));

  checkShape(doc, (node, message) => at(posOf(rangeStart(node)), message));
  if (problems.length) throw new ScenarioInputError(sorted(problems));
  const sourceOf = (path: readonly PropertyKey[]): string | undefined => {
    const node = doc.getIn(path, true);
    return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
  };

  let js: unknown;
  try {
    // Counts every node an alias stands for, nested aliases multiplied: an alias bomb stops here.
    js = doc.toJS({ maxAliasCount: LIMITS.aliases * 10 });
  } catch (e) {
    at({ line: 1, col: 1 }, `the file expands too much (${e instanceof Error ? e.message : String(e)}); aliases may stand for at most ${LIMITS.aliases * 10} nodes in all`);
    throw new ScenarioInputError(problems);
  }
  if (js === null || typeof js !== 'object' || Array.isArray(js)) {
    at({ line: 1, col: 1 }, 'expected a scenario: a map with description, connections and steps');
    throw new ScenarioInputError(problems);
  }

  const result = Scenario.safeParse(js, { reportInput: true });
  if (!result.success) {
    const issues = schemaIssues(result.error.issues, sourceOf);
    for (const issue of issues) at(positionOfIssue(doc, issue, posOf), issue.message);
    // Also say what the schema cannot see (undeclared connections ...), as far as the raw data allows,
    // but nothing more about a value the schema already refused.
    const refused = issues.map((i) => i.path.join('.'));
    const isRefused = (path: readonly PropertyKey[]) => refused.some((r) => { const p = path.join('.'); return p === r || p.startsWith(r + '.'); });
    for (const p of checkScenarioMeaning(js as ScenarioType)) if (!isRefused(p.path)) at(nodePosition(doc, p.path, posOf), p.message);
    throw new ScenarioInputError(sorted(problems));
  }
  // The schema's output has every step kind optional; Step's refinement checked that exactly one is there.
  const scenario = result.data as ScenarioType;
  const stepPositions = scenario.steps.map((_, i) => nodePosition(doc, ['steps', i], posOf));
  for (const p of checkScenarioMeaning(scenario)) at(nodePosition(doc, p.path, posOf), p.message);
  if (problems.length) throw new ScenarioInputError(sorted(problems));
  return { file, scenario, stepPositions };
}

/** The YAML library's message in one line, in our words where its own give advice about its API. */
function yamlMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'YAML syntax: a second document starts here (after ---); a scenario file holds one document';
  return `YAML syntax: ${message.split('\n')[0]}`;
}

/** In file order; the same message at the same place only once. */
function sorted(problems: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.line}:${p.col}:${p.message}`;
      return !seen.has(key) && (seen.add(key), true);
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

/**
 * A quick look at the text before the YAML library sees it: where flow brackets nest, or block
 * indentation (with `- ` on one line counting as a level) reaches, far beyond LIMITS.depth. Quoted
 * text and comments are skipped. Moderate excess is left to `checkShape`, which reports the exact node.
 */
function prescanNesting(text: string): SourcePosition | null {
  const tooDeep = LIMITS.depth * 4;
  let flow = 0;
  let line = 1;
  let lineStart = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
      if (quote === "'") continue;
      quote = quote === '"' ? quote : null;
      let j = i + 1;
      let width = 0;
      while (text[j] === ' ' || (text[j] === '-' && text[j + 1] === ' ')) width += text[j++] === '-' ? 2 : 1;
      if (width > tooDeep) return { line, col: j - lineStart + 1 };
      continue;
    }
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    else if (ch === '[' || ch === '{') {
      if (++flow > tooDeep) return { line, col: i - lineStart + 1 };
    } else if (ch === ']' || ch === '}') flow = Math.max(0, flow - 1);
  }
  return null;
}

/** Depth, aliases (and their anchors) and forbidden keys, on the syntax tree (before anything is built from it). */
function checkShape(doc: Document, report: (node: object, message: string) => void): void {
  let aliases = 0;
  const walk = (node: unknown, d: number): void => {
    if (!node || typeof node !== 'object') return;
    if (d > LIMITS.depth) return report(node, `nesting deeper than ${LIMITS.depth} levels`);
    if (isAlias(node)) {
      if (++aliases === LIMITS.aliases + 1) report(node, `more than ${LIMITS.aliases} aliases`);
      if (!node.resolve(doc)) report(node, `the alias *${node.source} names no anchor defined before it`);
      return;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && FORBIDDEN_KEYS.has(String(pair.key.value))) report(pair.key, `the key '${String(pair.key.value)}' is not allowed`);
        // A list or map as a key (`[a]: 1`) would be turned into text by the YAML library, with a warning.
        const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
        if (isSeq(key) || isMap(key)) report(pair.key as object, `a key must be a name, got ${isSeq(key) ? 'a list' : 'a map'}`);
        walk(pair.value, d + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item, d + 1);
    }
  };
  walk(doc.contents, 0);
}

type Issue = z.core.$ZodIssue;

/** Zod's issues, with the messages a scenario author needs (unknown step kinds named as such). */
function schemaIssues(
  issues: readonly Issue[],
  sourceOf: (path: readonly PropertyKey[]) => string | undefined,
): Array<{ path: PropertyKey[]; message: string; key?: string }> {
  const out: Array<{ path: PropertyKey[]; message: string; key?: string }> = [];
  const unknownStepAt = new Set<string>();
  const all = issues.flatMap(matchedAlternative);
  /** Numbers too big to be exact, by path: the smallest maximum any issue gives (zod adds 2^53 - 1 of its own). */
  const inexact = new Map<string, number>();
  for (const issue of all) {
    if (!isInexactNumber(issue.input) || issue.code !== 'too_big') continue;
    const where = issue.path.join('.');
    inexact.set(where, Math.min(Number(issue.maximum), inexact.get(where) ?? Number.MAX_SAFE_INTEGER));
  }
  for (const issue of all) {
    const where = issue.path.join('.');
    if (isInexactNumber(issue.input) && inexact.has(where)) {
      // One message per number too big for its field, with the number as written (JavaScript holds it
      // only approximately); the first issue about it says it, the others are dropped.
      const max = inexact.get(where)!;
      inexact.set(where, -1);
      if (max < 0) continue;
      const got = sourceOf(issue.path) ?? String(issue.input);
      out.push({ path: issue.path, message: `${where ? where + ': ' : ''}expected ${max === Number.MAX_SAFE_INTEGER ? 'a whole number of ' : ''}at most ${max}, got ${got}` });
      continue;
    }
    const zone = ipv6Zone(issue);
    if (zone !== undefined) {
      out.push({ path: issue.path, message: `${issue.path.join('.')}: an IPv6 zone ('%${zone}') is not supported here (expected an address and port: "[fe80::1]:443")` });
      continue;
    }
    const isStep = issue.path.length === 2 && issue.path[0] === 'steps';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        if (isStep) {
          unknownStepAt.add(String(issue.path[1]));
          out.push({ path: issue.path, key, message: `unknown step kind '${key}' (expected one of ${STEP_KIND_NAMES.join(', ')})` });
        } else out.push({ path: issue.path, key, message: `unknown key '${key}'${knownKeysHint(issue.path)}` });
      }
      continue;
    }
    if (isStep && issue.code === 'custom' && unknownStepAt.has(String(issue.path[1]))) continue;
    out.push({ path: issue.path, message: withNumberAsWritten(issueMessage(issue), issue.input, sourceOf(issue.path)) });
  }
  return out;
}

/**
 * A union (`read: c1` or `read: { connection, bytes }`) none of whose alternatives accepted a map:
 * when exactly one alternative takes a map, its own issues say what is wrong inside the value
 * (`steps.0.read.bytes: expected a whole number, got 2.5`), which is more useful than "expected a
 * string, or a map".
 */
function matchedAlternative(issue: Issue): Issue[] {
  const isMapInput = issue.input !== null && typeof issue.input === 'object' && !Array.isArray(issue.input);
  if (issue.code !== 'invalid_union' || !isMapInput) return [issue];
  const typed = issue.errors.filter((errors) => !errors.some((e) => e.path.length === 0 && e.code === 'invalid_type'));
  const only = typed.length === 1 ? typed[0] : undefined;
  if (!only || only.length === 0) return [issue];
  return only.flatMap((e) => matchedAlternative({ ...e, path: [...issue.path, ...e.path] }));
}

/** ` (expected a, b, c)`: the keys the map at `path` may have, read from the schema. */
function knownKeysHint(path: readonly PropertyKey[]): string {
  const keys = keysAt(Scenario, path);
  return keys.length ? ` (expected ${keys.join(', ')})` : '';
}

/** The keys of the map(s) the schema allows at `path` (every alternative of a union). */
function keysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  if (
    schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable ||
    schema instanceof z.ZodReadonly || schema instanceof z.ZodPrefault || schema instanceof z.ZodCatch
  ) {
    return keysAt(schema.def.innerType, path);
  }
  if (schema instanceof z.ZodPipe) return keysAt(schema.def.in, path);
  if (schema instanceof z.ZodUnion) return [...new Set(schema.def.options.flatMap((o) => keysAt(o, path)))];
  if (schema instanceof z.ZodArray) return path.length && typeof path[0] === 'number' ? keysAt(schema.def.element, path.slice(1)) : [];
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.core.$ZodType> = schema.def.shape;
    if (path.length === 0) return Object.keys(shape);
    const key = path[0];
    const next = typeof key === 'string' && Object.hasOwn(shape, key) ? shape[key] : undefined;
    return next ? keysAt(next, path.slice(1)) : [];
  }
  return [];
}

function issueMessage(issue: Issue): string {
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${where}missing (expected ${issue.expected})`;
  if (issue.code === 'invalid_type') return `${where}expected ${article(issue.expected)}, got ${describe(issue.input)}`;
  if (issue.code === 'too_big') return `${where}expected at most ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ''}, got ${describeSize(issue.input)}`;
  if (issue.code === 'too_small') return `${where}expected at least ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : ''}, got ${describeSize(issue.input)}`;
  if (issue.code === 'invalid_value') return `${where}expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
  if (issue.code === 'invalid_union') return `${where}${unionMessage(issue)}`;
  return `${where}${issue.message}`;
}

function unionMessage(issue: Extract<Issue, { code: 'invalid_union' }>): string {
  const parts = issue.errors
    .flat()
    .map((e) => (e.code === 'invalid_value' ? `one of ${e.values.join(', ')}` : e.code === 'invalid_type' ? article(e.expected) : e.message));
  return `expected ${[...new Set(parts)].join(', or ')}, got ${describe(issue.input)}`;
}

function article(type: string): string {
  if (type === 'int') return 'a whole number';
  return type === 'object' ? 'a map' : type === 'array' ? 'a list' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** A number beyond 2^53: JavaScript holds it only approximately, so it is shown as written. */
function isInexactNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) > Number.MAX_SAFE_INTEGER;
}

/**
 * A number JavaScript cannot hold exactly (2^64 reads as 18446744073709552000, 1e400 as Infinity) is
 * shown in a message as the file wrote it.
 */
function withNumberAsWritten(message: string, input: unknown, written: string | undefined): string {
  const approximate = typeof input === 'number' && (!Number.isFinite(input) || isInexactNumber(input));
  return approximate && written !== undefined ? message.replace(`got ${String(input)}`, `got ${written}`) : message;
}

/** The zone of an endpoint written with one (`[fe80::1%eth0]:443`), when that is why it was refused. */
function ipv6Zone(issue: Issue): string | undefined {
  const last = issue.path[issue.path.length - 1];
  if (issue.code !== 'invalid_format' || (last !== 'local' && last !== 'remote') || typeof issue.input !== 'string') return undefined;
  return /^\[[0-9A-Fa-f:.]+%([^\]]*)\]:\d+$/.exec(issue.input)?.[1];
}

/** A list by its length (`1001 items`), a text by its length, anything else as `describe` does. */
function describeSize(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} items`;
  if (typeof value === 'string') return `${value.length} characters`;
  return describe(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value.length > 40 ? value.slice(0, 40) + '…' : value}'`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a map' : String(value);
}

function positionOfIssue(
  doc: Document,
  issue: { path: PropertyKey[]; key?: string },
  posOf: (offset: number) => SourcePosition,
): SourcePosition {
  if (issue.key !== undefined) {
    const map = doc.getIn(issue.path, true);
    if (isMap(map)) {
      const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === issue.key);
      if (pair && isScalar(pair.key) && pair.key.range) return posOf(pair.key.range[0]);
    }
  }
  return nodePosition(doc, issue.path, posOf);
}

/** Where the node at `path` starts, or its nearest existing ancestor when it is missing. */
function nodePosition(doc: Document, path: readonly PropertyKey[], posOf: (offset: number) => SourcePosition): SourcePosition {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = isNode(node) ? node.range : undefined;
    if (range) return posOf(range[0]);
  }
  return { line: 1, col: 1 };
}

/** Where a node of the syntax tree starts (0 for a pair or anything without a range). */
function rangeStart(node: object): number {
  return isNode(node) ? (node.range?.[0] ?? 0) : 0;
}
