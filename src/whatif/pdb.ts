import { asRecord, asString, type KubeObject } from '../model/object.js';
import { matchesSelector, parseLabelSelector, type Selector } from '../model/selector.js';
import type { Path } from '../read/source.js';
import type { Pod } from '../schedule/cluster.js';
import { podLabels } from '../schedule/state.js';

/**
 * PodDisruptionBudgets and the disruption controller's arithmetic (pkg/controller/disruption/disruption.go
 * `getExpectedPodCount`, `countHealthyPods`, `updatePdbStatus`) and the eviction subresource's checks
 * (pkg/registry/core/pod/storage/eviction.go).
 */

export interface Budget {
  object: KubeObject;
  namespace: string;
  name: string;
  selector: Selector;
  /** The field that sets the budget, for findings (`spec.minAvailable` / `spec.maxUnavailable`, else `spec`). */
  path: Path;
  /** Exactly one of these is set in a valid PDB (validation rejects both); neither = nothing is protected. */
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  /** `spec.unhealthyPodEvictionPolicy` (default IfHealthyBudget). */
  alwaysAllowUnhealthy: boolean;
}

export type IntOrPercent = { kind: 'int'; value: number; text: string } | { kind: 'percent'; value: number; text: string };

/** PDBs of the snapshot and the manifests (a manifest PDB replaces the snapshot's of the same namespace/name). Unreadable ones are `problems`. */
export function budgetsFrom(snapshotObjects: readonly KubeObject[], manifestObjects: readonly KubeObject[], problems: string[]): Budget[] {
  const byKey = new Map<string, Budget>();
  for (const object of [...snapshotObjects, ...manifestObjects]) {
    if (object.ref.kind !== 'PodDisruptionBudget' || !object.ref.apiVersion.startsWith('policy/')) continue;
    const budget = budgetOf(object, problems);
    if (budget) byKey.set(`${budget.namespace}/${budget.name}`, budget);
  }
  return [...byKey.values()];
}

function budgetOf(object: KubeObject, problems: string[]): Budget | undefined {
  const spec = asRecord(object.raw.spec);
  const where = `PodDisruptionBudget ${object.ref.namespace}/${object.ref.name}`;
  const selector = parseLabelSelector(spec.selector);
  if (!selector) {
    problems.push(`${where}: its selector is invalid; berth ignores it`);
    return undefined;
  }
  const budget: Budget = {
    object,
    namespace: object.ref.namespace,
    name: object.ref.name,
    selector,
    path: ['spec'],
    alwaysAllowUnhealthy: spec.unhealthyPodEvictionPolicy === 'AlwaysAllow',
  };
  for (const field of ['minAvailable', 'maxUnavailable'] as const) {
    if (spec[field] === undefined || spec[field] === null) continue;
    const value = intOrPercent(spec[field]);
    if (!value) {
      problems.push(`${where}: spec.${field} ${JSON.stringify(spec[field])} is neither an integer nor a percentage; berth ignores it`);
      return undefined;
    }
    budget[field] = value;
    budget.path = ['spec', field];
  }
  return budget;
}

function intOrPercent(value: unknown): IntOrPercent | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { kind: 'int', value, text: String(value) };
  const text = asString(value);
  const match = text === undefined ? null : /^(\d+)%$/.exec(text);
  if (match) return { kind: 'percent', value: Number(match[1]), text: text! };
  // intstr.FromString("3") is not a percentage: GetScaledValueFromIntOrPercent fails on it, and so does the PDB.
  return undefined;
}

/** `intstr.GetScaledValueFromIntOrPercent(value, total, roundUp=true)`. */
function scaled(value: IntOrPercent, total: number): number {
  return value.kind === 'int' ? value.value : Math.ceil((value.value * total) / 100);
}

export function budgetMatches(budget: Budget, pod: Pod): boolean {
  return pod.template.namespace === budget.namespace && !budget.selector.matchesNothing && matchesSelector(budget.selector, podLabels(pod));
}

/** What the disruption controller writes into `status`. */
export interface BudgetStatus {
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
}

/**
 * `expectedScale` is the summed scale of the matched pods' controllers (`getExpectedScale`); only the
 * percentage forms and maxUnavailable use it. An integer minAvailable counts the matched pods instead.
 */
export function budgetStatus(budget: Budget, matchedPods: number, healthyPods: number, expectedScale: number): BudgetStatus {
  let expectedPods = 0;
  let desiredHealthy = 0;
  if (budget.maxUnavailable) {
    expectedPods = expectedScale;
    desiredHealthy = Math.max(0, expectedPods - scaled(budget.maxUnavailable, expectedPods));
  } else if (budget.minAvailable) {
    expectedPods = budget.minAvailable.kind === 'int' ? matchedPods : expectedScale;
    desiredHealthy = scaled(budget.minAvailable, expectedPods);
  }
  return { expectedPods, desiredHealthy, currentHealthy: healthyPods, disruptionsAllowed: Math.max(0, healthyPods - desiredHealthy) };
}

/** The eviction API's refusals (eviction.go), as `kubectl drain` prints them. */
export const MULTIPLE_BUDGETS_MESSAGE = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
export const BUDGET_VIOLATION_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

export function budgetCause(budget: Budget, status: BudgetStatus): string {
  return `The disruption budget ${budget.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`;
}
