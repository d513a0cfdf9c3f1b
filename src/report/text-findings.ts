import type { CheckResult } from '../check-core.js';
import type { Finding, Level } from '../rules/rule.js';
import type { SimulationResult } from '../schedule/result.js';
import type { WhatIfReport } from '../whatif/report.js';

/*
 * The text report without its cluster sections: findings grouped by file and the summary line. The
 * placement and what-if sections (src/report/text-placement.ts, whatif-text.ts) are passed in, so that the
 * CLI loads their code only when the result has a simulation (src/report/index.ts; cold start, issue 6).
 */

export interface TextOptions {
  color: boolean;
}

export type Paint = (code: string, text: string) => string;

/** The sections a result with a cluster has; each is required when the result holds what it formats. */
export interface TextSections {
  placement?: (simulation: SimulationResult, paint: Paint) => string;
  whatIf?: (report: WhatIfReport, paint: Paint) => string;
}

const COLORS: Record<Level, string> = { error: '\x1b[31m', warning: '\x1b[33m', note: '\x1b[36m' };
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

/** kube-linter/eslint style: findings grouped by file, `file:line:col  level  message  rule-id`, then a summary. */
export function renderText(result: CheckResult, options: TextOptions, sections: TextSections): string {
  const paint: Paint = (code, text) => (options.color ? code + text + RESET : text);
  const lines: string[] = [];
  let currentFile: string | undefined;
  for (const finding of result.findings) {
    if (finding.location.file !== currentFile) {
      if (currentFile !== undefined) lines.push('');
      currentFile = finding.location.file;
      lines.push(paint(BOLD, currentFile));
    }
    lines.push(formatFindingLine(finding, paint));
  }
  if (result.findings.length > 0) lines.push('');
  // The predicted placement (with --cluster): after the findings, before the summary (src/report/text-placement.ts).
  if (result.simulation) lines.push(required(sections.placement, 'placement')(result.simulation, paint), '');
  if (result.placement?.whatIf) lines.push(required(sections.whatIf, 'what-if')(result.placement.whatIf, paint), '');
  lines.push(summaryLine(result));
  return lines.join('\n') + '\n';
}

/** A missing section is a wiring mistake of the caller, never a reason to drop part of a report silently. */
function required<T>(section: T | undefined, name: string): T {
  if (section === undefined) throw new Error(`text report: the result has a ${name} section but no formatter for it was loaded`);
  return section;
}

function formatFindingLine(f: Finding, paint: Paint): string {
  const where = `${f.location.file}:${f.location.line}:${f.location.column}`;
  return `  ${where}  ${paint(COLORS[f.level], f.level)}  ${f.message}  ${paint(DIM, f.ruleId)}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(result: CheckResult): string {
  const s = result.summary;
  const parts = [plural(s.errors, 'error'), plural(s.warnings, 'warning'), plural(s.notes, 'note')];
  let line = `${parts.join(', ')} in ${plural(s.objects, 'object')} (${plural(s.files, 'file')}, ${plural(s.workloads, 'workload')})`;
  const extra: string[] = [];
  if (s.suppressed > 0) extra.push(`${s.suppressed} suppressed`);
  if (s.unknownKinds > 0) extra.push(`${plural(s.unknownKinds, 'object')} of unknown kinds not schema-checked`);
  if (s.skippedDocuments > 0) extra.push(`${plural(s.skippedDocuments, 'non-Kubernetes document')} skipped`);
  if (extra.length > 0) line += `; ${extra.join(', ')}`;
  return line + '.';
}
