import { defineRule } from '../src/rules/rule.js';
import { formatTaint } from '../src/model/taints.js';
import { explainEach, isNodeStateTaint, listNames, nodeInfos, PENDING_MESSAGE, rejections, reportPending, staticBlocker, unschedulablePods } from '../src/rules/placement.js';
import type { Status } from '../src/schedule/framework.js';

/** What the node lifecycle controller's taints say about the node (pkg/controller/nodelifecycle). */
const STATE_WORDS: Record<string, string> = {
  'node.kubernetes.io/unschedulable': 'cordoned',
  'node.kubernetes.io/not-ready': 'NotReady',
  'node.kubernetes.io/unreachable': 'unreachable (Ready Unknown)',
  'node.kubernetes.io/memory-pressure': 'under memory pressure',
  'node.kubernetes.io/disk-pressure': 'under disk pressure',
  'node.kubernetes.io/pid-pressure': 'under PID pressure',
  'node.kubernetes.io/network-unavailable': 'without network',
};

/** Why a node is closed by its state: cordoned (NodeUnschedulable) or a node-state taint; undefined otherwise. */
function nodeState(status: Status): string | undefined {
  if (status.plugin === 'NodeUnschedulable') return 'cordoned (spec.unschedulable)';
  if (status.plugin !== 'TaintToleration' || status.detail?.kind !== 'taint' || !isNodeStateTaint(status.detail.taint)) return undefined;
  const taint = status.detail.taint;
  return `${STATE_WORDS[taint.key] ?? 'in a bad state'} (${formatTaint(taint)})`;
}

export default defineRule({
  id: 'unschedulable-node',
  level: 'error',
  needs: 'cluster',
  description: 'Pods stay Pending because nodes they could use are cordoned, NotReady or under pressure',
  details:
    'A cordoned node (`spec.unschedulable: true`) fails the NodeUnschedulable filter ("node(s) were ' +
    'unschedulable"); a NotReady, unreachable or pressured node carries the `node.kubernetes.io/*` taints the ' +
    'node lifecycle controller sets, which TaintToleration rejects. Only nodes the pod could otherwise use ' +
    '(its nodeSelector/affinity matches and its other taints are tolerated) count. The cause is in the ' +
    'cluster, not the manifest: the finding points at `replicas:` (or the workload spec) and names the nodes ' +
    'and their state; uncordoning or repairing them would let the pods schedule.',
  messages: { pending: PENDING_MESSAGE },
  check(context) {
    const simulation = context.simulation;
    if (!simulation) return;
    const nodes = nodeInfos(simulation);
    for (const outcome of simulation.workloads) {
      const explained = explainEach(unschedulablePods(outcome), (pod) =>
        rejections(pod, (s) => nodeState(s) !== undefined).filter(({ node }) => {
          const info = nodes.get(node);
          return info !== undefined && staticBlocker(outcome.template, info, { ignoreNodeState: true }) === undefined;
        }),
      );
      if (explained.length === 0) continue;
      const byState = new Map<string, string[]>();
      for (const { node, status } of explained[0]!.found) {
        const state = nodeState(status)!;
        byState.set(state, [...(byState.get(state) ?? []), node]);
      }
      const explanation = [...byState].map(([state, names]) => `${listNames(names)} ${names.length === 1 ? 'is' : 'are'} ${state}`).join('; ') + '.';
      reportPending(context, outcome, explained.map((e) => e.pod), explanation, outcome.workload.replicasPath);
    }
  },
});
