import { asArray, asRecord, type KubeObject } from './object.js';

/**
 * Which resources a namespace's LimitRanges fill in for containers that leave them out. The LimitRanger
 * admission plugin copies a `type: Container` item's `defaultRequest` and `default` into every container
 * (plugin/pkg/admission/limitranger/admission.go), and the API defaults the item itself first:
 * `default` from `max`, `defaultRequest` from `default` (pkg/apis/core/v1/defaults.go SetDefaults_LimitRangeItem).
 */
export interface ContainerDefaults {
  requests: ReadonlySet<string>;
  limits: ReadonlySet<string>;
}

const NONE: ContainerDefaults = { requests: new Set(), limits: new Set() };

/** Container defaults per namespace, from the LimitRange objects among `objects`. */
export function containerDefaultsByNamespace(objects: readonly KubeObject[]): (namespace: string) => ContainerDefaults {
  const byNamespace = new Map<string, { requests: Set<string>; limits: Set<string> }>();
  for (const object of objects) {
    if (object.ref.kind !== 'LimitRange' || object.ref.apiVersion !== 'v1') continue;
    for (const raw of asArray(asRecord(object.raw.spec).limits)) {
      const item = asRecord(raw);
      if (item.type !== 'Container') continue;
      const entry = byNamespace.get(object.ref.namespace) ?? { requests: new Set<string>(), limits: new Set<string>() };
      byNamespace.set(object.ref.namespace, entry);
      for (const name of [...Object.keys(asRecord(item.default)), ...Object.keys(asRecord(item.max))]) {
        entry.limits.add(name);
        entry.requests.add(name);
      }
      for (const name of Object.keys(asRecord(item.defaultRequest))) entry.requests.add(name);
    }
  }
  return (namespace) => byNamespace.get(namespace) ?? NONE;
}
