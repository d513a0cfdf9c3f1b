import { preferredNodeAffinityScore } from '../../model/node-affinity.js';
import { defaultNormalizeScore, normalizeByRange, type ScorePlugin } from './score-plugin.js';

/**
 * pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go (weight 2): the summed weights of the
 * preferred node-affinity terms the node matches; PreScore skips pods without preferred terms.
 */
export const nodeAffinityScore: ScorePlugin<undefined> = {
  name: 'NodeAffinity',
  weight: 2,
  preScore(cycle) {
    return cycle.template.preferredNodeAffinity.length === 0 ? 'skip' : undefined;
  },
  score(cycle, node) {
    return preferredNodeAffinityScore(cycle.template.preferredNodeAffinity, node.info);
  },
  normalize(scores) {
    return normalizeByRange(scores, this.normalizeRaw!);
  },
  normalizeRaw(raw, _min, max) {
    return defaultNormalizeScore(raw, max, false);
  },
};
