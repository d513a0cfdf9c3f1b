import { toleratesAny } from '../../model/taints.js';
import type { Toleration } from '../cluster.js';
import { defaultNormalizeScore, normalizeByRange, type ScorePlugin } from './score-plugin.js';

/**
 * pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go (weight 3): raw = the node's
 * PreferNoSchedule taints not tolerated by the pod's tolerations with effect '' or PreferNoSchedule;
 * fewer is better (normalised in reverse).
 */
export const taintTolerationScore: ScorePlugin<Toleration[]> = {
  name: 'TaintToleration',
  weight: 3,
  preScore(cycle) {
    return cycle.template.tolerations.filter((t) => t.effect === '' || t.effect === 'PreferNoSchedule');
  },
  score(_cycle, node, tolerations) {
    let count = 0;
    for (const taint of node.info.taints) if (taint.effect === 'PreferNoSchedule' && !toleratesAny(tolerations, taint)) count++;
    return count;
  },
  normalize(scores) {
    return normalizeByRange(scores, this.normalizeRaw!);
  },
  normalizeRaw(raw, _min, max) {
    return defaultNormalizeScore(raw, max, true);
  },
};
