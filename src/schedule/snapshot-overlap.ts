import { isEmptySelector, matchesSelector, parseLabelSelector } from '../model/selector.js';
import type { Workload } from '../model/workload.js';
import type { Pod } from './cluster.js';
import { podLabels } from './state.js';

/**
 * A snapshot of a cluster that already runs the manifests holds their pods. Scheduling the manifests' pods
 * on top of them would count every replica twice (and make a hostPort collide with itself), so a snapshot
 * pod that a manifest workload would own is left out: the simulation predicts the state once the manifests
 * are applied and rolled out, with every pod of those workloads placed afresh.
 *
 * Ownership as controllers decide it: a pod in the workload's namespace whose labels match the workload's
 * selector (ReplicaSets, StatefulSets, DaemonSets, Jobs with a selector adopt such pods); a bare Pod
 * replaces the pod of the same namespace and name. Workloads without a selector in the manifest (Jobs,
 * CronJobs) replace nothing.
 */
export interface ReplacedPod {
  pod: Pod;
  by: Workload;
}

export function partitionSnapshotPods(pods: readonly Pod[], workloads: readonly Workload[]): { kept: Pod[]; replaced: ReplacedPod[] } {
  const owners = workloads.map((workload) => ({ workload, owns: ownership(workload) })).filter((o) => o.owns !== undefined);
  const kept: Pod[] = [];
  const replaced: ReplacedPod[] = [];
  for (const pod of pods) {
    const owner = owners.find((o) => o.owns!(pod));
    if (owner) replaced.push({ pod, by: owner.workload });
    else kept.push(pod);
  }
  return { kept, replaced };
}

function ownership(workload: Workload): ((pod: Pod) => boolean) | undefined {
  const namespace = workload.ref.namespace;
  if (workload.templatePath.length === 0) {
    return (pod) => pod.template.namespace === namespace && pod.name === workload.ref.name;
  }
  if (!workload.selector) return undefined;
  const selector = parseLabelSelector(workload.selector.value);
  if (!selector || selector.matchesNothing || isEmptySelector(selector)) return undefined;
  return (pod) => pod.template.namespace === namespace && matchesSelector(selector, podLabels(pod));
}
