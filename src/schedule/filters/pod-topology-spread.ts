import { isEmptySelector, matchesSelector } from '../../model/selector.js';
import type { TopologySpreadConstraint } from '../cluster.js';
import type { CycleContext, FilterPlugin } from '../framework.js';
import { selectorKey } from '../pod-terms.js';
import { counter, countOn, selectorHint, type ClusterState, type NodeState, type PodCounter } from '../state.js';

/** pkg/scheduler/framework/plugins/podtopologyspread/{plugin.go,common.go,filtering.go} */
export const NAME = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = "node(s) didn't match pod topology spread constraints (missing required label)";

export interface ConstraintCounts {
  constraint: TopologySpreadConstraint;
  /** Matching pods per domain (topology value) over the eligible nodes; zero-count domains included. */
  domains: Map<string, number>;
  /** `minMatchNum`: the smallest domain count, 0 when there are fewer domains than minDomains. */
  globalMin: number;
  selfMatch: number;
}

/**
 * Pods that count for a constraint: in the incoming pod's namespace, not terminating, matching the
 * effective selector (`countPodsMatchSelector`: an empty selector counts nothing).
 */
export function spreadCounter(state: ClusterState, namespace: string, constraint: TopologySpreadConstraint): PodCounter | undefined {
  const selector = constraint.selector;
  if (selector.matchesNothing || isEmptySelector(selector)) return undefined;
  return counter(
    state,
    `spread:${namespace}:${selectorKey(selector)}`,
    (p) => p.namespace === namespace && !p.terminating && matchesSelector(selector, p.labels),
    () => ({ namespaces: [namespace], ...selectorHint(selector) }),
  );
}

/** `matchNodeInclusionPolicies`: nodeAffinityPolicy Honor (default) and nodeTaintsPolicy Honor (default Ignore). */
export function includesNode(cycle: CycleContext, constraint: TopologySpreadConstraint, node: NodeState): boolean {
  const check = cycle.statics.at(node);
  if (constraint.nodeAffinityPolicy === 'Honor' && !check.matchesNodeAffinity) return false;
  if (constraint.nodeTaintsPolicy === 'Honor' && check.untoleratedTaint !== undefined) return false;
  return true;
}

export function hasAllTopologyKeys(node: NodeState, constraints: readonly TopologySpreadConstraint[]): boolean {
  return constraints.every((c) => Object.prototype.hasOwnProperty.call(node.info.labels, c.topologyKey));
}

/** `calPreFilterState`: domain counts per DoNotSchedule constraint over every node of the cluster. */
export function filterCounts(cycle: CycleContext, constraints: readonly TopologySpreadConstraint[]): ConstraintCounts[] {
  const result = constraints.map((constraint): ConstraintCounts => ({
    constraint,
    domains: new Map(),
    globalMin: 0,
    selfMatch: matchesSelector(constraint.selector, cycle.labels) ? 1 : 0,
  }));
  const counters = constraints.map((c) => spreadCounter(cycle.state, cycle.namespace, c));
  for (const node of cycle.state.nodes) {
    if (!hasAllTopologyKeys(node, constraints)) continue;
    constraints.forEach((constraint, i) => {
      if (!includesNode(cycle, constraint, node)) return;
      const value = node.info.labels[constraint.topologyKey]!;
      const counted = counters[i] ? countOn(counters[i]!, node) : 0;
      result[i]!.domains.set(value, (result[i]!.domains.get(value) ?? 0) + counted);
    });
  }
  for (const entry of result) entry.globalMin = globalMinOf(entry);
  return result;
}

/** `minMatchNum`: the smallest domain count, or 0 while there are fewer domains than minDomains. */
export function globalMinOf(entry: ConstraintCounts): number {
  // An empty domain map keeps upstream's initial MaxInt32 minimum, unless minDomains forces 0.
  let min = Number.MAX_SAFE_INTEGER;
  for (const n of entry.domains.values()) if (n < min) min = n;
  return entry.domains.size < entry.constraint.minDomains ? 0 : min;
}

export const podTopologySpread: FilterPlugin<ConstraintCounts[]> = {
  name: NAME,
  preFilter(cycle) {
    const constraints = cycle.template.topologySpread.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
    if (constraints.length === 0) return { kind: 'skip' };
    return { kind: 'ok', state: filterCounts(cycle, constraints) };
  },
  filter(_cycle, node, counts) {
    for (const [index, entry] of counts.entries()) {
      const { constraint } = entry;
      const domain = node.info.labels[constraint.topologyKey];
      if (domain === undefined) return { plugin: NAME, code: 'UU', reasons: [ERR_REASON_NODE_LABEL_NOT_MATCH] };
      const matching = entry.domains.get(domain) ?? 0;
      const skew = matching + entry.selfMatch - entry.globalMin;
      if (skew > constraint.maxSkew) {
        return {
          plugin: NAME,
          code: 'U',
          reasons: [ERR_REASON_CONSTRAINTS_NOT_MATCH],
          detail: { kind: 'spread', constraint, index, domain, matching, selfMatch: entry.selfMatch, globalMin: entry.globalMin, skew },
        };
      }
    }
    return undefined;
  },
};
