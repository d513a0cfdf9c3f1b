import { apiGroup, asRecord, isRecord, locate, type KubeObject, type ObjectRef } from '../model/object.js';
import { toWorkload } from '../model/workload.js';
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
  const objectOf = objectFinder(input.objects);
  for (const rule of rules) {
    const configured = settings.levels?.[rule.id];
    if (configured === 'off') continue;
    if (rule.needs === 'cluster' && !settings.hasCluster) continue;
    const level = configured ?? rule.level;
    const report = (messageId: string, data: Record<string, string | number>, where: Where) => {
      const template = (rule.messages as Record<string, string>)[messageId];
      if (template === undefined) throw new Error(`rule ${rule.id} has no message '${messageId}'`);
      // Checked before locating: a suppressed finding never pays for a position lookup.
      const object = 'location' in where ? objectOf(where.object) : where.object;
      if (object && isSuppressed(object, rule.id, where.container)) {
        suppressed++;
        return;
      }
      findings.push({ ruleId: rule.id, level, message: formatMessage(template, data), ...resolveWhere(where) });
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
 * Object-level: `ignore.berth/<rule-id>` or `ignore.berth/all` on the object or on any template inside it
 * down to the pod template (a CronJob's job template and pod template count too).
 * Container-level: `ignore.berth/<rule-id>.<container-name>` (or `all.<container-name>`) silences the rule
 * for that container only. The value is the reason; only the key matters, whatever its type.
 */
export function isSuppressed(object: KubeObject, ruleId: string, container?: string): boolean {
  const keys = [`${IGNORE_PREFIX}${ruleId}`, `${IGNORE_PREFIX}all`];
  if (container !== undefined) keys.push(`${IGNORE_PREFIX}${ruleId}.${container}`, `${IGNORE_PREFIX}all.${container}`);
  return annotationLevels(object).some((annotations) => keys.some((key) => Object.hasOwn(annotations, key)));
}

/** The object's annotations, then those of each template on the way to its pod template. */
function annotationLevels(object: KubeObject): Record<string, unknown>[] {
  const levels = [annotationsAt(object.raw)];
  const workload = toWorkload(object);
  if (!workload) return levels;
  let node: unknown = object.raw;
  for (const segment of workload.templatePath) {
    node = asRecord(node)[segment as string];
    if (isRecord(node) && isRecord(node.metadata)) levels.push(annotationsAt(node));
  }
  return levels;
}

function annotationsAt(raw: Record<string, unknown>): Record<string, unknown> {
  return asRecord(asRecord(raw.metadata).annotations);
}

/**
 * Findings located by position may name their object only by reference (placement rules do); suppression
 * still applies when that object is among the manifests. The index is built on the first such finding.
 */
function objectFinder(objects: readonly KubeObject[]): (ref: ObjectRef | undefined) => KubeObject | undefined {
  let index: Map<string, KubeObject> | undefined;
  const key = (ref: ObjectRef) => [apiGroup(ref.apiVersion), ref.kind, ref.namespace, ref.name].join('\0');
  return (ref) => {
    if (!ref) return undefined;
    if (!index) {
      index = new Map();
      for (const object of objects) if (!index.has(key(object.ref))) index.set(key(object.ref), object);
    }
    return index.get(key(ref));
  };
}
