import type { CycleContext } from '../framework.js';
import type { NodeState } from '../state.js';

/** pkg/scheduler/framework/interface.go: the highest score a node can get from one plugin. */
export const MAX_NODE_SCORE = 100;

/**
 * A Score plugin: PreScore may Skip (the plugin then adds nothing), Score gives each feasible node a raw
 * score, NormalizeScore (optional) maps the raw scores into 0..100 before the weight is applied.
 */
export interface ScorePlugin<S = unknown> {
  name: string;
  weight: number;
  preScore(cycle: CycleContext, feasible: readonly NodeState[]): S | 'skip';
  score(cycle: CycleContext, node: NodeState, state: S): number;
  normalize?(scores: number[], state: S, feasible: readonly NodeState[]): number[];
}

/** `DefaultNormalizeScore` (pkg/scheduler/framework/plugins/helper/normalize_score.go), int64 arithmetic. */
export function defaultNormalizeScore(scores: number[], reverse: boolean): number[] {
  const max = Math.max(0, ...scores);
  if (max === 0) return reverse ? scores.map(() => MAX_NODE_SCORE) : scores;
  return scores.map((s) => {
    const scaled = Math.trunc((MAX_NODE_SCORE * s) / max);
    return reverse ? MAX_NODE_SCORE - scaled : scaled;
  });
}

export function erase<S>(plugin: ScorePlugin<S>): ScorePlugin<unknown> {
  return plugin as unknown as ScorePlugin<unknown>;
}
