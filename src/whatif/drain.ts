import { asArray, asRecord, annotationsOf } from '../model/object.js';
import type { Pod } from '../schedule/cluster.js';
import { detach, type ClusterState, type PlacedPod } from '../schedule/state.js';
import {
  budgetCause,
  budgetMatches,
  budgetStatus,
  BUDGET_VIOLATION_MESSAGE,
  MULTIPLE_BUDGETS_MESSAGE,
  type Budget,
  type BudgetStatus,
} from './pdb.js';
import { controllerReference, UNMANAGED_MESSAGE } from './findings.js';
import { replacementPod, schedulePods, type PodOrigin, type Resident } from './world.js';

/**
 * `kubectl drain --ignore-daemonsets` (staging/src/k8s.io/kubectl/pkg/drain/{drain,filters}.go) over the
 * simulated cluster: DaemonSet pods and mirror (static) pods stay; pods that declare no controller stop the
 * drain unless `--force` (then they are deleted and nothing recreates them); every other pod is evicted
 * through the eviction API, which honours PodDisruptionBudgets, and its controller's replacement is
 * scheduled onto the remaining nodes.
 *
 * kubectl retries a refused eviction until it succeeds. A budget frees up once the replacements of the
 * pods already evicted run, so the drain proceeds in rounds: evict what the budgets allow, schedule the
 * replacements, recompute the budgets from the pods now running, repeat until a round evicts nothing.
 * Pods still refused then block the drain for good.
 */

export { UNMANAGED_MESSAGE } from './findings.js';
export const UNMANAGED_FORCED_MESSAGE = 'deleting Pods that declare no controller: nothing recreates it';

export type PodKind = 'daemonset' | 'mirror' | 'managed' | 'unmanaged';

/** How kubectl drain's pod filters see a pod (`daemonSetFilter`, `mirrorPodFilter`, `unreplicatedFilter`). */
export function podKind(origin: PodOrigin): PodKind {
  if (origin.kind === 'manifest') {
    const workload = origin.outcome.workload;
    if (workload.perNode) return 'daemonset';
    if (workload.templatePath.length > 0) return 'managed';
    return rawKind(workload.object.raw);
  }
  return origin.object ? rawKind(origin.object.raw) : 'unmanaged';
}

function rawKind(raw: Record<string, unknown>): PodKind {
  if (annotationsOf(raw)['kubernetes.io/config.mirror'] !== undefined) return 'mirror';
  const owner = controllerReference(raw);
  if (!owner) return 'unmanaged';
  if (owner.kind === 'Node') return 'mirror';
  return owner.kind === 'DaemonSet' ? 'daemonset' : 'managed';
}

/** Ready and not being deleted (`countHealthyPods`). A snapshot pod without status (written by hand) counts as Ready. */
export function isHealthy(pod: Pod, origin: PodOrigin): boolean {
  if (pod.terminating) return false;
  if (origin.kind !== 'snapshot' || !origin.object) return true;
  const ready = asArray(asRecord(origin.object.raw.status).conditions).map(asRecord).find((c) => c.type === 'Ready');
  return ready === undefined || ready.status === 'True';
}

export interface EvictedPod {
  pod: Pod;
  origin: PodOrigin;
  from: string;
  /** The replacement's node; undefined when it stays Pending (then `message`), or for a deleted unmanaged pod. */
  to?: string;
  message?: string;
  fullMessage?: string;
  /** Nothing recreates it (a pod without a controller, deleted with --force). */
  lost: boolean;
}

export interface BlockedPod {
  pod: Pod;
  origin: PodOrigin;
  node: string;
  reason: 'pdb' | 'multiple-pdbs' | 'unmanaged';
  /** kubectl's / the eviction API's message, with the budget's cause for `pdb`. */
  message: string;
  budgets: Budget[];
  status?: BudgetStatus;
}

export interface DrainResult {
  evicted: EvictedPod[];
  blocked: BlockedPod[];
  /** Pods the drain does not evict: DaemonSet and mirror pods (they stay), pods already terminating (they go). */
  ignored: { pod: Pod; node: string; kind: 'daemonset' | 'mirror' | 'terminating' }[];
  /** Eviction rounds (1 when no budget had to wait for replacements). */
  rounds: number;
  /** Pods Pending before the drain (`DrainInput.pending`) that the evictions let the scheduler place, and where. */
  retried: Map<Pod, string>;
}

export interface DrainInput {
  state: ClusterState;
  /** Pods on the nodes to drain, in node order then placement order; those on removed nodes are not in `state`. */
  draining: readonly Resident[];
  /** Every pod running before the drain (budgets count pods on every node, removed ones included). */
  residents: readonly Resident[];
  budgets: readonly Budget[];
  force: boolean;
  /** Pods Pending before the drain: the scheduler retries them on every eviction, ahead of the replacements. */
  pending?: readonly Pod[];
}

export function drain(input: DrainInput): DrainResult {
  const { state, budgets } = input;
  const unhealthy = new Set(input.residents.filter((r) => !isHealthy(r.pod, r.origin)).map((r) => r.pod));
  const placedByPod = new Map<Pod, PlacedPod>(state.placed.map((p) => [p.pod, p]));
  const inState = new Set(state.placed.map((p) => p.pod));
  // Pods on removed nodes still run (and count for budgets) until evicted.
  const offState = new Set(input.draining.filter((r) => !inState.has(r.pod)).map((r) => r.pod));
  const expectedScale = scaleOfControllers(input.residents);

  const result: DrainResult = { evicted: [], blocked: [], ignored: [], rounds: 0, retried: new Map() };
  const alreadyPending = input.pending ?? [];
  let waiting: Resident[] = [];
  for (const resident of input.draining) {
    const kind = podKind(resident.origin);
    if (kind === 'daemonset' || kind === 'mirror') result.ignored.push({ pod: resident.pod, node: resident.node, kind });
    else if (resident.pod.terminating) {
      // Already being deleted (a deletionTimestamp): kubectl drain only waits for it, and its controller has made its replacement.
      const placed = placedByPod.get(resident.pod);
      if (placed) detach(state, placed);
      offState.delete(resident.pod);
      result.ignored.push({ pod: resident.pod, node: resident.node, kind: 'terminating' });
    }
    else if (kind === 'unmanaged' && !input.force) {
      result.blocked.push({ ...blockedBase(resident), reason: 'unmanaged', message: `${UNMANAGED_MESSAGE}: ${resident.pod.template.namespace}/${resident.pod.name}`, budgets: [] });
    } else waiting.push(resident);
  }

  const pendingReplacements: { record: EvictedPod; replacement: Pod }[] = [];
  let refusals = new Map<Resident, BlockedPod>();
  while (waiting.length > 0) {
    result.rounds++;
    const running = byNamespace([...state.placed.map((p) => p.pod), ...offState]);
    const pending = byNamespace(pendingReplacements.map((p) => p.replacement));
    const statuses = new Map<Budget, BudgetStatus & { allowed: number }>();
    const statusOf = (budget: Budget) => {
      let status = statuses.get(budget);
      if (!status) {
        const matched = (running.get(budget.namespace) ?? []).filter((pod) => budgetMatches(budget, pod));
        const healthy = matched.filter((pod) => !unhealthy.has(pod)).length;
        const pendingMatched = (pending.get(budget.namespace) ?? []).filter((pod) => budgetMatches(budget, pod)).length;
        const computed = budgetStatus(budget, matched.length + pendingMatched, healthy, expectedScale(budget));
        statuses.set(budget, (status = { ...computed, allowed: computed.disruptionsAllowed }));
      }
      return status;
    };
    const now: Resident[] = [];
    const refused: Resident[] = [];
    refusals = new Map();
    for (const resident of waiting) {
      const refusal = evictionRefusal(resident, budgets, statusOf, unhealthy.has(resident.pod));
      if (refusal) {
        refused.push(resident);
        refusals.set(resident, refusal);
      } else now.push(resident);
    }
    if (now.length === 0) break;
    const replacements: { record: EvictedPod; replacement: Pod }[] = [];
    for (const resident of now) {
      const placed = placedByPod.get(resident.pod);
      if (placed && inState.has(resident.pod)) detach(state, placed);
      offState.delete(resident.pod);
      const lost = podKind(resident.origin) === 'unmanaged';
      const record: EvictedPod = { pod: resident.pod, origin: resident.origin, from: resident.node, lost };
      if (lost) record.message = UNMANAGED_FORCED_MESSAGE;
      result.evicted.push(record);
      if (!lost) {
        replacements.push({ record, replacement: replacementPod(resident.pod) });
      }
    }
    // The pods already Pending are older in the queue than the replacements, and retried on these evictions.
    const older = alreadyPending.filter((pod) => !result.retried.has(pod));
    const queued = [...pendingReplacements, ...replacements];
    const all = schedulePods(state, [...older, ...queued.map((q) => q.replacement)]);
    all.slice(0, older.length).forEach((placement) => {
      if (placement.node !== undefined) result.retried.set(placement.pod, placement.node);
    });
    const placements = all.slice(older.length);
    pendingReplacements.length = 0;
    placements.forEach((placement, i) => {
      const { record, replacement } = queued[i]!;
      if (placement.node !== undefined) {
        record.to = placement.node;
        delete record.message;
        delete record.fullMessage;
      } else {
        record.message = placement.message;
        record.fullMessage = placement.fullMessage;
        pendingReplacements.push({ record, replacement });
      }
    });
    waiting = refused;
  }
  for (const resident of waiting) result.blocked.push(refusals.get(resident)!);
  return result;

  function blockedBase(resident: Resident) {
    return { pod: resident.pod, origin: resident.origin, node: resident.node };
  }

  function evictionRefusal(
    resident: Resident,
    all: readonly Budget[],
    statusOf: (budget: Budget) => BudgetStatus & { allowed: number },
    isUnhealthy: boolean,
  ): BlockedPod | undefined {
    const matching = all.filter((budget) => budgetMatches(budget, resident.pod));
    if (matching.length === 0) return undefined;
    if (matching.length > 1) return { ...blockedBase(resident), reason: 'multiple-pdbs', message: MULTIPLE_BUDGETS_MESSAGE, budgets: matching };
    const budget = matching[0]!;
    const status = statusOf(budget);
    // unhealthyPodEvictionPolicy: a pod that is not Ready may go when the budget is met (IfHealthyBudget) or always.
    if (isUnhealthy && (budget.alwaysAllowUnhealthy || status.currentHealthy >= status.desiredHealthy)) return undefined;
    if (status.allowed <= 0) {
      const { allowed: _allowed, ...shown } = status;
      return { ...blockedBase(resident), reason: 'pdb', message: `${BUDGET_VIOLATION_MESSAGE} ${budgetCause(budget, shown)}`, budgets: [budget], status: shown };
    }
    status.allowed--;
    return undefined;
  }
}

/**
 * `getExpectedScale`: the summed scale of the controllers of the pods a budget matches. A manifest
 * workload's scale is its desired pod count; a snapshot pod's controller is not in the snapshot, so its
 * scale is the number of its pods that ran before the drain.
 */
function byNamespace(pods: readonly Pod[]): Map<string, Pod[]> {
  const grouped = new Map<string, Pod[]>();
  for (const pod of pods) {
    const list = grouped.get(pod.template.namespace);
    if (list) list.push(pod);
    else grouped.set(pod.template.namespace, [pod]);
  }
  return grouped;
}

function scaleOfControllers(residents: readonly Resident[]): (budget: Budget) => number {
  const scales = new Map<Budget, number>();
  return (budget) => {
    let known = scales.get(budget);
    if (known === undefined) scales.set(budget, (known = scaleOf(budget, residents)));
    return known;
  };
}

function scaleOf(budget: Budget, residents: readonly Resident[]): number {
  const seen = new Set<unknown>();
  let scale = 0;
  for (const { pod, origin } of residents) {
    if (!budgetMatches(budget, pod)) continue;
    if (origin.kind === 'manifest' && origin.outcome.workload.templatePath.length > 0) {
      if (!seen.has(origin.outcome)) scale += origin.outcome.desired;
      seen.add(origin.outcome);
    } else scale++;
  }
  return scale;
}
