/** The report page's style sheet: readable on screen and on paper, no web fonts (the page loads nothing). */
export const REPORT_STYLE = `
:root { --ink: #1d232b; --quiet: #5d6773; --line: #d7dce2; --accent: #0b5cad; --ok: #1a7f37; --bad: #b3261e; --changed: #fff4c2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f7f9; }
header, nav, main, section.wide, footer { max-width: 1400px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 16px; }
h1 { font-size: 22px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 16px; margin: 0 0 8px; }
h3 { font-size: 14px; margin: 12px 0 4px; color: var(--quiet); }
.description { margin: 0 0 6px; max-width: 80ch; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; font-weight: 600; }
.badge.passed { background: #dcf3e3; color: var(--ok); } .badge.failed { background: #fbe0de; color: var(--bad); }
.quiet { color: var(--quiet); }
nav { position: sticky; top: 0; z-index: 2; background: #f6f7f9; border-bottom: 1px solid var(--line); padding-top: 8px; padding-bottom: 8px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
button { font: inherit; padding: 4px 12px; border: 1px solid var(--accent); border-radius: 6px; background: #fff; color: var(--accent); cursor: pointer; }
button:hover:not(:disabled) { background: #e8f1fb; } button:disabled { opacity: .4; cursor: default; }
#position { font-variant-numeric: tabular-nums; min-width: 9ch; }
.keys { color: var(--quiet); font-size: 13px; }
main { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 16px; padding-top: 12px; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin-bottom: 16px; }
#frame-title { font-size: 17px; margin: 0; overflow-wrap: anywhere; }
#frame-line { color: var(--quiet); font-size: 13px; }
#events pre { margin: 6px 0; padding: 6px 8px; background: #f3f5f8; border-radius: 4px; font: 12.5px/1.4 ui-monospace, "Cascadia Mono", Menlo, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
#events pre.violation { background: #fbe0de; color: var(--bad); }
#events pre.stateChange { background: var(--changed); }
#events pre.command { background: #e8f1fb; font-weight: 600; }
#checks { list-style: none; padding: 0; margin: 8px 0 0; } #checks .ok { color: var(--ok); } #checks .failed { color: var(--bad); }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { color: var(--quiet); font-weight: 600; }
tr.changed td { background: var(--changed); }
td.state { font-weight: 600; }
#pending { list-style: none; padding: 0; margin: 0; } #pending li { padding: 6px 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
#pending .label { font-family: ui-monospace, Menlo, monospace; font-size: 13px; }
.waits { color: var(--quiet); font-size: 13px; } .chosen { color: var(--ok); font-size: 13px; } .note { color: var(--quiet); font-style: italic; }
button.fork { margin-top: 4px; font-size: 13px; }
#fork-banner { background: #efe6fb; border: 1px solid #b79be0; border-radius: 8px; padding: 8px 12px; margin: 12px auto 0; max-width: 1368px; display: flex; gap: 12px; align-items: center; }
#fork-banner[hidden] { display: none; }
#why-not details { margin: 4px 0; } #why-not summary { cursor: pointer; font-weight: 600; }
#why-not ul { margin: 4px 0 8px; padding-left: 18px; font-size: 13.5px; } #why-not code { font-size: 12.5px; }
#prediction { border: 2px solid var(--accent); }
#choices { display: flex; flex-direction: column; gap: 6px; margin: 8px 0; } #choices button { text-align: left; }
.feedback { padding: 8px 12px; border-radius: 8px; margin: 12px 0 0; } .feedback.right { background: #dcf3e3; } .feedback.wrong { background: #fbe0de; } .feedback:not(.right):not(.wrong) { background: #e8f1fb; }
#diagram { overflow-x: auto; }
#diagram pre.mermaid { background: #fff; margin: 0; }
#diagram svg { max-width: none; height: auto; }
#diagram.fit svg { max-width: 100%; }
#diagram-card h2 { display: flex; gap: 12px; align-items: center; }
footer { color: var(--quiet); font-size: 13px; padding-bottom: 24px; }
`;
