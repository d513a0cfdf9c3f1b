import type { FilterPlugin } from '../framework.js';

/** pkg/scheduler/framework/plugins/nodename/node_name.go */
export const NAME = 'NodeName';
export const ERR_REASON = "node(s) didn't match the requested node name";

/** Pods with `spec.nodeName` never reach the scheduler (section 16), so this passes in practice. */
export const nodeName: FilterPlugin = {
  name: NAME,
  filter(cycle, node) {
    const wanted = cycle.pod.nodeName ?? cycle.template.nodeName;
    if (!wanted || wanted === node.info.name) return undefined;
    return { plugin: NAME, code: 'UU', reasons: [ERR_REASON] };
  },
};
