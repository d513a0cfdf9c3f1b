import { locate } from '../model/object.js';
import { annotationsOf, type KubeObject } from '../model/object.js';
import { formatMessage, type Finding, type Level, type Rule, type RuleInput, type Where } from './rule.js';

export interface RuleSettings {
  /** Per-rule level override, or 'off'. */
  levels?: Readonly<Record<string, Level | 'off'>>;
  /** Whether a cluster snapshot was given (rules that need one are skipped otherwise). */
  hasCluster: boolean;
}

export interface RuleRun {
  findings: Finding[];
  /** Findings silenced by an `ignore.berth/...` annotation. */
  suppressed: number;
}

/** Annotation prefix for suppressions: `ignore.berth/<rule-id>` or `ignore.berth/all`, value = the reason. */
export const IGNORE_PREFIX = 'ignore.berth/';

export function runRules(rules: readonly Rule[], input: RuleInput, settings: RuleSettings): RuleRun {
  const findings: Finding[] = [];
  let suppressed = 0;
  for (const rule of rules) {
    const configured = settings.levels?.[rule.id];
    if (configured === 'off') continue;
    if (rule.needs === 'cluster' && !settings.hasCluster) continue;
    const level = configured ?? rule.level;
    const report = (messageId: string, data: Record<string, string | number>, where: Where) => {
      const template = (rule.messages as Record<string, string>)[messageId];
      if (template === undefined) throw new Error(`rule ${rule.id} has no message '${messageId}'`);
      const finding: Finding = {
        ruleId: rule.id,
        level,
        message: formatMessage(template, data),
        ...resolveWhere(where),
      };
      if ('object' in where && where.object && 'raw' in where.object && isSuppressed(where.object, rule.id, finding.container)) {
        suppressed++;
        return;
      }
      findings.push(finding);
    };
    rule.check({ ...input, report });
  }
  return { findings, suppressed };
}

function resolveWhere(where: Where): Pick<Finding, 'location' | 'object' | 'container'> {
  const container = where.container === undefined ? {} : { container: where.container };
  if ('location' in where) return { location: where.location, ...(where.object ? { object: where.object } : {}), ...container };
  return { location: locate(where.object, where.path ?? [], where.part ?? 'key'), object: where.object.ref, ...container };
}

/**
 * Object-level: `ignore.berth/<rule-id>` or `ignore.berth/all` on the object or its pod template.
 * Container-level: `ignore.berth/<rule-id>.<container-name>` silences the rule for that container only.
 */
export function isSuppressed(object: KubeObject, ruleId: string, container?: string): boolean {
  const keys = [`${IGNORE_PREFIX}${ruleId}`, `${IGNORE_PREFIX}all`];
  if (container !== undefined) keys.push(`${IGNORE_PREFIX}${ruleId}.${container}`, `${IGNORE_PREFIX}all.${container}`);
  const annotationSets = [annotationsOf(object.raw), templateAnnotations(object.raw)];
  return annotationSets.some((annotations) => keys.some((key) => key in annotations));
}

function templateAnnotations(raw: Record<string, unknown>): Record<string, string> {
  const spec = raw.spec as Record<string, unknown> | undefined;
  const template = (spec?.template ?? (spec?.jobTemplate as Record<string, unknown> | undefined)?.spec) as Record<string, unknown> | undefined;
  const inner = (template && 'template' in template ? template.template : template) as Record<string, unknown> | undefined;
  return inner ? annotationsOf(inner) : {};
}
