/**
 * Container and pod resources as admission sees them: requests and limits (not just the scheduler's
 * requests), after the API's defaulting and the LimitRanger's defaults, in exact thousandths of a unit.
 *
 *   admittedContainers(workload, defaults) → per container { requests, limits, paths, fromLimitRange }
 *   podTotals(containers, spec, 'requests' | 'limits') → PodRequests / PodLimits (init max, sidecars, overhead)
 *   formatQuantity(name, milli) → `500m`, `2`, `768Mi`, `3` (resource.Quantity's String() for these values)
 */
import type { Path } from '../read/source.js';
import { asRecord, isRecord } from '../model/object.js';
import { parseQuantity } from '../model/quantity.js';
import { containersOf, type ContainerKind, type Workload } from '../model/workload.js';

/** Amounts in thousandths of the unit (Quantity keeps milli precision). */
export type Amounts = Map<string, bigint>;

export interface AdmittedContainer {
  name: string;
  kind: ContainerKind;
  path: Path;
  /** Where a missing request or limit would be written: the container's `resources` key, else the container. */
  resourcesPath: Path;
  requests: Amounts;
  limits: Amounts;
  /** Where each request/limit is written (a defaulted one points at the container's `resources` or the container). */
  requestPaths: Map<string, Path>;
  limitPaths: Map<string, Path>;
  /** Resource names whose request/limit the LimitRanger filled in. */
  requestsFromLimitRange: Set<string>;
  limitsFromLimitRange: Set<string>;
}

/** The LimitRanger's `type: Container` defaults of a namespace (after SetDefaults_LimitRangeItem). */
export interface ContainerDefaults {
  requests: Record<string, unknown>;
  limits: Record<string, unknown>;
}

export function milliOf(value: unknown): bigint | undefined {
  const q = parseQuantity(value);
  if (!q || q.numerator < 0n) return undefined;
  const scaled = q.numerator * 1000n;
  return scaled % q.denominator === 0n ? scaled / q.denominator : scaled / q.denominator + 1n;
}

function amounts(list: unknown, path: Path, paths: Map<string, Path>): Amounts {
  const out: Amounts = new Map();
  for (const [name, value] of Object.entries(asRecord(list))) {
    const milli = milliOf(value);
    if (milli === undefined) continue;
    out.set(name, milli);
    paths.set(name, [...path, name]);
  }
  return out;
}

/**
 * Every container of the pod the API server would store: a limit without a request gives the request
 * (pkg/apis/core/v1/defaults.go, at decode time, before admission), then the LimitRanger fills missing
 * limits from `default` and missing requests from `defaultRequest` (mergeContainerResources in
 * plugin/pkg/admission/limitranger/admission.go).
 */
export function admittedContainers(workload: Workload, defaults?: ContainerDefaults): AdmittedContainer[] {
  return containersOf(workload).map((ref) => {
    const resources = asRecord(ref.container.resources);
    const base = [...ref.path, 'resources'];
    const requestPaths = new Map<string, Path>();
    const limitPaths = new Map<string, Path>();
    const requests = amounts(resources.requests, [...base, 'requests'], requestPaths);
    const limits = amounts(resources.limits, [...base, 'limits'], limitPaths);
    for (const [name, limit] of limits) {
      if (requests.has(name)) continue;
      requests.set(name, limit);
      requestPaths.set(name, limitPaths.get(name)!);
    }
    const where = isRecord(ref.container.resources) ? base : ref.path;
    const limitsFromLimitRange = new Set<string>();
    const requestsFromLimitRange = new Set<string>();
    for (const [name, value] of Object.entries(defaults?.limits ?? {})) {
      const milli = milliOf(value);
      if (milli === undefined || limits.has(name)) continue;
      limits.set(name, milli);
      limitPaths.set(name, where);
      limitsFromLimitRange.add(name);
    }
    for (const [name, value] of Object.entries(defaults?.requests ?? {})) {
      const milli = milliOf(value);
      if (milli === undefined || requests.has(name)) continue;
      requests.set(name, milli);
      requestPaths.set(name, where);
      requestsFromLimitRange.add(name);
    }
    return { name: ref.name, kind: ref.kind, path: ref.path, resourcesPath: where, requests, limits, requestPaths, limitPaths, requestsFromLimitRange, limitsFromLimitRange };
  });
}

function addInto(into: Amounts, from: Amounts): void {
  for (const [name, value] of from) into.set(name, (into.get(name) ?? 0n) + value);
}

function maxInto(into: Amounts, from: Amounts): void {
  for (const [name, value] of from) if (value > (into.get(name) ?? -1n)) into.set(name, value);
}

/**
 * `PodRequests` / `PodLimits` (component-helpers resource/helpers.go), which the quota evaluator charges:
 * regular containers and sidecars summed, against the largest init container (with the sidecars started
 * before it); pod-level `spec.resources` win for the resources they set; then `spec.overhead` is added.
 */
export function podTotals(containers: readonly AdmittedContainer[], spec: Record<string, unknown>, which: 'requests' | 'limits'): Amounts {
  const total: Amounts = new Map();
  const sidecars: Amounts = new Map();
  const initMax: Amounts = new Map();
  for (const c of containers) {
    const own = c[which];
    if (c.kind === 'container') addInto(total, own);
    else if (c.kind === 'sidecar') {
      addInto(total, own);
      addInto(sidecars, own);
      maxInto(initMax, sidecars);
    } else {
      const candidate: Amounts = new Map(own);
      addInto(candidate, sidecars);
      maxInto(initMax, candidate);
    }
  }
  maxInto(total, initMax);
  const podLevel = asRecord(asRecord(spec.resources)[which]);
  for (const [name, value] of Object.entries(podLevel)) {
    const milli = milliOf(value);
    if (milli !== undefined && (name === 'cpu' || name === 'memory' || name.startsWith('hugepages-'))) total.set(name, milli);
  }
  const overhead = new Map<string, Path>();
  addInto(total, amounts(spec.overhead, [], overhead));
  return total;
}

/** Whether a pod is BestEffort (pkg/apis/core/v1/helper/qos: no cpu/memory request or limit anywhere). */
export function isBestEffort(containers: readonly AdmittedContainer[], spec: Record<string, unknown>): boolean {
  const compute = (list: Amounts) => [...list.keys()].some((name) => name === 'cpu' || name === 'memory');
  if (containers.some((c) => compute(c.requests) || compute(c.limits))) return false;
  const podLevel = asRecord(spec.resources);
  return !['requests', 'limits'].some((which) => Object.keys(asRecord(podLevel[which])).some((n) => n === 'cpu' || n === 'memory'));
}

const BINARY_SUFFIXES = [['Ei', 1n << 60n], ['Pi', 1n << 50n], ['Ti', 1n << 40n], ['Gi', 1n << 30n], ['Mi', 1n << 20n], ['Ki', 1n << 10n]] as const;
const DECIMAL_SUFFIXES = [['E', 10n ** 18n], ['P', 10n ** 15n], ['T', 10n ** 12n], ['G', 10n ** 9n], ['M', 10n ** 6n], ['k', 1000n]] as const;
const CPU_LIKE = new Set(['cpu', 'requests.cpu', 'limits.cpu']);
const BYTES_LIKE = /(^|\.)(memory|ephemeral-storage|storage|hugepages-[^.]*)$/;

/**
 * The quantity as the API server prints it in quota messages: cpu in millicores when not whole, byte
 * amounts with the largest binary or decimal suffix that divides them, whichever is shorter (`768Mi`, `2G`),
 * counts as integers. Upstream keeps the suffix family a value was written with; berth infers it.
 */
export function formatQuantity(name: string, milli: bigint): string {
  if (CPU_LIKE.has(name) || milli % 1000n !== 0n) {
    return milli % 1000n === 0n ? String(milli / 1000n) : `${milli}m`;
  }
  const units = milli / 1000n;
  if (!BYTES_LIKE.test(name) || units === 0n) return String(units);
  const largest = (suffixes: readonly (readonly [string, bigint])[]) => {
    for (const [suffix, factor] of suffixes) if (units % factor === 0n) return `${units / factor}${suffix}`;
    return String(units);
  };
  const binary = largest(BINARY_SUFFIXES);
  const decimal = largest(DECIMAL_SUFFIXES);
  // `2G` was surely written as 2G, not as 1953125Ki: the shorter form wins, binary on a tie.
  return decimal.length < binary.length ? decimal : binary;
}

