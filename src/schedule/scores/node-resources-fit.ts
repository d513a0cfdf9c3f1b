import type { NodeState } from '../state.js';
import { MAX_NODE_SCORE, type ScorePlugin } from './score-plugin.js';

/**
 * NodeResourcesFit's default scoring strategy, LeastAllocated (noderesources/least_allocated.go,
 * resource_allocation.go; weight 1): cpu and memory, weight 1 each, using the scoring requests where a
 * container without a request counts as 100m / 200Mi (the node's `NonZeroRequested` plus the pod's).
 */
export function leastAllocatedScore(node: NodeState, pod: { cpu: number; memory: number }): number {
  let total = 0;
  let weights = 0;
  for (const resource of ['cpu', 'memory'] as const) {
    const allocatable = node.info.allocatable[resource] ?? 0;
    if (allocatable === 0) continue;
    const requested = node.nonZeroRequested[resource] + pod[resource];
    total += requested > allocatable ? 0 : Math.trunc(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);
    weights += 1;
  }
  return weights === 0 ? 0 : Math.trunc(total / weights);
}

export const nodeResourcesFitScore: ScorePlugin<undefined> = {
  name: 'NodeResourcesFit',
  weight: 1,
  preScore() {
    return undefined;
  },
  score(cycle, node) {
    return leastAllocatedScore(node, cycle.template.nonZeroRequests);
  },
};
