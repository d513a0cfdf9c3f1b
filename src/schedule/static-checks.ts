import { firstUntoleratedTaint, toleratesAny, TAINT_UNSCHEDULABLE } from '../model/taints.js';
import { matchesRequiredNodeAffinity } from '../model/node-affinity.js';
import type { PodTemplate, Taint } from './cluster.js';
import type { Status } from './framework.js';
import type { ClusterState, NodeState } from './state.js';

/**
 * Facts about a pod template on a node that no placement can change: computed at most once per
 * template × node (lazily, so a DaemonSet pod pinned to one node costs one check, not one per node) and
 * shared by every replica of the template.
 */
export interface StaticCheck {
  /** Tolerates `node.kubernetes.io/unschedulable:NoSchedule` (NodeUnschedulable). */
  toleratesUnschedulable: boolean;
  /** The first NoSchedule/NoExecute taint in node order that no toleration tolerates (TaintToleration). */
  untoleratedTaint: Taint | undefined;
  /** nodeSelector AND required node affinity (NodeAffinity, PodTopologySpread's nodeAffinityPolicy). */
  matchesNodeAffinity: boolean;
  /**
   * The statuses of the filters that only depend on these facts, built once by the filter that reports
   * them (a node rejected for a taint is rejected with the same status for every replica).
   */
  statuses: Partial<Record<string, Status>>;
}

export interface StaticChecks {
  at(node: NodeState): StaticCheck;
}

const UNSCHEDULABLE_TAINT: Taint = { key: TAINT_UNSCHEDULABLE, value: '', effect: 'NoSchedule' };

const cache = new WeakMap<ClusterState, WeakMap<PodTemplate, StaticChecks>>();

export function staticChecksFor(state: ClusterState, template: PodTemplate): StaticChecks {
  let perState = cache.get(state);
  if (!perState) cache.set(state, (perState = new WeakMap()));
  let checks = perState.get(template);
  if (!checks) {
    const computed: (StaticCheck | undefined)[] = new Array(state.nodes.length);
    checks = {
      at(node) {
        return (computed[node.index] ??= computeStaticCheck(template, node));
      },
    };
    perState.set(template, checks);
  }
  return checks;
}

export function computeStaticCheck(template: PodTemplate, node: NodeState): StaticCheck {
  return {
    toleratesUnschedulable: toleratesAny(template.tolerations, UNSCHEDULABLE_TAINT),
    untoleratedTaint: firstUntoleratedTaint(node.info.taints, template.tolerations),
    matchesNodeAffinity: matchesRequiredNodeAffinity(template, node.info),
    statuses: {},
  };
}
