import { defineRule } from '../src/rules/rule.js';
import { firstUntoleratedTaint, formatTaint } from '../src/model/taints.js';
import {
  byPlugin,
  explainEach,
  groupNodes,
  isControlPlaneTaint,
  isNodeStateTaint,
  matchesNodeSelection,
  nodeInfos,
  PENDING_MESSAGE,
  podSpecPath,
  REJECTED_MESSAGE,
  rejectedPods,
  rejections,
  reportPending,
  reportRejected,
  unschedulablePods,
  type Unschedulable,
} from '../src/rules/placement.js';
import type { NodeInfo, Taint } from '../src/schedule/cluster.js';
import type { WorkloadOutcome } from '../src/schedule/result.js';

/**
 * The taint rejections that explain a pending pod. Taints set from node state are left to
 * unschedulable-node. Otherwise a tainted node counts when the pod's nodeSelector/affinity selects it and
 * either taints are all that keep the pod out, or the pod targets a subset of the nodes that includes the
 * tainted ones (a pool of its own choosing) and the taint is not the control-plane one. A tainted pool that
 * an unselective pod merely could have used is no explanation while other nodes fail for other reasons:
 * dedicated pools and control planes are tainted by design.
 */
function taintRejections(outcome: WorkloadOutcome, pod: Unschedulable, infos: ReadonlyMap<string, NodeInfo>): { node: string; key: Taint }[] {
  const all = rejections(pod, byPlugin('TaintToleration')).flatMap(({ node, status }) =>
    status.detail?.kind === 'taint' ? [{ node, key: status.detail.taint }] : [],
  );
  const counted = pod.verdicts.filter((v) => !v.absent && v.status);
  const onlyTaints = counted.every((v) => v.status!.plugin === 'TaintToleration' && v.status!.detail?.kind === 'taint' && !isNodeStateTaint(v.status!.detail.taint));
  const selected = [...infos.values()].filter((n) => matchesNodeSelection(outcome.template, n));
  const targeted = selected.length < infos.size;
  return all.filter(({ node, key }) => {
    const info = infos.get(node);
    if (isNodeStateTaint(key) || !info || !matchesNodeSelection(outcome.template, info)) return false;
    return onlyTaints || (targeted && !isControlPlaneTaint(key));
  });
}

export default defineRule({
  id: 'untolerated-taint',
  level: 'error',
  needs: 'cluster',
  description: 'Pods stay Pending because the nodes they could use carry taints they do not tolerate',
  details:
    'The TaintToleration filter rejects a node whose first NoSchedule/NoExecute taint no toleration of the pod ' +
    'tolerates. From Kubernetes 1.35 the scheduler only says "node(s) had untolerated taint(s)"; berth names ' +
    'each taint and its nodes. Taints set from node state (`node.kubernetes.io/*`: NotReady, pressure, cordon) ' +
    'are left to `unschedulable-node`. A tainted node counts when the pod\'s nodeSelector/affinity selects it and ' +
    'either taints alone keep the pod out, or the selection targets a subset of the nodes (the pod chose that ' +
    'pool) and the taint is not the control-plane one: dedicated pools and control planes are tainted by ' +
    'design, so they do not explain a pod that fails elsewhere for other reasons. Points at `tolerations:`, or the pod ' +
    'spec when it has none. A `spec.nodeName` pod refused by the kubelet for a NoExecute taint is reported too.',
  messages: { pending: PENDING_MESSAGE, rejected: REJECTED_MESSAGE },
  check(context) {
    const simulation = context.simulation;
    if (!simulation) return;
    const nodes = nodeInfos(simulation);
    for (const outcome of simulation.workloads) {
      const tolerationsPath = 'tolerations' in outcome.workload.spec ? [...podSpecPath(outcome), 'tolerations'] : podSpecPath(outcome);
      const explained = explainEach(unschedulablePods(outcome), (pod) => taintRejections(outcome, pod, nodes));
      if (explained.length > 0) {
        const groups = groupNodes(explained[0]!.found, formatTaint);
        const explanation = `Untolerated: ${groups.join('; ')}.`;
        reportPending(context, outcome, explained.map((e) => e.pod), explanation, tolerationsPath);
      }
      const rejected = rejectedPods(outcome, (reason) => reason === 'TaintToleration');
      if (rejected.length > 0) {
        const node = nodes.get(rejected[0]!.node);
        const taint = node && firstUntoleratedTaint(node.taints, outcome.template.tolerations, ['NoExecute']);
        reportRejected(context, outcome, rejected, taint ? `Untolerated NoExecute taint: ${formatTaint(taint)}.` : '', tolerationsPath);
      }
    }
  },
});
