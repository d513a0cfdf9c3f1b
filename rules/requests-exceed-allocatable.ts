import { defineRule } from '../src/rules/rule.js';
import {
  amount,
  exceedingResources,
  listNames,
  mayExceedAllocatable,
  PENDING_MESSAGE,
  REJECTED_MESSAGE,
  resourceRejections,
  reportPending,
  reportRejected,
  requestPath,
  resourceCandidates,
  unschedulablePods,
} from '../src/rules/placement.js';
import type { NodeInfo } from '../src/schedule/cluster.js';

function explain(resource: string, requested: number, nodes: readonly NodeInfo[], all: boolean): string {
  const largest = Math.max(...nodes.map((n) => n.allocatable[resource] ?? 0));
  const scope = all ? 'no node of the cluster' : `none of the nodes it could use (${listNames(nodes.map((n) => n.name))})`;
  if (largest <= 0) return `It requests ${amount(resource, requested)} ${resource}, and ${scope} has any.`;
  const biggest = nodes.filter((n) => (n.allocatable[resource] ?? 0) === largest).map((n) => n.name);
  return `It requests ${amount(resource, requested)} ${resource}, but ${scope} has that much allocatable: the largest is ${amount(resource, largest)} on ${listNames(biggest)}.`;
}

export default defineRule({
  id: 'requests-exceed-allocatable',
  level: 'error',
  needs: 'cluster',
  description: 'A pod requests more of a resource than any node it could run on has in total, so it fits nowhere even on an empty cluster',
  details:
    'NodeResourcesFit compares the pod\'s effective request (sum of its containers, or its largest init ' +
    'container, plus overhead; limits stand in for missing requests) with each node\'s allocatable minus what ' +
    'is already requested. When the request alone is larger than the allocatable of every node the pod could ' +
    'use (its nodeSelector/affinity and permanent taints allow it; cordons and node state are ignored, as they ' +
    'pass), no amount of free capacity helps: from 1.34 such nodes are "unresolvable" and preemption is not ' +
    'tried. When no node qualifies at all, every node of the cluster is compared. Points at the request value ' +
    '(or the limit it defaults from). A `spec.nodeName` pod refused by the kubelet (`OutOf<resource>`) for such ' +
    'a request is reported here too; a shortage caused by other pods is `insufficient-capacity`.',
  messages: { pending: PENDING_MESSAGE, rejected: REJECTED_MESSAGE },
  check(context) {
    const simulation = context.simulation;
    if (!simulation) return;
    for (const outcome of simulation.workloads) {
      const rejected = resourceRejections(simulation, outcome, true);
      if (rejected.pods.length > 0) {
        const where = requestPath(outcome, rejected.resource!);
        reportRejected(context, outcome, rejected.pods, rejected.explanation, where.path, where.part);
      }
      if (!mayExceedAllocatable(simulation, outcome.template)) continue;
      const { nodes, all } = resourceCandidates(simulation, outcome.template);
      const exceeding = exceedingResources(outcome.template, nodes);
      if (exceeding.length === 0) continue;
      const explanation = exceeding.map((r) => explain(r, outcome.template.requests[r]!, nodes, all)).join(' ');
      const where = requestPath(outcome, exceeding[0]!);
      const pods = unschedulablePods(outcome);
      if (pods.length > 0) reportPending(context, outcome, pods, explanation, where.path, where.part);
    }
  },
});
