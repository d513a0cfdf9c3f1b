import type { PodOutcome, SimulationResult, WorkloadOutcome } from '../schedule/result.js';

/**
 * What the text and Markdown placement reports say about pods that do not run, in one place: the full
 * scheduler message (`kubectl describe` text, the version's PostFilter/preemption part included) with
 * berth's preemption note, the kubelet's rejection, or why the pod does not exist yet.
 */
export function notRunningText(pod: PodOutcome): string | undefined {
  switch (pod.state) {
    case 'pending':
      return pod.why === 'unschedulable' && pod.preemptionMayHelp
        ? `${pod.fullMessage} (preemption may place it: it outranks pods in its way; berth does not simulate preemption)`
        : pod.fullMessage;
    case 'rejected':
      return `rejected by the kubelet of ${pod.node}: ${pod.reason}: ${pod.message}`;
    case 'not-created':
      return `not created yet: the StatefulSet creates it once ${pod.waitingFor} runs (OrderedReady)`;
    case 'other-scheduler':
      return `left to scheduler "${pod.schedulerName}", which berth does not predict`;
    default:
      return undefined;
  }
}

export interface NotRunning {
  outcome: WorkloadOutcome;
  /** `Deployment shop/web`. */
  name: string;
  /** `2 of 5 replicas would stay Pending` (`would not run` when the kubelet rejects some or another scheduler owns them). */
  headline: string;
  /** Distinct messages with how many pods got each, in first-seen order. */
  messages: { text: string; pods: number }[];
  pods: number;
}

/** Every workload with pods that do not run, in manifest order. */
export function notRunningWorkloads(simulation: SimulationResult): NotRunning[] {
  return simulation.workloads.flatMap((outcome) => {
    const counts = new Map<string, number>();
    for (const pod of outcome.pods) {
      const text = notRunningText(pod);
      if (text !== undefined) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    const pods = [...counts.values()].reduce((a, b) => a + b, 0);
    if (pods === 0) return [];
    const unit = `${outcome.workload.perNode ? 'pod' : 'replica'}${outcome.desired === 1 ? '' : 's'}`;
    const verb = outcome.pods.some((p) => p.state === 'rejected' || p.state === 'other-scheduler') ? 'would not run' : 'would stay Pending';
    return [{
      outcome,
      name: workloadName(outcome),
      headline: `${pods} of ${outcome.desired} ${unit} ${verb}`,
      messages: [...counts].map(([text, n]) => ({ text, pods: n })),
      pods,
    }];
  });
}

/** Scheduled pods where equal scores left the choice to berth's deterministic tie-break, per workload. */
export function tieBreaks(simulation: SimulationResult): { name: string; ties: string[] }[] {
  return simulation.workloads.flatMap((outcome) => {
    const ties = outcome.pods.flatMap((p) => (p.state === 'scheduled' && p.tied > 0 ? [`${p.pod.name} → ${p.node} over ${tiedNames(p.tiedWith, p.tied)}`] : []));
    return ties.length === 0 ? [] : [{ name: workloadName(outcome), ties }];
  });
}

function tiedNames(names: readonly string[], tied: number): string {
  return tied > names.length ? `${names.join(', ')} and ${tied - names.length} more` : names.join(', ');
}

export const TIE_BREAK_NOTE = 'equal scores: upstream picks at random, berth takes the node name that sorts first';

export function workloadName(outcome: WorkloadOutcome): string {
  const ref = outcome.workload.ref;
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

/** Requested against allocatable with the share: `700m / 2 (35%)`. */
export function usage(requested: number, allocatable: number, format: (amount: number) => string): { text: string; percent?: number } {
  const percent = allocatable > 0 ? Math.round((100 * requested) / allocatable) : undefined;
  return { text: `${format(requested)} / ${format(allocatable)}${percent === undefined ? '' : ` (${percent}%)`}`, ...(percent === undefined ? {} : { percent }) };
}

/** Node use at or above this share of allocatable is highlighted. */
export const HIGH_USE_PERCENT = 90;
