/**
 * The HTML report of a scenario, as a library call: `buildReport(parsed)` replays it frame by frame
 * (recordRun), draws its sequence diagram, and returns the self-contained page and the data it embeds.
 * `chimney report <scenario> -o report.html` writes the page.
 */
import { basename } from 'node:path';
import { sequenceDiagram } from '../render/mermaid/sequenceDiagram.js';
import type { ParsedScenario } from '../scenario/parseScenario.js';
import { mermaidSource } from './mermaidSource.js';
import { recordRun, type RecordOptions } from './recordRun.js';
import type { ReportData } from './ReportData.js';
import { reportHtml } from './reportHtml.js';

export type ReportOptions = RecordOptions;

export interface Report {
  html: string;
  data: ReportData;
}

export function buildReport(parsed: ParsedScenario, options: ReportOptions = {}): Report {
  const run = recordRun(parsed, options);
  const names = [...run.layers];
  const data: ReportData = {
    format: 'chimney-sim/report/1',
    file: parsed.file,
    description: parsed.scenario.description,
    layers: names,
    diagram: sequenceDiagram(run.trace, { title: basename(parsed.file) }),
    frames: run.frames,
    forks: run.forks,
    notes: run.notes,
    passed: run.passed,
  };
  return { html: reportHtml(data, mermaidSource()), data };
}
