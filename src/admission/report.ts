/**
 * Shared by the admission rules (rules/<id>.ts): each reads `WorkloadOutcome.admission` of the simulation
 * and reports its problems at the key that causes them, with upstream's error and the pod count.
 */
import { podCount, workloadName } from '../rules/placement.js';
import type { RuleContext } from '../rules/rule.js';
import type { WorkloadOutcome } from '../schedule/result.js';
import type { AdmissionRuleId } from './index.js';

/** Every message of an admission rule: which pods, upstream's error (quoted), then what berth knows. */
export const NOT_CREATED_MESSAGE = '{{workload}}: {{pods}} would never be created, the API server answers "{{message}}". {{explanation}}';

export function reportAdmission(context: RuleContext<'notCreated'>, rule: AdmissionRuleId): void {
  for (const outcome of context.simulation?.workloads ?? []) {
    for (const problem of outcome.admission?.problems ?? []) {
      if (problem.rule !== rule) continue;
      context.report(
        'notCreated',
        { workload: workloadName(outcome), pods: pods(outcome, problem.pods), message: problem.message, explanation: problem.explanation },
        { object: outcome.workload.object, path: problem.path, part: problem.part },
      );
    }
  }
}

/** `all 3 replicas`, `its pod` (one desired), or `2 of 5 replicas`. */
function pods(outcome: WorkloadOutcome, count: number): string {
  if (count !== outcome.desired) return podCount(outcome, count);
  if (count === 1) return 'its pod';
  return `all ${count} ${outcome.workload.perNode ? 'pods' : 'replicas'}`;
}
