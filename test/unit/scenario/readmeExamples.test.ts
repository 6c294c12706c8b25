/**
 * The examples in scenarios/README.md stay true: every complete scenario there parses and passes
 * when run, every fragment (a `connections:` list, a few steps) parses inside a small scenario, and
 * each example of a bad file gives the problems the README prints after it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/parseScenario.js';
import { runScenario } from '../../../src/scenario/runScenario.js';
import { formatProblem, ScenarioInputError } from '../../../src/scenario/ScenarioInputError.js';

const README = readFileSync(fileURLToPath(new URL('../../../scenarios/README.md', import.meta.url)), 'utf8');

/** The fenced blocks of the README, with their language and the line they start on. */
const blocks = [...README.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
  lang: m[1]!,
  text: m[2]!,
  line: README.slice(0, m.index).split('\n').length,
}));

/** A block of `chimney validate` output that follows a YAML block: the problems that file has. */
const printedProblems = (i: number): string[] | undefined => {
  const next = blocks[i + 1];
  if (!next || !next.text.startsWith('$ chimney validate ')) return undefined;
  return next.text.trimEnd().split('\n').slice(1);
};

const yamlBlocks = blocks.map((b, i) => ({ ...b, problems: printedProblems(i) })).filter((b) => b.lang === 'yaml');
const isCommentOnly = (text: string) => text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'));
const complete = yamlBlocks.filter((b) => /^(# .*\n)*description:/.test(b.text));
const fragments = yamlBlocks.filter((b) => !complete.includes(b) && !isCommentOnly(b.text));

const HEAD = [
  'description: a README fragment',
  'connections:',
  '  - { id: c1, local: 10.0.0.1:49152, remote: 10.0.0.2:443, pid: 4242 }',
  '  - { id: c2, local: 10.0.0.1:49153, remote: 10.0.0.2:443, pid: 4242 }',
].join('\n');

/** A fragment made into a whole scenario: connections get a description and no steps, steps get c1 and c2. */
function wrap(fragment: string): string {
  if (fragment.startsWith('connections:')) return `description: a README fragment\n${fragment}steps: []\n`;
  if (fragment.startsWith('steps:')) return `${HEAD}\n${fragment}`;
  return `${HEAD}\nsteps:\n${fragment}`;
}

describe('scenarios/README.md examples', () => {
  it('has complete examples, fragments and a bad-file example to check', () => {
    expect(complete.filter((b) => !b.problems).length).toBeGreaterThanOrEqual(2);
    expect(fragments.length).toBeGreaterThanOrEqual(4);
    expect(complete.filter((b) => b.problems).length).toBeGreaterThanOrEqual(1);
  });

  it.each(complete.filter((b) => !b.problems).map((b) => [b.line, b.text]))('the scenario at line %i parses and passes', (_, text) => {
    const run = runScenario(parseScenario(text, 'README.md'));
    expect(run.outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(run.unexpectedViolations).toEqual([]);
    expect(run.passed).toBe(true);
  });

  it.each(fragments.map((b) => [b.line, b.text]))('the fragment at line %i parses', (_, text) => {
    expect(() => parseScenario(wrap(text), 'README.md')).not.toThrow();
  });

  it.each(complete.filter((b) => b.problems).map((b) => [b.line, b.text, b.problems!]))(
    'the bad file at line %i gives the problems printed after it',
    (_, text, printed) => {
      let error: unknown;
      try {
        parseScenario(text, 'my.yaml');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScenarioInputError);
      const actual = (error as ScenarioInputError).problems.map(formatProblem);
      expect(actual).toHaveLength(printed.length);
      // A printed line ending in "..." stands for any ending.
      printed.forEach((line, i) => {
        if (line.endsWith('...')) expect(actual[i]!.startsWith(line.slice(0, -3))).toBe(true);
        else expect(actual[i]).toBe(line);
      });
    },
  );
});
