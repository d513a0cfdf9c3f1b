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

/**
 * How many scored nodes a result keeps (the best ones): the chosen node and the next two explain a choice;
 * every pod of a 150,000-pod simulation keeps them, so more would cost hundreds of MiB.
 */
export const KEPT_SCORES = 3;

/** How many of the nodes tied with the chosen one a result names (all are counted). */
export const KEPT_TIES = 10;

export interface Selection {
  node: NodeState;
  /** The best `KEPT_SCORES` nodes, highest total first, then by name. */
  scores: NodeScore[];
  /** The first `KEPT_TIES` other feasible nodes with the same total, by name: upstream would pick among them at random. */
  tiedWith: string[];
  /** How many other feasible nodes have the same total (`tiedWith` names the first of them). */
  tied: number;
}

/** Per feasible node (same order), the weighted total and each non-skipped plugin's weighted score. */
export interface ScoreTable {
  totals: number[];
  plugins: { name: string; weighted: number[] }[];
}

/** `prioritizeNodes` (pkg/scheduler/schedule_one.go): PreScore, Score, NormalizeScore, weights, sum. */
export function scoreTable(cycle: CycleContext, feasible: readonly NodeState[]): ScoreTable {
  const totals = new Array<number>(feasible.length).fill(0);
  const plugins: ScoreTable['plugins'] = [];
  for (const plugin of SCORES) {
    const state = plugin.preScore(cycle, feasible);
    if (state === 'skip') continue;
    let scores = new Array<number>(feasible.length);
    for (let i = 0; i < feasible.length; i++) scores[i] = plugin.score(cycle, feasible[i]!, state);
    if (plugin.normalize) scores = plugin.normalize(scores, state, feasible);
    for (let i = 0; i < scores.length; i++) {
      scores[i] = scores[i]! * plugin.weight;
      totals[i] = totals[i]! + scores[i]!;
    }
    plugins.push({ name: plugin.name, weighted: scores });
  }
  return { totals, plugins };
}

function nodeScore(table: ScoreTable, feasible: readonly NodeState[], i: number): NodeScore {
  const plugins: Record<string, number> = {};
  for (const p of table.plugins) plugins[p.name] = p.weighted[i]!;
  return { node: feasible[i]!.info.name, total: table.totals[i]!, plugins };
}

export function prioritizeNodes(cycle: CycleContext, feasible: readonly NodeState[]): NodeScore[] {
  const table = scoreTable(cycle, feasible);
  return feasible.map((_, i) => nodeScore(table, feasible, i));
}

/**
 * `selectHost` with berth's deterministic tie-break: the highest total, then the node name that sorts
 * first by bytes. Upstream picks among equal totals at random (reservoir sampling; newer releases: heap
 * order over a list built in parallel), so the tied nodes are reported.
 */
export function selectHost(cycle: CycleContext, feasible: readonly NodeState[]): Selection {
  if (feasible.length === 1) return { node: feasible[0]!, scores: [], tiedWith: [], tied: 0 };
  const table = scoreTable(cycle, feasible);
  const { totals } = table;
  let best = -Infinity;
  for (const t of totals) if (t > best) best = t;
  const top: NodeState[] = [];
  for (let i = 0; i < feasible.length; i++) if (totals[i] === best) top.push(feasible[i]!);
  top.sort((a, b) => compareBytes(a.info.name, b.info.name));
  const order = feasible.map((_, i) => i);
  const kept = topK(order, KEPT_SCORES, (a, b) => totals[b]! - totals[a]! || compareBytes(feasible[a]!.info.name, feasible[b]!.info.name));
  return { node: top[0]!, scores: kept.map((i) => nodeScore(table, feasible, i)), tiedWith: top.slice(1, 1 + KEPT_TIES).map((n) => n.info.name), tied: top.length - 1 };
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
