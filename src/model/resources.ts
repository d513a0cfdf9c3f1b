/**
 * Effective pod requests and node allocatable, as the scheduler counts them (semantics doc section 9).
 *
 *   podResources(spec, specPath, options, status?) → { requests, nonZeroRequests, requestPaths }
 *   nodeAllocatable(status)                        → { allocatable, fromCapacity }
 *
 * Mirrors `PodRequests`/`AggregateContainerRequests` (kubernetes/component-helpers resource/helpers.go),
 * the API defaulting that copies limits into missing requests (pkg/apis/core/v1/defaults.go) and
 * `PodInfo.calculateResource` (pkg/scheduler/framework/types.go) for the scoring defaults.
 * Invalid or negative quantities are skipped: the schema rule reports them.
 */
import type { Path } from '../read/source.js';
import type { ResourceList } from '../schedule/cluster.js';
import { atLeast, type KubeVersion } from './kube-version.js';
import { asArray, asRecord, asString, isRecord } from './object.js';
import { parseQuantity, resourceAmount } from './quantity.js';

export interface ResourceOptions {
  /** `spec.resources` (PodLevelResources: beta and on by default from 1.34). */
  podLevelResources: boolean;
  /**
   * Count a pod read from a cluster with the larger of its spec and its allocated/actual container
   * resources in `status` (InPlacePodVerticalScaling: beta and on by default from 1.33).
   */
  statusResources?: boolean;
  /**
   * Container requests the LimitRanger admission adds where a container has none (after requests were
   * defaulted from limits): the `defaultRequest` of the namespace's LimitRanges (see admission-defaults.ts).
   */
  defaultRequests?: Record<string, unknown>;
}

export function resourceOptionsFor(version: KubeVersion): ResourceOptions {
  return { podLevelResources: atLeast(version, 34), statusResources: atLeast(version, 33) };
}

/** Scoring defaults for a container without a cpu/memory request entry (pkg/scheduler/util/pod_resources.go). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * Resource names the scheduler accounts for: the native cpu/memory/ephemeral-storage, and the scalar ones
 * (`IsScalarResourceName`): hugepages-*, attachable-volumes-*, other `kubernetes.io/`-prefixed names and
 * extended resources (a domain-prefixed name such as `nvidia.com/gpu`). An unprefixed unknown name
 * (`gpu`) is silently ignored by `framework.Resource.Add`. `pods` is a node-side resource only.
 */
export function isSchedulerResource(name: string): boolean {
  if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage') return true;
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  if (name.includes('kubernetes.io/')) return true;
  return isExtendedResourceName(name);
}

/** `IsExtendedResourceName`: a qualified name outside the kubernetes.io namespace, not a quota `requests.` name. */
function isExtendedResourceName(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash <= 0 || name.startsWith('requests.')) return false;
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name.slice(0, slash))
    && /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name.slice(slash + 1));
}

/** Pod-level resources the API accepts in `spec.resources` (`IsSupportedPodLevelResource`). */
function isPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');
}

/** One amount in thousandths of the unit: Quantity keeps milli precision (`0.1m` is stored as `1m`). */
interface Amount {
  milli: bigint;
  /** The value that decides it: the biggest single contribution to a sum, for findings. */
  path: Path;
  top: bigint;
}

type Amounts = Map<string, Amount>;

function milliOf(value: unknown): bigint | undefined {
  const q = parseQuantity(value);
  if (!q || q.numerator < 0n) return undefined;
  const scaled = q.numerator * 1000n;
  return scaled % q.denominator === 0n ? scaled / q.denominator : scaled / q.denominator + 1n;
}

function amountsOf(list: unknown, path: Path, accept: (name: string) => boolean): Amounts {
  const out: Amounts = new Map();
  for (const [name, value] of Object.entries(asRecord(list))) {
    if (!accept(name)) continue;
    const milli = milliOf(value);
    if (milli !== undefined) out.set(name, { milli, path: [...path, name], top: milli });
  }
  return out;
}

/** A container's requests as the API server stores them: a resource with a limit and no request gets request := limit. */
function containerRequests(container: Record<string, unknown>, path: Path): Amounts {
  const resources = asRecord(container.resources);
  const requests = amountsOf(resources.requests, [...path, 'resources', 'requests'], isSchedulerResource);
  const limits = amountsOf(resources.limits, [...path, 'resources', 'limits'], isSchedulerResource);
  for (const [name, limit] of limits) if (!requests.has(name)) requests.set(name, limit);
  return requests;
}

function add(into: Amounts, from: Amounts): void {
  for (const [name, amount] of from) {
    const current = into.get(name);
    if (!current) into.set(name, { ...amount });
    else {
      const decisive = amount.top > current.top ? amount : current;
      into.set(name, { milli: current.milli + amount.milli, path: decisive.path, top: decisive.top });
    }
  }
}

function max(into: Amounts, from: Amounts): void {
  for (const [name, amount] of from) {
    const current = into.get(name);
    if (!current || amount.milli > current.milli) into.set(name, { ...amount });
  }
}

interface ContainerEntry {
  requests: Amounts;
  sidecar: boolean;
  name: string;
}

/**
 * `AggregateContainerRequests`: sum of regular containers and sidecars (`restartPolicy: Always` init
 * containers), against the largest init container (each counted with the sidecars started before it).
 * `fill` adds the scoring defaults to containers without an entry (`NonMissingContainerRequests`).
 */
function aggregate(containers: readonly ContainerEntry[], inits: readonly ContainerEntry[], fill?: Amounts): Amounts {
  const withFill = (requests: Amounts): Amounts => {
    if (!fill) return requests;
    const out = new Map(requests);
    for (const [name, amount] of fill) if (!out.has(name)) out.set(name, amount);
    return out;
  };
  const total: Amounts = new Map();
  for (const c of containers) add(total, withFill(c.requests));
  const sidecars: Amounts = new Map();
  const initMax: Amounts = new Map();
  for (const c of inits) {
    const requests = withFill(c.requests);
    if (c.sidecar) {
      add(total, requests);
      add(sidecars, requests);
      max(initMax, sidecars);
    } else {
      const candidate: Amounts = new Map();
      add(candidate, requests);
      add(candidate, sidecars);
      max(initMax, candidate);
    }
  }
  max(total, initMax);
  return total;
}

export interface PodResources {
  requests: ResourceList;
  nonZeroRequests: { cpu: number; memory: number };
  /** Per resource, the value that decides it (relative to the object that holds `specPath`). */
  requestPaths: Record<string, Path>;
}

/**
 * Effective requests of a pod spec (section 9.2), plus the LeastAllocated view of section 9.3. `status` is
 * the Pod's status when the pod was read from a cluster (only used with `options.statusResources`).
 */
export function podResources(spec: Record<string, unknown>, specPath: Path, options: ResourceOptions, status?: Record<string, unknown>): PodResources {
  const defaults = options.defaultRequests ? amountsOf(options.defaultRequests, [], isSchedulerResource) : undefined;
  const entries = (field: 'containers' | 'initContainers'): ContainerEntry[] =>
    asArray(spec[field]).flatMap((c, i) => {
      if (!isRecord(c)) return [];
      const path = [...specPath, field, i];
      const requests = containerRequests(c, path);
      if (defaults) for (const [name, amount] of defaults) if (!requests.has(name)) requests.set(name, { ...amount, path: [...path, 'resources'] });
      return [{ requests, sidecar: field === 'initContainers' && c.restartPolicy === 'Always', name: asString(c.name) ?? '' }];
    });
  const containers = entries('containers');
  const inits = entries('initContainers');
  const variants = options.statusResources && status ? statusVariants(containers, inits, status) : [{ containers, inits }];
  const podLevel = options.podLevelResources ? podLevelRequests(spec, specPath, containers, inits) : new Map<string, Amount>();
  const overhead = amountsOf(spec.overhead, [...specPath, 'overhead'], isSchedulerResource);

  const finish = (fill?: Amounts): Amounts => {
    const aggregated: Amounts = new Map();
    for (const variant of variants) max(aggregated, aggregate(variant.containers, variant.inits, fill));
    for (const [name, amount] of podLevel) aggregated.set(name, amount);
    for (const [name, amount] of overhead) {
      const current = aggregated.get(name);
      aggregated.set(name, current ? { ...current, milli: current.milli + amount.milli } : amount);
    }
    return aggregated;
  };
  const real = finish();

  // calculateResource: without pod-level requests every container lacking an entry counts as 100m/200Mi;
  // with them, only resources missing at both levels get the defaults.
  const fill: Amounts = new Map();
  if (podLevel.size === 0 || !real.has('cpu')) fill.set('cpu', { milli: BigInt(DEFAULT_MILLI_CPU_REQUEST), path: specPath, top: 0n });
  if (podLevel.size === 0 || !real.has('memory')) fill.set('memory', { milli: BigInt(DEFAULT_MEMORY_REQUEST) * 1000n, path: specPath, top: 0n });
  const nonZero = finish(fill);

  const requests: ResourceList = {};
  const requestPaths: Record<string, Path> = {};
  for (const [name, amount] of real) {
    requests[name] = toSchedulerUnits(name, amount.milli);
    requestPaths[name] = amount.path;
  }
  return {
    requests,
    requestPaths,
    nonZeroRequests: {
      cpu: toSchedulerUnits('cpu', nonZero.get('cpu')?.milli ?? 0n),
      memory: toSchedulerUnits('memory', nonZero.get('memory')?.milli ?? 0n),
    },
  };
}

interface Variant {
  containers: ContainerEntry[];
  inits: ContainerEntry[];
}

/**
 * `AggregateContainerRequests` with `UseStatusResources`: the spec, the allocated and the actuated
 * requests are aggregated separately and the largest of each resource counts; when the resize is
 * infeasible the spec does not count (component-helpers resource/helpers.go).
 */
function statusVariants(containers: ContainerEntry[], inits: ContainerEntry[], status: Record<string, unknown>): Variant[] {
  const statuses = new Map<string, Record<string, unknown>>();
  for (const raw of [...asArray(status.containerStatuses), ...asArray(status.initContainerStatuses)]) {
    const containerStatus = asRecord(raw);
    const name = asString(containerStatus.name);
    if (name !== undefined) statuses.set(name, containerStatus);
  }
  const infeasible = asArray(status.conditions).some((c) => asRecord(c).type === 'PodResizePending' && asRecord(c).reason === 'Infeasible');
  const allocated = (entry: ContainerEntry): Amounts | undefined => {
    const containerStatus = statuses.get(entry.name);
    return isRecord(containerStatus?.allocatedResources) ? amountsOf(containerStatus.allocatedResources, [], isSchedulerResource) : undefined;
  };
  const actuated = (entry: ContainerEntry): Amounts | undefined => {
    const requests = asRecord(statuses.get(entry.name)?.resources).requests;
    return isRecord(requests) ? amountsOf(requests, [], isSchedulerResource) : allocated(entry);
  };
  const keepPaths = (entry: ContainerEntry, amounts: Amounts | undefined): ContainerEntry => {
    if (!amounts) return infeasible ? { ...entry, requests: new Map() } : entry;
    // Findings still point at the spec's value.
    for (const [name, amount] of amounts) amounts.set(name, { ...amount, path: entry.requests.get(name)?.path ?? amount.path });
    return { ...entry, requests: amounts };
  };
  const variant = (get: (entry: ContainerEntry) => Amounts | undefined): Variant => ({
    containers: containers.map((c) => keepPaths(c, get(c))),
    inits: inits.map((c) => keepPaths(c, get(c))),
  });
  const out = [variant(allocated), variant(actuated)];
  return infeasible ? out : [{ containers, inits }, ...out];
}

/**
 * `spec.resources.requests` after API defaulting (`defaultPodRequests`, pkg/apis/core/v1/defaults.go):
 * with pod-level limits, a missing cpu/memory request defaults to the aggregated container requests when
 * containers ask for it, else (and for hugepages) to the pod-level limit.
 */
function podLevelRequests(spec: Record<string, unknown>, specPath: Path, containers: ContainerEntry[], inits: ContainerEntry[]): Amounts {
  const resources = asRecord(spec.resources);
  const base = [...specPath, 'resources'];
  const requests = amountsOf(resources.requests, [...base, 'requests'], isPodLevelResource);
  const limits = amountsOf(resources.limits, [...base, 'limits'], isPodLevelResource);
  if (limits.size > 0) {
    // Overcommittable resources only: hugepages fall through to the pod-level limit.
    for (const [name, amount] of aggregate(containers, inits)) {
      if ((name === 'cpu' || name === 'memory') && !requests.has(name)) requests.set(name, amount);
    }
    for (const [name, limit] of limits) if (!requests.has(name)) requests.set(name, limit);
  }
  return requests;
}

/** cpu stays in millicores; everything else becomes whole units, rounded up (`Quantity.Value()`). */
function toSchedulerUnits(name: string, milli: bigint): number {
  if (name === 'cpu') return Number(milli);
  return Number(milli % 1000n === 0n ? milli / 1000n : milli / 1000n + 1n);
}

/**
 * `status.allocatable` in scheduler units (section 9.4). The API server copies `capacity` into a missing
 * allocatable (SetDefaults_NodeStatus), so a hand-written node with only capacity behaves the same.
 */
export function nodeAllocatable(status: unknown): { allocatable: ResourceList; fromCapacity: boolean } {
  const record = asRecord(status);
  const fromCapacity = !isRecord(record.allocatable) && isRecord(record.capacity);
  const source = asRecord(fromCapacity ? record.capacity : record.allocatable);
  const allocatable: ResourceList = {};
  for (const [name, value] of Object.entries(source)) {
    if (name !== 'pods' && !isSchedulerResource(name)) continue;
    const q = parseQuantity(value);
    if (!q || q.numerator < 0n) continue;
    allocatable[name] = resourceAmount(name, q);
  }
  return { allocatable, fromCapacity };
}
