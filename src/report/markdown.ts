import type { CheckResult } from '../check.js';
import type { Finding, Level, Rule } from '../rules/rule.js';
import { RULES } from '../../rules/index.js';
import { summaryLine } from './text.js';
import { placementSection } from './markdown-placement.js';
import { codeSpan, escapeText } from './markdown-escape.js';

/**
 * Rows shown before "and N more". A PR comment holds at most 65,536 characters and a job summary 1 MiB;
 * 100 rows of a few hundred characters stay well inside both.
 */
export const DEFAULT_MAX_FINDINGS = 100;

export interface MarkdownOptions {
  /** Findings listed in the table; the rest are counted in a closing line. */
  maxFindings?: number;
  /** Rules whose help URIs the rule ids link to. Default: every rule berth ships. */
  rules?: readonly Rule[];
  /** Heading of the report (a job summary may hold several reports). */
  title?: string;
}

/**
 * A report for a pull-request comment or a GitHub job summary (GitHub-flavoured Markdown):
 * a summary line, the findings table, then the predicted placement when a cluster snapshot was given.
 */
export function formatMarkdown(result: CheckResult, options: MarkdownOptions = {}): string {
  const sections = [`## ${options.title ?? 'berth check'}`, escapeText(summaryLine(result)), findingsSection(result.findings, options)];
  if (result.placement) sections.push(placementSection(result.placement));
  return sections.filter((s) => s !== '').join('\n\n') + '\n';
}

const LEVEL_ORDER: readonly Level[] = ['error', 'warning', 'note'];

/** Worst first, so a capped table still shows every error; report order (file, line) within a level. */
export function findingsSection(findings: readonly Finding[], options: MarkdownOptions = {}): string {
  if (findings.length === 0) return 'No findings.';
  const max = Math.max(0, options.maxFindings ?? DEFAULT_MAX_FINDINGS);
  const helpUris = new Map((options.rules ?? RULES).map((rule) => [rule.id, rule.helpUri]));
  const ordered = LEVEL_ORDER.flatMap((level) => findings.filter((f) => f.level === level));
  const shown = ordered.slice(0, max);
  const lines = ['| Level | Rule | Location | Message |', '| --- | --- | --- | --- |'];
  for (const finding of shown) lines.push(findingRow(finding, helpUris.get(finding.ruleId)));
  const hidden = ordered.slice(max);
  if (hidden.length > 0) lines.push('', `… and ${hidden.length} more (${countByLevel(hidden)}): run \`berth check\` locally for the full list.`);
  return lines.join('\n');
}

function findingRow(finding: Finding, helpUri: string | undefined): string {
  const level = finding.level === 'error' ? '**error**' : finding.level;
  const rule = helpUri ? `[${escapeText(finding.ruleId)}](${helpUri})` : codeSpan(finding.ruleId);
  const where = codeSpan(`${finding.location.file}:${finding.location.line}`);
  return `| ${level} | ${rule} | ${where} | ${escapeText(finding.message)} |`;
}

function countByLevel(findings: readonly Finding[]): string {
  return LEVEL_ORDER.map((level) => [level, findings.filter((f) => f.level === level).length] as const)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${n} ${level}${n === 1 ? '' : 's'}`)
    .join(', ');
}
