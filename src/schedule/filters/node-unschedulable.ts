import type { FilterPlugin } from '../framework.js';

/** pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go */
export const NAME = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
/** Declared upstream but returned by no default filter. */
export const ERR_REASON_UNKNOWN_CONDITION = 'node(s) had unknown conditions';

/**
 * A cordoned node (`spec.unschedulable: true`) accepts only pods that tolerate the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint. Runs first, so a cordoned node always reports this
 * reason, never the taint the node lifecycle controller also adds.
 */
export const nodeUnschedulable: FilterPlugin = {
  name: NAME,
  filter(cycle, node) {
    const check = cycle.statics.at(node);
    if (!node.info.unschedulable || check.toleratesUnschedulable) return undefined;
    return (check.statuses[NAME] ??= { plugin: NAME, code: 'UU', reasons: [ERR_REASON_UNSCHEDULABLE] });
  },
};
