import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Span } from '../read/source.js';
import type { Finding, Level, Rule } from '../rules/rule.js';

export const DIAGNOSTIC_SOURCE = 'berth';

const SEVERITY: Record<Level, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

/** berth counts lines and columns from 1 (as editors display them); LSP counts both from 0. */
export function spanToRange(span: Span): Range {
  const start = { line: Math.max(0, span.line - 1), character: Math.max(0, span.column - 1) };
  const end = { line: Math.max(0, span.endLine - 1), character: Math.max(0, span.endColumn - 1) };
  const endsBeforeStart = end.line < start.line || (end.line === start.line && end.character < start.character);
  return { start, end: endsBeforeStart ? start : end };
}

/** What a diagnostic carries back to the server in code-action requests (LSP `Diagnostic.data`). */
export interface DiagnosticData {
  /** The container a finding is about, for the container-level suppression. */
  container?: string;
  /** Rule-specific facts a quick fix needs (e.g. the taints an `untolerated-taint` finding is about). */
  fix?: unknown;
}

export function findingToDiagnostic(finding: Finding, rules: ReadonlyMap<string, Rule>): Diagnostic {
  const rule = rules.get(finding.ruleId);
  const data: DiagnosticData = {};
  if (finding.container !== undefined) data.container = finding.container;
  const fix = (finding as Finding & { data?: unknown }).data;
  if (fix !== undefined) data.fix = fix;
  return {
    range: spanToRange(finding.location),
    severity: SEVERITY[finding.level],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    ...(rule ? { codeDescription: { href: rule.helpUri } } : {}),
    message: finding.message,
    data,
  };
}
