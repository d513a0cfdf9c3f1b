import { NO_PREEMPTION_VICTIMS, PREEMPTION_NOT_HELPFUL, type Diagnosis, type PreemptionOutcome } from './fit-error.js';
import type { Status } from './framework.js';
import type { Pod } from './cluster.js';
import { attach, detach, type ClusterState, type NodeState } from './state.js';

/**
 * DefaultPreemption's PostFilter as far as its message goes (pkg/scheduler/framework/preemption/preemption.go,
 * `nodesWherePreemptionMightHelp`, `SelectVictimsOnNode`; defaultpreemption/default_preemption.go):
 *
 * - `preemptionPolicy: Never` ⇒ not eligible;
 * - only nodes whose status is U are candidates; UU nodes and nodes without any status (absent nodes on
 *   1.30.2–1.31, whose `nodesWherePreemptionMightHelp` treats "absent from the map" as UU) get
 *   `Preemption is not helpful for scheduling`;
 * - on a candidate, every pod with strictly lower priority is removed and the filters run again: no such
 *   pod ⇒ `No preemption victims found for incoming pod`; still failing ⇒ that filter's reasons; fits ⇒ a
 *   preemption candidate exists and upstream prints no PostFilter text.
 *
 * Simplified: PodDisruptionBudgets, nominated pods and the minimal victim set are not modelled (victims =
 * all lower-priority pods on the first candidate node found, in node order), and preemption is never
 * carried out: the pod stays Pending in berth's result with a note that preemption may place it.
 */
export function preemptionOutcome(
  state: ClusterState,
  pod: Pod,
  diagnosis: Diagnosis,
  evaluateNode: (node: NodeState) => Status | undefined,
): PreemptionOutcome {
  if (pod.template.preemptionPolicy === 'Never') return { kind: 'policy-never' };
  const statuses = new Map<string, Status>();
  const notHelpful: Status = { plugin: 'DefaultPreemption', code: 'UU', reasons: [PREEMPTION_NOT_HELPFUL] };
  for (const node of state.nodes) {
    const status = diagnosis.nodeStatuses.get(node.info.name) ?? diagnosis.absentStatus;
    if (status === undefined || status.code === 'UU') {
      statuses.set(node.info.name, notHelpful);
      continue;
    }
    const victims = node.pods.filter((p) => p.priority < pod.template.priority);
    if (victims.length === 0) {
      statuses.set(node.info.name, { plugin: 'DefaultPreemption', code: 'UU', reasons: [NO_PREEMPTION_VICTIMS] });
      continue;
    }
    for (const victim of victims) detach(state, victim);
    let failure: Status | undefined;
    try {
      failure = evaluateNode(node);
    } finally {
      for (const victim of victims) attach(state, victim);
    }
    if (!failure) return { kind: 'candidate', node: node.info.name, victims: victims.map((v) => `${v.namespace}/${v.pod.name}`) };
    statuses.set(node.info.name, failure);
  }
  return { kind: 'no-candidate', diagnosis: { numAllNodes: diagnosis.numAllNodes, nodeStatuses: statuses } };
}
