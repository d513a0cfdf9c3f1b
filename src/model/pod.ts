/**
 * Workload → the pods the API server would store (semantics doc sections 8–11, 14, 15).
 *
 *   podTemplateOf(workload, context) → PodTemplate   everything that depends only on the template: computed
 *                                                    once per workload and shared by its replicas
 *   podsOf(workload, template, count?) → Pod[]       one per replica (`web-0`, `web-1`...; a bare Pod keeps its name)
 *
 * `context` is `{ kubeVersion, priorityClasses, limitRangeDefaults?, runtimeClasses? }` (model/priority.ts,
 * model/admission-defaults.ts). Applied here, because created pods differ from their templates: labels the
 * controllers add, requests defaulted from limits (and from LimitRanges), host ports of host-network pods,
 * DefaultTolerationSeconds, DaemonSet and RuntimeClass tolerations, RuntimeClass overhead and nodeSelector,
 * matchLabelKeys merged into affinity selectors, priority from the PriorityClass. Every value a finding
 * may point at keeps a `path` relative to the workload's object.
 */
import type { HostPort, Pod, PodAffinityTerm, PodTemplate, PriorityClassInfo, TopologySpreadConstraint, WeightedPodAffinityTerm } from '../schedule/cluster.js';
import type { Path } from '../read/source.js';
import type { RuntimeClassInfo } from './admission-defaults.js';
import { atLeast, type KubeVersion } from './kube-version.js';
import { parseNodeSelectorTerms, parsePreferredTerms } from './node-affinity.js';
import { asArray, asRecord, asString, asStringMap, isRecord } from './object.js';
import { resolvePriority } from './priority.js';
import { podResources, resourceOptionsFor } from './resources.js';
import { NOTHING, parseLabelSelector, type Requirement, type Selector } from './selector.js';
import { parseTolerations, withDaemonSetTolerations, withDefaultTolerationSeconds } from './taints.js';
import { containersOf, type Workload } from './workload.js';

export interface PodContext {
  kubeVersion: KubeVersion;
  /** From manifests and snapshot, built-ins included (priorityClassesFrom). */
  priorityClasses: ReadonlyMap<string, PriorityClassInfo>;
  /** Namespace → LimitRanger default container requests (limitRangeDefaultsFrom); manifests only. */
  limitRangeDefaults?: ReadonlyMap<string, Record<string, unknown>>;
  /** RuntimeClasses by name (runtimeClassesFrom): overhead, nodeSelector and tolerations they add. */
  runtimeClasses?: ReadonlyMap<string, RuntimeClassInfo>;
}

export const DEFAULT_SCHEDULER = 'default-scheduler';

export function podTemplateOf(workload: Workload, context: PodContext): PodTemplate {
  const { specPath } = workload;
  const version = context.kubeVersion;
  const labels = { ...workload.labels, ...controllerLabels(workload) };
  const runtimeClass = context.runtimeClasses?.get(asString(workload.spec.runtimeClassName) ?? '');
  // RuntimeClass admission copies the class's overhead into a pod that has none.
  const spec = runtimeClass?.overhead && workload.spec.overhead === undefined ? { ...workload.spec, overhead: runtimeClass.overhead } : workload.spec;
  const hostNetwork = spec.hostNetwork === true;
  const resourceOptions = resourceOptionsFor(version);
  const defaultRequests = context.limitRangeDefaults?.get(workload.ref.namespace);
  if (defaultRequests) resourceOptions.defaultRequests = defaultRequests;
  // A Pod object (templatePath []) read from a cluster carries its status.
  const status = workload.templatePath.length === 0 && isRecord(workload.object.raw.status) ? workload.object.raw.status : undefined;
  const resources = podResources(spec, specPath, resourceOptions, status);
  const priority = resolvePriority(spec, context.priorityClasses);

  let tolerations = parseTolerations(spec.tolerations, [...specPath, 'tolerations']);
  if (runtimeClass) tolerations = [...tolerations, ...runtimeClass.tolerations];
  if (workload.perNode) tolerations = withDaemonSetTolerations(tolerations, hostNetwork);
  tolerations = withDefaultTolerationSeconds(tolerations);

  const affinity = asRecord(spec.affinity);
  const nodeAffinity = asRecord(affinity.nodeAffinity);
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const affinityPath = [...specPath, 'affinity'];
  // matchLabelKeys/mismatchLabelKeys of pod (anti-)affinity are dropped while their gate is off (1.30).
  const mergeKeys = atLeast(version, 31);
  const podAffinity = asRecord(affinity.podAffinity);
  const podAntiAffinity = asRecord(affinity.podAntiAffinity);
  const termsAt = (owner: Record<string, unknown>, field: string, path: Path) =>
    requiredTerms(owner[field], [...path, field], labels, mergeKeys);
  const weightedAt = (owner: Record<string, unknown>, field: string, path: Path) =>
    weightedTerms(owner[field], [...path, field], labels, mergeKeys);

  const template: PodTemplate = {
    namespace: workload.ref.namespace,
    labels,
    requests: resources.requests,
    requestPaths: resources.requestPaths,
    nonZeroRequests: resources.nonZeroRequests,
    hostPorts: hostPortsOf(workload, hostNetwork, atLeast(version, 34)),
    tolerations,
    // RuntimeClass scheduling.nodeSelector is merged in (a conflicting key gets the pod rejected).
    nodeSelector: { ...runtimeClass?.nodeSelector, ...asStringMap(spec.nodeSelector) },
    preferredNodeAffinity: parsePreferredTerms(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution, [...affinityPath, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution']),
    requiredAffinity: termsAt(podAffinity, 'requiredDuringSchedulingIgnoredDuringExecution', [...affinityPath, 'podAffinity']),
    requiredAntiAffinity: termsAt(podAntiAffinity, 'requiredDuringSchedulingIgnoredDuringExecution', [...affinityPath, 'podAntiAffinity']),
    preferredAffinity: weightedAt(podAffinity, 'preferredDuringSchedulingIgnoredDuringExecution', [...affinityPath, 'podAffinity']),
    preferredAntiAffinity: weightedAt(podAntiAffinity, 'preferredDuringSchedulingIgnoredDuringExecution', [...affinityPath, 'podAntiAffinity']),
    topologySpread: topologySpreadOf(spec.topologySpreadConstraints, [...specPath, 'topologySpreadConstraints'], labels),
    priority: priority.priority,
    unknownPriorityClass: priority.unknownClass,
    preemptionPolicy: priority.preemptionPolicy,
    hostNetwork,
    schedulerName: asString(spec.schedulerName) || DEFAULT_SCHEDULER,
    schedulingGated: asArray(spec.schedulingGates).length > 0,
    images: containersOf(workload).flatMap(({ container }) => (typeof container.image === 'string' && container.image ? [normalizedImageName(container.image)] : [])),
    workload,
  };
  if (isRecord(required)) {
    template.requiredNodeAffinity = parseNodeSelectorTerms(required.nodeSelectorTerms, [...affinityPath, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']);
  }
  if (priority.className !== undefined) template.priorityClassName = priority.className;
  const nodeName = asString(spec.nodeName);
  if (nodeName) template.nodeName = nodeName;
  if (workload.ref.kind === 'StatefulSet') {
    template.podManagementPolicy = asRecord(workload.object.raw.spec).podManagementPolicy === 'Parallel' ? 'Parallel' : 'OrderedReady';
  }
  return template;
}

/**
 * The pods a workload's controller creates, in ordinal order. `count` defaults to the workload's replicas
 * (the simulator passes its own count for DaemonSets, whose pods depend on the nodes).
 */
export function podsOf(workload: Workload, template: PodTemplate, count: number = workload.replicas): Pod[] {
  const name = workload.ref.name;
  const pods: Pod[] = [];
  for (let ordinal = 0; ordinal < count; ordinal++) {
    const podName = workload.ref.kind === 'Pod' ? name : `${name}-${ordinal}`;
    const extraLabels = perPodLabels(workload, podName, ordinal);
    pods.push({ name: podName, template, ordinal, ...(extraLabels ? { extraLabels } : {}) });
  }
  return pods;
}

// ---- controller labels (section 15.1) ----

/** Labels a controller puts on every pod it creates, over the template's own. */
function controllerLabels(workload: Workload): Record<string, string> {
  const raw = workload.object.raw;
  // Lazily: snapshot Pods (thousands of them) need no hash.
  const hash = () => templateHash(asRecord(raw.spec));
  switch (workload.ref.kind) {
    case 'Deployment':
      // The ReplicaSet's pod-template-hash (pkg/controller/deployment/sync.go); the value only needs to be stable.
      return { 'pod-template-hash': hash() };
    case 'StatefulSet':
      return { 'controller-revision-hash': `${workload.ref.name}-${hash()}` };
    case 'DaemonSet':
      return { 'controller-revision-hash': hash(), 'pod-template-generation': String(asRecord(raw.metadata).generation ?? 1) };
    case 'Job':
      return jobLabels(asRecord(raw.spec), workload.ref.name, asString(asRecord(raw.metadata).uid) ?? uidFrom(hash()));
    case 'CronJob': {
      // One run: the Job is named <cronjob>-<scheduled time in minutes>; any stable suffix will do.
      const jobSpec = asRecord(asRecord(asRecord(raw.spec).jobTemplate).spec);
      const runHash = hash();
      return jobLabels(jobSpec, `${workload.ref.name}-${parseInt(runHash.slice(0, 6), 36) % 100000000}`, uidFrom(runHash));
    }
    default:
      return {};
  }
}

/** Job selector labels (pkg/registry/batch/job/strategy.go generateSelector), unless `manualSelector: true`. */
function jobLabels(jobSpec: Record<string, unknown>, jobName: string, uid: string): Record<string, string> {
  if (jobSpec.manualSelector === true) return {};
  return {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': jobName,
    'controller-uid': uid,
    'job-name': jobName,
  };
}

function perPodLabels(workload: Workload, podName: string, ordinal: number): Record<string, string> | undefined {
  if (workload.ref.kind === 'StatefulSet') {
    return { 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(ordinal) };
  }
  const jobSpec = workload.ref.kind === 'Job' ? asRecord(workload.object.raw.spec)
    : workload.ref.kind === 'CronJob' ? asRecord(asRecord(asRecord(workload.object.raw.spec).jobTemplate).spec) : undefined;
  if (jobSpec?.completionMode === 'Indexed') return { 'batch.kubernetes.io/job-completion-index': String(ordinal) };
  return undefined;
}

/** FNV-1a over the template, encoded like rand.SafeEncodeString (pkg/controller/controller_utils.go ComputeHash). */
function templateHash(spec: Record<string, unknown>): string {
  const text = JSON.stringify(spec.template ?? spec.jobTemplate ?? spec);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...String(h)].map((c) => alphabet[c.charCodeAt(0) % alphabet.length]).join('');
}

function uidFrom(hash: string): string {
  const hex = [...hash].map((c) => c.charCodeAt(0).toString(16)).join('').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

// ---- host ports (section 8) ----

/**
 * (hostIP, protocol, hostPort) of regular containers, plus sidecar init containers from 1.34. Host-network
 * pods get hostPort = containerPort where hostPort is 0 (`defaultHostNetworkPorts`); those point at the
 * `containerPort` key.
 */
function hostPortsOf(workload: Workload, hostNetwork: boolean, sidecarPorts: boolean): HostPort[] {
  const out: HostPort[] = [];
  for (const ref of containersOf(workload)) {
    if (ref.kind === 'init' || (ref.kind === 'sidecar' && !sidecarPorts)) continue;
    asArray(ref.container.ports).forEach((raw, i) => {
      if (!isRecord(raw)) return;
      const path = [...ref.path, 'ports', i];
      let port = typeof raw.hostPort === 'number' && Number.isInteger(raw.hostPort) ? raw.hostPort : 0;
      let at: Path = [...path, 'hostPort'];
      if (port === 0 && hostNetwork && typeof raw.containerPort === 'number' && Number.isInteger(raw.containerPort)) {
        port = raw.containerPort;
        at = [...path, 'containerPort'];
      }
      if (port <= 0) return;
      out.push({ hostIP: asString(raw.hostIP) || '0.0.0.0', protocol: asString(raw.protocol) || 'TCP', port, path: at });
    });
  }
  return out;
}

// ---- inter-pod affinity (section 10.1) ----

function withLabelKeys(selector: Selector, keys: unknown, operator: 'In' | 'NotIn', labels: Record<string, string>): Selector {
  if (selector.matchesNothing) return selector;
  const added: Requirement[] = [];
  for (const key of asArray(keys)) {
    if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(labels, key)) added.push({ key, operator, values: [labels[key]!] });
  }
  return added.length === 0 ? selector : { requirements: [...selector.requirements, ...added], matchesNothing: false };
}

function affinityTerm(raw: Record<string, unknown>, path: Path, labels: Record<string, string>, mergeKeys: boolean): PodAffinityTerm {
  // An unparsable selector matches nothing (the scheduler cannot evaluate it; the schema rule reports it).
  let selector = parseLabelSelector(raw.labelSelector) ?? NOTHING;
  if (mergeKeys && isRecord(raw.labelSelector)) {
    // pkg/registry/core/pod/strategy.go applyMatchLabelKeysAndMismatchLabelKeys: only for a non-nil selector.
    selector = withLabelKeys(selector, raw.matchLabelKeys, 'In', labels);
    selector = withLabelKeys(selector, raw.mismatchLabelKeys, 'NotIn', labels);
  }
  const term: PodAffinityTerm = {
    selector,
    namespaces: asArray(raw.namespaces).filter((n): n is string => typeof n === 'string'),
    topologyKey: asString(raw.topologyKey) ?? '',
    path,
  };
  if (isRecord(raw.namespaceSelector)) term.namespaceSelector = parseLabelSelector(raw.namespaceSelector) ?? NOTHING;
  return term;
}

function requiredTerms(value: unknown, path: Path, labels: Record<string, string>, mergeKeys: boolean): PodAffinityTerm[] {
  return asArray(value).flatMap((raw, i) => (isRecord(raw) ? [affinityTerm(raw, [...path, i], labels, mergeKeys)] : []));
}

function weightedTerms(value: unknown, path: Path, labels: Record<string, string>, mergeKeys: boolean): WeightedPodAffinityTerm[] {
  return asArray(value).flatMap((raw, i) => {
    if (!isRecord(raw) || !isRecord(raw.podAffinityTerm)) return [];
    const weight = typeof raw.weight === 'number' && Number.isInteger(raw.weight) ? raw.weight : 0;
    return [{ weight, term: affinityTerm(raw.podAffinityTerm, [...path, i, 'podAffinityTerm'], labels, mergeKeys) }];
  });
}

// ---- topology spread (section 11.1) ----

function topologySpreadOf(value: unknown, path: Path, labels: Record<string, string>): TopologySpreadConstraint[] {
  return asArray(value).flatMap((raw, i) => {
    if (!isRecord(raw)) return [];
    const whenUnsatisfiable = raw.whenUnsatisfiable === 'ScheduleAnyway' ? 'ScheduleAnyway' : 'DoNotSchedule';
    const selector = withLabelKeys(parseLabelSelector(raw.labelSelector) ?? NOTHING, raw.matchLabelKeys, 'In', labels);
    const positive = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : fallback);
    return [{
      maxSkew: positive(raw.maxSkew, 1),
      topologyKey: asString(raw.topologyKey) ?? '',
      whenUnsatisfiable,
      selector,
      minDomains: whenUnsatisfiable === 'DoNotSchedule' ? positive(raw.minDomains, 1) : 1,
      nodeAffinityPolicy: raw.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
      nodeTaintsPolicy: raw.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
      path: [...path, i],
    }];
  });
}

// ---- images (ImageLocality) ----

/** `normalizedImageName` (imagelocality/image_locality.go): a name without tag or digest gets `:latest`. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}
