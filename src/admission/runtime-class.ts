/**
 * The RuntimeClass admission plugin's rejections (plugin/pkg/admission/runtimeclass/admission.go): an
 * unknown `runtimeClassName`, and a pod nodeSelector that contradicts the class's `scheduling.nodeSelector`.
 * Its overhead and scheduling constraints are applied to the scheduler's pod in model/pod.ts
 * (runtimeClassesFrom in model/admission-defaults.ts).
 */
import type { KubeObject } from '../model/object.js';
import { asRecord, asString } from '../model/object.js';
import type { RuntimeClassInfo } from '../model/admission-defaults.js';

export function runtimeClassNotFound(name: string): string {
  return `pod rejected: RuntimeClass "${name}" not found`;
}

/** Like PriorityClasses: the snapshot is authoritative only when it holds RuntimeClass objects. */
export function knownRuntimeClasses(snapshotObjects: readonly KubeObject[]): { complete: boolean; usedByPods: Set<string> } {
  let complete = false;
  const usedByPods = new Set<string>();
  for (const object of snapshotObjects) {
    if (object.ref.kind === 'RuntimeClass' && object.ref.apiVersion.startsWith('node.k8s.io/')) complete = true;
    if (object.ref.kind === 'Pod') {
      const name = asString(asRecord(object.raw.spec).runtimeClassName);
      if (name) usedByPods.add(name);
    }
  }
  return { complete, usedByPods };
}

/** scheduling.nodeSelector merged into the pod's: the same key with another value is a conflict (mergeNodeSelectors). */
export function nodeSelectorConflict(info: RuntimeClassInfo, podSelector: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(info.nodeSelector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const own = podSelector[key];
    if (own !== undefined && own !== value) {
      return `conflict: runtimeClass.scheduling.nodeSelector[${key}] = ${value}; pod.spec.nodeSelector[${key}] = ${own}`;
    }
  }
  return undefined;
}
