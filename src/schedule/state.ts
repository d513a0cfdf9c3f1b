import type { HostPort, NodeInfo, Pod, PodAffinityTerm, PodTemplate, ResourceList, TopologySpreadConstraint } from './cluster.js';
import type { SchedulerBehaviour } from './version.js';
import { namespaceLabelsFrom, termKey, termMatches, termNamespaces, type LabelledPod, type NamespaceLabels } from './pod-terms.js';
import type { Selector } from '../model/selector.js';

/**
 * The scheduler cache berth keeps while simulating: per node the pods bound to it, their summed requests,
 * host ports in use and pod count, updated incrementally on every placement (upstream: `NodeInfo.AddPod` /
 * `RemovePod` in pkg/scheduler/framework/types.go). Inter-pod affinity and topology spread never rescan all
 * pods: they ask for a counter (pods matching a term or selector, per node), which is built once from the
 * pods placed so far and then kept up to date by every placement.
 */

export interface PlacedPod extends LabelledPod {
  pod: Pod;
  template: PodTemplate;
  node: NodeState;
  priority: number;
  terminating: boolean;
  /** `snapshot` = running in the cluster, `manifest` = placed by this simulation (or bound by `nodeName`). */
  origin: 'snapshot' | 'manifest';
}

export interface UsedPort {
  /** Sanitised: hostIP `0.0.0.0` when empty, protocol `TCP` when empty. */
  port: HostPort;
  pod: PlacedPod;
}

export interface NodeState {
  info: NodeInfo;
  /** Position in the snapshot (only for reporting; never used to break ties). */
  index: number;
  pods: PlacedPod[];
  /** Summed effective requests of the pods on the node (`NodeInfo.Requested`). */
  requested: ResourceList;
  /** Summed scoring requests, with 100m / 200Mi for missing cpu/memory requests (`NodeInfo.NonZeroRequested`). */
  nonZeroRequested: { cpu: number; memory: number };
  /**
   * `requested` and `info.allocatable` for cpu and memory (and allocatable pods) as plain numbers: the
   * filters and scores read them for every node of every template, and a record lookup by resource name
   * costs several times a field read.
   */
  fast: { requestedCpu: number; requestedMemory: number; allocatableCpu: number; allocatableMemory: number; allocatablePods: number };
  usedPorts: UsedPort[];
}

/** Pods matching one predicate, per node. */
export interface PodCounter {
  matches(pod: PlacedPod): boolean;
  perNode: Map<NodeState, PlacedPod[]>;
}

/**
 * What every pod a counter matches must have, so that a placement only tests the counters that could
 * match it: one of these namespaces (absent: any) and this label (absent: any).
 */
export interface CounterHint {
  namespaces?: readonly string[];
  label?: readonly [string, string];
}

export type OwnerTermKind = 'requiredAffinity' | 'requiredAntiAffinity' | 'preferredAffinity' | 'preferredAntiAffinity';

/** One (anti-)affinity term shared by the placed pods of one template, with where those owners run. */
export interface OwnerTermGroup {
  kind: OwnerTermKind;
  term: PodAffinityTerm;
  weight: number;
  ownerNamespace: string;
  owners: Map<NodeState, PlacedPod[]>;
}

export interface ClusterState {
  behaviour: SchedulerBehaviour;
  nodes: NodeState[];
  byName: Map<string, NodeState>;
  namespaceLabels: NamespaceLabels;
  /** Every pod on a node, in placement order. */
  placed: PlacedPod[];
  /**
   * The same pods by `namespace\u0000label=value`, `namespace\u0000*` and `*\u0000label=value`, in placement
   * order: a new counter reads only the pods its hint allows instead of every placed pod.
   */
  placedByBucket: Map<string, PlacedPod[]>;
  counters: Map<string, PodCounter>;
  /** The counters by `namespace\u0000label=value` (either part `*` when the counter does not narrow it). */
  counterBuckets: Map<string, PodCounter[]>;
  /** Terms of placed pods, by kind, keyed by template and term index (existing pods' anti-affinity, scoring). */
  ownerTerms: Map<string, OwnerTermGroup>;
  /** The same groups by the namespace and label a pod must have to match their term (see CounterHint). */
  ownerTermBuckets: Map<string, OwnerTermGroup[]>;
  /** Normalised image name → number of nodes that have it (ImageLocality's spread factor). */
  imageNodes: Map<string, number>;
  /** PodTopologySpread's system default constraints for a pod without constraints (section 11.4); [] = none. */
  defaultSpread: (template: PodTemplate) => TopologySpreadConstraint[];
  /** Bumped by every attach and detach: lets schedule-session.ts know exactly what changed since an attempt. */
  changes: number;
}

export function newClusterState(
  nodes: readonly NodeInfo[],
  namespaces: ReadonlyMap<string, Record<string, string>>,
  behaviour: SchedulerBehaviour,
  defaultSpread: (template: PodTemplate) => TopologySpreadConstraint[] = () => [],
): ClusterState {
  const states = nodes.map((info, index): NodeState => ({
    info,
    index,
    pods: [],
    requested: {},
    nonZeroRequested: { cpu: 0, memory: 0 },
    fast: { requestedCpu: 0, requestedMemory: 0, allocatableCpu: info.allocatable.cpu ?? 0, allocatableMemory: info.allocatable.memory ?? 0, allocatablePods: info.allocatable.pods ?? 0 },
    usedPorts: [],
  }));
  const imageNodes = new Map<string, number>();
  for (const node of nodes) for (const image of node.images?.keys() ?? []) imageNodes.set(image, (imageNodes.get(image) ?? 0) + 1);
  return {
    behaviour,
    nodes: states,
    byName: new Map(states.map((s) => [s.info.name, s])),
    namespaceLabels: namespaceLabelsFrom(namespaces),
    placed: [],
    placedByBucket: new Map(),
    counters: new Map(),
    counterBuckets: new Map(),
    ownerTerms: new Map(),
    ownerTermBuckets: new Map(),
    imageNodes,
    defaultSpread,
    changes: 0,
  };
}

export function podLabels(pod: Pod): Record<string, string> {
  return pod.extraLabels && Object.keys(pod.extraLabels).length > 0 ? { ...pod.template.labels, ...pod.extraLabels } : pod.template.labels;
}

export function sanitizePort(port: HostPort): HostPort {
  return { ...port, hostIP: port.hostIP === '' ? '0.0.0.0' : port.hostIP, protocol: port.protocol === '' ? 'TCP' : port.protocol };
}

/**
 * Host ports a pod claims (`GetHostPorts`, pkg/scheduler/util/utils.go): regular containers always, restartable
 * init containers (sidecars) only from 1.34 (PR #132040). Sidecar ports are recognised by their path.
 */
export function wantedPorts(template: PodTemplate, behaviour: SchedulerBehaviour): HostPort[] {
  return template.hostPorts
    .filter((p) => p.port > 0 && (behaviour.sidecarHostPorts || !p.path?.includes('initContainers')))
    .map(sanitizePort);
}

export function place(state: ClusterState, pod: Pod, node: NodeState, origin: PlacedPod['origin']): PlacedPod {
  const placed: PlacedPod = {
    pod,
    template: pod.template,
    node,
    namespace: pod.template.namespace,
    labels: podLabels(pod),
    priority: pod.template.priority,
    terminating: pod.terminating === true,
    origin,
  };
  attach(state, placed);
  return placed;
}

/** Puts a pod (back) on its node: resources, ports, counters and owner terms. */
export function attach(state: ClusterState, placed: PlacedPod): void {
  const node = placed.node;
  state.changes++;
  node.pods.push(placed);
  for (const [name, amount] of Object.entries(placed.template.requests)) {
    if (name === 'pods') continue;
    node.requested[name] = (node.requested[name] ?? 0) + amount;
  }
  node.nonZeroRequested.cpu += placed.template.nonZeroRequests.cpu;
  node.nonZeroRequested.memory += placed.template.nonZeroRequests.memory;
  node.fast.requestedCpu = node.requested.cpu ?? 0;
  node.fast.requestedMemory = node.requested.memory ?? 0;
  for (const port of wantedPorts(placed.template, state.behaviour)) node.usedPorts.push({ port, pod: placed });
  state.placed.push(placed);
  for (const key of bucketKeysOf(placed)) {
    if (key !== ANY_BUCKET) pushTo(state.placedByBucket, key, placed);
    const bucket = state.counterBuckets.get(key);
    if (bucket) for (const c of bucket) if (c.matches(placed)) pushTo(c.perNode, node, placed);
  }
  for (const group of ownerTermGroups(state, placed.template)) pushTo(group.owners, node, placed);
}

/** Takes a pod off its node (preemption's what-if); `attach` puts it back. */
export function detach(state: ClusterState, placed: PlacedPod): void {
  const node = placed.node;
  state.changes++;
  removeFrom(node.pods, placed);
  for (const [name, amount] of Object.entries(placed.template.requests)) {
    if (name === 'pods') continue;
    node.requested[name] = (node.requested[name] ?? 0) - amount;
  }
  node.nonZeroRequested.cpu -= placed.template.nonZeroRequests.cpu;
  node.nonZeroRequested.memory -= placed.template.nonZeroRequests.memory;
  node.fast.requestedCpu = node.requested.cpu ?? 0;
  node.fast.requestedMemory = node.requested.memory ?? 0;
  node.usedPorts = node.usedPorts.filter((u) => u.pod !== placed);
  removeFrom(state.placed, placed);
  for (const key of bucketKeysOf(placed)) {
    const list = state.placedByBucket.get(key);
    if (list) removeFrom(list, placed);
  }
  for (const counter of state.counters.values()) {
    const list = counter.perNode.get(node);
    if (list && removeFrom(list, placed) && list.length === 0) counter.perNode.delete(node);
  }
  for (const group of ownerTermGroups(state, placed.template)) {
    const list = group.owners.get(node);
    if (list && removeFrom(list, placed) && list.length === 0) group.owners.delete(node);
  }
}

/**
 * The counter for `key`, built from the pods placed so far on first use and maintained by every later
 * placement. `key` must identify `matches` exactly (same key, same predicate).
 */
export function counter(state: ClusterState, key: string, matches: (pod: PlacedPod) => boolean, hintOf: () => CounterHint = () => ({})): PodCounter {
  let found = state.counters.get(key);
  if (!found) {
    const hint = hintOf();
    found = { matches, perNode: new Map() };
    const label = hint.label ? `${hint.label[0]}=${hint.label[1]}` : '*';
    for (const placed of candidates(state, hint.namespaces, label)) if (matches(placed)) pushTo(found.perNode, placed.node, placed);
    state.counters.set(key, found);
    for (const namespace of hint.namespaces ?? ['*']) {
      const k = bucketKey(namespace, label);
      const bucket = state.counterBuckets.get(k);
      if (bucket) bucket.push(found);
      else state.counterBuckets.set(k, [found]);
    }
  }
  return found;
}

/** The placed pods a counter with this hint can match, in placement order. */
function candidates(state: ClusterState, namespaces: readonly string[] | undefined, label: string): readonly PlacedPod[] {
  if (namespaces && namespaces.length > 1) return state.placed;
  const namespace = namespaces?.[0] ?? '*';
  if (namespace === '*' && label === '*') return state.placed;
  return state.placedByBucket.get(bucketKey(namespace, label)) ?? [];
}

/** Counter of pods matching one affinity term seen from its owner's namespace. */
export function termCounter(state: ClusterState, term: PodAffinityTerm, ownerNamespace: string): PodCounter {
  return counter(state, `term:${termKey(term, ownerNamespace)}`, (p) => termMatches(term, ownerNamespace, p, state.namespaceLabels), () => termHint(term, ownerNamespace));
}

/** The namespaces and a label every pod matching the term has (see CounterHint). */
export function termHint(term: PodAffinityTerm, ownerNamespace: string): CounterHint {
  return {
    ...(term.namespaceSelector === undefined ? { namespaces: termNamespaces(term, ownerNamespace) } : {}),
    ...selectorHint(term.selector),
  };
}

/** A label every pod matching the selector has: its first `key In [one value]` requirement. */
export function selectorHint(selector: Selector): CounterHint {
  const r = selector.requirements.find((q) => q.operator === 'In' && q.values.length === 1);
  return r ? { label: [r.key, r.values[0]!] } : {};
}

const ANY_BUCKET = '*\u0000*';
const bucketKeyCache = new WeakMap<Readonly<Record<string, string>>, Map<string, string[]>>();

/**
 * Every bucket a pod with these labels in this namespace belongs to: (namespace or *) × (each label or *).
 * Built once per labels object (a template's, shared by its replicas) and namespace.
 */
function bucketKeysOf(pod: LabelledPod): string[] {
  let byNamespace = bucketKeyCache.get(pod.labels);
  if (!byNamespace) bucketKeyCache.set(pod.labels, (byNamespace = new Map()));
  let keys = byNamespace.get(pod.namespace);
  if (!keys) {
    keys = [];
    for (const namespace of [pod.namespace, '*']) for (const label of [...labelKeys(pod.labels), '*']) keys.push(bucketKey(namespace, label));
    byNamespace.set(pod.namespace, keys);
  }
  return keys;
}

function bucketKey(namespace: string, label: string): string {
  return `${namespace}\u0000${label}`;
}

function labelKeys(labels: Readonly<Record<string, string>>): string[] {
  return Object.keys(labels).map((k) => `${k}=${labels[k]}`);
}

const templateIds = new WeakMap<PodTemplate, number>();
let nextTemplateId = 0;

function templateId(template: PodTemplate): number {
  let id = templateIds.get(template);
  if (id === undefined) templateIds.set(template, (id = nextTemplateId++));
  return id;
}

/** The owner-term groups of a template's terms (created on first use; all replicas of a template share them). */
function ownerTermGroups(state: ClusterState, template: PodTemplate): OwnerTermGroup[] {
  const groups: OwnerTermGroup[] = [];
  const id = templateId(template);
  const add = (kind: OwnerTermKind, term: PodAffinityTerm, weight: number, i: number) => {
    const key = `${id}:${kind}:${i}`;
    let group = state.ownerTerms.get(key);
    if (!group) {
      state.ownerTerms.set(key, (group = { kind, term, weight, ownerNamespace: template.namespace, owners: new Map() }));
      const hint = termHint(term, template.namespace);
      const label = hint.label ? `${hint.label[0]}=${hint.label[1]}` : '*';
      for (const namespace of hint.namespaces ?? ['*']) pushTo(state.ownerTermBuckets, bucketKey(namespace, label), group);
    }
    groups.push(group);
  };
  template.requiredAffinity.forEach((t, i) => add('requiredAffinity', t, 1, i));
  template.requiredAntiAffinity.forEach((t, i) => add('requiredAntiAffinity', t, 1, i));
  template.preferredAffinity.forEach((t, i) => add('preferredAffinity', t.term, t.weight, i));
  template.preferredAntiAffinity.forEach((t, i) => add('preferredAntiAffinity', t.term, t.weight, i));
  return groups;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function removeFrom<V>(list: V[], value: V): boolean {
  const i = list.lastIndexOf(value);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

/**
 * The owner-term groups whose term the pod could match (right namespace and label), with owners placed;
 * callers still test the term itself.
 */
export function ownerTermsFor(state: ClusterState, pod: LabelledPod): OwnerTermGroup[] {
  const out: OwnerTermGroup[] = [];
  for (const key of bucketKeysOf(pod)) {
    const bucket = state.ownerTermBuckets.get(key);
    if (bucket) for (const group of bucket) if (group.owners.size > 0) out.push(group);
  }
  return out;
}

/** The owner-term groups with owners placed whose term matches the pod (what its labels are read for). */
export function ownerTermsMatching(state: ClusterState, pod: LabelledPod): OwnerTermGroup[] {
  return ownerTermsFor(state, pod).filter((group) => termMatches(group.term, group.ownerNamespace, pod, state.namespaceLabels));
}

export function countOn(counter: PodCounter, node: NodeState): number {
  return counter.perNode.get(node)?.length ?? 0;
}

/** Per counter (undefined: counts nothing), the pods it counts on the node. */
export function countsOn(counters: readonly (PodCounter | undefined)[], node: NodeState): number[] {
  return counters.map((c) => (c ? countOn(c, node) : 0));
}
