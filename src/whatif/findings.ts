import type { Where } from '../rules/rule.js';
import type { PodOrigin } from './world.js';

/**
 * Where a what-if finding about a pod points: at its workload in the manifests (`metadata.name`), or for a
 * pod that exists only in the cluster snapshot, at that Pod in the snapshot file. Undefined when berth has
 * neither (a snapshot pod read without its object).
 */
export function podWhere(origin: PodOrigin): Where | undefined {
  if (origin.kind === 'manifest') return { object: origin.outcome.workload.object, path: ['metadata', 'name'] };
  return origin.object ? { object: origin.object, path: ['metadata', 'name'] } : undefined;
}

/** `Deployment default/web` for a manifest workload, `pod kube-system/x` (or its controller) for a snapshot pod. */
export function describeOrigin(origin: PodOrigin, podName: string): string {
  if (origin.kind === 'manifest') {
    const ref = origin.outcome.workload.ref;
    return `${ref.kind} ${ref.namespace}/${ref.name}`;
  }
  return origin.object ? `pod ${origin.object.ref.namespace}/${podName}` : `pod ${podName}`;
}
