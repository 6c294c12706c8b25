/**
 * The report as one HTML file: the page shell, its style, the embedded data, Mermaid and the page
 * script, all inline. A Content-Security-Policy meta forbids every network access: only the two inline
 * scripts (by their SHA-256) run, styles are inline, images may only be data: URLs. Text from the
 * scenario reaches the shell escaped, and the page script writes all other text as text.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { escapeHtml } from './escapeHtml.js';
import { inlineJson, inlineScript } from './inlineScriptText.js';
import { REPORT_STYLE } from './page/reportStyle.js';
import { stepperPage } from './page/stepperPage.js';
import type { ReportData } from './ReportData.js';

/**
 * The page script: stepperPage's source, called with `window`. `__name` is defined first because the
 * TypeScript runners (tsx, vitest) compile with esbuild's keepNames, which wraps named functions in a
 * `__name(...)` helper that a function's source does not carry with it.
 */
function pageScript(): string {
  return `"use strict";\nvar __name = function (target) { return target; };\n(${stepperPage.toString()})(window);\n`;
}

/** The Content-Security-Policy of a page whose only scripts are `scripts`. */
export function reportCsp(scripts: readonly string[]): string {
  const hashes = scripts.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  return [
    "default-src 'none'", `script-src ${hashes.join(' ')}`, "style-src 'unsafe-inline'", 'img-src data:', 'font-src data:', "connect-src 'none'",
    "base-uri 'none'", "form-action 'none'",
  ].join('; ');
}

export function reportHtml(data: ReportData, mermaid: string): string {
  const scripts = [inlineScript(mermaid), inlineScript(pageScript())];
  const name = basename(data.file);
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(reportCsp(scripts))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="chimney-sim report">
<title>${e(name)} — chimney-sim report</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<header>
<h1 id="scenario-name">${e(name)}</h1>
<p class="description" id="scenario-description">${e(data.description)}</p>
<p class="quiet">Layers, top to bottom: ${e(data.layers.join(' → '))} · the remote peer beyond the wire · <span class="badge ${data.passed ? 'passed' : 'failed'}">${data.passed ? 'scenario passes' : 'scenario fails'}</span> · ${data.frames.length - 1} steps</p>
</header>
<nav aria-label="stepper">
<button id="back" title="Back (←)">◀ Back</button>
<button id="next" title="Next (→)">Next ▶</button>
<span id="position" aria-live="polite"></span>
<label><input type="checkbox" id="predict" checked> Predict before each step</label>
<span class="keys">Keys: → / n next · ← / p back · 1–4 answer · Esc skip or leave a fork</span>
</nav>
<div id="fork-banner" hidden><span id="fork-text"></span><button id="leave-fork">Back to the run</button></div>
<main>
<div>
<section class="card" id="prediction" hidden aria-live="polite">
<h2>Predict</h2>
<p id="question"></p>
<div id="choices"></div>
<button id="skip">Just show me</button>
</section>
<div id="feedback" class="feedback" hidden aria-live="polite"></div>
<section class="card" id="step">
<h2 id="frame-title"></h2>
<div id="frame-line"></div>
<div id="events"></div>
<ul id="checks" hidden></ul>
</section>
<section class="card">
<h2>Why not? What cannot happen now</h2>
<div id="why-not"></div>
</section>
</div>
<div>
<section class="card">
<h2>State of every layer</h2>
<table><thead><tr><th>layer</th><th>object</th><th>graph</th><th>state</th></tr></thead><tbody id="layers"></tbody></table>
</section>
<section class="card">
<h2>Connection table (GetTcpTable2)</h2>
<table><thead><tr><th>local</th><th>remote</th><th>state</th><th>offload state</th><th>pid</th></tr></thead><tbody id="table"></tbody></table>
</section>
<section class="card">
<h2>Pending: what the scheduler could deliver next</h2>
<ul id="pending"></ul>
</section>
</div>
</main>
<section class="wide card" id="diagram-card">
<h2>Sequence diagram of the run <button id="diagram-fit">Actual size</button></h2>
<div id="diagram" class="fit"></div>
</section>
<footer>
${data.notes.map((n) => `<p>${e(n)}</p>`).join('\n')}
<p>Made by chimney-sim from ${e(data.file)}. This page loads nothing from the network; Mermaid ${e(mermaidVersion(mermaid))} is inlined.</p>
</footer>
<script type="application/json" id="report-data">${inlineJson(data)}</script>
<script>${scripts[0]}</script>
<script>${scripts[1]}</script>
</body>
</html>
`;
}

/** The version the Mermaid bundle declares, or `11`. */
function mermaidVersion(source: string): string {
  return /version:\s*"(11\.[0-9.]+)"/.exec(source)?.[1] ?? /"(11\.\d+\.\d+)"/.exec(source)?.[1] ?? '11';
}
