import type { NodeState } from '../state.js';
import { MAX_NODE_SCORE, type ScorePlugin } from './score-plugin.js';

/**
 * NodeResourcesFit's default scoring strategy, LeastAllocated (noderesources/least_allocated.go,
 * resource_allocation.go; weight 1): cpu and memory, weight 1 each, using the scoring requests where a
 * container without a request counts as 100m / 200Mi (the node's `NonZeroRequested` plus the pod's).
 */
export function leastAllocatedScore(node: NodeState, pod: { cpu: number; memory: number }): number {
  const { allocatableCpu, allocatableMemory } = node.fast;
  let total = 0;
  let weights = 0;
  if (allocatableCpu !== 0) {
    total += leastAllocated(node.nonZeroRequested.cpu + pod.cpu, allocatableCpu);
    weights += 1;
  }
  if (allocatableMemory !== 0) {
    total += leastAllocated(node.nonZeroRequested.memory + pod.memory, allocatableMemory);
    weights += 1;
  }
  return weights === 0 ? 0 : Math.trunc(total / weights);
}

function leastAllocated(requested: number, allocatable: number): number {
  return requested > allocatable ? 0 : Math.trunc(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);
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
