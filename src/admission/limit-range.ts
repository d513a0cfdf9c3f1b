/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger/admission.go) for pods.
 *
 *   limitRangesByNamespace(objects)            → namespace → LimitRanges (items after API defaulting)
 *   containerDefaults(ranges, requestDefaults) → the defaults its mutating half fills in
 *   limitRangeViolations(ranges, containers)   → what its validating half rejects, with upstream's messages
 *
 * Default *requests* come from model/admission-defaults.ts (limitRangeDefaultsFrom), which the scheduler's
 * pod templates use too, so both agree; default limits are only needed by admission and are computed here.
 */
import type { Path } from '../read/source.js';
import { asArray, asRecord, type KubeObject } from '../model/object.js';
import { formatQuantity, milliOf, type AdmittedContainer, type Amounts, type ContainerDefaults } from './resources.js';

export interface LimitRangeItem {
  type: string;
  min: Amounts;
  max: Amounts;
  maxLimitRequestRatio: Amounts;
  /** Index of the item in `spec.limits`. */
  index: number;
}

export interface LimitRange {
  object: KubeObject;
  name: string;
  items: LimitRangeItem[];
  /** `default` after SetDefaults_LimitRangeItem (falls back to `max`), Container items only. */
  defaultLimits: Record<string, unknown>;
}

export interface LimitRangeViolation {
  /** Upstream's message, e.g. `maximum cpu usage per Container is 1, but limit is 2.` */
  message: string;
  limitRange: string;
  /** Where in the workload's object: the offending request/limit, or the container that lacks it. */
  path: Path;
  part: 'key' | 'value';
}

function quantities(value: unknown): Amounts {
  const out: Amounts = new Map();
  for (const [name, raw] of Object.entries(asRecord(value))) {
    const milli = milliOf(raw);
    if (milli !== undefined) out.set(name, milli);
  }
  return out;
}

export function limitRangesByNamespace(objects: readonly KubeObject[]): Map<string, LimitRange[]> {
  const byNamespace = new Map<string, LimitRange[]>();
  for (const object of objects) {
    if (object.ref.kind !== 'LimitRange' || object.ref.apiVersion !== 'v1') continue;
    const defaultLimits: Record<string, unknown> = {};
    const items = asArray(asRecord(object.raw.spec).limits).map((raw, index): LimitRangeItem => {
      const item = asRecord(raw);
      const type = typeof item.type === 'string' ? item.type : '';
      if (type === 'Container') Object.assign(defaultLimits, asRecord(item.max), asRecord(item.default));
      return { type, min: quantities(item.min), max: quantities(item.max), maxLimitRequestRatio: quantities(item.maxLimitRequestRatio), index };
    });
    const list = byNamespace.get(object.ref.namespace) ?? [];
    list.push({ object, name: object.ref.name, items, defaultLimits });
    byNamespace.set(object.ref.namespace, list);
  }
  return byNamespace;
}

/** The first LimitRange that defaults a resource wins: later ones only fill what is still missing. */
export function containerDefaults(ranges: readonly LimitRange[], requestDefaults: Record<string, unknown> | undefined): ContainerDefaults {
  const limits: Record<string, unknown> = {};
  for (const range of ranges) for (const [name, value] of Object.entries(range.defaultLimits)) if (!(name in limits)) limits[name] = value;
  return { requests: requestDefaults ?? {}, limits };
}

interface Observed {
  requests: Amounts;
  limits: Amounts;
  requestPath(name: string): Path;
  limitPath(name: string): Path;
  /** Where a missing request/limit would go. */
  missingPath: Path;
}

/**
 * PodValidateLimitFunc: every Container item checks each container (regular, then init), every Pod item
 * checks the pod's sum (max with each init container); resources in sorted order (upstream iterates a Go
 * map, so its order varies).
 */
export function limitRangeViolations(ranges: readonly LimitRange[], containers: readonly AdmittedContainer[], specPath: Path): LimitRangeViolation[] {
  const out: LimitRangeViolation[] = [];
  const ordered = [...containers.filter((c) => c.kind === 'container'), ...containers.filter((c) => c.kind !== 'container')];
  for (const range of ranges) {
    for (const item of range.items) {
      if (item.type === 'Container') {
        for (const c of ordered) {
          const observed: Observed = {
            requests: c.requests,
            limits: c.limits,
            requestPath: (name) => c.requestPaths.get(name) ?? c.path,
            limitPath: (name) => c.limitPaths.get(name) ?? c.path,
            missingPath: c.resourcesPath,
          };
          check(item, 'Container', observed, range.name, out);
        }
      } else if (item.type === 'Pod') {
        check(item, 'Pod', podObserved(ordered, specPath), range.name, out);
      }
    }
  }
  return out;
}

/** `sum` of the containers (a resource missing from one container is missing from the sum), then the init max. */
function podObserved(containers: readonly AdmittedContainer[], specPath: Path): Observed {
  const regular = containers.filter((c) => c.kind === 'container');
  const sum = (which: 'requests' | 'limits'): Amounts => {
    const out: Amounts = new Map();
    const names = new Set(regular.flatMap((c) => [...c[which].keys()]));
    for (const name of names) {
      if (!regular.every((c) => c[which].has(name))) continue;
      out.set(name, regular.reduce((total, c) => total + c[which].get(name)!, 0n));
    }
    for (const init of containers.filter((c) => c.kind !== 'container')) {
      for (const [name, value] of init[which]) if (value > (out.get(name) ?? -1n)) out.set(name, value);
    }
    return out;
  };
  // Point at the biggest contribution: the value to lower first.
  const biggest = (which: 'requests' | 'limits', name: string): Path => {
    let best: AdmittedContainer | undefined;
    for (const c of containers) if ((c[which].get(name) ?? -1n) > (best?.[which].get(name) ?? -1n)) best = c;
    const paths = which === 'requests' ? best?.requestPaths : best?.limitPaths;
    return paths?.get(name) ?? [...specPath, 'containers'];
  };
  return {
    requests: sum('requests'),
    limits: sum('limits'),
    requestPath: (name) => biggest('requests', name),
    limitPath: (name) => biggest('limits', name),
    missingPath: [...specPath, 'containers'],
  };
}

function check(item: LimitRangeItem, limitType: 'Container' | 'Pod', observed: Observed, limitRange: string, out: LimitRangeViolation[]): void {
  const report = (message: string, path: Path, part: 'key' | 'value') => out.push({ message, limitRange, path, part });
  const q = formatQuantity;
  for (const [name, enforced] of sorted(item.min)) {
    const request = observed.requests.get(name);
    const limit = observed.limits.get(name);
    if (request === undefined) report(`minimum ${name} usage per ${limitType} is ${q(name, enforced)}.  No request is specified.`, observed.missingPath, 'key');
    else if (request < enforced) report(`minimum ${name} usage per ${limitType} is ${q(name, enforced)}, but request is ${q(name, request)}.`, observed.requestPath(name), 'value');
    else if (limit !== undefined && limit < enforced) report(`minimum ${name} usage per ${limitType} is ${q(name, enforced)}, but limit is ${q(name, limit)}.`, observed.limitPath(name), 'value');
  }
  for (const [name, enforced] of sorted(item.max)) {
    const request = observed.requests.get(name);
    const limit = observed.limits.get(name);
    if (limit === undefined) report(`maximum ${name} usage per ${limitType} is ${q(name, enforced)}.  No limit is specified.`, observed.missingPath, 'key');
    else if (limit > enforced) report(`maximum ${name} usage per ${limitType} is ${q(name, enforced)}, but limit is ${q(name, limit)}.`, observed.limitPath(name), 'value');
    else if (request !== undefined && request > enforced) report(`maximum ${name} usage per ${limitType} is ${q(name, enforced)}, but request is ${q(name, request)}.`, observed.requestPath(name), 'value');
  }
  for (const [name, enforced] of sorted(item.maxLimitRequestRatio)) {
    const request = observed.requests.get(name) ?? 0n;
    const limit = observed.limits.get(name) ?? 0n;
    const shown = q(name, enforced);
    if (request === 0n) report(`${name} max limit to request ratio per ${limitType} is ${shown}, but no request is specified or request is 0.`, observed.missingPath, 'key');
    else if (limit === 0n) report(`${name} max limit to request ratio per ${limitType} is ${shown}, but no limit is specified or limit is 0.`, observed.missingPath, 'key');
    // limit/request > enforced, compared exactly (upstream compares in thousandths).
    else if (limit * 1000n > enforced * request) {
      report(`${name} max limit to request ratio per ${limitType} is ${shown}, but provided ratio is ${(Number(limit) / Number(request)).toFixed(6)}.`, observed.limitPath(name), 'value');
    }
  }
}

function sorted(amounts: Amounts): [string, bigint][] {
  return [...amounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
