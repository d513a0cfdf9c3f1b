import type { Path, SourceDocument } from '../read/source.js';

/** Identity of an object as the API server keys it. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * A Kubernetes object read from a manifest or a cluster snapshot. Items of a `kind: List` are objects of
 * their own whose `path` points inside the List document, so findings still land on the right lines.
 */
export interface KubeObject {
  ref: ObjectRef;
  /** The object as plain data. */
  raw: Record<string, unknown>;
  doc: SourceDocument;
  /** Where the object sits inside its document: [] for a top-level object, ['items', 3] for a List item. */
  path: Path;
  /** Position among all objects read, used for the scheduler's queue order (file order, then document order). */
  order: number;
}

/** Namespace used when a namespaced object omits `metadata.namespace` (kubectl's default context namespace). */
export const DEFAULT_NAMESPACE = 'default';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** String-valued map such as labels, annotations or a nodeSelector; non-string values are dropped (the schema rule reports them). */
export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value))) if (typeof v === 'string') out[k] = v;
  return out;
}

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

export function labelsOf(raw: Record<string, unknown>): Record<string, string> {
  return asStringMap(asRecord(raw.metadata).labels);
}

export function annotationsOf(raw: Record<string, unknown>): Record<string, string> {
  return asStringMap(asRecord(raw.metadata).annotations);
}

/**
 * Builds an object from a parsed value when it looks like a Kubernetes object (string apiVersion and kind).
 * Anything else (kustomization files, Helm values, CI configs) is not berth's business.
 */
export function toKubeObject(value: unknown, doc: SourceDocument, path: Path, order: number): KubeObject | undefined {
  if (!isRecord(value)) return undefined;
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return undefined;
  const metadata = asRecord(value.metadata);
  const name = asString(metadata.name) ?? asString(metadata.generateName) ?? '';
  // The API server clears metadata.namespace on cluster-scoped objects (EnsureObjectNamespaceMatchesRequestNamespace).
  const namespace = isClusterScoped(kind) ? '' : asString(metadata.namespace) || DEFAULT_NAMESPACE;
  return { ref: { apiVersion, kind, namespace, name }, raw: value, doc, path, order };
}

const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'RuntimeClass', 'IngressClass', 'APIService', 'CSIDriver', 'CSINode',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'VolumeAttachment', 'PodSecurityPolicy', 'ComponentStatus', 'CertificateSigningRequest', 'FlowSchema',
  'PriorityLevelConfiguration', 'DeviceClass', 'VolumeAttributesClass',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** Location of `path` (relative to the object) in the object's file. */
export function locate(object: KubeObject, path: Path, part: 'key' | 'value' = 'key'): import('../read/source.js').Location {
  return { file: object.doc.file, ...object.doc.locate([...object.path, ...path], part) };
}
