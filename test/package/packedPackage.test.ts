/**
 * The package as users get it: `npm pack` of a copy of the project without dist/ (so the prepare
 * script must build it) into a temporary folder, `npm install` of that tarball into an empty project there, then `npx chimney demo`
 * and `npx chimney run` on a shipped scenario, from the installed copy. Catches a "files" list that
 * leaves out what the CLI reads at run time (scenarios/ for the demo tour), a bin that does not start,
 * and a build that does not happen on pack. The registry is reachable but the dependencies (xstate,
 * yaml, zod) normally come from npm's cache (--prefer-offline).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const TOUR = 'scenarios/tour/offload-retrieve-upload-disconnect.yaml';

let work: string;
let project: string;
let files: string[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'chimney-pack-'));
  // A clean copy: what a fresh clone has after `npm ci`, without a dist/ left from an earlier build.
  const source = join(work, 'source');
  const SKIP = new Set(['dist', 'dist-bench', 'node_modules', '.git', 'test', 'bench', 'coverage']);
  cpSync(ROOT, source, { recursive: true, filter: (from) => !SKIP.has(relative(ROOT, from).split(sep)[0] ?? '') });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(source, 'node_modules'), 'junction');
  expect(existsSync(join(source, 'dist'))).toBe(false);
  const packed = execFileSync(NPM, ['pack', '--json', '--pack-destination', work], { cwd: source, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // The prepare script's own output may come before the JSON report.
  const report = JSON.parse(packed.slice(packed.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = report[0]!.files.map((f) => f.path);
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-chimney', version: '1.0.0', private: true }));
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  execFileSync(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', join(work, tarball)], { cwd: project, stdio: 'ignore' });
  // Pack (with its build) and install, mermaid's 150 MB of dependencies included: over 120 s on a loaded machine.
}, 300_000);

// Removing the installed copy (its dependencies include mermaid's) can take longer than the default 10 s on a loaded machine.
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

const chimney = (...args: string[]) => spawnSync(NPX, ['--no-install', 'chimney', ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('the packed package', () => {
  it('holds the CLI its prepare script built, the shipped scenarios, and no sources or tests', () => {
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain(TOUR);
    expect(files).toContain('scenarios/races/tour-with-seeded-races.yaml');
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('npx chimney demo runs the tour from the installed copy', () => {
    const r = chimney('demo');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('End of the tour: tcp c1 is CLOSE_WAIT and Offloaded.');
  });

  it('npx chimney run replays a shipped scenario and compares its golden trace', () => {
    const r = chimney('run', join('node_modules', 'chimney-sim', TOUR));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`✓ golden trace ${join('node_modules', 'chimney-sim', TOUR.replace('.yaml', '.trace.jsonl'))}: same`);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`PASS ${join('node_modules', 'chimney-sim', TOUR)}`);
  });

  it('npx chimney report writes the page with Mermaid inlined, from the installed copy', () => {
    const r = chimney('report', join('node_modules', 'chimney-sim', TOUR), '-o', 'tour.html');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^wrote tour\.html: 11 steps, 0 "what if" forks, 3\.\d MB\n$/);
    const html = readFileSync(join(project, 'tour.html'), 'utf8');
    expect(html).toContain('Mermaid 11.');
    expect(html.length).toBeGreaterThan(3_000_000);
  });

  it('npx chimney check finds a TypeScript driver module\'s bug, from the installed copy (tsx and the worker come with it)', () => {
    writeFileSync(join(project, 'my-im.ts'), [
      "import { passThroughIntermediateDriver, TCP_OFFLOAD_EVENT_TYPE, type IntermediateDriver, type PassThroughState } from 'chimney-sim';",
      'const myIm: IntermediateDriver<PassThroughState> = {',
      '  ...passThroughIntermediateDriver,',
      "  name: 'my-im',",
      '  ProtocolTcpOffloadEvent: (s, args, ndis) => {',
      '    if (args.EventType === TCP_OFFLOAD_EVENT_TYPE.TcpIndicateSendBacklogChange) return;',
      '    passThroughIntermediateDriver.ProtocolTcpOffloadEvent(s, args, ndis);',
      '  },',
      '};',
      'export default myIm;',
    ].join('\n'));
    const r = chimney('check', '--driver', 'my-im.ts', '--seed', '7');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗ im-relays-tcp-offload-event broken');
    const replay = chimney('run', join('counterexamples', 'im-relays-tcp-offload-event.yaml'));
    expect(replay.status).toBe(0);
  });

  it('npx chimney explore exhausts a small space from the installed copy', () => {
    const r = chimney('explore', '--actions', 'offload,upload', '--depth', '10');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('stopped by: nothing: every state was explored (the space is exhausted)');
  });
});
