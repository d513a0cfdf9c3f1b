import type { Pod, PodTemplate } from '../schedule/cluster.js';
import { FILTERS } from '../schedule/filters/index.js';
import { newCycle, runFilters, runPreFilters } from '../schedule/framework.js';
import type { WorkloadOutcome } from '../schedule/result.js';
import { postFilter, scheduleOne } from '../schedule/schedule-one.js';
import { detach, place, type ClusterState, type NodeState, type PlacedPod } from '../schedule/state.js';

/**
 * How many more replicas of a workload fit, and what stops the next one (the question cluster-capacity
 * answers against a live cluster). The scenario's final state is extended replica by replica, never
 * re-simulated: node by node when the pod's constraints are node-local (`fillsNodeByNode`), else one
 * scheduling attempt per replica. The extra replicas are taken off again afterwards.
 */

/** Beyond this many extra replicas berth stops counting (pods that request nothing fit until `pods` runs out). */
export const HEADROOM_LIMIT = 10_000;
/** The same when each node can be filled on its own (node-local constraints, see `fillsNodeByNode`). */
export const NODE_LOCAL_HEADROOM_LIMIT = 200_000;

export interface Headroom {
  workload: WorkloadOutcome;
  /** Extra replicas that fit, on top of the workload's desired count. */
  fits: number;
  /** Extra replicas per node. */
  nodes: Record<string, number>;
  /** The scheduler's message for the first replica that does not fit (`kubectl describe` form), or undefined at the limit. */
  stoppedBy?: string;
  /** The same without the PostFilter part. */
  reason?: string;
}

/**
 * `exhaustive` forces one full scheduling attempt per extra replica even when nodes could be filled one by
 * one (tests compare both).
 */
export function headroom(state: ClusterState, workload: WorkloadOutcome, options: { exhaustive?: boolean } = {}): Headroom {
  const base = workload.pods[workload.pods.length - 1]?.pod;
  const extra: PlacedPod[] = [];
  const nodes: Record<string, number> = {};
  const result: Headroom = { workload, fits: 0, nodes };
  let next = 0;
  const newPod = (): Pod => {
    next++;
    const pod: Pod = { name: `${workload.workload.ref.name}-headroom-${next}`, template: workload.template, ordinal: workload.desired + next - 1 };
    if (base?.extraLabels) pod.extraLabels = { ...base.extraLabels };
    return pod;
  };
  const keep = (pod: Pod, node: NodeState) => {
    extra.push(place(state, pod, node, 'manifest'));
    nodes[node.info.name] = (nodes[node.info.name] ?? 0) + 1;
    result.fits++;
  };
  const nodeByNode = !options.exhaustive && fillsNodeByNode(workload.template);
  const limit = nodeByNode ? NODE_LOCAL_HEADROOM_LIMIT : HEADROOM_LIMIT;
  if (nodeByNode) {
    let pod = newPod();
    for (const node of state.nodes) {
      while (result.fits < limit && fitsOn(state, pod, node)) {
        keep(pod, node);
        pod = newPod();
      }
    }
  }
  while (result.fits < limit) {
    const pod = newPod();
    const attempt = scheduleOne(state, pod);
    if (attempt.kind === 'scheduled') {
      keep(pod, attempt.node);
      continue;
    }
    result.reason = attempt.message;
    result.stoppedBy = attempt.kind === 'unschedulable' ? postFilter(state, pod, attempt).fullMessage : attempt.message;
    break;
  }
  for (const placed of extra.reverse()) detach(state, placed);
  const sorted: Record<string, number> = {};
  for (const name of Object.keys(nodes).sort()) sorted[name] = nodes[name]!;
  result.nodes = sorted;
  return result;
}

/**
 * When every filter the pod meets is node-local (resources, ports, pod count, taints, node selection,
 * existing pods' anti-affinity) and its own placement cannot change another node's verdict (no required
 * affinity or anti-affinity of its own, no DoNotSchedule spread), the scheduler ends up filling every node
 * to capacity whatever order its scores choose: filling node by node gives the same count and per-node
 * numbers with one filter run per replica instead of one per replica and node. The message for the next
 * replica still comes from a full scheduling attempt against the filled cluster.
 */
function fillsNodeByNode(template: PodTemplate): boolean {
  return template.requiredAffinity.length === 0 && template.requiredAntiAffinity.length === 0 &&
    template.topologySpread.every((c) => c.whenUnsatisfiable !== 'DoNotSchedule');
}

/** PreFilter + Filter of one node, honouring a PreFilter node subset (DaemonSet-style `metadata.name` affinity). */
function fitsOn(state: ClusterState, pod: Pod, node: NodeState): boolean {
  const cycle = newCycle(state, pod);
  const pre = runPreFilters(cycle, FILTERS);
  if (pre.rejected || (pre.nodeNames && !pre.nodeNames.has(node.info.name))) return false;
  return runFilters(cycle, node, FILTERS, pre) === undefined;
}

/**
 * The workload `--headroom` names: `kind/namespace/name`, `namespace/name` or a bare `name` (which must be
 * unique) of the manifests, else what `fromFile` makes of it (a file holding a workload).
 */
export function findWorkload(workloads: readonly WorkloadOutcome[], spec: string, fromFile: () => WorkloadOutcome | string | undefined = () => undefined): WorkloadOutcome | string {
  const parts = spec.split('/');
  const matches = workloads.filter(({ workload: { ref } }) => {
    if (parts.length === 3) return ref.kind.toLowerCase() === parts[0]!.toLowerCase() && ref.namespace === parts[1] && ref.name === parts[2];
    if (parts.length === 2) return ref.namespace === parts[0] && ref.name === parts[1];
    return ref.name === spec;
  });
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) return fromFile() ?? `--headroom ${spec}: no workload of the manifests is called that, and no such file (use kind/namespace/name, name, or a file with a workload)`;
  const names = matches.map(({ workload: { ref } }) => `${ref.kind}/${ref.namespace}/${ref.name}`).join(', ');
  return `--headroom ${spec}: ambiguous, matches ${names}; use kind/namespace/name`;
}
