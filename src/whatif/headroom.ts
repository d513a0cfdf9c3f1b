import type { Pod } from '../schedule/cluster.js';
import type { WorkloadOutcome } from '../schedule/result.js';
import { postFilter, scheduleOne } from '../schedule/schedule-one.js';
import { detach, place, type ClusterState, type PlacedPod } from '../schedule/state.js';

/**
 * How many more replicas of a workload fit, and what stops the next one (the question cluster-capacity
 * answers against a live cluster). The final state of the scenario is extended one replica at a time:
 * each extra replica is one scheduling attempt (filters and scores over the nodes) against the state the
 * previous one left, never a new simulation. The extra replicas are taken off again afterwards.
 */

/** Beyond this many extra replicas berth stops counting (pods that request nothing fit until `pods` runs out). */
export const HEADROOM_LIMIT = 10_000;

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

export function headroom(state: ClusterState, workload: WorkloadOutcome): Headroom {
  const base = workload.pods[workload.pods.length - 1]?.pod;
  const extra: PlacedPod[] = [];
  const nodes: Record<string, number> = {};
  const result: Headroom = { workload, fits: 0, nodes };
  for (let i = 0; i < HEADROOM_LIMIT; i++) {
    const ordinal = workload.desired + i;
    const pod: Pod = { name: `${workload.workload.ref.name}-headroom-${i + 1}`, template: workload.template, ordinal };
    if (base?.extraLabels) pod.extraLabels = { ...base.extraLabels };
    const attempt = scheduleOne(state, pod);
    if (attempt.kind === 'scheduled') {
      extra.push(place(state, pod, attempt.node, 'manifest'));
      nodes[attempt.node.info.name] = (nodes[attempt.node.info.name] ?? 0) + 1;
      result.fits++;
      continue;
    }
    result.reason = attempt.message;
    result.stoppedBy = attempt.kind === 'unschedulable' ? postFilter(state, pod, attempt).fullMessage : attempt.message;
    break;
  }
  for (const placed of extra.reverse()) detach(state, placed);
  return result;
}

/** The workload `--headroom` names: `kind/namespace/name`, `namespace/name` or a bare `name` (which must be unique). */
export function findWorkload(workloads: readonly WorkloadOutcome[], spec: string): WorkloadOutcome | string {
  const parts = spec.split('/');
  const matches = workloads.filter(({ workload: { ref } }) => {
    if (parts.length === 3) return ref.kind.toLowerCase() === parts[0]!.toLowerCase() && ref.namespace === parts[1] && ref.name === parts[2];
    if (parts.length === 2) return ref.namespace === parts[0] && ref.name === parts[1];
    return ref.name === spec;
  });
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) return `--headroom ${spec}: no workload of the manifests is called that (use kind/namespace/name or name)`;
  const names = matches.map(({ workload: { ref } }) => `${ref.kind}/${ref.namespace}/${ref.name}`).join(', ');
  return `--headroom ${spec}: ambiguous, matches ${names}; use kind/namespace/name`;
}
