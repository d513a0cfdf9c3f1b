import type { KubeObject } from '../model/object.js';
import type { ClusterSnapshot, NodeInfo, Pod, PodTemplate } from '../schedule/cluster.js';
import { defaultSpreadConstraints, servicesFrom } from '../schedule/default-spread.js';
import { queueOrder } from '../schedule/queue.js';
import type { SimulationResult, WorkloadOutcome } from '../schedule/result.js';
import { postFilter, scheduleOne, type Attempt } from '../schedule/schedule-one.js';
import { partitionSnapshotPods } from '../schedule/snapshot-overlap.js';
import { newClusterState, place, type ClusterState } from '../schedule/state.js';
import { placedOn } from '../schedule/placement-report.js';

// Pod naming lives with the findings' helpers, which rules import without loading the scheduler.
export { controllerReference, ownerName, podKey } from './findings.js';

/**
 * The cluster a what-if scenario starts from: the state the placement simulation ended in (the snapshot's
 * running pods plus every manifest pod it placed), rebuilt as a scheduler cache so scenarios can take pods
 * off nodes and schedule more pods on it without re-running the whole simulation. Scenarios model
 * "apply the manifests, then drain / add nodes / scale": pods that are not evicted stay where they are.
 */

/** Where a running pod comes from: the snapshot (its Pod object, for findings and ownerReferences) or a manifest workload. */
export type PodOrigin = { kind: 'snapshot'; object?: KubeObject } | { kind: 'manifest'; outcome: WorkloadOutcome };

export interface Resident {
  pod: Pod;
  node: string;
  origin: PodOrigin;
}

export interface WorldContext {
  snapshot: ClusterSnapshot;
  simulation: SimulationResult;
  /** Every object of the manifests (Services for the default spreading, PodDisruptionBudgets). */
  objects: readonly KubeObject[];
}

/** Every pod running after the placement simulation, with its node and origin, snapshot pods first. */
export function residentPods(context: WorldContext): Resident[] {
  const { snapshot, simulation } = context;
  const objects = snapshotPodObjects(snapshot);
  const nodes = new Set(snapshot.nodes.map((n) => n.name));
  const { kept } = partitionSnapshotPods(snapshot.pods, simulation.workloads.map((w) => w.workload));
  const residents: Resident[] = [];
  for (const pod of kept) {
    if (pod.nodeName === undefined || !nodes.has(pod.nodeName)) continue;
    const object = objects.get(`${pod.template.namespace}/${pod.name}`);
    residents.push({ pod, node: pod.nodeName, origin: { kind: 'snapshot', ...(object ? { object } : {}) } });
  }
  for (const outcome of simulation.workloads) {
    for (const podOutcome of outcome.pods) {
      const node = placedOn(podOutcome);
      if (node !== undefined) residents.push({ pod: podOutcome.pod, node, origin: { kind: 'manifest', outcome } });
    }
  }
  return residents;
}

function snapshotPodObjects(snapshot: ClusterSnapshot): Map<string, KubeObject> {
  const byName = new Map<string, KubeObject>();
  for (const object of snapshot.objects ?? []) {
    if (object.ref.kind === 'Pod' && object.ref.apiVersion === 'v1') byName.set(`${object.ref.namespace}/${object.ref.name}`, object);
  }
  return byName;
}

/** A scheduler cache over `nodes` with `residents` bound to them (residents on other nodes are left out). */
export function buildState(nodes: readonly NodeInfo[], residents: readonly Resident[], context: WorldContext): ClusterState {
  const services = servicesFrom(context.objects);
  const state = newClusterState(nodes, context.snapshot.namespaces, context.simulation.behaviour, (template) => defaultSpreadConstraints(template, services));
  for (const resident of residents) {
    const node = state.byName.get(resident.node);
    if (node) place(state, resident.pod, node, 'snapshot');
  }
  return state;
}

/** What became of a pod the scenario (re)scheduled. */
export type Placement =
  | { pod: Pod; node: string }
  | { pod: Pod; node?: undefined; message: string; fullMessage: string };

/**
 * Schedules `pods` onto `state` the way the simulator schedules manifest pods (src/schedule/simulate.ts):
 * queue order (priority, then the given order), each placement visible to the next pod, then every pod
 * still pending is retried until a pass places nothing; a pending pod's message is its last attempt's,
 * against the final state, with the PostFilter (preemption) part as `kubectl describe` shows it.
 */
export function schedulePods(state: ClusterState, pods: readonly Pod[]): Placement[] {
  const entries = pods.map((pod, order) => ({ pod, order }));
  const queue = queueOrder(entries);
  const outcome = new Map<Pod, { node?: string; attempt?: Attempt }>();
  // As the simulator's attempt cache: replicas of one template meeting an unchanged cluster get the same answer.
  const attempts = new Map<string, Attempt>();
  const templateIds = new Map<PodTemplate, number>();
  const tryOne = (pod: Pod): boolean => {
    let id = templateIds.get(pod.template);
    if (id === undefined) templateIds.set(pod.template, (id = templateIds.size));
    const key = `${id}:${JSON.stringify(pod.extraLabels ?? {})}`;
    let attempt = attempts.get(key);
    if (!attempt) attempts.set(key, (attempt = scheduleOne(state, pod)));
    if (attempt.kind === 'scheduled') {
      attempts.clear();
      place(state, pod, attempt.node, 'manifest');
      outcome.set(pod, { node: attempt.node.info.name });
      return true;
    }
    outcome.set(pod, { attempt });
    return false;
  };
  for (const { pod } of queue) tryOne(pod);
  for (let changed = true; changed; ) {
    changed = false;
    for (const { pod } of queue) if (outcome.get(pod)?.node === undefined && tryOne(pod)) changed = true;
  }
  return pods.map((pod): Placement => {
    const { node, attempt } = outcome.get(pod)!;
    if (node !== undefined) return { pod, node };
    if (attempt?.kind === 'unschedulable') return { pod, message: attempt.message, fullMessage: postFilter(state, pod, attempt).fullMessage };
    const message = attempt?.kind === 'no-nodes' ? attempt.message : 'not scheduled';
    return { pod, message, fullMessage: message };
  });
}

const unboundTemplates = new WeakMap<PodTemplate, PodTemplate>();

/**
 * The pod its controller creates after an eviction: same template, not bound to a node (a snapshot pod's
 * `spec.nodeName` is where it ran, not a request). ReplicaSets name the new pod differently; berth keeps
 * the name so reports can say which pod moved where.
 */
export function replacementPod(pod: Pod): Pod {
  let template = unboundTemplates.get(pod.template);
  if (!template) {
    template = { ...pod.template };
    delete template.nodeName;
    unboundTemplates.set(pod.template, template);
  }
  const replacement: Pod = { ...pod, template };
  delete replacement.nodeName;
  delete replacement.terminating;
  return replacement;
}
