/**
 * The published JSON Schema (scenarios/scenario.schema.json, for editors) is generated from the zod
 * schema; this test keeps the committed file from drifting, and checks that the scenario files use
 * only keys the schema knows (a light structural walk, not a full JSON Schema validator).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findScenarioFiles } from '../../../src/scenario/findScenarioFiles.js';
import { scenarioJsonSchema } from '../../../src/scenario/schema.js';

const root = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const SCHEMA_FILE = root('scenarios/scenario.schema.json');
const SAMPLE = root('scenarios/tour/offload-retrieve-upload-disconnect.yaml');
const REGENERATE =
  `npx tsx -e "import('./src/scenario/schema.ts').then(m => process.stdout.write(JSON.stringify(m.scenarioJsonSchema(), null, 2) + '\\n'))" > scenarios/scenario.schema.json`;

/** The parts of a JSON Schema this walk understands. */
interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Keys the schema does not know (and required keys that are missing), as `path: problem`. Where the
 * schema offers alternatives (`anyOf`), the value is fine if one alternative has no problems.
 */
function structuralProblems(value: unknown, schema: SchemaNode, path = '$'): string[] {
  if (schema.anyOf) {
    const tries = schema.anyOf.map((s) => structuralProblems(value, s, path));
    return tries.some((t) => t.length === 0) ? [] : (tries.sort((a, b) => a.length - b.length)[0] ?? []);
  }
  if (schema.type === 'object') {
    if (!isMap(value)) return [`${path}: expected a map`];
    const props = schema.properties ?? {};
    const out: string[] = [];
    for (const key of schema.required ?? []) if (!(key in value)) out.push(`${path}: missing ${key}`);
    for (const [key, v] of Object.entries(value)) {
      const sub = Object.hasOwn(props, key) ? props[key] : undefined;
      if (sub) out.push(...structuralProblems(v, sub, `${path}.${key}`));
      else if (schema.additionalProperties === false) out.push(`${path}: unknown key '${key}'`);
    }
    return out;
  }
  if (schema.type === 'array') {
    if (!Array.isArray(value)) return [`${path}: expected a list`];
    return schema.items ? value.flatMap((v, i) => structuralProblems(v, schema.items!, `${path}[${i}]`)) : [];
  }
  return [];
}

describe('scenarios/scenario.schema.json', () => {
  it('is exactly what scenarioJsonSchema() generates (regenerate it when the format changes)', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const generated = JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
    expect(committed, `scenarios/scenario.schema.json is stale; run: ${REGENERATE}`).toBe(generated);
  });

  it('is a draft 2020-12 schema of a closed map with description, connections and steps', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as SchemaNode & { $schema: string };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties ?? {})).toEqual(['description', 'topology', 'seed', 'connections', 'steps']);
    expect(schema.required).toEqual(['description', 'connections', 'steps']);
  });

  it('finds an unknown key (so the walk below is not vacuous)', () => {
    const schema = scenarioJsonSchema() as SchemaNode;
    const doc = parse('description: x\nconnections: []\nsteps:\n  - expect: { connection: c1, ofload: Offloaded }\n');
    expect(structuralProblems(doc, schema)).toContain("$.steps[0].expect: unknown key 'ofload'");
    expect(structuralProblems({ steps: [] }, schema)).toEqual(['$: missing description', '$: missing connections']);
  });

  it('knows every key of the sample scenario', () => {
    const doc: unknown = parse(readFileSync(SAMPLE, 'utf8'));
    expect(structuralProblems(doc, scenarioJsonSchema() as SchemaNode)).toEqual([]);
  });

  it.each(findScenarioFiles([root('scenarios')]).map((f) => [f.slice(root('').length)]))('knows every key of %s', (file) => {
    const doc: unknown = parse(readFileSync(root(file), 'utf8'));
    expect(structuralProblems(doc, scenarioJsonSchema() as SchemaNode)).toEqual([]);
  });
});
