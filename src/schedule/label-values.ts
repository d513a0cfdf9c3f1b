import type { ClusterState } from './state.js';

/**
 * One node label's values across the cluster, interned: per node the id of its value, nodes without the
 * label counting as the value '' (as PodTopologySpread's scoring counts them). Spread scoring tallies
 * domains for every feasible node of every template; an array read and a typed-array increment per node
 * cost a fraction of a label lookup and a Map update.
 */
export interface LabelValues {
  values: string[];
  /** By node index. */
  ids: Int32Array;
}

const cache = new WeakMap<ClusterState, Map<string, LabelValues>>();

export function labelValues(state: ClusterState, key: string): LabelValues {
  let byKey = cache.get(state);
  if (!byKey) cache.set(state, (byKey = new Map()));
  let found = byKey.get(key);
  if (!found) {
    const values: string[] = [];
    const idOf = new Map<string, number>();
    const ids = new Int32Array(state.nodes.length);
    for (const node of state.nodes) {
      const value = node.info.labels[key] ?? '';
      let id = idOf.get(value);
      if (id === undefined) {
        idOf.set(value, (id = values.length));
        values.push(value);
      }
      ids[node.index] = id;
    }
    byKey.set(key, (found = { values, ids }));
  }
  return found;
}
