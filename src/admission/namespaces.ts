/**
 * NamespaceLifecycle (staging/src/k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go):
 * nothing can be created in a namespace that does not exist; `kubectl apply` fails with
 * `namespaces "<name>" not found`.
 *
 * berth only knows a namespace is missing when the snapshot lists the cluster's Namespaces (it holds at
 * least one Namespace object, e.g. `kubectl get namespaces,nodes,pods -A -o yaml`): `kubectl get nodes,pods -A`
 * lists none, and then every namespace of the manifests may exist.
 */
import type { KubeObject } from '../model/object.js';

/** Created by the API server itself (pkg/controlplane/controller/systemnamespaces). */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function namespaceNotFound(name: string): string {
  return `namespaces "${name}" not found`;
}

/** undefined when the snapshot does not list namespaces; else every namespace that will exist after apply. */
export function existingNamespaces(snapshotObjects: readonly KubeObject[], manifestObjects: readonly KubeObject[]): Set<string> | undefined {
  const isNamespace = (o: KubeObject) => o.ref.kind === 'Namespace' && o.ref.apiVersion === 'v1' && o.ref.name !== '';
  const listed = snapshotObjects.filter(isNamespace);
  if (listed.length === 0) return undefined;
  return new Set([...SYSTEM_NAMESPACES, ...listed.map((o) => o.ref.name), ...manifestObjects.filter(isNamespace).map((o) => o.ref.name)]);
}
