import type { CycleContext } from '../framework.js';
import type { NodeState } from '../state.js';
import { compareBytes } from '../fit-error.js';
import { balancedAllocationScorePlugin } from './balanced-allocation.js';
import { imageLocalityScore } from './image-locality.js';
import { interPodAffinityScore } from './inter-pod-affinity.js';
import { nodeAffinityScore } from './node-affinity.js';
import { nodeResourcesFitScore } from './node-resources-fit.js';
import { podTopologySpreadScore } from './pod-topology-spread.js';
import { erase, type ScorePlugin } from './score-plugin.js';
import { taintTolerationScore } from './taint-toleration.js';

/** The default profile's Score plugins, in profile order, with their weights (section 2). */
export const SCORES: readonly ScorePlugin<unknown>[] = [
  erase(taintTolerationScore),
  erase(nodeAffinityScore),
  erase(nodeResourcesFitScore),
  erase(podTopologySpreadScore),
  erase(interPodAffinityScore),
  erase(balancedAllocationScorePlugin),
  erase(imageLocalityScore),
];

export interface NodeScore {
  node: string;
  total: number;
  /** Plugin name → normalised score × weight (skipped plugins are absent). */
  plugins: Record<string, number>;
}

/** How many scored nodes a result keeps (the best ones): enough to explain a choice, cheap for big clusters. */
export const KEPT_SCORES = 10;

export interface Selection {
  node: NodeState;
  /** The best `KEPT_SCORES` nodes, highest total first, then by name. */
  scores: NodeScore[];
  /** Other feasible nodes with the same total: upstream would pick among them at random. */
  tiedWith: string[];
}

/** `prioritizeNodes` (pkg/scheduler/schedule_one.go): PreScore, Score, NormalizeScore, weights, sum. */
export function prioritizeNodes(cycle: CycleContext, feasible: readonly NodeState[]): NodeScore[] {
  const result: NodeScore[] = feasible.map((n) => ({ node: n.info.name, total: 0, plugins: {} }));
  for (const plugin of SCORES) {
    const state = plugin.preScore(cycle, feasible);
    if (state === 'skip') continue;
    let scores = feasible.map((node) => plugin.score(cycle, node, state));
    if (plugin.normalize) scores = plugin.normalize(scores, state, feasible);
    scores.forEach((s, i) => {
      result[i]!.plugins[plugin.name] = s * plugin.weight;
      result[i]!.total += s * plugin.weight;
    });
  }
  return result;
}

/**
 * `selectHost` with berth's deterministic tie-break: the highest total, then the node name that sorts
 * first by bytes. Upstream picks among equal totals at random (reservoir sampling; newer releases: heap
 * order over a list built in parallel), so the tied nodes are reported.
 */
export function selectHost(cycle: CycleContext, feasible: readonly NodeState[]): Selection {
  if (feasible.length === 1) return { node: feasible[0]!, scores: [], tiedWith: [] };
  const scores = prioritizeNodes(cycle, feasible);
  let best = -Infinity;
  for (const s of scores) if (s.total > best) best = s.total;
  const top = feasible.filter((_, i) => scores[i]!.total === best).sort((a, b) => compareBytes(a.info.name, b.info.name));
  const kept = topK(scores, KEPT_SCORES, (a, b) => b.total - a.total || compareBytes(a.node, b.node));
  return { node: top[0]!, scores: kept, tiedWith: top.slice(1).map((n) => n.info.name) };
}

/** The first `k` items in `compare` order, without sorting everything (insertion into a short list). */
function topK<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  for (const item of items) {
    if (top.length === k && compare(item, top[k - 1]!) >= 0) continue;
    let i = top.length === k ? k - 1 : top.length;
    while (i > 0 && compare(item, top[i - 1]!) < 0) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = item;
  }
  return top;
}
