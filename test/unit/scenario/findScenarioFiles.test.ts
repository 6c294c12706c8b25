/** Folder walks end: each real folder once (symlink loops), a bounded number of entries, one-line errors. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findScenarioFiles, MAX_WALK_ENTRIES } from '../../../src/scenario/findScenarioFiles.js';

const dir = mkdtempSync(join(tmpdir(), 'chimney-walk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findScenarioFiles', () => {
  it('walks a folder that links to itself once, and keeps a dangling link named like a scenario', () => {
    const root = join(dir, 'loop');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(root, 'a.yaml'), '');
    writeFileSync(join(root, 'sub', 'b.yml'), '');
    writeFileSync(join(root, 'notes.txt'), '');
    symlinkSync('..', join(root, 'sub', 'up'));
    symlinkSync('missing.yaml', join(root, 'gone.yaml'));
    expect(findScenarioFiles([root])).toEqual([join(root, 'a.yaml'), join(root, 'gone.yaml'), join(root, 'sub', 'b.yml')]);
  });

  it(`stops a walk over its entry limit (${MAX_WALK_ENTRIES} by default) with one line naming the folder given`, () => {
    const root = join(dir, 'many');
    mkdirSync(root);
    for (let i = 0; i < 5; i++) writeFileSync(join(root, `s${i}.yaml`), '');
    expect(() => findScenarioFiles([root], 4)).toThrow(new RangeError(`${root}: more than 4 files and folders under it; name smaller folders`));
    expect(findScenarioFiles([root], 5)).toHaveLength(5);
  });

  it('a missing path: one line', () => {
    expect(() => findScenarioFiles([join(dir, 'nope')])).toThrow(new RangeError(`${join(dir, 'nope')}: no such file or folder`));
  });
});
