/**
 * Admission that changes what a pod asks of the scheduler, applied when berth is given the objects
 * (semantics doc section 9.1): LimitRanger default requests and RuntimeClass overhead and scheduling.
 *
 *   limitRangeDefaultsFrom(objects)  → namespace → default container requests (`defaultRequest`)
 *   runtimeClassesFrom(objects)      → RuntimeClass name → { overhead, nodeSelector, tolerations }
 *
 * Pass both in PodContext (model/pod.ts). Pods read from a cluster were admitted already and are not changed.
 */
import type { Toleration } from '../schedule/cluster.js';
import { asArray, asRecord, asStringMap, isRecord, type KubeObject } from './object.js';
import { parseTolerations } from './taints.js';

/**
 * A LimitRange's `Container` item after API defaulting (SetDefaults_LimitRangeItem): `default` falls back
 * to `max`, `defaultRequest` to `default`, then to `min`. Several LimitRanges in a namespace: LimitRanger
 * only fills what is still missing, so the first one read wins per resource.
 */
export function limitRangeDefaultsFrom(objects: readonly KubeObject[]): Map<string, Record<string, unknown>> {
  const byNamespace = new Map<string, Record<string, unknown>>();
  for (const object of objects) {
    if (object.ref.kind !== 'LimitRange' || object.ref.apiVersion !== 'v1') continue;
    const defaults = byNamespace.get(object.ref.namespace) ?? {};
    for (const raw of asArray(asRecord(object.raw.spec).limits)) {
      const item = asRecord(raw);
      if (item.type !== 'Container') continue;
      const request: Record<string, unknown> = { ...asRecord(item.min) };
      Object.assign(request, asRecord(item.max), asRecord(item.default), asRecord(item.defaultRequest));
      // defaultRequest, else default, else max (default's own fallback), else min.
      for (const [name, value] of Object.entries(request)) if (!(name in defaults)) defaults[name] = value;
    }
    byNamespace.set(object.ref.namespace, defaults);
  }
  return byNamespace;
}

export interface RuntimeClassInfo {
  /** `overhead.podFixed`, copied into `spec.overhead` of pods that name the class. */
  overhead?: Record<string, unknown>;
  /** `scheduling.nodeSelector`, merged into the pod's nodeSelector. */
  nodeSelector: Record<string, string>;
  /** `scheduling.tolerations`, appended to the pod's tolerations. */
  tolerations: Toleration[];
}

/** RuntimeClass admission (plugin/pkg/admission/runtimeclass/admission.go) needs the classes (node.k8s.io). */
export function runtimeClassesFrom(objects: readonly KubeObject[]): Map<string, RuntimeClassInfo> {
  const classes = new Map<string, RuntimeClassInfo>();
  for (const object of objects) {
    if (object.ref.kind !== 'RuntimeClass' || !object.ref.apiVersion.startsWith('node.k8s.io/') || !object.ref.name) continue;
    const scheduling = asRecord(object.raw.scheduling);
    const podFixed = asRecord(object.raw.overhead).podFixed;
    classes.set(object.ref.name, {
      ...(isRecord(podFixed) ? { overhead: podFixed } : {}),
      nodeSelector: asStringMap(scheduling.nodeSelector),
      // Not the user's: no path into the workload.
      tolerations: parseTolerations(scheduling.tolerations, []).map(({ path: _path, ...t }) => t),
    });
  }
  return classes;
}
