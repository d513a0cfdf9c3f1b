import { defineRule } from '../src/rules/rule.js';
import { apiGroup, asRecord, asString, describeRef, locate, type KubeObject } from '../src/model/object.js';

/**
 * Kinds once served by `extensions` and now by another group are the same objects in etcd
 * (an `extensions/v1beta1` Deployment and an `apps/v1` Deployment of one name are one object).
 */
const MOVED_FROM_EXTENSIONS: Record<string, string> = {
  Deployment: 'apps',
  DaemonSet: 'apps',
  ReplicaSet: 'apps',
  Ingress: 'networking.k8s.io',
  NetworkPolicy: 'networking.k8s.io',
  PodSecurityPolicy: 'policy',
};

function identity(object: KubeObject, name: string): string {
  const { apiVersion, kind, namespace } = object.ref;
  let group = apiGroup(apiVersion);
  if (group === 'extensions') group = MOVED_FROM_EXTENSIONS[kind] ?? group;
  return JSON.stringify([group, kind, namespace, name]);
}

export default defineRule({
  id: 'duplicate-object',
  level: 'warning',
  description: 'The same object (API group, kind, namespace, name) is defined twice',
  details:
    'The API server keys objects by API group, kind, namespace and name; the version does not matter ' +
    '(`apps/v1` and `apps/v1beta2` name the same Deployment). When manifests define one object twice, ' +
    '`kubectl apply` silently keeps whichever comes last, `kubectl create` fails with AlreadyExists, and ' +
    'kustomize refuses to build. Remove one definition, or give them different names or namespaces. berth ' +
    'compares everything it is given in one run, so check one deployable set at a time: alternative variants ' +
    'of the same app (per-environment copies, one file per model size) are duplicates of each other by design; ' +
    'ignore those paths in `.berth.yaml`. A warning, not an error, for that reason: nothing is rejected, but ' +
    'one of the two definitions silently loses.',
  messages: {
    duplicate: '{{object}} is defined twice; the first definition is at {{first}}, and applying both keeps only the last',
  },
  check(context) {
    const firstByIdentity = new Map<string, KubeObject>();
    for (const object of context.objects) {
      const name = asString(asRecord(object.raw.metadata).name);
      if (!name) continue; // generateName objects get a fresh name each time
      const key = identity(object, name);
      const first = firstByIdentity.get(key);
      if (!first) {
        firstByIdentity.set(key, object);
        continue;
      }
      const at = locate(first, ['metadata', 'name']);
      context.report('duplicate', { object: describeObject(object), first: `${at.file}:${at.line}` }, { object, path: ['metadata', 'name'] });
    }
  },
});

function describeObject(object: KubeObject): string {
  return object.ref.namespace ? describeRef(object.ref) : `${object.ref.kind} ${object.ref.name}`;
}
