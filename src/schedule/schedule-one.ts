import type { Pod } from './cluster.js';
import { FILTERS } from './filters/index.js';
import {
  absentNodeStatus,
  fitErrorMessage,
  NO_NODE_AVAILABLE_MSG,
  postFilterMessage,
  withPostFilter,
  type Diagnosis,
  type PreemptionOutcome,
} from './fit-error.js';
import { activeFilters, activePasses, newCycle, runFilters, runPreFilters, withSkipped, type CycleContext, type PreFilterResult, type Status } from './framework.js';
import { STATIC_FILTERS } from './static-checks.js';
import { preemptionOutcome } from './preemption.js';
import { selectHost, type Selection } from './scores/index.js';
import { continueSession, startSession } from './schedule-session.js';
import type { ClusterState, NodeState } from './state.js';

/** One scheduling attempt (pkg/scheduler/schedule_one.go `schedulePod`), without binding. */
export type Attempt =
  | { kind: 'scheduled'; node: NodeState; selection: Selection; feasibleNodes: number }
  | {
      kind: 'unschedulable';
      /** The FitError message (`0/N nodes are available: ...`), without the PostFilter part. */
      message: string;
      diagnosis: Diagnosis;
      /** Set when a PreFilter rejected the pod (no per-node filtering happened). */
      preFilterRejection?: Status;
    }
  | { kind: 'no-nodes'; message: string };

/** `incremental` false: no schedule session (schedule-session.ts) is continued or started. */
export function scheduleOne(state: ClusterState, pod: Pod, incremental = true): Attempt {
  if (state.nodes.length === 0) return { kind: 'no-nodes', message: NO_NODE_AVAILABLE_MSG };
  const continued = incremental ? continueSession(state, pod) : undefined;
  if (continued) return { kind: 'scheduled', node: continued.selection.node, selection: continued.selection, feasibleNodes: continued.feasibleNodes };
  const cycle = newCycle(state, pod);
  const pre = runPreFilters(cycle, FILTERS);
  const numAllNodes = state.nodes.length;
  if (pre.rejected) {
    const diagnosis: Diagnosis = { numAllNodes, nodeStatuses: new Map(), absentStatus: pre.rejected, preFilterMsg: pre.rejected.reasons.join(', ') };
    return unschedulable(diagnosis, pre.rejected);
  }
  const candidates = pre.nodeNames ? subset(state, pre.nodeNames) : state.nodes;
  const feasible: NodeState[] = [];
  const nodeStatuses = new Map<string, Status>();
  if (!pre.nodeNames && pod.nodeName === undefined && pod.template.nodeName === undefined) {
    // The nodes a static filter rejects are known per template class: filter only the others, with the rest
    // of the filters. The statuses of the rejected nodes are needed only when no node is feasible.
    const passes = activePasses(cycle, FILTERS, withSkipped(pre, STATIC_FILTERS));
    for (const node of cycle.statics.open()) if (passes(node)) feasible.push(node);
    if (feasible.length > 0) return scheduled(state, cycle, pre, feasible, incremental);
  }
  const filter = activeFilters(cycle, FILTERS, pre);
  for (const node of candidates) {
    const status = filter(node);
    if (status) nodeStatuses.set(node.info.name, status);
    else feasible.push(node);
  }
  if (feasible.length === 0) {
    const diagnosis: Diagnosis = { numAllNodes, nodeStatuses };
    if (pre.nodeNames) {
      const absent = absentNodeStatus(state.behaviour, pre.subsetPlugins);
      if (absent) diagnosis.absentStatus = absent;
    }
    return unschedulable(diagnosis, undefined);
  }
  return scheduled(state, cycle, pre, feasible, incremental);
}

function scheduled(state: ClusterState, cycle: CycleContext, pre: PreFilterResult, feasible: NodeState[], incremental: boolean): Attempt {
  const selection = (incremental ? startSession(state, cycle, pre, feasible) : undefined) ?? selectHost(cycle, feasible);
  return { kind: 'scheduled', node: selection.node, selection, feasibleNodes: feasible.length };
}

/** The PreFilter's node subset in snapshot order, looked up by name (a DaemonSet pod names one node of thousands). */
function subset(state: ClusterState, names: ReadonlySet<string>): NodeState[] {
  const nodes: NodeState[] = [];
  for (const name of names) {
    const node = state.byName.get(name);
    if (node) nodes.push(node);
  }
  return nodes.sort((a, b) => a.index - b.index);
}

function unschedulable(diagnosis: Diagnosis, preFilterRejection: Status | undefined): Attempt {
  return { kind: 'unschedulable', message: fitErrorMessage(diagnosis), diagnosis, ...(preFilterRejection ? { preFilterRejection } : {}) };
}

export interface PostFilterResult {
  postFilter: string;
  fullMessage: string;
  preemption: PreemptionOutcome;
}

/**
 * PostFilter for a failed attempt, against the same state (section 5.2). Kept apart from `scheduleOne`
 * because it is only needed for the final message of a pod that stays Pending.
 */
export function postFilter(state: ClusterState, pod: Pod, attempt: Extract<Attempt, { kind: 'unschedulable' }>): PostFilterResult {
  const preemption = preemptionOutcome(state, pod, attempt.diagnosis, (node) => evaluateNode(state, pod, node));
  const text = postFilterMessage(state.behaviour, attempt.preFilterRejection?.code === 'UU', preemption);
  return { postFilter: text, fullMessage: withPostFilter(attempt.message, text), preemption };
}

/** PreFilter + Filter for one node against the current state (preemption's "would it fit now?"). */
export function evaluateNode(state: ClusterState, pod: Pod, node: NodeState): Status | undefined {
  const cycle = newCycle(state, pod);
  const pre = runPreFilters(cycle, FILTERS);
  if (pre.rejected) return pre.rejected;
  return runFilters(cycle, node, FILTERS, pre);
}
