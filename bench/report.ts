/**
 * reportMs: building the HTML report (`buildReport`: the replay frame by frame, every frame's "why not?",
 * the forks, the sequence diagram and the page with Mermaid inlined), median of 5 after a warm-up, for the
 * tour and for the largest scenario (the most trace events); and the tour's report size in bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildReport, findScenarioFiles, goldenPathFor, parseScenario, scenarioDrivers, type ParsedScenario } from '../src/index.js';

const ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist-bench/') ? '../..' : '..', import.meta.url));
const TOUR = 'scenarios/tour/offload-retrieve-upload-disconnect.yaml';

function parsed(file: string): ParsedScenario {
  return parseScenario(readFileSync(join(ROOT, file), 'utf8'), join(ROOT, file));
}

/** The median of 5 builds, in ms, after one untimed build; and the page's size. */
function reportMs(p: ParsedScenario): { ms: number; bytes: number } {
  const drivers = scenarioDrivers(p);
  const bytes = Buffer.byteLength(buildReport(p, { drivers }).html);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    buildReport(p, { drivers });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[2]!), bytes };
}

export function reportFigures(): { tourMs: number; tourBytes: number; largestMs: number; largest: string; largestEvents: number } {
  const files = findScenarioFiles([join(ROOT, 'scenarios')]).map((f) => f.slice(ROOT.length).replace(/^\//, ''));
  const events = (f: string) => readFileSync(join(ROOT, goldenPathFor(f)), 'utf8').trim().split('\n').length;
  const largest = files.reduce((a, b) => (events(b) > events(a) ? b : a));
  const tour = reportMs(parsed(TOUR));
  return { tourMs: tour.ms, tourBytes: tour.bytes, largestMs: reportMs(parsed(largest)).ms, largest, largestEvents: events(largest) };
}
