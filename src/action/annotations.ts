/**
 * Workflow annotations for findings. GitHub shows at most 10 annotations of each type per step, so each
 * level gets 10 slots: the most important findings first, and when there are more, the last slot says how
 * many more the job summary lists.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Finding, Level, Rule } from '../rules/rule.js';
import { annotationCommand, type AnnotationLevel } from './commands.js';

/** GitHub's display limit per annotation type and step. */
export const ANNOTATIONS_PER_LEVEL = 10;

const ANNOTATION_LEVEL: Record<Level, AnnotationLevel> = { error: 'error', warning: 'warning', note: 'notice' };
const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

export interface AnnotationOptions {
  /** Directory the findings' relative paths are relative to. */
  cwd: string;
  /** Repository root (GITHUB_WORKSPACE): annotation paths are relative to it. */
  workspace: string;
  rules: readonly Rule[];
  /** Where the rest are listed, for the overflow note. */
  summaryWritten: boolean;
}

/** The annotation command lines, errors first. */
export function annotationLines(findings: readonly Finding[], options: AnnotationOptions): string[] {
  const clusterRules = new Set(options.rules.filter((rule) => rule.needs === 'cluster').map((rule) => rule.id));
  const lines: string[] = [];
  for (const level of LEVELS) {
    const ofLevel = mostImportantFirst(findings.filter((f) => f.level === level), clusterRules);
    const fits = ofLevel.length <= ANNOTATIONS_PER_LEVEL;
    const shown = fits ? ofLevel : ofLevel.slice(0, ANNOTATIONS_PER_LEVEL - 1);
    for (const finding of shown) lines.push(findingAnnotation(finding, options));
    if (!fits) {
      const more = ofLevel.length - shown.length;
      const where = options.summaryWritten ? 'the job summary and the SARIF file list' : 'the SARIF file lists';
      lines.push(annotationCommand(ANNOTATION_LEVEL[level], `${more} more ${level}${more === 1 ? '' : 's'}: ${where} every finding.`, { title: 'berth' }));
    }
  }
  return lines;
}

/**
 * Placement findings first (pods that would stay Pending break a rollout), then report order (file, line).
 * The sort is stable, so report order holds within each group.
 */
function mostImportantFirst(findings: readonly Finding[], clusterRules: ReadonlySet<string>): Finding[] {
  return [...findings].sort((a, b) => Number(clusterRules.has(b.ruleId)) - Number(clusterRules.has(a.ruleId)));
}

export function findingAnnotation(finding: Finding, options: Pick<AnnotationOptions, 'cwd' | 'workspace'>): string {
  const file = workspacePath(finding.location.file, options);
  const { line, column, endLine, endColumn } = finding.location;
  const location = file === undefined
    ? {}
    : {
        file,
        line,
        // GitHub uses columns only for single-line annotations.
        ...(endLine === line ? { col: column, endLine, endColumn: Math.max(column, endColumn) } : { endLine: Math.max(line, endLine) }),
      };
  return annotationCommand(ANNOTATION_LEVEL[finding.level], finding.message, { ...location, title: finding.ruleId });
}

/** The file relative to the workspace with `/` separators; undefined for stdin and files outside it. */
export function workspacePath(file: string, options: Pick<AnnotationOptions, 'cwd' | 'workspace'>): string | undefined {
  if (file === '<stdin>' || file.startsWith('--')) return undefined;
  const fromRoot = relative(resolve(options.workspace), resolve(options.cwd, file));
  if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) return undefined;
  return fromRoot.split(sep).join('/');
}
