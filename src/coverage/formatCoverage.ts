/**
 * The coverage report as text: per machine a line of totals and a table of its transitions (taken or
 * not, how often, the first run that took it), then the rules. Plain lines, no colour, no I/O.
 */
import type { CoverageReport, MachineCoverage } from './measureCoverage.js';

/** `3 of 4`. */
const of = (n: number, total: number) => `${n} of ${total}`;

/** The table of one machine. */
export function formatMachineCoverage(m: MachineCoverage): string[] {
  const taken = m.transitions.filter((t) => t.count > 0).length;
  const label = (t: MachineCoverage['transitions'][number]) => t.key.slice(m.name.length + 2);
  const width = Math.max(...m.transitions.map((t) => label(t).length), 'transition'.length);
  const countWidth = Math.max(5, ...m.transitions.map((t) => String(t.count).length));
  return [
    `${m.name} (${m.description}): ${of(m.pairsVisited, m.pairs)} (state × event) pairs, ${of(taken, m.transitions.length)} transitions taken`,
    `     ${'taken'.padStart(countWidth)}  ${'transition'.padEnd(width)}  first taken in`,
    ...m.transitions.map((t) => `  ${t.count > 0 ? '✓' : '✗'}  ${String(t.count).padStart(countWidth)}  ${t.count > 0 ? `${label(t).padEnd(width)}  ${t.firstIn ?? ''}` : label(t)}`.trimEnd()),
  ];
}

/** The rules line: how many were asked, which broke, which were never asked. */
export function formatRuleCoverage(report: CoverageReport): string[] {
  const exercised = report.rules.filter((r) => r.exercised);
  const violated = report.rules.filter((r) => r.violated).map((r) => r.id);
  const never = report.rules.filter((r) => !r.exercised).map((r) => r.id);
  return [
    `rules: ${of(exercised.length, report.rules.length)} exercised` +
      (violated.length > 0 ? `, ${violated.length} violated (${violated.join(', ')})` : ', none violated') +
      (never.length > 0 ? `; never exercised: ${never.join(', ')}` : ''),
  ];
}

/** The whole table part of the report, machine after machine, then the rules. */
export function formatCoverage(report: CoverageReport): string[] {
  return [...report.machines.flatMap((m) => [...formatMachineCoverage(m), '']), ...formatRuleCoverage(report)];
}
