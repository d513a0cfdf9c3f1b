/**
 * The Priority admission plugin's rejection (plugin/pkg/admission/priority/admission.go admitPod): a pod
 * naming a PriorityClass that does not exist is forbidden. The priority itself is resolved in
 * model/priority.ts for the scheduler (PodTemplate.unknownPriorityClass says when the class is missing).
 */
import type { KubeObject } from '../model/object.js';
import { asRecord, asString } from '../model/object.js';

export function priorityClassNotFound(name: string): string {
  return `no PriorityClass with name ${name} was found`;
}

/**
 * Whether the snapshot says which PriorityClasses the cluster has: only when it holds PriorityClass
 * objects (`kubectl get nodes,pods -A` lists none), otherwise a class missing from the manifests may well
 * exist in the cluster. Class names that the snapshot's pods use exist too.
 */
export function knownPriorityClasses(snapshotObjects: readonly KubeObject[]): { complete: boolean; usedByPods: Set<string> } {
  let complete = false;
  const usedByPods = new Set<string>();
  for (const object of snapshotObjects) {
    if (object.ref.kind === 'PriorityClass' && object.ref.apiVersion.startsWith('scheduling.k8s.io/')) complete = true;
    if (object.ref.kind === 'Pod') {
      const name = asString(asRecord(object.raw.spec).priorityClassName);
      if (name) usedByPods.add(name);
    }
  }
  return { complete, usedByPods };
}
