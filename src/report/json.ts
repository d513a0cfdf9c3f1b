import type { CheckResult } from '../check.js';
import { TOOL_NAME, TOOL_VERSION } from '../meta.js';
import type { PlacementReport } from '../schedule/types.js';
import type { Level } from '../rules/rule.js';

/** berth's JSON contract, v1. Add fields only; other tools parse this. */
export interface JsonReport {
  tool: { name: string; version: string };
  diagnostics: JsonDiagnostic[];
  placement: PlacementReport | null;
  summary: CheckResult['summary'];
}

export interface JsonDiagnostic {
  ruleId: string;
  level: Level;
  message: string;
  location: { file: string; line: number; column: number; endLine: number; endColumn: number };
  object?: { apiVersion: string; kind: string; namespace: string; name: string };
}

export function toJsonReport(result: CheckResult): JsonReport {
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    diagnostics: result.findings.map((f) => ({
      ruleId: f.ruleId,
      level: f.level,
      message: f.message,
      location: {
        file: f.location.file,
        line: f.location.line,
        column: f.location.column,
        endLine: f.location.endLine,
        endColumn: f.location.endColumn,
      },
      ...(f.object ? { object: { apiVersion: f.object.apiVersion, kind: f.object.kind, namespace: f.object.namespace, name: f.object.name } } : {}),
    })),
    placement: result.placement,
    summary: result.summary,
  };
}

export function formatJson(result: CheckResult): string {
  return JSON.stringify(toJsonReport(result), null, 2) + '\n';
}
