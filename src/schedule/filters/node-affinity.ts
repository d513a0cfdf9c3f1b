import { nodeNamesFromAffinity } from '../../model/node-affinity.js';
import type { FilterPlugin } from '../framework.js';

/** pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go */
export const NAME = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** Only with a scheduler-configured `addedAffinity`, which berth does not model. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

/**
 * nodeSelector AND required node affinity. PreFilter skips pods with neither, and turns
 * `matchFields metadata.name In [...]` in every term into a node subset (DaemonSet pods take this path).
 */
export const nodeAffinity: FilterPlugin<undefined> = {
  name: NAME,
  preFilter(cycle) {
    const { nodeSelector, requiredNodeAffinity } = cycle.template;
    if (requiredNodeAffinity === undefined && Object.keys(nodeSelector).length === 0) return { kind: 'skip' };
    const names = nodeNamesFromAffinity(requiredNodeAffinity);
    if (names === undefined) return { kind: 'ok', state: undefined };
    if (names.size === 0) return { kind: 'reject', status: { plugin: NAME, code: 'UU', reasons: [ERR_REASON_CONFLICT] } };
    return { kind: 'ok', state: undefined, nodeNames: names };
  },
  filter(cycle, node) {
    const check = cycle.statics.at(node);
    if (check.matchesNodeAffinity) return undefined;
    return (check.statuses[NAME] ??= { plugin: NAME, code: 'UU', reasons: [ERR_REASON_POD] });
  },
};
