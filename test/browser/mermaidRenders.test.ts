/**
 * Mermaid output checked by rendering it, not by comparing strings: every kind of diagram chimney
 * draws is parsed and rendered by the real `mermaid` 11 package in Debian's chromium (driven by
 * playwright-core), and each must give an SVG. Drawn: the sequence diagram of the first scenario of
 * every scenario folder, the parts of the largest scenario split small, the parts of a run too long for
 * one diagram, every machine plain and highlighted by the tour, and hostile text (a scenario named
 * `<script>…`, `;#`, a layer named like HTML) that must show as text and run nothing. One browser for
 * the file; the page may make no network request.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileMachine, machineDiagram, machineVisits, MACHINES, MERMAID_MAX_TEXT_SIZE, parseScenario, runScenario, scenarioDrivers, sequenceDiagram, type TraceEvent,
} from '../../src/index.js';

import { markedStateDiagram } from '../../src/coverage/markedStateDiagram.js';
import { measureCoverage } from '../../src/coverage/measureCoverage.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const MERMAID = join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js');
const TOUR = 'scenarios/tour/offload-retrieve-upload-disconnect.yaml';
const HOSTILE_TITLE = '<script>alert(1)</script>;# %%{init: {"theme": "dark"}}%% end';

function traceOf(file: string, text = readFileSync(join(ROOT, file), 'utf8')): TraceEvent[] {
  const parsed = parseScenario(text, file);
  return [...runScenario(parsed, { drivers: scenarioDrivers(parsed) }).sim.trace.events]; // a topology's driver module, as chimney run loads it
}

/** The first scenario (by name) of each folder under scenarios/. */
function firstScenarioOfEachFolder(): string[] {
  const folders = readdirSync(join(ROOT, 'scenarios'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return folders.flatMap((folder) => {
    const first = readdirSync(join(ROOT, 'scenarios', folder)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()[0];
    return first ? [`scenarios/${folder}/${first}`] : [];
  });
}

/** The scenario with the longest golden trace (one event per line), so the largest run. */
function largestScenario(): string {
  const goldens = readdirSync(join(ROOT, 'scenarios'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.trace.jsonl'));
  const lines = (f: string) => readFileSync(join(ROOT, 'scenarios', f), 'utf8').split('\n').length;
  const biggest = goldens.map((f) => ({ f, n: lines(f) })).reduce((a, b) => (b.n > a.n ? b : a));
  const base = `scenarios/${biggest.f.split('\\').join('/').replace(/\.trace\.jsonl$/, '')}`;
  const file = ['.yaml', '.yml', '.json'].map((ext) => base + ext).find((f) => existsSync(join(ROOT, f)));
  if (!file) throw new Error(`no scenario beside ${biggest.f}`);
  return file;
}

/** 40 connections offloaded one after another: a run longer than one diagram may be, that does not fold. */
function longRun(): TraceEvent[] {
  const ids = Array.from({ length: 40 }, (_, i) => `c${i + 1}`);
  const text = [
    'description: many connections offloaded one after another',
    'connections:',
    ...ids.map((id, i) => `  - { id: ${id}, local: 10.0.0.1:${40000 + i}, remote: 10.0.0.2:443, pid: 4242 }`),
    'steps:',
    ...ids.flatMap((id) => [`  - offload: ${id}`, '  - deliver: all', `  - send: { connection: ${id}, bytes: 100 }`, '  - deliver: all']),
  ].join('\n');
  return traceOf('<long run>', text);
}

/** A trace whose every text is hostile: a layer named like HTML, a decision and a command with `;#<>`. */
const HOSTILE_TRACE: TraceEvent[] = [
  { kind: 'command', seq: 1, time: 0, text: 'peer says <img src=x onerror=alert(2)>; #1 & "quoted" %% not a comment' },
  { kind: 'decision', seq: 2, time: 0, layer: '<b>layer</b>', text: 'end' },
  {
    kind: 'call', seq: 3, time: 0, fn: 'NdisTcpOffloadEventHandler', handler: 'ProtocolTcpOffloadEvent', caller: '<b>layer</b>', callee: 'host',
    objects: ['tcp <c1>'], args: { NdisOffloadHandle: 'host#3;<x>', EventType: 3, EventSpecificInformation: 1 },
  },
  { kind: 'stateChange', seq: 4, time: 0, layer: 'host', object: 'tcp ;#<c1>', region: 'offload', from: 'Offloaded', to: 'Uploading' },
  { kind: 'violation', seq: 5, time: 0, rule: 'x;y', summary: '<script>alert(3)</script>', source: 'a#b', layer: 'end', objects: [], detail: '}}%%' },
];

interface Drawing {
  readonly name: string;
  readonly text: string;
}

const drawings: Drawing[] = [];
for (const file of firstScenarioOfEachFolder()) {
  sequenceDiagram(traceOf(file), { title: file }).forEach((text, i) => drawings.push({ name: `sequence of ${file} part ${i + 1}`, text }));
}
const largest = largestScenario();
// Unfolded and cut small, so that the largest run of the project comes in several parts.
const largestParts = sequenceDiagram(traceOf(largest), { title: largest, maxTextSize: 10_000, fold: false });
largestParts.forEach((text, i) => drawings.push({ name: `${largest} unfolded, split small: part ${i + 1} of ${largestParts.length}`, text }));
const longParts = sequenceDiagram(longRun(), { title: 'long run' });
longParts.forEach((text, i) => drawings.push({ name: `long run, part ${i + 1} of ${longParts.length}`, text }));
/** A delivery chosen among two pending items, then more notes than one part holds: the alt block is cut and reopened. */
const CUT_BLOCK: TraceEvent[] = [
  { kind: 'pend', seq: 1, time: 0, item: 1, fn: 'NdisMInitiateOffloadComplete', caller: 'target', objects: ['tcp c1'], args: {} },
  { kind: 'pend', seq: 2, time: 0, item: 2, fn: 'NdisTcpOffloadEventHandler', caller: 'target', objects: ['tcp c1'], args: {} },
  {
    kind: 'call', seq: 3, time: 50, item: 2, fn: 'NdisTcpOffloadEventHandler', handler: 'ProtocolTcpOffloadEvent', caller: 'target', callee: 'host',
    objects: ['tcp c1'], args: { EventType: 3, EventSpecificInformation: 1 },
  },
  ...Array.from({ length: 30 }, (_, i): TraceEvent => ({ kind: 'decision', seq: 4 + i, time: 50, layer: 'host', text: `thought ${i} `.repeat(8) })),
];
const cutParts = sequenceDiagram(CUT_BLOCK, { maxTextSize: 2_000 });
cutParts.forEach((text, i) => drawings.push({ name: `an alt block cut by a split, part ${i + 1} of ${cutParts.length}`, text }));
const tour = traceOf(TOUR);
for (const m of MACHINES) {
  const table = compileMachine(m.machine);
  drawings.push({ name: `machine ${m.name}`, text: machineDiagram(table, { drawFrom: m.drawFrom }) });
  drawings.push({ name: `machine ${m.name} highlighted by the tour`, text: machineDiagram(table, { drawFrom: m.drawFrom, visits: machineVisits(m.name, table, tour)!, visitedBy: HOSTILE_TITLE }) });
}
// chimney coverage draws each machine with the transitions the runs never took marked: the tour leaves many.
const tourCoverage = measureCoverage([{ name: TOUR, events: tour }]);
for (const m of MACHINES) {
  const covered = tourCoverage.machines.find((c) => c.name === m.name);
  if (covered) drawings.push({ name: `machine ${m.name} as chimney coverage marks it after the tour`, text: markedStateDiagram(m, covered) });
}
const hostileScenario = sequenceDiagram(tour, { title: HOSTILE_TITLE })[0]!;
drawings.push({ name: 'a scenario named <script>…', text: hostileScenario });
drawings.push({ name: 'hostile trace text', text: sequenceDiagram(HOSTILE_TRACE, { title: HOSTILE_TITLE })[0]! });

/** What the page made of one drawing. */
interface Rendered {
  readonly error?: string;
  readonly svg: string;
  /** The text the SVG shows, as the browser reads it. */
  readonly shownText: string;
  /** Elements the SVG holds that could run code. */
  readonly scripts: number;
}

let browser: Browser;
let page: Page;
let results: Rendered[];
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  browser = await chromium.launch({ executablePath: CHROMIUM });
  page = await browser.newPage();
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
  await page.addScriptTag({ content: readFileSync(MERMAID, 'utf8') });
  results = await page.evaluate(async (texts) => {
    // The page's globals, typed here by what is used (the project's type-check has no DOM library).
    interface Holder {
      innerHTML: string;
      readonly textContent: string | null;
      querySelectorAll(selector: string): { readonly length: number };
      remove(): void;
    }
    interface PageGlobals {
      mermaid: { initialize(config: object): void; parse(text: string): Promise<unknown>; render(id: string, text: string): Promise<{ svg: string }> };
      document: { createElement(tag: string): Holder; body: { appendChild(node: Holder): void } };
      alert: () => void;
      alerted?: boolean;
    }
    const g = globalThis as unknown as PageGlobals;
    g.alert = () => {
      g.alerted = true;
    };
    g.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    const out = [];
    for (let i = 0; i < texts.length; i++) {
      try {
        await g.mermaid.parse(texts[i]!);
        const { svg } = await g.mermaid.render(`diagram${i}`, texts[i]!);
        const holder = g.document.createElement('div');
        holder.innerHTML = svg;
        g.document.body.appendChild(holder);
        const scripts = holder.querySelectorAll('script, iframe, [onerror], [onload]').length;
        out.push({ svg, shownText: holder.textContent ?? '', scripts });
        holder.remove();
      } catch (error) {
        out.push({ error: String((error as Error)?.message ?? error), svg: '', shownText: '', scripts: 0 });
      }
    }
    return out;
  }, drawings.map((d) => d.text));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('mermaid 11 renders every diagram chimney draws', () => {
  it.each(drawings.map((d, i) => [d.name, i] as const))('%s', (_, i) => {
    const r = results[i]!;
    expect(r.error).toBeUndefined();
    expect(r.svg).toMatch(/^<svg[\s>]/);
    expect(r.scripts).toBe(0);
    expect(drawings[i]!.text.length).toBeLessThan(MERMAID_MAX_TEXT_SIZE);
  });

  it('draws the splits it was asked for: several parts of the largest scenario and of the long run', () => {
    expect(largestParts.length).toBeGreaterThan(1);
    expect(longParts.length).toBeGreaterThan(1);
    expect(cutParts.filter((p) => p.includes('(continued)')).length).toBeGreaterThan(0);
  });

  it('shows hostile scenario text as text: the title reads <script>…, and nothing ran', async () => {
    const scenario = results[drawings.findIndex((d) => d.name === 'a scenario named <script>…')]!;
    expect(scenario.shownText).toContain(HOSTILE_TITLE.slice(0, 40));
    const trace = results[drawings.findIndex((d) => d.name === 'hostile trace text')]!;
    expect(trace.shownText).toContain('<img src=x onerror=alert(2)>; #1 & "quoted"');
    expect(trace.shownText).toContain('<b>layer</b>');
    expect(trace.shownText).toContain('<script>alert(3)</script>');
    expect(await page.evaluate(() => (globalThis as unknown as { alerted?: boolean }).alerted === true)).toBe(false);
  });

  it('makes no network request', () => {
    expect(requests).toEqual([]);
  });
});
