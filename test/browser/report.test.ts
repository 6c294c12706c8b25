/**
 * The HTML report in a real browser: Debian's chromium, driven by playwright-core. The tour's report is
 * stepped forward and back (buttons and keys) and the layer states it shows are checked against the
 * golden trace; a prediction is answered right and wrong; a "what if" fork of the raced tour is entered
 * and left; a hostile scenario shows its text as text; the Mermaid diagram renders to an SVG; and no page
 * makes a single network request. A screenshot is saved for a person to look at.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, parseScenario, type ReportData, type TraceEvent } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const TOUR = 'scenarios/tour/offload-retrieve-upload-disconnect.yaml';
const RACES = 'scenarios/races/tour-with-seeded-races.yaml';
const HOSTILE_NAME = '<img src=x onerror=alert(1)>.yaml';
const HOSTILE_DESCRIPTION = '<script>alert(1)</script> and </script><script>alert(2)</script> & "quotes"';

let browser: Browser;
let dir: string;
const reports: Record<string, { file: string; data: ReportData }> = {};

function writeReport(name: string, file: string, text: string): void {
  const { html, data } = buildReport(parseScenario(text, file));
  const out = join(dir, `${name}.html`);
  writeFileSync(out, html);
  reports[name] = { file: out, data };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  dir = mkdtempSync(join(tmpdir(), 'chimney-report-'));
  writeReport('tour', TOUR, readFileSync(join(ROOT, TOUR), 'utf8'));
  writeReport('races', RACES, readFileSync(join(ROOT, RACES), 'utf8'));
  const hostile = readFileSync(join(ROOT, TOUR), 'utf8').replace(/^description: >\n(  .*\n)+/m, `description: ${JSON.stringify(HOSTILE_DESCRIPTION)}\n`);
  writeFileSync(join(dir, HOSTILE_NAME), hostile);
  writeReport('hostile', join(dir, HOSTILE_NAME), hostile);
  browser = await chromium.launch({ executablePath: CHROMIUM });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens a report; counts every request but the file itself, every dialog and every page error. */
async function open(name: string): Promise<{ page: Page; requests: string[]; dialogs: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const url = pathToFileURL(reports[name]!.file).href;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  await page.route('**', (route) => {
    if (route.request().url() !== url) requests.push(route.request().url());
    return route.continue();
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('#diagram[data-state]', { timeout: 20_000 });
  return { page, requests, dialogs, errors };
}

/** The host's states the page shows: `object|region` → state (without the "(was …)" note). */
async function hostStatesShown(page: Page): Promise<Record<string, string>> {
  const rows = await page.$$eval('#layers tr[data-layer="host"]', (trs) =>
    trs.map((tr) => [`${tr.getAttribute('data-object')}|${tr.getAttribute('data-region')}`, tr.querySelector('td.state')?.textContent ?? '']),
  );
  return Object.fromEntries(rows.map(([k, v]) => [k, v!.replace(/ \(was .*\)$/, '')]));
}

/** The host's offload and TCP states after event `seq`, read from the golden trace: every object that changed, at its last change. */
function hostStatesInTrace(trace: readonly TraceEvent[], seq: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of trace) if (e.seq <= seq && e.kind === 'stateChange' && e.layer === 'host' && e.region !== 'adapter') out[`${e.object}|${e.region}`] = e.to;
  return out;
}

const goldenTour = (): TraceEvent[] =>
  readFileSync(join(ROOT, TOUR.replace(/\.yaml$/, '.trace.jsonl')), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceEvent);

describe('chimney report in chromium', () => {
  it('steps the tour forward and back, showing the layer states of the trace, drawing the diagram, loading nothing', async () => {
    const { page, requests, dialogs, errors } = await open('tour');
    const { data } = reports.tour!;
    expect(await page.getAttribute('#diagram', 'data-state')).toBe('rendered');
    expect(await page.locator('#diagram svg').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#diagram svg text', { hasText: 'NdisInitiateOffload' }).count()).toBeGreaterThan(0);

    await page.uncheck('#predict');
    expect(await page.isChecked('#predict')).toBe(false);
    const trace = goldenTour();
    const lastSeq = (k: number) => Math.max(0, ...data.frames.slice(0, k + 1).flatMap((f) => f.events.map((e) => e.seq)));
    const check = async (k: number) => {
      expect(await page.textContent('#position')).toBe(`step ${k} of ${data.frames.length - 1}`);
      const shown = await hostStatesShown(page);
      const expected = hostStatesInTrace(trace, lastSeq(k));
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      for (const [key, state] of Object.entries(expected)) expect(shown[key], `step ${k}: ${key}`).toBe(state);
    };
    await page.keyboard.press('ArrowRight'); // the focus is still on the checkbox
    await check(1);
    for (let k = 2; k <= 6; k++) {
      await page.click('#next');
      await check(k);
    }
    expect(await page.textContent('#frame-title')).toContain('deliver #3 NdisTcpOffloadEventHandler(tcp c1, TcpIndicateRetrieve)');
    expect(await hostStatesShown(page)).toMatchObject({ 'tcp c1|offload': 'Uploading' });
    await page.click('#back');
    await check(5);
    await page.keyboard.press('ArrowLeft');
    await check(4);
    for (let k = 5; k < data.frames.length; k++) await page.keyboard.press('ArrowRight');
    await check(data.frames.length - 1);
    expect(await hostStatesShown(page)).toMatchObject({ 'tcp c1|offload': 'Offloaded', 'tcp c1|tcp': 'CLOSE_WAIT' });
    expect(await page.$$eval('#table td', (tds) => tds.map((td) => td.textContent))).toEqual(['10.0.0.1:49152', '10.0.0.2:443', 'CLOSE-WAIT', 'Offloaded', '4242']);
    expect(await page.isDisabled('#next')).toBe(true);

    // "Why not?": at the end the host would not offload c1 again, and the state says why.
    expect(await page.textContent('#why-not')).toContain('host does not offload tcp c1: it is Offloaded');

    const shot = join(dir, 'tour-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    writeFileSync(join(tmpdir(), 'chimney-report-tour.png'), readFileSync(shot));
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks before each step and says whether the prediction was right, and why', async () => {
    const { page, requests } = await open('tour');
    const { data } = reports.tour!;
    const first = data.frames[1]!.prediction!;
    await page.click('#next');
    expect(await page.isVisible('#prediction')).toBe(true);
    expect(await page.textContent('#question')).toBe(first.question);
    expect(await page.textContent('#position')).toBe(`step 0 of ${data.frames.length - 1}`);
    await page.click(`#choices button[data-choice="${first.answer}"]`);
    expect(await page.getAttribute('#feedback', 'class')).toBe('feedback right');
    expect(await page.textContent('#feedback')).toContain(`Right: ${first.choices[first.answer]}`);
    expect(await page.textContent('#position')).toBe(`step 1 of ${data.frames.length - 1}`);

    const second = data.frames[2]!.prediction!;
    const wrong = second.answer === 0 ? 1 : 0;
    await page.keyboard.press('ArrowRight');
    expect(await page.textContent('#question')).toBe(second.question);
    await page.keyboard.press(String(wrong + 1));
    expect(await page.getAttribute('#feedback', 'class')).toBe('feedback wrong');
    expect(await page.textContent('#feedback')).toContain(`Not quite: you said ${second.choices[wrong]}, and it is ${second.choices[second.answer]}`);
    expect(await page.textContent('#feedback')).toContain(second.why);
    expect(await page.textContent('#position')).toBe(`step 2 of ${data.frames.length - 1}`);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('forks the raced tour: another pending item delivered instead, then back to the run', async () => {
    const { page, requests } = await open('races');
    const { data } = reports.races!;
    await page.uncheck('#predict');
    const at = data.frames.findIndex((f) => f.forks.length > 0);
    expect(at).toBeGreaterThan(0);
    for (let k = 0; k < at; k++) await page.click('#next');
    const fork = data.forks[data.frames[at]!.forks[0]!]!;
    await page.click(`button.fork[data-fork="${data.frames[at]!.forks[0]}"]`);
    expect(await page.isVisible('#fork-banner')).toBe(true);
    expect(await page.textContent('#fork-text')).toContain(`pending #${fork.item.id} ${fork.item.label} is delivered at step ${at + 1} instead`);
    expect(await page.textContent('#frame-title')).toBe(`deliver #${fork.item.id} ${fork.item.label} (instead)`);
    const main = data.frames[at + 1]!;
    expect(main.title).not.toContain(`#${fork.item.id} `);
    for (const row of fork.frames[0]!.layers.filter((r) => r.layer === 'host')) {
      expect((await hostStatesShown(page))[`${row.object}|${row.region}`]).toBe(row.state);
    }
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#fork-banner')).toBe(false);
    expect(await page.textContent('#position')).toBe(`step ${at} of ${data.frames.length - 1}`);
    await page.click('#next');
    expect(await page.textContent('#frame-title')).toBe(main.title);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('shows a hostile scenario name and description as text, running none of it', async () => {
    const { page, requests, dialogs, errors } = await open('hostile');
    expect(await page.textContent('#scenario-name')).toBe(HOSTILE_NAME);
    expect(await page.textContent('#scenario-description')).toBe(HOSTILE_DESCRIPTION);
    expect(await page.title()).toBe(`${HOSTILE_NAME} — chimney-sim report`);
    expect(await page.locator('script').count()).toBe(3);
    expect(await page.locator('img').count()).toBe(0);
    await page.uncheck('#predict');
    await page.click('#next');
    expect(await page.textContent('#frame-line')).toBe(`${join(dir, HOSTILE_NAME)}:${reports.hostile!.data.frames[1]!.line}`);
    expect(await page.getAttribute('#diagram', 'data-state')).toBe('rendered');
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
