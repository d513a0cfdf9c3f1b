import { asArray, asRecord, type KubeObject } from './object.js';

/**
 * Which limits a namespace's LimitRanges give containers that set none: the LimitRanger admission plugin
 * copies a `type: Container` item's `default` into every container without that limit
 * (plugin/pkg/admission/limitranger/admission.go), and the API defaults `default` from `max` first
 * (pkg/apis/core/v1/defaults.go SetDefaults_LimitRangeItem). Default *requests* are in admission-defaults.ts.
 */
export function defaultLimitsByNamespace(objects: readonly KubeObject[]): (namespace: string) => ReadonlySet<string> {
  const byNamespace = new Map<string, Set<string>>();
  for (const object of objects) {
    if (object.ref.kind !== 'LimitRange' || object.ref.apiVersion !== 'v1') continue;
    for (const raw of asArray(asRecord(object.raw.spec).limits)) {
      const item = asRecord(raw);
      if (item.type !== 'Container') continue;
      const names = byNamespace.get(object.ref.namespace) ?? new Set<string>();
      byNamespace.set(object.ref.namespace, names);
      for (const name of [...Object.keys(asRecord(item.default)), ...Object.keys(asRecord(item.max))]) names.add(name);
    }
  }
  return (namespace) => byNamespace.get(namespace) ?? new Set();
}
