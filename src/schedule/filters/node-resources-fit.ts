import type { ResourceList } from '../cluster.js';
import type { FilterPlugin, InsufficientResource, Status } from '../framework.js';
import type { NodeState } from '../state.js';
import type { SchedulerBehaviour } from '../version.js';

/** pkg/scheduler/framework/plugins/noderesources/fit.go */
export const NAME = 'NodeResourcesFit';
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';
export const insufficientReason = (resource: string): string => `Insufficient ${resource}`;

const NATIVE = ['cpu', 'memory', 'ephemeral-storage'] as const;

/**
 * `fitsRequest`: the pod count first, then (unless the pod requests nothing) cpu, memory,
 * ephemeral-storage and every non-zero scalar resource (extended, hugepages-*, ...) against
 * allocatable − already requested. A node without a scalar resource has 0 of it. Since 1.34 a request
 * larger than the node's whole allocatable makes the status UU (PR #131345); `Too many pods` never does.
 */
export function insufficientResources(requests: ResourceList, node: NodeState): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const allocatable = node.info.allocatable;
  const allowedPods = allocatable.pods ?? 0;
  if (node.pods.length + 1 > allowedPods) {
    out.push({ resource: 'pods', reason: ERR_REASON_TOO_MANY_PODS, requested: 1, used: node.pods.length, allocatable: allowedPods, unresolvable: false });
  }
  const names = requestedNames(requests);
  if (names.length === 0) return out;
  for (const name of names) {
    const requested = requests[name]!;
    if (requested <= 0) continue;
    const total = allocatable[name] ?? 0;
    const used = node.requested[name] ?? 0;
    if (requested > total - used) {
      out.push({ resource: name, reason: insufficientReason(name), requested, used, allocatable: total, unresolvable: requested > total });
    }
  }
  return out;
}

/**
 * A pod's positive requests for `fitsRequests`: cpu and memory as numbers (compared with NodeState.fast),
 * the others by name. Built once per pod (NodeResourcesFit's PreFilter state), read for every node.
 */
export interface FitRequest {
  cpu: number;
  memory: number;
  others: { name: string; amount: number }[];
}

export function fitRequestOf(requests: ResourceList): FitRequest {
  const fit: FitRequest = { cpu: 0, memory: 0, others: [] };
  for (const name of requestedNames(requests)) {
    const amount = requests[name]!;
    if (amount <= 0) continue;
    if (name === 'cpu') fit.cpu = amount;
    else if (name === 'memory') fit.memory = amount;
    else fit.others.push({ name, amount });
  }
  return fit;
}

/** `insufficientResources(...).length === 0` without building anything: the common case of a node that fits. */
export function fitsRequests(node: NodeState, fit: FitRequest): boolean {
  const { fast } = node;
  if (node.pods.length + 1 > fast.allocatablePods) return false;
  if (fit.cpu > fast.allocatableCpu - fast.requestedCpu) return false;
  if (fit.memory > fast.allocatableMemory - fast.requestedMemory) return false;
  for (const { name, amount } of fit.others) if (amount > (node.info.allocatable[name] ?? 0) - (node.requested[name] ?? 0)) return false;
  return true;
}

const requestedNamesCache = new WeakMap<ResourceList, string[]>();

/** cpu, memory, ephemeral-storage, then scalar resources by name: those the pod requests (cached per request list). */
function requestedNames(requests: ResourceList): string[] {
  let names = requestedNamesCache.get(requests);
  if (!names) {
    const all = Object.keys(requests).filter((name) => name !== 'pods' && requests[name] !== 0);
    const scalars = all.filter((name) => !(NATIVE as readonly string[]).includes(name)).sort();
    names = [...NATIVE.filter((n) => all.includes(n)), ...scalars];
    requestedNamesCache.set(requests, names);
  }
  return names;
}

export function fitStatus(insufficient: InsufficientResource[], behaviour: SchedulerBehaviour): Status | undefined {
  if (insufficient.length === 0) return undefined;
  const unresolvable = behaviour.resourcesFitUnresolvable && insufficient.some((r) => r.unresolvable);
  return {
    plugin: NAME,
    code: unresolvable ? 'UU' : 'U',
    reasons: insufficient.map((r) => r.reason),
    detail: { kind: 'resources', insufficient },
  };
}

/** PreFilter state: the pod's requests as `fitsRequests` reads them (built once per pod, not per node). */
export const nodeResourcesFit: FilterPlugin<FitRequest> = {
  name: NAME,
  preFilter(cycle) {
    return { kind: 'ok', state: fitRequestOf(cycle.template.requests) };
  },
  filter(cycle, node, fit) {
    if (fitsRequests(node, fit)) return undefined;
    return fitStatus(insufficientResources(cycle.template.requests, node), cycle.state.behaviour);
  },
  passes(cycle, node, fit) {
    return fitsRequests(node, fit);
  },
};
