import { matchesRequiredNodeAffinity } from '../model/node-affinity.js';
import { isSchedulerResource } from '../model/resources.js';
import { firstUntoleratedTaint } from '../model/taints.js';
import type { Pod, ResourceList } from './cluster.js';
import { ERR_REASON as PORTS_REASON, portConflicts } from './filters/node-ports.js';
import { ERR_REASON_POD as AFFINITY_REASON } from './filters/node-affinity.js';
import { insufficientResources } from './filters/node-resources-fit.js';
import { wantedPorts, type ClusterState, type NodeState } from './state.js';

/**
 * What the kubelet does with a pod created with `spec.nodeName` (it never meets the scheduler):
 * pkg/kubelet/lifecycle/predicate.go `Admit`/`generalFilter` and pkg/scheduler/eventhandlers.go
 * `AdmissionCheck`. Checks in order — resources as NodeResourcesFit (extended resources the node does not
 * advertise dropped first), node affinity, node name, host ports, then NoExecute taints only — and the
 * first failure is reported. A rejected pod ends `Failed` and occupies nothing. Not modelled: the OS label
 * check, eviction-manager pressure admission, static-pod exemptions.
 */
export const TAINTS_REASON = "node(s) had taints that the pod didn't tolerate";

export interface Rejection {
  /** The pod status reason: `OutOfcpu`, `OutOfpods`, `NodeAffinity`, `NodePorts`, `TaintToleration`. */
  reason: string;
  /** The pod status message, as `rejectPod` (pkg/kubelet/kubelet.go) sets it. */
  message: string;
}

export function kubeletAdmission(state: ClusterState, pod: Pod, node: NodeState): Rejection | undefined {
  const requests = withoutMissingExtendedResources(pod.template.requests, node);
  const insufficient = insufficientResources(requests, node)[0];
  if (insufficient) {
    return {
      reason: `OutOf${insufficient.resource}`,
      message: `Pod was rejected: Node didn't have enough resource: ${insufficient.resource}, requested: ${insufficient.requested}, used: ${insufficient.used}, capacity: ${insufficient.allocatable}`,
    };
  }
  const predicate = (name: string, reason: string): Rejection => ({ reason: name, message: `Pod was rejected: Predicate ${name} failed: ${reason}` });
  if (!matchesRequiredNodeAffinity(pod.template, node.info)) return predicate('NodeAffinity', AFFINITY_REASON);
  if (portConflicts(wantedPorts(pod.template, state.behaviour), node.usedPorts).length > 0) return predicate('NodePorts', PORTS_REASON);
  if (firstUntoleratedTaint(node.info.taints, pod.template.tolerations, ['NoExecute'])) return predicate('TaintToleration', TAINTS_REASON);
  return undefined;
}

/** `removeMissingExtendedResources`: requests for extended resources the node does not list are ignored. */
function withoutMissingExtendedResources(requests: ResourceList, node: NodeState): ResourceList {
  const out: ResourceList = {};
  for (const [name, amount] of Object.entries(requests)) {
    const extended = name.includes('/') && !name.includes('kubernetes.io/') && isSchedulerResource(name);
    if (extended && !(name in node.info.allocatable)) continue;
    out[name] = amount;
  }
  return out;
}
