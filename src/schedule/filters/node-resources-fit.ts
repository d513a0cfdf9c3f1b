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

/** `insufficientResources(...).length === 0` without building anything: the common case of a node that fits. */
export function fitsRequests(requests: ResourceList, node: NodeState, names = requestedNames(requests)): boolean {
  const { fast } = node;
  if (node.pods.length + 1 > fast.allocatablePods) return false;
  const allocatable = node.info.allocatable;
  for (const name of names) {
    const requested = requests[name]!;
    if (requested <= 0) continue;
    const free = name === 'cpu'
      ? fast.allocatableCpu - fast.requestedCpu
      : name === 'memory'
        ? fast.allocatableMemory - fast.requestedMemory
        : (allocatable[name] ?? 0) - (node.requested[name] ?? 0);
    if (requested > free) return false;
  }
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

/** PreFilter state: the names of the resources the pod requests (looked up once per pod, not per node). */
export const nodeResourcesFit: FilterPlugin<string[]> = {
  name: NAME,
  preFilter(cycle) {
    return { kind: 'ok', state: requestedNames(cycle.template.requests) };
  },
  filter(cycle, node, names) {
    if (fitsRequests(cycle.template.requests, node, names)) return undefined;
    return fitStatus(insufficientResources(cycle.template.requests, node), cycle.state.behaviour);
  },
  passes(cycle, node, names) {
    return fitsRequests(cycle.template.requests, node, names);
  },
};
