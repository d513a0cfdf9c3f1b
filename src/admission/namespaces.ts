/**
 * NamespaceLifecycle (staging/src/k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go):
 * nothing can be created in a namespace that does not exist; `kubectl apply` fails with
 * `namespaces "<name>" not found`.
 *
 * berth only knows a namespace is missing when the snapshot lists the cluster's Namespaces (it holds at
 * least one Namespace object, e.g. `kubectl get namespaces,nodes,pods -A -o yaml`): `kubectl get nodes,pods -A`
 * lists none, and then every namespace of the manifests may exist.
 */
import { isClusterScoped, type KubeObject } from '../model/object.js';

/** Created by the API server itself (pkg/controlplane/controller/systemnamespaces). */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function namespaceNotFound(name: string): string {
  return `namespaces "${name}" not found`;
}

/**
 * undefined when the snapshot does not list namespaces; else every namespace that will exist after apply:
 * the listed ones, those the snapshot's other objects live in (a capture made in several steps), the
 * manifests' Namespaces and the system ones.
 */
export function existingNamespaces(snapshotObjects: readonly KubeObject[], manifestObjects: readonly KubeObject[]): Set<string> | undefined {
  const isNamespace = (o: KubeObject) => o.ref.kind === 'Namespace' && o.ref.apiVersion === 'v1' && o.ref.name !== '';
  if (!snapshotObjects.some(isNamespace)) return undefined;
  const existing = new Set(SYSTEM_NAMESPACES);
  for (const object of snapshotObjects) {
    if (isNamespace(object)) existing.add(object.ref.name);
    else if (!isClusterScoped(object.ref.kind) && object.ref.namespace) existing.add(object.ref.namespace);
  }
  for (const object of manifestObjects) if (isNamespace(object)) existing.add(object.ref.name);
  return existing;
}
