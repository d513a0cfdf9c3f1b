import type { NodeState } from '../state.js';
import { MAX_NODE_SCORE, type ScorePlugin } from './score-plugin.js';

/**
 * pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go (weight 1): with the real requests
 * (zeros stay zero), the fractions requested/allocatable of cpu and memory (capped at 1) after adding the
 * pod; score = trunc((1 − std)·100), std = |f1 − f2| / 2 for two resources. Best-effort pods (no cpu and no
 * memory request) are skipped from 1.33 (PR #130260). The "change in balance" formula of PR #135573 is not
 * used: see `balancedAllocationFormula` in src/schedule/version.ts.
 */
export function balancedAllocationScore(node: NodeState, pod: { cpu: number; memory: number }): number {
  const { requestedCpu, requestedMemory, allocatableCpu, allocatableMemory } = node.fast;
  // With one of the two resources unallocatable there is a single fraction: std 0.
  if (allocatableCpu === 0 || allocatableMemory === 0) return MAX_NODE_SCORE;
  const cpu = Math.min(1, (requestedCpu + pod.cpu) / allocatableCpu);
  const memory = Math.min(1, (requestedMemory + pod.memory) / allocatableMemory);
  return Math.trunc((1 - Math.abs((cpu - memory) / 2)) * MAX_NODE_SCORE);
}

export const balancedAllocationScorePlugin: ScorePlugin<{ cpu: number; memory: number }> = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  preScore(cycle) {
    const pod = { cpu: cycle.template.requests.cpu ?? 0, memory: cycle.template.requests.memory ?? 0 };
    if (cycle.state.behaviour.balancedAllocationSkipsBestEffort && pod.cpu === 0 && pod.memory === 0) return 'skip';
    return pod;
  },
  score(_cycle, node, pod) {
    return balancedAllocationScore(node, pod);
  },
};
