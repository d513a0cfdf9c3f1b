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
  const cpu = fraction(node, 'cpu', pod.cpu);
  const memory = fraction(node, 'memory', pod.memory);
  // With one of the two resources unallocatable there is a single fraction: std 0.
  const std = cpu === undefined || memory === undefined ? 0 : Math.abs((cpu - memory) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

function fraction(node: NodeState, resource: 'cpu' | 'memory', request: number): number | undefined {
  const allocatable = node.info.allocatable[resource] ?? 0;
  if (allocatable === 0) return undefined;
  return Math.min(1, ((node.requested[resource] ?? 0) + request) / allocatable);
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
