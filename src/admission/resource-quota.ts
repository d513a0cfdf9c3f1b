/**
 * The ResourceQuota admission plugin for pods (staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go
 * CheckRequest, and the pod evaluator pkg/quota/v1/evaluator/core/pods.go).
 *
 *   quotasFrom(manifests, snapshot)  → the namespace's quotas, with what is already used
 *   podQuotaView(...)                → what one pod of a template charges and which scopes it is in
 *   admitToQuotas(quotas, pod)       → undefined (admitted, usage charged) or the rejection
 *
 * Usage already in the cluster: a snapshot quota's `status.used` (the API server's own count) when present,
 * else the snapshot's pods of the namespace (non-terminal ones for compute resources, all for `count/pods`).
 */
import type { Path } from '../read/source.js';
import { asArray, asRecord, asString, type KubeObject } from '../model/object.js';
import { matchesSelector, parseLabelSelector } from '../model/selector.js';
import type { PodTemplate } from '../schedule/cluster.js';
import { toWorkload } from '../model/workload.js';
import { admittedContainers, formatQuantity, isBestEffort, milliOf, podTotals, type AdmittedContainer, type Amounts } from './resources.js';

const ONE = 1000n;

export interface ScopeSelector {
  scopeName: string;
  operator: string;
  values: string[];
}

export interface Quota {
  object: KubeObject;
  name: string;
  namespace: string;
  hard: Amounts;
  scopes: ScopeSelector[];
  /** Charged so far: the cluster's usage, then every admitted manifest pod. */
  used: Amounts;
  /** Usage before any manifest pod, for explanations. */
  usedBefore: Amounts;
  usedFrom: 'status' | 'snapshot pods';
  /** Snapshot pods this quota would count that the manifests replace, left out of `usedBefore`. */
  replacedPods: number;
}

/** What a pod of a template charges and how quota scopes see it. */
export interface PodQuotaView {
  usage: Amounts;
  containers: readonly AdmittedContainer[];
  priorityClassName?: string;
  terminating: boolean;
  bestEffort: boolean;
  crossNamespaceAffinity: boolean;
}

export interface QuotaRejection {
  quota: Quota;
  kind: 'exceeded' | 'must-specify';
  /** Upstream's error text after `pods "<name>" is forbidden: `. */
  message: string;
  /** The resources that failed (exceeded, or missing on some container). */
  resources: string[];
}

// pkg/quota/v1/evaluator/core/pods.go podResources and validationSet.
const POD_RESOURCES = new Set(['count/pods', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods']);
const MUST_SPECIFY = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/** `IsExtendedResourceName`: outside kubernetes.io, domain-prefixed, not a `requests.` quota name. */
function isExtended(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
}

/** MatchingResources: the hard names the pod evaluator tracks. */
export function podQuotaResources(names: Iterable<string>): string[] {
  return [...names].filter((name) => POD_RESOURCES.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-')
    || (name.startsWith('requests.') && isExtended(name.slice('requests.'.length))));
}

/** podComputeUsageHelper plus the object count. */
export function podUsage(requests: Amounts, limits: Amounts, countOnly = false): Amounts {
  const usage: Amounts = new Map([['count/pods', ONE]]);
  if (countOnly) return usage;
  usage.set('pods', ONE);
  for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
    const request = requests.get(name);
    if (request !== undefined) {
      usage.set(name, request);
      usage.set(`requests.${name}`, request);
    }
    const limit = limits.get(name);
    if (limit !== undefined) usage.set(`limits.${name}`, limit);
  }
  for (const [name, request] of requests) {
    if (name.startsWith('hugepages-')) {
      usage.set(name, request);
      usage.set(`requests.${name}`, request);
    } else if (isExtended(name)) {
      usage.set(`requests.${name}`, request);
    }
  }
  return usage;
}

export function podQuotaView(template: PodTemplate, spec: Record<string, unknown>, containers: readonly AdmittedContainer[]): PodQuotaView {
  const terms = [...template.requiredAffinity, ...template.requiredAntiAffinity, ...template.preferredAffinity.map((w) => w.term), ...template.preferredAntiAffinity.map((w) => w.term)];
  return {
    usage: podUsage(podTotals(containers, spec, 'requests'), podTotals(containers, spec, 'limits')),
    containers,
    // The Priority plugin (which runs first) writes the globalDefault class's name into a pod that names none.
    ...(template.priorityClassName !== undefined ? { priorityClassName: template.priorityClassName } : {}),
    terminating: typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0,
    bestEffort: isBestEffort(containers, spec),
    crossNamespaceAffinity: terms.some((t) => t.namespaces.length > 0 || t.namespaceSelector !== undefined),
  };
}

function scopesOf(spec: Record<string, unknown>): ScopeSelector[] {
  const scopes: ScopeSelector[] = asArray(spec.scopes).filter((s): s is string => typeof s === 'string').map((scopeName) => ({ scopeName, operator: 'Exists', values: [] }));
  for (const raw of asArray(asRecord(spec.scopeSelector).matchExpressions)) {
    const expression = asRecord(raw);
    scopes.push({
      scopeName: asString(expression.scopeName) ?? '',
      operator: asString(expression.operator) ?? '',
      values: asArray(expression.values).filter((v): v is string => typeof v === 'string'),
    });
  }
  return scopes;
}

/** podMatchesScopeFunc. */
function inScope(scope: ScopeSelector, pod: PodQuotaView): boolean {
  switch (scope.scopeName) {
    case 'Terminating': return pod.terminating;
    case 'NotTerminating': return !pod.terminating;
    case 'BestEffort': return pod.bestEffort;
    case 'NotBestEffort': return !pod.bestEffort;
    case 'CrossNamespacePodAffinity': return pod.crossNamespaceAffinity;
    case 'PriorityClass': {
      if (scope.operator === 'Exists') return pod.priorityClassName !== undefined;
      const selector = parseLabelSelector({ matchExpressions: [{ key: 'PriorityClass', operator: scope.operator, values: scope.values }] });
      return selector !== undefined && matchesSelector(selector, pod.priorityClassName !== undefined ? { PriorityClass: pod.priorityClassName } : {});
    }
    default: return false;
  }
}

/** generic.Matches: every scope selects the pod and the quota tracks at least one pod resource. */
export function quotaMatches(quota: Quota, pod: PodQuotaView): boolean {
  return quota.scopes.every((scope) => inScope(scope, pod)) && podQuotaResources(quota.hard.keys()).length > 0;
}

/**
 * Quotas of the manifests and the snapshot by namespace, sorted by name. A quota in both is the manifest's
 * (what `kubectl apply` makes of it) with the snapshot's `status.used`.
 */
export function quotasFrom(manifestObjects: readonly KubeObject[], snapshotObjects: readonly KubeObject[]): Map<string, Quota[]> {
  const isQuota = (o: KubeObject) => o.ref.kind === 'ResourceQuota' && o.ref.apiVersion === 'v1' && o.ref.name !== '';
  const snapshotQuotas = new Map<string, KubeObject>();
  for (const object of snapshotObjects) if (isQuota(object)) snapshotQuotas.set(`${object.ref.namespace}/${object.ref.name}`, object);
  const chosen = new Map(snapshotQuotas);
  for (const object of manifestObjects) if (isQuota(object)) chosen.set(`${object.ref.namespace}/${object.ref.name}`, object);

  const byNamespace = new Map<string, Quota[]>();
  for (const [key, object] of chosen) {
    const spec = asRecord(object.raw.spec);
    const hard: Amounts = new Map();
    for (const [name, value] of Object.entries(asRecord(spec.hard))) {
      const milli = milliOf(value);
      if (milli !== undefined) hard.set(name, milli);
    }
    const status = asRecord(snapshotQuotas.get(key)?.raw.status);
    const statusUsed = asRecord(status.used);
    const hasStatus = Object.keys(statusUsed).length > 0;
    const used: Amounts = new Map();
    for (const name of hard.keys()) used.set(name, milliOf(statusUsed[name]) ?? 0n);
    const quota: Quota = { object, name: object.ref.name, namespace: object.ref.namespace, hard, scopes: scopesOf(spec), used, usedBefore: used, usedFrom: hasStatus ? 'status' : 'snapshot pods', replacedPods: 0 };
    const list = byNamespace.get(quota.namespace) ?? [];
    list.push(quota);
    byNamespace.set(quota.namespace, list);
  }
  for (const list of byNamespace.values()) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return byNamespace;
}

/**
 * Charges the snapshot's pods to quotas without `status.used` (PodUsageFunc: terminal pods count only as
 * objects). `replaced` (`namespace/name`) are snapshot pods that a manifest workload owns: the manifests
 * replace them (src/schedule/snapshot-overlap.ts), so they are not charged, and are taken out of a
 * `status.used` that counted them; usage is that of the rolled-out state.
 */
export function chargeSnapshotPods(quotas: ReadonlyMap<string, Quota[]>, snapshotObjects: readonly KubeObject[], replaced: ReadonlySet<string> = new Set()): void {
  for (const object of snapshotObjects) {
    if (object.ref.kind !== 'Pod' || object.ref.apiVersion !== 'v1') continue;
    const isReplaced = replaced.has(`${object.ref.namespace}/${object.ref.name}`);
    // Replaced pods: taken out of a status.used that counted them; never charged to usage counted here.
    const list = quotas.get(object.ref.namespace)?.filter((q) => isReplaced || q.usedFrom === 'snapshot pods');
    if (!list || list.length === 0) continue;
    const workload = toWorkload(object);
    if (!workload) continue;
    const phase = asString(asRecord(object.raw.status).phase);
    const terminal = phase === 'Succeeded' || phase === 'Failed';
    const containers = admittedContainers(workload);
    const spec = workload.spec;
    const className = asString(spec.priorityClassName);
    const view: PodQuotaView = {
      usage: podUsage(podTotals(containers, spec, 'requests'), podTotals(containers, spec, 'limits'), terminal),
      containers,
      ...(className ? { priorityClassName: className } : {}),
      terminating: typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0,
      bestEffort: isBestEffort(containers, spec),
      crossNamespaceAffinity: false,
    };
    for (const quota of list) {
      if (!quotaMatches(quota, view)) continue;
      if (isReplaced) quota.replacedPods++;
      if (quota.usedFrom === 'status' || !isReplaced) charge(quota, view.usage, isReplaced ? -1n : 1n);
    }
  }
  for (const list of quotas.values()) for (const quota of list) quota.usedBefore = new Map(quota.used);
}

function charge(quota: Quota, usage: Amounts, sign = 1n): void {
  const used = new Map(quota.used);
  for (const [name, amount] of usage) {
    if (!quota.hard.has(name)) continue;
    const next = (used.get(name) ?? 0n) + sign * amount;
    used.set(name, next < 0n ? 0n : next);
  }
  quota.used = used;
}

/**
 * CheckRequest for one pod creation: first every matching quota's Constraints (cpu/memory tracked ⇒ every
 * container must set them), then every matching quota's hard limits; the first failure rejects the pod and
 * nothing is charged. Otherwise the pod's usage is charged to every matching quota.
 */
export function admitToQuotas(quotas: readonly Quota[], pod: PodQuotaView): QuotaRejection | undefined {
  const matching = quotas.filter((q) => quotaMatches(q, pod));
  for (const quota of matching) {
    const missing = missingResources(podQuotaResources(quota.hard.keys()).filter((n) => MUST_SPECIFY.has(n)), pod.containers);
    if (missing.size > 0) {
      const parts = [...missing.keys()].sort().map((name) => `${name} for: ${[...missing.get(name)!].sort().join(',')}`);
      return { quota, kind: 'must-specify', message: `failed quota: ${quota.name}: must specify ${parts.join('; ')}`, resources: [...missing.keys()].sort() };
    }
  }
  for (const quota of matching) {
    const requested = [...pod.usage].filter(([name, amount]) => amount !== 0n && quota.hard.has(name));
    const exceeded = requested.filter(([name, amount]) => (quota.used.get(name) ?? 0n) + amount > quota.hard.get(name)!).map(([name]) => name).sort();
    if (exceeded.length === 0) continue;
    const print = (list: Amounts) => exceeded.map((name) => `${name}=${formatQuantity(name, list.get(name) ?? 0n)}`).join(',');
    return {
      quota,
      kind: 'exceeded',
      message: `exceeded quota: ${quota.name}, requested: ${print(pod.usage)}, used: ${print(quota.used)}, limited: ${print(quota.hard)}`,
      resources: exceeded,
    };
  }
  for (const quota of matching) charge(quota, pod.usage);
  return undefined;
}

/** enforcePodContainerConstraints: per required resource, the containers (regular and init) that do not set it. */
function missingResources(required: readonly string[], containers: readonly AdmittedContainer[]): Map<string, Set<string>> {
  const missing = new Map<string, Set<string>>();
  if (required.length === 0) return missing;
  for (const c of containers) {
    const has = podUsage(c.requests, c.limits);
    for (const name of required) {
      if (has.has(name)) continue;
      const set = missing.get(name) ?? new Set<string>();
      set.add(c.name);
      missing.set(name, set);
    }
  }
  return missing;
}

/** Where a failed resource is set in the workload: the decisive request/limit, or the first container. */
export function quotaPath(resource: string, containers: readonly AdmittedContainer[], replicasPath: Path, specPath: Path): { path: Path; part: 'key' | 'value' } {
  if (resource === 'pods' || resource === 'count/pods') {
    // Kinds without a count (a bare Pod, a DaemonSet) have `kind` as their replicas path: their name says more.
    if (replicasPath.length === 1 && replicasPath[0] === 'kind') return { path: ['metadata', 'name'], part: 'value' };
    const last = replicasPath[replicasPath.length - 1];
    return { path: replicasPath, part: last === 'replicas' || last === 'parallelism' ? 'value' : 'key' };
  }
  const limit = resource.startsWith('limits.');
  const name = resource.replace(/^(requests|limits)\./, '');
  let best: { value: bigint; path: Path } | undefined;
  for (const c of containers) {
    const value = (limit ? c.limits : c.requests).get(name);
    const path = (limit ? c.limitPaths : c.requestPaths).get(name);
    if (value !== undefined && path && (!best || value > best.value)) best = { value, path };
  }
  if (best) return { path: best.path, part: best.path[best.path.length - 1] === name ? 'value' : 'key' };
  const first = containers.find((c) => c.kind === 'container') ?? containers[0];
  return { path: first ? [...first.path, 'name'] : [...specPath, 'containers'], part: first ? 'value' : 'key' };
}
