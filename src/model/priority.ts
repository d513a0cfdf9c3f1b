/**
 * Pod priority as the Priority admission plugin sets it (plugin/pkg/admission/priority/admission.go,
 * semantics doc section 14).
 *
 *   priorityClassOf(object)                → PriorityClassInfo | undefined (a `scheduling.k8s.io` PriorityClass)
 *   priorityClassesFrom(objects, base?)    → name → class, the two built-in system classes included
 *   resolvePriority(spec, classes)         → { priority, className?, unknownClass, preemptionPolicy }
 */
import type { PriorityClassInfo } from '../schedule/cluster.js';
import { asString, type KubeObject } from './object.js';

/** pkg/apis/scheduling/types.go: SystemCriticalPriority = 2 * HighestUserDefinablePriority. */
export const SYSTEM_CLUSTER_CRITICAL = 2000000000;
export const SYSTEM_NODE_CRITICAL = SYSTEM_CLUSTER_CRITICAL + 1000;

export const BUILTIN_PRIORITY_CLASSES: readonly PriorityClassInfo[] = [
  { name: 'system-cluster-critical', value: SYSTEM_CLUSTER_CRITICAL, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' },
  { name: 'system-node-critical', value: SYSTEM_NODE_CRITICAL, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' },
];

export function priorityClassOf(object: KubeObject): PriorityClassInfo | undefined {
  if (object.ref.kind !== 'PriorityClass' || !object.ref.apiVersion.startsWith('scheduling.k8s.io/')) return undefined;
  const { value } = object.raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || !object.ref.name) return undefined;
  return {
    name: object.ref.name,
    value,
    globalDefault: object.raw.globalDefault === true,
    preemptionPolicy: object.raw.preemptionPolicy === 'Never' ? 'Never' : 'PreemptLowerPriority',
  };
}

/** Classes from the given objects over `base` (e.g. the snapshot's); the built-ins are always present. */
export function priorityClassesFrom(objects: readonly KubeObject[], base?: ReadonlyMap<string, PriorityClassInfo>): Map<string, PriorityClassInfo> {
  const classes = new Map<string, PriorityClassInfo>();
  for (const builtin of BUILTIN_PRIORITY_CLASSES) classes.set(builtin.name, builtin);
  for (const [name, info] of base ?? []) classes.set(name, info);
  for (const object of objects) {
    const info = priorityClassOf(object);
    if (info) classes.set(info.name, info);
  }
  return classes;
}

export interface ResolvedPriority {
  priority: number;
  /** The class that supplied the priority (named, or the globalDefault one). */
  className?: string;
  /** `priorityClassName` names a class that exists nowhere: the API server would reject the pod. */
  unknownClass: boolean;
  preemptionPolicy: 'PreemptLowerPriority' | 'Never';
}

/**
 * `spec.priority` of a created pod. A pod read from a snapshot already carries `spec.priority` (its class
 * may be missing from the snapshot): that value wins. Otherwise the named class; no name ⇒ the globalDefault
 * class with the lowest value (admission's tie rule), else 0.
 */
export function resolvePriority(spec: Record<string, unknown>, classes: ReadonlyMap<string, PriorityClassInfo>): ResolvedPriority {
  const name = asString(spec.priorityClassName) || undefined;
  const explicitPolicy = spec.preemptionPolicy === 'Never' || spec.preemptionPolicy === 'PreemptLowerPriority' ? spec.preemptionPolicy : undefined;
  const info = name !== undefined ? classes.get(name) : globalDefault(classes);
  if (typeof spec.priority === 'number' && Number.isInteger(spec.priority)) {
    return {
      priority: spec.priority,
      ...(name !== undefined ? { className: name } : {}),
      unknownClass: false,
      preemptionPolicy: explicitPolicy ?? info?.preemptionPolicy ?? 'PreemptLowerPriority',
    };
  }
  if (name !== undefined && !info) return { priority: 0, className: name, unknownClass: true, preemptionPolicy: explicitPolicy ?? 'PreemptLowerPriority' };
  return {
    priority: info?.value ?? 0,
    ...(info ? { className: info.name } : {}),
    unknownClass: false,
    preemptionPolicy: explicitPolicy ?? info?.preemptionPolicy ?? 'PreemptLowerPriority',
  };
}

function globalDefault(classes: ReadonlyMap<string, PriorityClassInfo>): PriorityClassInfo | undefined {
  let found: PriorityClassInfo | undefined;
  for (const info of classes.values()) if (info.globalDefault && (!found || info.value < found.value)) found = info;
  return found;
}
