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
  /**
   * The nodes NodeUnschedulable, TaintToleration and NodeAffinity pass (`STATIC_FILTERS`), in snapshot
   * order: computed once per set of static inputs, so a template's first attempt filters only these.
   */
  open(): readonly NodeState[];
}

/** The filters whose verdict is a StaticCheck's (NodeName too, for a pod without `nodeName`). */
export const STATIC_FILTERS: readonly string[] = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity'];

const UNSCHEDULABLE_TAINT: Taint = { key: TAINT_UNSCHEDULABLE, value: '', effect: 'NoSchedule' };

interface PerState {
  byTemplate: WeakMap<PodTemplate, StaticChecks>;
  /** Templates with the same tolerations, nodeSelector and required node affinity share their checks. */
  byInputs: Map<string, StaticChecks>;
}

const cache = new WeakMap<ClusterState, PerState>();

export function staticChecksFor(state: ClusterState, template: PodTemplate): StaticChecks {
  let perState = cache.get(state);
  if (!perState) cache.set(state, (perState = { byTemplate: new WeakMap(), byInputs: new Map() }));
  let checks = perState.byTemplate.get(template);
  if (!checks) {
    // Thousands of templates × thousands of nodes would hold millions of checks (GiBs at 5,000 nodes);
    // most templates share a handful of static inputs, and the checks read nothing else.
    const key = staticInputsKey(template);
    checks = perState.byInputs.get(key);
    if (!checks) {
      const computed: (StaticCheck | undefined)[] = new Array(state.nodes.length);
      const at = (node: NodeState) => (computed[node.index] ??= computeStaticCheck(template, node));
      let open: NodeState[] | undefined;
      checks = {
        at,
        open() {
          return (open ??= state.nodes.filter((node) => {
            const check = at(node);
            return (!node.info.unschedulable || check.toleratesUnschedulable) && check.untoleratedTaint === undefined && check.matchesNodeAffinity;
          }));
        },
      };
      perState.byInputs.set(key, checks);
    }
    perState.byTemplate.set(template, checks);
  }
  return checks;
}

/** Everything computeStaticCheck reads from a template (declaration paths left out). */
function staticInputsKey(template: PodTemplate): string {
  return JSON.stringify([
    template.tolerations.map((t) => [t.key, t.operator, t.value, t.effect]),
    Object.entries(template.nodeSelector),
    template.requiredNodeAffinity?.map((term) => [
      term.matchExpressions.map((r) => [r.key, r.operator, r.values]),
      term.matchFields.map((r) => [r.key, r.operator, r.values]),
    ]) ?? null,
  ]);
}

export function computeStaticCheck(template: PodTemplate, node: NodeState): StaticCheck {
  return {
    toleratesUnschedulable: toleratesAny(template.tolerations, UNSCHEDULABLE_TAINT),
    untoleratedTaint: firstUntoleratedTaint(node.info.taints, template.tolerations),
    matchesNodeAffinity: matchesRequiredNodeAffinity(template, node.info),
    statuses: {},
  };
}
