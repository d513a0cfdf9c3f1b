import { termMatches } from '../pod-terms.js';
import { ownerTermsFor, termCounter, type NodeState } from '../state.js';
import { MAX_NODE_SCORE, normalizeByRange, type ScorePlugin } from './score-plugin.js';

/** InterPodAffinityArgs.hardPodAffinityWeight default (pkg/scheduler/apis/config/v1/defaults.go). */
export const HARD_POD_AFFINITY_WEIGHT = 1;

/** topologyKey → value → score. */
export type TopologyScore = Map<string, Map<string, number>>;

function add(scores: TopologyScore, node: NodeState, key: string, amount: number): void {
  if (!Object.prototype.hasOwnProperty.call(node.info.labels, key)) return;
  const value = node.info.labels[key]!;
  let values = scores.get(key);
  if (!values) scores.set(key, (values = new Map()));
  values.set(value, (values.get(value) ?? 0) + amount);
}

/**
 * pkg/scheduler/framework/plugins/interpodaffinity/scoring.go (weight 2). Per (topologyKey, value):
 * + weight for each placed pod matching an incoming preferred affinity term, − weight for a preferred
 * anti-affinity term; for placed pods' terms the incoming pod matches: + hardPodAffinityWeight per required
 * affinity term, ± weight per preferred (anti-)affinity term. Counts come from the per-node counters and
 * owner-term groups, so no pod is rescanned. PreScore skips when nothing contributed.
 */
export const interPodAffinityScore: ScorePlugin<TopologyScore> = {
  name: 'InterPodAffinity',
  weight: 2,
  preScore(cycle) {
    const { state, template, namespace } = cycle;
    const scores: TopologyScore = new Map();
    const incoming = (terms: typeof template.preferredAffinity, sign: number) => {
      for (const { weight, term } of terms) {
        for (const [node, pods] of termCounter(state, term, namespace).perNode) add(scores, node, term.topologyKey, sign * weight * pods.length);
      }
    };
    incoming(template.preferredAffinity, 1);
    incoming(template.preferredAntiAffinity, -1);
    const self = { namespace, labels: cycle.labels };
    for (const group of ownerTermsFor(state, self)) {
      if (group.owners.size === 0 || group.kind === 'requiredAntiAffinity') continue;
      if (!termMatches(group.term, group.ownerNamespace, self, state.namespaceLabels)) continue;
      const amount = group.kind === 'requiredAffinity' ? HARD_POD_AFFINITY_WEIGHT : group.kind === 'preferredAffinity' ? group.weight : -group.weight;
      for (const [node, owners] of group.owners) add(scores, node, group.term.topologyKey, amount * owners.length);
    }
    return scores.size === 0 ? 'skip' : scores;
  },
  score(_cycle, node, scores) {
    let total = 0;
    for (const [key, values] of scores) {
      if (Object.prototype.hasOwnProperty.call(node.info.labels, key)) total += values.get(node.info.labels[key]!) ?? 0;
    }
    return total;
  },
  normalize(scores) {
    return normalizeByRange(scores, this.normalizeRaw!);
  },
  normalizeRaw(raw, min, max) {
    const diff = max - min;
    return diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((raw - min) / diff)) : 0;
  },
};
