import type { CycleContext } from './framework.js';
import { hasAllTopologyKeys, includesNode } from './filters/pod-topology-spread.js';
import { podTopologySpreadScore, type SpreadScoreState } from './scores/pod-topology-spread.js';
import { labelValues } from './label-values.js';
import { countOn, countsOn, type ClusterState, type NodeState } from './state.js';

const HOSTNAME = 'kubernetes.io/hostname';

/**
 * PodTopologySpread's PreScore state (scores/pod-topology-spread.ts) kept up to date through a schedule
 * session instead of being rebuilt over every feasible node per replica. Between two replicas the only
 * change is one pod placed on one node X, and X may have left the feasible set; so:
 *
 * - a domain count changes by the pods X gained that the constraint counts (when X's pods count for it);
 * - a domain disappears when its last feasible, not ignored node does; the weights follow the sizes;
 * - a node's score depends only on whether it is ignored, and per constraint on its own count (hostname) or
 *   its domain's count — the `key` below — so nodes with one key share one score.
 *
 * The score and normalisation themselves are the plugin's own functions, applied to one node per key.
 */
export interface SpreadSession {
  score: SpreadScoreState;
  /** The pod has constraints of its own: nodes without every topology key are ignored (system defaults: not). */
  requireAll: boolean;
  /** Per constraint other than hostname: feasible, not ignored nodes per domain. */
  domainNodes: (Map<string, number> | undefined)[];
  /** Feasible nodes that are not ignored (the hostname constraint's domain count). */
  counted: number;
  /** Per constraint: pods it counts on the node chosen last, before the replica was placed there. */
  countsBefore: number[];
  /** By node index: the part of the node's key its labels make (see `spreadKey`). */
  labelKeys: readonly string[];
}

export function startSpread(cycle: CycleContext, feasible: readonly NodeState[]): SpreadSession | undefined {
  const score = podTopologySpreadScore.preScore(cycle, feasible);
  if (score === 'skip') return undefined;
  const { constraints, ignored } = score;
  const tallies = constraints.map((c) => {
    if (c.topologyKey === HOSTNAME) return undefined;
    const index = labelValues(cycle.state, c.topologyKey);
    return { index, nodes: new Int32Array(index.values.length) };
  });
  let counted = 0;
  const ids = tallies.map((tally) => tally?.index.ids);
  const nodeCounts = tallies.map((tally) => tally?.nodes);
  for (let n = 0; n < feasible.length; n++) {
    const node = feasible[n]!;
    if (ignored.size > 0 && ignored.has(node)) continue;
    counted++;
    for (let i = 0; i < ids.length; i++) if (ids[i]) nodeCounts[i]![ids[i]![node.index]!]!++;
  }
  const domainNodes = tallies.map((tally) => {
    if (!tally) return undefined;
    const nodes = new Map<string, number>();
    tally.index.values.forEach((value, id) => tally.nodes[id]! > 0 && nodes.set(value, tally.nodes[id]!));
    return nodes;
  });
  const labelKeys = domainKeys(cycle.state, score.constraints.map((c) => c.topologyKey));
  return { score, requireAll: cycle.template.topologySpread.length !== 0, domainNodes, counted, countsBefore: [], labelKeys };
}

/**
 * What makes a node's score — two nodes with the same key score the same: whether it is ignored, per
 * constraint whether it has the topology key and its value (its domain; the hostname's value is the node's
 * own count instead), and the counts of the hostname constraints where not 0.
 */
export function spreadKey(spread: SpreadSession, node: NodeState): string {
  const { constraints, counters, ignored } = spread.score;
  if (ignored.has(node)) return 'ignored';
  let key = spread.labelKeys[node.index]!;
  for (let i = 0; i < constraints.length; i++) {
    if (constraints[i]!.topologyKey !== HOSTNAME || !counters[i] || counters[i]!.perNode.size === 0) continue;
    const count = countOn(counters[i]!, node);
    if (count > 0) key += `\u0001${i}:${count}`;
  }
  return key;
}

const domainKeyCache = new WeakMap<ClusterState, Map<string, string[]>>();

/**
 * Per node, its values of these topology keys as one string (`-` where it has none; the hostname, unique
 * per node, stands as `#`): computed once per cluster and list of keys, shared by every template using it.
 */
export function domainKeys(state: ClusterState, topologyKeys: readonly string[]): readonly string[] {
  let byKeys = domainKeyCache.get(state);
  if (!byKeys) domainKeyCache.set(state, (byKeys = new Map()));
  const signature = topologyKeys.join('\u0000');
  let keys = byKeys.get(signature);
  if (!keys) {
    keys = state.nodes.map(({ info: { labels } }) => {
      let key = '';
      for (const topologyKey of topologyKeys) {
        if (!Object.prototype.hasOwnProperty.call(labels, topologyKey)) key += '\u0000-';
        else key += topologyKey === HOSTNAME ? '\u0000#' : `\u0000=${labels[topologyKey]}`;
      }
      return key;
    });
    byKeys.set(signature, keys);
  }
  return keys;
}

/** Remembers the chosen node's counts, to see what its placement added. */
export function chosen(spread: SpreadSession, node: NodeState): void {
  spread.countsBefore = countsOn(spread.score.counters, node);
}

/** The replica chosen last was placed on `node`: its domain counts follow (as PreScore would count them). */
export function placedOn(spread: SpreadSession, cycle: CycleContext, node: NodeState): void {
  const { constraints, counters, domainCounts } = spread.score;
  constraints.forEach((c, i) => {
    const delta = (counters[i] ? countOn(counters[i]!, node) : 0) - (spread.countsBefore[i] ?? 0);
    if (delta === 0 || c.topologyKey === HOSTNAME) return;
    if (spread.requireAll && !hasAllTopologyKeys(node, constraints)) return;
    if (!includesNode(cycle, c, node)) return;
    const value = node.info.labels[c.topologyKey] ?? '';
    const current = domainCounts[i]!.get(value);
    if (current !== undefined) domainCounts[i]!.set(value, current + delta);
  });
}

/** `node` left the feasible set: a domain without feasible nodes is no longer one. */
export function removed(spread: SpreadSession, node: NodeState): void {
  const { constraints, domainCounts, ignored } = spread.score;
  if (ignored.has(node)) return;
  spread.counted--;
  constraints.forEach((c, i) => {
    const nodes = spread.domainNodes[i];
    if (!nodes) return;
    const value = node.info.labels[c.topologyKey] ?? '';
    const left = nodes.get(value)! - 1;
    if (left > 0) nodes.set(value, left);
    else {
      nodes.delete(value);
      domainCounts[i]!.delete(value);
    }
  });
  reweigh(spread);
}

function reweigh(spread: SpreadSession): void {
  const { constraints, domainCounts } = spread.score;
  spread.score.weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? spread.counted : domainCounts[i]!.size) + 2));
}

/** The weighted PodTopologySpread score of each representative node (one per key), in order. */
export function spreadScores(spread: SpreadSession, cycle: CycleContext, representatives: readonly NodeState[]): number[] {
  const plugin = podTopologySpreadScore;
  const raw = representatives.map((node) => plugin.score(cycle, node, spread.score));
  return plugin.normalize!(raw, spread.score, representatives).map((s) => s * plugin.weight);
}
