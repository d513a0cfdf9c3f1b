import type { CheckResult } from '../check.js';
import type { Finding, Level, Rule } from '../rules/rule.js';
import { RULES } from '../../rules/index.js';
import { summaryLine } from './text.js';
import { placementReport, placementSection } from './markdown-placement.js';
import { codeSpan, escapeText } from './markdown-escape.js';
import { whatIfSection } from './whatif-markdown.js';
import { admissionMarkdown } from './admission-section.js';

/** Rows shown before "and N more": enough to act on, few enough to read in a PR comment. */
export const DEFAULT_MAX_FINDINGS = 100;

/**
 * Characters the findings table may take. A PR comment holds at most 65,536 characters (a job summary 1 MiB),
 * and the placement section needs room too; long paths and messages stop the table before the row cap does.
 */
export const DEFAULT_MAX_TABLE_CHARS = 40_000;

export interface MarkdownOptions {
  /** Findings listed in the table; the rest are counted in a closing line. */
  maxFindings?: number;
  /** Size budget of the table in characters; rows past it are counted like those past `maxFindings`. */
  maxTableChars?: number;
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
  if (result.placement) sections.push(result.simulation ? placementReport(result.simulation) : placementSection(result.placement));
  if (result.placement) sections.push(admissionMarkdown(result.placement, result.simulation));
  if (result.placement?.whatIf) sections.push(whatIfSection(result.placement.whatIf));
  return sections.filter((s) => s !== '').join('\n\n') + '\n';
}

const LEVEL_ORDER: readonly Level[] = ['error', 'warning', 'note'];

/** Worst first, so the caps drop notes before warnings before errors; report order (file, line) within a level. */
export function findingsSection(findings: readonly Finding[], options: MarkdownOptions = {}): string {
  if (findings.length === 0) return 'No findings.';
  const maxRows = Math.max(0, options.maxFindings ?? DEFAULT_MAX_FINDINGS);
  const maxChars = options.maxTableChars ?? DEFAULT_MAX_TABLE_CHARS;
  const helpUris = new Map((options.rules ?? RULES).map((rule) => [rule.id, rule.helpUri]));
  const ordered = LEVEL_ORDER.flatMap((level) => findings.filter((f) => f.level === level));
  const lines = ['| Level | Rule | Location | Message |', '| --- | --- | --- | --- |'];
  let size = lines.join('\n').length;
  let shown = 0;
  for (const finding of ordered.slice(0, maxRows)) {
    const row = findingRow(finding, helpUris.get(finding.ruleId));
    if (shown > 0 && size + row.length + 1 > maxChars) break;
    lines.push(row);
    size += row.length + 1;
    shown++;
  }
  const hidden = ordered.slice(shown);
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
