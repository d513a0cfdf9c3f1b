import type { Status } from './framework.js';
import type { SchedulerBehaviour } from './version.js';

/**
 * The FailedScheduling message, in one place: `FitError.Error` (pkg/scheduler/framework/types.go), the
 * PostFilter suffix (`RunPostFilterPlugins`, pkg/scheduler/framework/runtime/framework.go; DynamicResources'
 * and DefaultPreemption's PostFilter), and the no-nodes message (pkg/scheduler/schedule_one.go).
 */

export const NO_NODE_AVAILABLE_MSG = 'no nodes available to schedule pods';
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';
export const PREEMPTION_POLICY_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const NO_NEW_CLAIMS_TO_DEALLOCATE = 'no new claims to deallocate';
/** DynamicResources' PostFilter after a PreFilter UU stopped the stage before its own PreFilter ran. */
export const DRA_STATE_NOT_FOUND = 'not found';
export const FILTERED_OUT_BY_PREFILTER = 'node is filtered out by the prefilter result';
export const absentNodesReason = (plugins: readonly string[]): string => `node(s) didn't satisfy plugin(s) [${[...plugins].sort().join(' ')}]`;

export interface Diagnosis {
  /** Every Node object in the snapshot. */
  numAllNodes: number;
  /** Nodes with a recorded status (filtered nodes, or every node after a PreFilter rejection). */
  nodeStatuses: Map<string, Status>;
  /** The status of every other node; undefined = they are not counted (1.30.2–1.31.x). */
  absentStatus?: Status;
  /** The PreFilter rejection's message (reasons joined with `, `); replaces the histogram. */
  preFilterMsg?: string;
}

/** Go's sort.Strings: byte-wise on UTF-8, never locale-aware. */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 order equals UTF-8 byte order except that surrogates (astral characters, 4 UTF-8 bytes)
    // sort after U+E000..U+FFFF in UTF-8.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys && (xs ? y : x) >= 0xe000) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** reason → number of nodes, each reason of each node's status counted once (absent nodes included). */
export function histogram(diagnosis: Diagnosis): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (reason: string, n: number) => counts.set(reason, (counts.get(reason) ?? 0) + n);
  for (const status of diagnosis.nodeStatuses.values()) for (const reason of status.reasons) add(reason, 1);
  const absent = diagnosis.numAllNodes - diagnosis.nodeStatuses.size;
  if (absent > 0 && diagnosis.absentStatus) for (const reason of diagnosis.absentStatus.reasons) add(reason, absent);
  return counts;
}

/** `0/N nodes are available: <count reason, ...>.` (or the PreFilter message instead of the histogram). */
export function fitErrorMessage(diagnosis: Diagnosis): string {
  let message = `0/${diagnosis.numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMsg) return `${message} ${diagnosis.preFilterMsg}.`;
  const entries = [...histogram(diagnosis)].map(([reason, count]) => `${count} ${reason}`).sort(compareBytes);
  if (entries.length > 0) message += ` ${entries.join(', ')}.`;
  return message;
}

/** What DefaultPreemption concluded (src/schedule/preemption.ts). */
export type PreemptionOutcome =
  | { kind: 'policy-never' }
  /** A node would fit after evicting lower-priority pods: upstream prints no PostFilter text at all. */
  | { kind: 'candidate'; node: string; victims: string[] }
  /** No candidate: per-node statuses of the dry run, formatted like a FitError. */
  | { kind: 'no-candidate'; diagnosis: Diagnosis };

export function preemptionMessage(outcome: PreemptionOutcome): string {
  switch (outcome.kind) {
    case 'policy-never':
      return `preemption: ${PREEMPTION_POLICY_NEVER}`;
    case 'candidate':
      return '';
    case 'no-candidate':
      return `preemption: ${fitErrorMessage(outcome.diagnosis)}`;
  }
}

/**
 * The PostFilter message appended after the FitError (section 5.2): DynamicResources first (1.34+: `no new
 * claims to deallocate`, or `not found` after a PreFilter UU rejection, which ends PostFilter), then
 * DefaultPreemption; U rejections are joined with `, `, a success leaves no message at all.
 */
export function postFilterMessage(behaviour: SchedulerBehaviour, preFilterUnresolvable: boolean, preemption: PreemptionOutcome): string {
  if (behaviour.dynamicResourcesPostFilter && preFilterUnresolvable) return DRA_STATE_NOT_FOUND;
  const preempt = preemptionMessage(preemption);
  if (preemption.kind === 'candidate') return '';
  return behaviour.dynamicResourcesPostFilter ? `${NO_NEW_CLAIMS_TO_DEALLOCATE}, ${preempt}` : preempt;
}

export function withPostFilter(fitError: string, postFilter: string): string {
  return postFilter === '' ? fitError : `${fitError} ${postFilter}`;
}

/** The status every node outside a PreFilter node subset gets, per release (section 4). */
export function absentNodeStatus(behaviour: SchedulerBehaviour, subsetPlugins: readonly string[]): Status | undefined {
  switch (behaviour.absentNodes) {
    case 'plugin-list':
      return { plugin: 'framework', code: 'UU', reasons: [absentNodesReason(subsetPlugins)] };
    case 'filtered-out':
      return { plugin: 'framework', code: 'UU', reasons: [FILTERED_OUT_BY_PREFILTER] };
    case 'uncounted':
      return undefined;
  }
}
