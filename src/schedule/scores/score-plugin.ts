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
  /**
   * The same normalisation for one raw score, given the lowest and highest raw scores of the feasible
   * nodes — which is all the default plugins' NormalizeScore reads (PodTopologySpread's aside): lets
   * schedule-session.ts renormalise only when that range moves.
   */
  normalizeRaw?(raw: number, min: number, max: number): number;
}

/** `normalize` for a plugin with `normalizeRaw`. */
export function normalizeByRange(scores: number[], normalizeRaw: (raw: number, min: number, max: number) => number): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return scores.map((s) => normalizeRaw(s, min, max));
}

/** `DefaultNormalizeScore` (pkg/scheduler/framework/plugins/helper/normalize_score.go), int64 arithmetic, for one score. */
export function defaultNormalizeScore(raw: number, highest: number, reverse: boolean): number {
  const max = Math.max(0, highest);
  if (max === 0) return reverse ? MAX_NODE_SCORE : raw;
  const scaled = Math.trunc((MAX_NODE_SCORE * raw) / max);
  return reverse ? MAX_NODE_SCORE - scaled : scaled;
}

export function erase<S>(plugin: ScorePlugin<S>): ScorePlugin<unknown> {
  return plugin as unknown as ScorePlugin<unknown>;
}
