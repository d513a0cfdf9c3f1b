import { DEFAULT_KUBE_VERSION, type KubeVersion } from '../model/kube-version.js';
import type { KubeObject } from '../model/object.js';
import { podsOf, podTemplateOf, type PodContext } from '../model/pod.js';
import { limitRangeDefaultsFrom, runtimeClassesFrom } from '../model/admission-defaults.js';
import { priorityClassesFrom } from '../model/priority.js';
import type { Workload } from '../model/workload.js';
import type { ClusterSnapshot, Pod, PodTemplate } from './cluster.js';
import { daemonSetPods } from './daemonset.js';
import { defaultSpreadConstraints, servicesFrom } from './default-spread.js';
import { kubeletAdmission } from './kubelet-admission.js';
import { partitionSnapshotPods } from './snapshot-overlap.js';
import { unmodelledConstraints } from './unmodelled.js';
import { admitPods } from '../admission/index.js';
import { queueOrder, type QueueEntry } from './queue.js';
import { nodeNotFoundMessage, SCHEDULING_GATED_MESSAGE, type NodeVerdict, type PodOutcome, type SimulationResult, type WorkloadOutcome } from './result.js';
import { postFilter, scheduleOne, type Attempt } from './schedule-one.js';
import { newClusterState, ownerTermsMatching, place, podLabels, type ClusterState, type OwnerTermGroup } from './state.js';
import { matchesSelector } from '../model/selector.js';
import { toPlacementReport } from './placement-report.js';
import { behaviourFor } from './version.js';
import { DEFAULT_SCHEDULER } from '../model/pod.js';

export interface SimulateOptions {
  /** The release whose scheduler berth reproduces (default 1.36). */
  kubeVersion?: KubeVersion;
  /** Every object of the manifests: PriorityClasses, Services (default topology spread), LimitRanges and RuntimeClasses are taken from here. */
  objects?: readonly KubeObject[];
  /**
   * false: every pod is filtered and scored on every node (no schedule sessions, schedule-session.ts, and
   * no attempt shared by replicas). Same results, much slower: the reference the differential tests
   * compare with.
   */
  incremental?: boolean;
}

interface Entry extends QueueEntry {
  workload: WorkloadOutcome;
  index: number;
  /** StatefulSet OrderedReady: the previous ordinal, which must be scheduled before this pod exists. */
  previous?: Entry;
  outcome?: PodOutcome;
  attempt?: Attempt;
}

/**
 * Runs the default scheduler over every pod of `workloads` against `snapshot` (semantics doc section 14):
 *
 * 1. the snapshot's bound pods occupy their nodes, except those a manifest workload owns (snapshot-overlap.ts):
 *    the manifests replace them;
 * 2. pods created with `spec.nodeName` go to the kubelet's admission instead (section 16), in manifest order;
 *    gated pods and pods for another scheduler are reported and left alone;
 * 3. the rest are scheduled one at a time in queue order (src/schedule/queue.ts), each placement visible to
 *    the next pod;
 * 4. then every pod still pending is re-evaluated against the new state, in queue order, until a whole pass
 *    places nothing — as upstream retries unschedulable pods on cluster events — so a pod with required
 *    affinity to a later pod is placed, and each pending pod's message is the one of that last pass, which
 *    saw the final state. The PostFilter (preemption) part is computed once, against that final state.
 *
 * StatefulSets with `podManagementPolicy: OrderedReady` (the default) create ordinal k+1 only once ordinal k
 * runs: after the first pending ordinal the rest are `not-created` (they count as pending, without a message
 * of their own). Replicas of one template that meet an unchanged cluster reuse the previous attempt.
 */
export function simulate(workloads: readonly Workload[], snapshot: ClusterSnapshot, options: SimulateOptions = {}): SimulationResult {
  const version = options.kubeVersion ?? DEFAULT_KUBE_VERSION;
  const behaviour = behaviourFor(version);
  const objects = options.objects ?? workloads.map((w) => w.object);
  // Services of the cluster select pods as much as those of the manifests (default topology spreading).
  const services = servicesFrom([...(snapshot.objects ?? []), ...objects]);
  const state = newClusterState(snapshot.nodes, snapshot.namespaces, behaviour, (template) => defaultSpreadConstraints(template, services));
  const notes: string[] = [];
  const { kept, replaced } = partitionSnapshotPods(snapshot.pods, workloads);
  const replacedBy = new Map<Workload, number>();
  for (const { by } of replaced) replacedBy.set(by, (replacedBy.get(by) ?? 0) + 1);
  for (const [by, count] of replacedBy) {
    notes.push(`${count} pod(s) of the cluster snapshot belong to ${by.ref.kind} ${by.ref.namespace}/${by.ref.name} of the manifests; berth leaves them out and places that workload's pods afresh`);
  }
  for (const pod of kept) {
    const node = pod.nodeName === undefined ? undefined : state.byName.get(pod.nodeName);
    if (node) place(state, pod, node, 'snapshot');
    else notes.push(`pod ${pod.template.namespace}/${pod.name} of the snapshot is bound to unknown node "${pod.nodeName}" and is ignored`);
  }

  // LimitRanges and RuntimeClasses from the snapshot and the manifests change the pods the API server stores.
  const admission = [...(snapshot.admissionObjects ?? []), ...objects];
  const context: PodContext = {
    kubeVersion: version,
    priorityClasses: priorityClassesFrom(objects, snapshot.priorityClasses),
    limitRangeDefaults: limitRangeDefaultsFrom(admission),
    runtimeClasses: runtimeClassesFrom(admission),
  };
  const outcomes: WorkloadOutcome[] = [];
  const entries: Entry[] = [];
  for (const workload of workloads) {
    const template = podTemplateOf(workload, context);
    const pods = workload.perNode ? daemonSetPods(template, snapshot.nodes, workload.ref.name).map((p) => p.pod) : podsOf(workload, template);
    const outcome: WorkloadOutcome = { workload, template, desired: pods.length, pods: [] };
    const unmodelled = unmodelledConstraints(workload);
    if (unmodelled.length > 0) outcome.unmodelled = unmodelled;
    outcomes.push(outcome);
    let previous: Entry | undefined;
    pods.forEach((pod, index) => {
      const entry: Entry = { pod, order: workload.object.order, workload: outcome, index };
      if (template.podManagementPolicy === 'OrderedReady' && previous) entry.previous = previous;
      entries.push(entry);
      previous = entry;
    });
  }

  // Admission (src/admission): pods the API server refuses are never created.
  const admitted = admitPods(entries, { snapshot, objects, replaced: replaced.map((r) => `${r.pod.template.namespace}/${r.pod.name}`) });
  for (const outcome of outcomes) {
    const verdict = admitted.byWorkload.get(outcome.workload);
    if (verdict) outcome.admission = verdict;
  }
  const created = entries.filter((entry) => !admitted.rejected.has(entry));

  const queued: Entry[] = [];
  for (const entry of created) {
    const { template } = entry.pod;
    if (template.schedulerName !== DEFAULT_SCHEDULER) entry.outcome = { state: 'other-scheduler', pod: entry.pod, schedulerName: template.schedulerName };
    else if (template.nodeName !== undefined) entry.outcome = bindDirectly(state, entry.pod, template.nodeName);
    else if (template.schedulingGated) entry.outcome = { state: 'pending', why: 'gated', pod: entry.pod, message: SCHEDULING_GATED_MESSAGE, fullMessage: SCHEDULING_GATED_MESSAGE };
    else queued.push(entry);
  }

  const queue = queueOrder(queued) as Entry[];
  const attempts = attemptCache(state, options.incremental ?? true);
  for (const entry of queue) tryToSchedule(state, entry, attempts, 'queue');
  for (let changed = true; changed; ) {
    changed = false;
    for (const entry of queue) {
      if (entry.outcome?.state === 'scheduled') continue;
      if (tryToSchedule(state, entry, attempts, 'retry')) changed = true;
    }
  }
  explainPending(state, queue);

  for (const entry of created) entry.workload.pods.push(entry.outcome!);
  const nodes = state.nodes.map((node) => ({
    info: node.info,
    requested: { ...node.requested },
    podCount: node.pods.length,
    placed: node.pods.filter((p) => p.origin === 'manifest').map((p) => `${p.namespace}/${p.pod.name}`),
  }));
  const result: SimulationResult = {
    version,
    behaviour,
    nodes,
    workloads: outcomes,
    notes,
    replacedSnapshotPods: replaced.map((r) => `${r.pod.template.namespace}/${r.pod.name}`),
    toPlacementReport: () => toPlacementReport(result),
  };
  return result;
}

/** Returns true when the pod got placed. */
function tryToSchedule(state: ClusterState, entry: Entry, attempts: AttemptCache, pass: 'queue' | 'retry'): boolean {
  if (entry.previous && entry.previous.outcome?.state !== 'scheduled') {
    entry.outcome = { state: 'not-created', pod: entry.pod, waitingFor: firstUnscheduled(entry).pod.name };
    entry.attempt = undefined;
    return false;
  }
  const attempt = attempts.get(entry.pod);
  entry.attempt = attempt;
  if (attempt.kind === 'scheduled') {
    place(state, entry.pod, attempt.node, 'manifest');
    entry.outcome = {
      state: 'scheduled',
      pod: entry.pod,
      node: attempt.node.info.name,
      pass,
      feasibleNodes: attempt.feasibleNodes,
      scores: attempt.selection.scores,
      tiedWith: attempt.selection.tiedWith,
      tied: attempt.selection.tied,
    };
    return true;
  }
  if (attempt.kind === 'no-nodes') {
    entry.outcome = { state: 'pending', why: 'no-nodes', pod: entry.pod, message: attempt.message, fullMessage: attempt.message };
  }
  return false;
}

function firstUnscheduled(entry: Entry): Entry {
  let first = entry;
  for (let e = entry.previous; e; e = e.previous) if (e.outcome?.state !== 'scheduled') first = e;
  return first;
}

/** The final message of every pod left unschedulable, with the PostFilter part, against the final state. */
function explainPending(state: ClusterState, queue: readonly Entry[]): void {
  const explained = new Map<Attempt, ReturnType<typeof postFilter>>();
  // Pending replicas that share an attempt share its per-node verdicts (read-only): one array per attempt,
  // not one per pod, keeps thousands of Pending pods on thousands of nodes within memory.
  const verdictsOf = new Map<Attempt, NodeVerdict[]>();
  for (const entry of queue) {
    const attempt = entry.attempt;
    if (entry.outcome?.state === 'scheduled' || entry.outcome?.state === 'not-created' || attempt?.kind !== 'unschedulable') continue;
    let post = explained.get(attempt);
    if (!post) explained.set(attempt, (post = postFilter(state, entry.pod, attempt)));
    let verdicts = verdictsOf.get(attempt);
    if (!verdicts) {
      verdicts = state.nodes.map((node) => {
        const explicit = attempt.diagnosis.nodeStatuses.get(node.info.name);
        const absent = attempt.preFilterRejection === undefined && explicit === undefined;
        const status = explicit ?? attempt.diagnosis.absentStatus;
        return { node: node.info.name, absent, ...(status ? { status } : {}) };
      });
      verdictsOf.set(attempt, verdicts);
    }
    entry.outcome = {
      state: 'pending',
      why: 'unschedulable',
      pod: entry.pod,
      message: attempt.message,
      fullMessage: post.fullMessage,
      diagnosis: attempt.diagnosis,
      verdicts,
      ...(attempt.preFilterRejection ? { preFilterRejection: attempt.preFilterRejection } : {}),
      preemption: post.preemption,
      preemptionMayHelp: post.preemption.kind === 'candidate',
    };
  }
}

/** Pods created with `spec.nodeName`: kubelet admission on that node, or Pending when it does not exist. */
function bindDirectly(state: ClusterState, pod: Pod, nodeName: string): PodOutcome {
  const node = state.byName.get(nodeName);
  if (!node) {
    const message = nodeNotFoundMessage(nodeName);
    return { state: 'pending', why: 'node-not-found', pod, node: nodeName, message, fullMessage: message };
  }
  const rejection = kubeletAdmission(state, pod, node);
  if (rejection) return { state: 'rejected', pod, node: nodeName, ...rejection };
  place(state, pod, node, 'manifest');
  return { state: 'bound', pod, node: nodeName };
}

/**
 * What the filters and scores can see of a pod's own labels (StatefulSet pods have per-pod ones): which of
 * its template's selectors — topology spread, own (anti-)affinity terms — and which terms of placed pods
 * match it. Pods of one template with the same signature get the same attempt against the same cluster.
 */
function labelSignature(state: ClusterState, pod: Pod): string {
  if (!pod.extraLabels || Object.keys(pod.extraLabels).length === 0) return '';
  const template = pod.template;
  const labels = podLabels(pod);
  const selectors = [
    ...template.topologySpread.map((c) => c.selector),
    ...[...template.requiredAffinity, ...template.requiredAntiAffinity].map((t) => t.selector),
    ...[...template.preferredAffinity, ...template.preferredAntiAffinity].map((t) => t.term.selector),
  ];
  const own = selectors.map((selector) => (matchesSelector(selector, labels) ? '1' : '0')).join('');
  const self = { namespace: template.namespace, labels };
  const placed = ownerTermsMatching(state, self).map((group) => ownerTermId(group));
  return `${own}:${placed.join(',')}`;
}

const ownerTermIds = new WeakMap<OwnerTermGroup, number>();
let nextOwnerTermId = 0;

function ownerTermId(group: OwnerTermGroup): number {
  let id = ownerTermIds.get(group);
  if (id === undefined) ownerTermIds.set(group, (id = nextOwnerTermId++));
  return id;
}

/**
 * Attempts keyed by what the filters and scores can see of a pod (its template and label signature), valid
 * while the cluster has not changed since (ClusterState.changes): a replica meeting the same cluster as the
 * previous one gets the same answer, so N identical Pending replicas cost one evaluation — and a Pending
 * pod whose attempt came after the last placement is not evaluated again by the next retry pass.
 */
interface AttemptCache {
  get(pod: Pod): Attempt;
}

function attemptCache(state: ClusterState, incremental: boolean): AttemptCache {
  const cache = new Map<string | number, { attempt: Attempt; changes: number }>();
  const ids = new WeakMap<PodTemplate, number>();
  let nextId = 0;
  return {
    get(pod) {
      // The reference path shares nothing: every pod is evaluated on its own.
      if (!incremental) return scheduleOne(state, pod, false);
      let id = ids.get(pod.template);
      if (id === undefined) ids.set(pod.template, (id = nextId++));
      const signature = labelSignature(state, pod);
      const key = signature === '' ? id : `${id}:${signature}`;
      const cached = cache.get(key);
      if (cached && cached.changes === state.changes) return cached.attempt;
      const attempt = scheduleOne(state, pod, incremental);
      cache.set(key, { attempt, changes: state.changes });
      return attempt;
    },
  };
}
