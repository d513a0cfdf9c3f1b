import { defineRule } from '../src/rules/rule.js';
import {
  amount,
  byPlugin,
  explainEach,
  PENDING_MESSAGE,
  REJECTED_MESSAGE,
  rejections,
  reportPending,
  reportRejected,
  requestPath,
  resourceRejections,
  unschedulablePods,
  type Rejection,
  type Unschedulable,
} from '../src/rules/placement.js';
import type { InsufficientResource } from '../src/schedule/framework.js';
import type { WorkloadOutcome } from '../src/schedule/result.js';

/** NodeResourcesFit rejections where the pod would fit the empty node: every short resource is short because of other pods. */
function shortNodes(pod: Unschedulable): (Rejection & { insufficient: InsufficientResource[] })[] {
  return rejections(pod, byPlugin('NodeResourcesFit')).flatMap((r) => {
    const insufficient = r.status.detail?.kind === 'resources' ? r.status.detail.insufficient : [];
    return insufficient.length > 0 && insufficient.every((i) => !i.unresolvable) ? [{ ...r, insufficient }] : [];
  });
}

/** How far a resource is from fitting, as a share of the node's allocatable (pods count as whole pods). */
function shortfall(i: InsufficientResource): number {
  const missing = i.requested - (i.allocatable - i.used);
  return i.allocatable > 0 ? missing / i.allocatable : missing;
}

/** The node closest to fitting: fewest short resources, then the smallest shortfall. */
function bestNode<T extends { node: string; insufficient: InsufficientResource[] }>(nodes: readonly T[]): T {
  const cost = (n: T) => n.insufficient.reduce((sum, i) => sum + shortfall(i), 0);
  return [...nodes].sort((a, b) => a.insufficient.length - b.insufficient.length || cost(a) - cost(b) || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0))[0]!;
}

function describeShortage(i: InsufficientResource): string {
  if (i.resource === 'pods') return `it already runs ${i.used} of ${i.allocatable} pods`;
  const free = Math.max(0, i.allocatable - i.used);
  return `${amount(i.resource, i.requested - free)} ${i.resource} short (the pod requests ${amount(i.resource, i.requested)}; ` +
    `${amount(i.resource, i.used)} of ${amount(i.resource, i.allocatable)} already requested)`;
}

function location(outcome: WorkloadOutcome, resources: readonly InsufficientResource[]) {
  const first = resources.find((i) => i.resource !== 'pods');
  return first ? requestPath(outcome, first.resource) : { path: outcome.workload.replicasPath, part: 'key' as const };
}

export default defineRule({
  id: 'insufficient-capacity',
  level: 'error',
  needs: 'cluster',
  description: 'Pods stay Pending because the nodes they could use have too little free cpu, memory or other resources left',
  details:
    'NodeResourcesFit rejects a node when the pod\'s request is more than its allocatable minus what the pods ' +
    'already there request ("Insufficient cpu", "Insufficient memory", "Too many pods"). This rule covers nodes ' +
    'the pod would fit if they were empty (otherwise see `requests-exceed-allocatable`). berth names the node ' +
    'closest to fitting and how much is short there. Points at the request value of the first short resource ' +
    '(or `replicas:` for the pod count). Pods with a higher priority than the pods in the way get a note that ' +
    'preemption may place them. A `spec.nodeName` pod refused by the kubelet (`OutOf<resource>`) for lack of ' +
    'room is reported here too.',
  messages: { pending: PENDING_MESSAGE, rejected: REJECTED_MESSAGE },
  check(context) {
    const simulation = context.simulation;
    if (!simulation) return;
    for (const outcome of simulation.workloads) {
      const explained = explainEach(unschedulablePods(outcome), shortNodes);
      if (explained.length > 0) {
        const nodes = explained[0]!.found;
        const best = bestNode(nodes);
        const others = nodes.length - 1;
        const explanation = `Closest to fitting: ${best.node}, ${best.insufficient.map(describeShortage).join(', ')}` +
          (others > 0 ? `; ${others} other node${others === 1 ? '' : 's'} short as well.` : '.');
        const where = location(outcome, best.insufficient);
        reportPending(context, outcome, explained.map((e) => e.pod), explanation, where.path, where.part);
      }
      const rejected = resourceRejections(simulation, outcome, false);
      if (rejected.pods.length > 0) {
        const where = rejected.resource === 'pods' ? { path: outcome.workload.replicasPath, part: 'key' as const } : requestPath(outcome, rejected.resource!);
        reportRejected(context, outcome, rejected.pods, rejected.explanation, where.path, where.part);
      }
    }
  },
});
