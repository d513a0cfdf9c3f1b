import { formatAmount } from '../model/quantity.js';
import { compareBytes } from './fit-error.js';
import type { PodOutcome, SimulationResult } from './result.js';
import type { PlacementReport, WorkloadPlacement } from './types.js';

/**
 * The `placement` JSON contract (src/schedule/types.ts). `scheduled` counts pods on a node (scheduled by
 * the simulation or bound by `spec.nodeName` and admitted); `pending` is every other desired pod (Pending,
 * not yet created by an OrderedReady StatefulSet, rejected by the kubelet, or left to another scheduler);
 * `reasons` are the distinct messages of those pods without the PostFilter part, sorted by bytes.
 * `notCreated` counts the pods admission rejects (src/admission; never created, so neither scheduled nor
 * pending) and `admission` lists their distinct rejection messages.
 */
export function toPlacementReport(result: SimulationResult): PlacementReport {
  const nodes = result.nodes.map((node) => {
    const allocatable: Record<string, string> = {};
    for (const name of Object.keys(node.info.allocatable).sort(compareBytes)) allocatable[name] = quantity(name, node.info.allocatable[name]!);
    const requested: Record<string, string> = {};
    const names = new Set([...Object.keys(node.requested).filter((n) => node.requested[n] !== 0), 'cpu', 'memory']);
    for (const name of [...names].sort(compareBytes)) requested[name] = quantity(name, node.requested[name] ?? 0);
    requested.pods = String(node.podCount);
    return { name: node.info.name, allocatable, requested };
  });
  const workloads = result.workloads.map((w): WorkloadPlacement => {
    const perNode: Record<string, number> = {};
    const reasons = new Set<string>();
    let scheduled = 0;
    for (const outcome of w.pods) {
      const node = placedOn(outcome);
      if (node !== undefined) {
        scheduled++;
        perNode[node] = (perNode[node] ?? 0) + 1;
      } else {
        const reason = reasonOf(outcome);
        if (reason) reasons.add(reason);
      }
    }
    const sortedNodes: Record<string, number> = {};
    for (const name of Object.keys(perNode).sort(compareBytes)) sortedNodes[name] = perNode[name]!;
    return {
      kind: w.workload.ref.kind,
      namespace: w.workload.ref.namespace,
      name: w.workload.ref.name,
      desired: w.desired,
      scheduled,
      pending: w.desired - scheduled - (w.admission?.notCreated ?? 0),
      nodes: sortedNodes,
      reasons: [...reasons].sort(compareBytes),
      notCreated: w.admission?.notCreated ?? 0,
      admission: [...(w.admission?.messages ?? [])].sort(compareBytes),
    };
  });
  return { nodes, workloads };
}

/** A Kubernetes quantity string: `formatAmount`'s short form when exact, else the plain number of units. */
function quantity(name: string, amount: number): string {
  const short = formatAmount(name, amount);
  return short.includes('.') ? String(amount) : short;
}

export function placedOn(outcome: PodOutcome): string | undefined {
  return outcome.state === 'scheduled' || outcome.state === 'bound' ? outcome.node : undefined;
}

/** The message a pod that does not run is reported with (none for pods an earlier ordinal holds back). */
export function reasonOf(outcome: PodOutcome): string | undefined {
  switch (outcome.state) {
    case 'pending':
    case 'rejected':
      return outcome.message;
    case 'other-scheduler':
      return `schedulerName "${outcome.schedulerName}" is not default-scheduler: berth does not predict where that scheduler places the pod`;
    default:
      return undefined;
  }
}
