import { asArray, asRecord, asString } from '../model/object.js';
import type { Where } from '../rules/rule.js';
import type { Pod } from '../schedule/cluster.js';
import type { Budget } from './pdb.js';
import type { PodOrigin } from './world.js';

/*
 * How what-if findings name and locate pods and budgets. Rules import this module, so it must not import the scheduler
 * (src/whatif/world.ts does): a run without a cluster loads every rule but never schedules (cold start).
 */

/** kubectl drain's refusal to delete a pod that no controller would recreate. */
export const UNMANAGED_MESSAGE = 'cannot delete Pods that declare no controller (use --force to override)';

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

/** `namespace/name` of a pod. */
export function podKey(pod: Pod): string {
  return `${pod.template.namespace}/${pod.name}`;
}

/** `Kind/namespace/name` of the workload or controller that owns a pod, when known. */
export function ownerName(origin: PodOrigin): string | undefined {
  if (origin.kind === 'manifest') {
    const ref = origin.outcome.workload.ref;
    return `${ref.kind}/${ref.namespace}/${ref.name}`;
  }
  const raw = origin.object?.raw;
  if (!raw) return undefined;
  const owner = controllerReference(raw);
  return owner ? `${owner.kind}/${origin.object!.ref.namespace}/${owner.name}` : undefined;
}

/** The ownerReference with `controller: true` (`metav1.GetControllerOf`). */
export function controllerReference(raw: Record<string, unknown>): { kind: string; name: string; uid: string } | undefined {
  for (const entry of asArray(asRecord(raw.metadata).ownerReferences)) {
    const ref = asRecord(entry);
    if (ref.controller === true) return { kind: asString(ref.kind) ?? '', name: asString(ref.name) ?? '', uid: asString(ref.uid) ?? asString(ref.name) ?? '' };
  }
  return undefined;
}

/** `minAvailable: 2` / `maxUnavailable: 25%` as written. */
export function describeBudget(budget: Budget): string {
  if (budget.minAvailable) return `minAvailable: ${budget.minAvailable.text}`;
  if (budget.maxUnavailable) return `maxUnavailable: ${budget.maxUnavailable.text}`;
  return 'no minAvailable or maxUnavailable';
}
