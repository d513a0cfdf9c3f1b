import { matchesRequiredNodeAffinity } from '../model/node-affinity.js';
import { firstUntoleratedTaint } from '../model/taints.js';
import type { NodeInfo, Pod, PodTemplate } from './cluster.js';
import { compareBytes } from './fit-error.js';

/**
 * DaemonSet pods (pkg/controller/daemon/daemon_controller.go `NodeShouldRunDaemonPod`,
 * pkg/controller/daemon/util/daemonset_util.go). The template already carries the tolerations the
 * controller adds (src/model/pod.ts).
 */

/**
 * The controller creates a pod for a node iff the template's nodeName is empty or that node, the node
 * satisfies nodeSelector + required node affinity, and no NoSchedule/NoExecute taint is untolerated.
 * Resources, ports and everything else are left to the scheduler.
 */
export function shouldRunDaemonPod(template: PodTemplate, node: NodeInfo): boolean {
  if (template.nodeName && template.nodeName !== node.name) return false;
  if (!matchesRequiredNodeAffinity(template, node)) return false;
  return firstUntoleratedTaint(node.taints, template.tolerations) === undefined;
}

/**
 * `ReplaceDaemonSetPodNodeNameNodeAffinity`: the created pod's required node affinity is replaced by one
 * term `matchFields: metadata.name In [node]` (nodeSelector kept), so the scheduler's NodeAffinity
 * PreFilter narrows the candidates to that node and every other node is "absent" (section 4).
 */
export function pinnedTemplate(template: PodTemplate, nodeName: string): PodTemplate {
  return {
    ...template,
    requiredNodeAffinity: [{ matchExpressions: [], matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
  };
}

/**
 * One pod per node that should run it, each pinned to its node. The controller creates them in its node
 * cache's order, which is arbitrary; berth orders them by node name (bytes), so that the queue — and so
 * the outcome when the pods compete, e.g. through affinity to each other — does not depend on the order of
 * nodes in the snapshot.
 */
export function daemonSetPods(template: PodTemplate, nodes: readonly NodeInfo[], baseName: string): { pod: Pod; node: string }[] {
  return [...nodes]
    .sort((a, b) => compareBytes(a.name, b.name))
    .filter((node) => shouldRunDaemonPod(template, node))
    .map((node, ordinal) => ({ pod: { name: `${baseName}-${node.name}`, template: pinnedTemplate(template, node.name), ordinal }, node: node.name }));
}
