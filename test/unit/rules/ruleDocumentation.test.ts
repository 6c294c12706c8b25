/**
 * Every rule teaches what it judges (design principle 7): a violation shows the rule's summary and the
 * documentation page it comes from, so neither may be empty, and a summary is one sentence a learner
 * reads on its own.
 */
import { describe, expect, it } from 'vitest';
import { RULEBOOK } from '../../../src/rules/rules.js';

describe('the rulebook documents every rule', () => {
  it.each(RULEBOOK.map((r) => [r.id, r] as const))('%s has a summary sentence and names its documentation page', (_, rule) => {
    expect(rule.summary).toMatch(/^[A-Z][^\n]{20,}\.$/);
    expect(rule.source).toMatch(/^[A-Za-z_]\S*( \S+)*$/);
    expect(rule.source.length).toBeGreaterThan(5);
  });

  it('ids are unique, kebab-case names', () => {
    const ids = RULEBOOK.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
  });
});
