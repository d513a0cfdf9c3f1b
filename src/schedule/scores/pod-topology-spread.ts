import type { TopologySpreadConstraint } from '../cluster.js';
import { hasAllTopologyKeys, includesNode, spreadCounter } from '../filters/pod-topology-spread.js';
import { labelValues } from '../label-values.js';
import { countOn, type NodeState, type PodCounter } from '../state.js';
import { MAX_NODE_SCORE, type ScorePlugin } from './score-plugin.js';

const HOSTNAME = 'kubernetes.io/hostname';

export interface SpreadScoreState {
  constraints: TopologySpreadConstraint[];
  counters: (PodCounter | undefined)[];
  /** Feasible nodes without every topology key (not waived under system defaulting): final score 0. */
  ignored: Set<NodeState>;
  /** Per constraint: topology value → matching pods, for values present among the feasible nodes (unused for hostname, counted per node). */
  domainCounts: Map<string, number>[];
  weights: number[];
}

/**
 * pkg/scheduler/framework/plugins/podtopologyspread/scoring.go (weight 2). Uses the pod's ScheduleAnyway
 * constraints, or — when it has no constraints at all — the system defaults (hostname maxSkew 3, zone
 * maxSkew 5) with the selector of the Services and controller selecting it (section 11.4). Fewer matching
 * pods in a node's domains is better; each constraint is weighted by ln(domains + 2).
 */
export const podTopologySpreadScore: ScorePlugin<SpreadScoreState> = {
  name: 'PodTopologySpread',
  weight: 2,
  preScore(cycle, feasible) {
    const own = cycle.template.topologySpread;
    const systemDefaulted = own.length === 0;
    const constraints = systemDefaulted ? cycle.state.defaultSpread(cycle.template) : own.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
    if (constraints.length === 0) return 'skip';
    const requireAll = !systemDefaulted;
    const ignored = new Set<NodeState>();
    // Every feasible node of every template passes here: domains are marked by interned value.
    const tallies = constraints.map((c) => {
      if (c.topologyKey === HOSTNAME) return undefined;
      const index = labelValues(cycle.state, c.topologyKey);
      return { index, present: new Uint8Array(index.values.length) };
    });
    const ids = tallies.map((tally) => tally?.index.ids);
    const present = tallies.map((tally) => tally?.present);
    for (let n = 0; n < feasible.length; n++) {
      const node = feasible[n]!;
      if (requireAll && !hasAllTopologyKeys(node, constraints)) {
        ignored.add(node);
        continue;
      }
      for (let i = 0; i < ids.length; i++) if (ids[i]) present[i]![ids[i]![node.index]!] = 1;
    }
    const domainCounts = tallies.map((tally) => {
      const counts = new Map<string, number>();
      if (tally) tally.index.values.forEach((value, id) => tally.present[id] && counts.set(value, 0));
      return counts;
    });
    const weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? feasible.length - ignored.size : domainCounts[i]!.size) + 2));
    const counters = constraints.map((c) => spreadCounter(cycle.state, cycle.namespace, c));
    constraints.forEach((c, i) => {
      const counter = counters[i];
      if (c.topologyKey === HOSTNAME || !counter) return;
      // Only nodes with matching pods add to a count: walk the counter, not every node.
      for (const [node, pods] of counter.perNode) {
        if (requireAll && !hasAllTopologyKeys(node, constraints)) continue;
        if (!includesNode(cycle, c, node)) continue;
        const value = node.info.labels[c.topologyKey] ?? '';
        const current = domainCounts[i]!.get(value);
        if (current !== undefined) domainCounts[i]!.set(value, current + pods.length);
      }
    });
    return { constraints, counters, ignored, domainCounts, weights };
  },
  score(_cycle, node, s) {
    if (s.ignored.has(node)) return 0;
    let score = 0;
    s.constraints.forEach((c, i) => {
      if (!Object.prototype.hasOwnProperty.call(node.info.labels, c.topologyKey)) return;
      const count = c.topologyKey === HOSTNAME
        ? (s.counters[i] ? countOn(s.counters[i]!, node) : 0)
        : s.domainCounts[i]!.get(node.info.labels[c.topologyKey]!) ?? 0;
      score += count * s.weights[i]! + (c.maxSkew - 1);
    });
    return goRound(score);
  },
  normalize(scores, s, feasible) {
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    feasible.forEach((node, i) => {
      if (s.ignored.has(node)) return;
      min = Math.min(min, scores[i]!);
      max = Math.max(max, scores[i]!);
    });
    return feasible.map((node, i) => {
      if (s.ignored.has(node)) return 0;
      if (max === 0) return MAX_NODE_SCORE;
      return Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
    });
  },
};

/** Go's math.Round: half away from zero (scores are never negative here). */
function goRound(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}
