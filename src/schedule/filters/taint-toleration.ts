import type { Taint } from '../cluster.js';
import type { FilterPlugin } from '../framework.js';
import type { SchedulerBehaviour } from '../version.js';

/** pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go */
export const NAME = 'TaintToleration';
/** 1.35+ and 1.34.2+ (PR #134740, cherry-picked by PR #135023). */
export const ERR_REASON_UNTOLERATED = 'node(s) had untolerated taint(s)';

/** 1.30–1.34.1: `node(s) had untolerated taint {key: value}` from the first untolerated taint (effect not shown). */
export function untoleratedTaintReason(taint: Taint, behaviour: SchedulerBehaviour): string {
  return behaviour.taintReason === 'generic' ? ERR_REASON_UNTOLERATED : `node(s) had untolerated taint {${taint.key}: ${taint.value}}`;
}

/** The first NoSchedule/NoExecute node taint (in node order) that no toleration tolerates rejects the node. */
export const taintToleration: FilterPlugin = {
  name: NAME,
  filter(cycle, node) {
    const check = cycle.statics.at(node);
    const taint = check.untoleratedTaint;
    if (!taint) return undefined;
    return (check.statuses[NAME] ??= { plugin: NAME, code: 'UU', reasons: [untoleratedTaintReason(taint, cycle.state.behaviour)], detail: { kind: 'taint', taint } });
  },
};
