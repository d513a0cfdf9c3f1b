/**
 * Cluster snapshots (`--cluster PATH`) → the scheduler's ClusterSnapshot.
 *
 *   readCluster(files, options?)       → { snapshot, problems, warnings }
 *   readClusterPaths(paths, options?)  → the same from files, directories, globs or `-`
 *
 * Accepts `kubectl get nodes -o yaml|json` (a v1 List), mixed Lists (`kubectl get nodes,pods -A -o yaml`),
 * single Node/Pod documents, PriorityClass and Namespace objects, and berth's own Inventory
 * (schemas/inventory.schema.json) for clusters that do not exist yet. Other kinds are ignored.
 * `problems` make the snapshot unusable where they are (bad YAML, an invalid inventory); `warnings` are
 * things berth modelled but the user should know. Both carry file:line.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { expandInputs, type InputFile } from './files.js';
import { readManifests, type ReadProblem } from './manifests.js';
import type { Path } from './source.js';
import type { ClusterSnapshot, NodeInfo, Pod, PriorityClassInfo } from '../schedule/cluster.js';
import { PACKAGE_ROOT } from '../meta.js';
import { compareKubeVersions, DEFAULT_KUBE_VERSION, formatKubeVersion, parseKubeVersion, type KubeVersion } from '../model/kube-version.js';
import { asArray, asRecord, asString, asStringMap, locate, type KubeObject } from '../model/object.js';
import { normalizedImageName, podTemplateOf } from '../model/pod.js';
import { priorityClassesFrom } from '../model/priority.js';
import { nodeAllocatable } from '../model/resources.js';
import { formatTaint, parseTaints, TAINT_UNSCHEDULABLE, taintsFromNodeState } from '../model/taints.js';
import { toWorkload } from '../model/workload.js';

export interface ClusterReadOptions {
  kubeVersion?: KubeVersion;
  /**
   * Add the taints the node lifecycle controller derives from conditions and `spec.unschedulable` when a
   * node lacks them (section 6.2), and the `kubernetes.io/hostname` label the kubelet sets. 'auto'
   * (default): only for hand-written nodes (no `metadata.uid`); a real snapshot is the truth.
   */
  deriveTaints?: 'auto' | 'always' | 'never';
}

export interface ClusterReadResult {
  snapshot: ClusterSnapshot;
  problems: ReadProblem[];
  warnings: ReadProblem[];
}

export const INVENTORY_API_VERSION = 'berth.dev/v1alpha1';
/** The kubelet's default maxPods, used for inventory pools that do not say. */
export const DEFAULT_MAX_PODS = 110;

export async function readClusterPaths(paths: readonly string[], options: ClusterReadOptions = {}): Promise<ClusterReadResult> {
  const { files, problems } = await expandInputs(paths);
  const result = readCluster(files, options);
  const unreadable = problems.map((p) => ({ location: { file: p.path, line: 1, column: 1, endLine: 1, endColumn: 1 }, message: `cluster snapshot: ${p.message}` }));
  return { ...result, problems: [...unreadable, ...result.problems] };
}

export function readCluster(files: readonly InputFile[], options: ClusterReadOptions = {}): ClusterReadResult {
  const kubeVersion = options.kubeVersion ?? DEFAULT_KUBE_VERSION;
  // Snapshots are kubectl's output: its JSON goes through JSON.parse (see ReadOptions.machineJson).
  const read = readManifests(files, 0, { machineJson: true });
  const problems: ReadProblem[] = [...read.problems];
  const warnings: ReadProblem[] = [];
  const at = (object: KubeObject, path: Path, message: string, part: 'key' | 'value' = 'key'): ReadProblem => ({ location: locate(object, path, part), message });

  const priorityClasses = priorityClassesFrom(read.objects);
  const namespaces = new Map<string, Record<string, string>>();
  const nodes: NodeInfo[] = [];
  const nodeNames = new Set<string>();
  const podObjects: KubeObject[] = [];
  const admissionObjects: KubeObject[] = [];

  const addNode = (node: NodeInfo, object: KubeObject, path: Path) => {
    if (nodeNames.has(node.name)) {
      problems.push(at(object, path, `node "${node.name}" is defined twice in the cluster snapshot; the first definition is used`));
      return;
    }
    nodeNames.add(node.name);
    nodes.push(node);
  };

  for (const object of read.objects) {
    const { kind, apiVersion } = object.ref;
    if (kind === 'Node' && apiVersion === 'v1') {
      const node = nodeOf(object, options.deriveTaints ?? 'auto', warnings);
      if (node) addNode(node, object, ['metadata', 'name']);
      else problems.push(at(object, ['metadata'], 'a Node needs metadata.name'));
    } else if (kind === 'Pod' && apiVersion === 'v1') {
      podObjects.push(object);
    } else if (kind === 'Namespace' && apiVersion === 'v1' && object.ref.name) {
      namespaces.set(object.ref.name, { ...asStringMap(asRecord(object.raw.metadata).labels), 'kubernetes.io/metadata.name': object.ref.name });
    } else if ((kind === 'LimitRange' && apiVersion === 'v1') || (kind === 'RuntimeClass' && apiVersion.startsWith('node.k8s.io/'))) {
      admissionObjects.push(object);
    } else if (kind === 'Inventory' && apiVersion === INVENTORY_API_VERSION) {
      const expanded = inventoryNodes(object, problems);
      for (const node of expanded) addNode(node, object, ['pools']);
    } else if (apiVersion === INVENTORY_API_VERSION) {
      problems.push(at(object, ['kind'], `unknown kind "${kind}" for ${INVENTORY_API_VERSION}; expected Inventory`, 'value'));
    }
  }

  const newerKubelets = new Map<string, NodeInfo[]>();
  for (const node of nodes) {
    const kubelet = node.kubeletVersion === undefined ? undefined : parseKubeVersion(node.kubeletVersion);
    if (kubelet && compareKubeVersions({ ...kubelet, patch: undefined }, { ...kubeVersion, patch: undefined }) > 0) {
      newerKubelets.set(node.kubeletVersion!, [...(newerKubelets.get(node.kubeletVersion!) ?? []), node]);
    }
  }
  // One warning per kubelet version: a 100-node cluster is one mistake, not 100.
  for (const [version, newer] of newerKubelets) {
    const more = newer.length > 1 ? ` (and ${newer.length - 1} more node${newer.length > 2 ? 's' : ''})` : '';
    warnings.push(nodeWarning(newer[0]!, ['status', 'nodeInfo', 'kubeletVersion'], `node "${newer[0]!.name}"${more} runs kubelet ${version}, newer than the target Kubernetes ${formatKubeVersion(kubeVersion)}; the control plane is at least as new as its kubelets: set --kube-version`));
  }

  const pods = boundPods(podObjects, nodeNames, { kubeVersion, priorityClasses }, warnings);
  for (const pod of pods) {
    if (!namespaces.has(pod.template.namespace)) namespaces.set(pod.template.namespace, { 'kubernetes.io/metadata.name': pod.template.namespace });
  }
  return { snapshot: { nodes, pods, priorityClasses, namespaces, admissionObjects, objects: read.objects }, problems, warnings };
}

/** At `path` of a Node object, or at the pool entry (its `kubeletVersion`/`name`) of an inventory node. */
function nodeWarning(node: NodeInfo, path: Path, message: string): ReadProblem {
  const object = node.source;
  if (!object) return { location: { file: '<cluster>', line: 1, column: 1, endLine: 1, endColumn: 1 }, message };
  if (node.pool === undefined) return { location: locate(object, path, path.length > 2 ? 'value' : 'key'), message };
  const index = asArray(object.raw.pools).findIndex((p) => asRecord(p).name === node.pool);
  const key = path[path.length - 1] === 'kubeletVersion' ? 'kubeletVersion' : 'name';
  return { location: locate(object, ['pools', index, key], 'value'), message };
}

// ---- Node objects ----

function nodeOf(object: KubeObject, derive: 'auto' | 'always' | 'never', warnings: ReadProblem[]): NodeInfo | undefined {
  const name = object.ref.name;
  if (!name) return undefined;
  const metadata = asRecord(object.raw.metadata);
  const spec = asRecord(object.raw.spec);
  const status = asRecord(object.raw.status);
  let taints = parseTaints(spec.taints);
  const labels = asStringMap(metadata.labels);
  if (derive === 'always' || (derive === 'auto' && metadata.uid === undefined)) {
    const derived = taintsFromNodeState(object.raw, taints);
    if (derived.length > taints.length) {
      const added = derived.slice(taints.length);
      const fromConditions = added.some((t) => t.key !== TAINT_UNSCHEDULABLE);
      warnings.push({
        location: locate(object, fromConditions ? ['status', 'conditions'] : ['spec', 'unschedulable']),
        message: `node "${name}": added ${added.map(formatTaint).join(', ')} from its ${fromConditions ? 'status' : 'spec'}, as the node lifecycle controller would`,
      });
      taints = derived;
    }
    // The kubelet always sets this label; without it hostname topology keys would ignore the node.
    if (labels['kubernetes.io/hostname'] === undefined) labels['kubernetes.io/hostname'] = name;
  }
  const { allocatable } = nodeAllocatable(status);
  const node: NodeInfo = {
    name,
    labels,
    taints,
    unschedulable: spec.unschedulable === true,
    allocatable,
    source: object,
  };
  const kubeletVersion = asString(asRecord(status.nodeInfo).kubeletVersion);
  if (kubeletVersion) node.kubeletVersion = kubeletVersion;
  const images = nodeImages(status.images);
  if (images.size > 0) node.images = images;
  return node;
}

/** `status.images`: every name of an image maps to its size (ImageLocality). */
function nodeImages(value: unknown): Map<string, number> {
  const images = new Map<string, number>();
  for (const raw of asArray(value)) {
    const image = asRecord(raw);
    const size = typeof image.sizeBytes === 'number' ? image.sizeBytes : 0;
    for (const name of asArray(image.names)) if (typeof name === 'string') images.set(normalizedImageName(name), size);
  }
  return images;
}

// ---- Pod objects ----

/**
 * Pods that occupy a node: bound (`spec.nodeName`), not Succeeded/Failed. A pod with a deletionTimestamp
 * still holds its resources until it is gone (upstream counts it), but is marked terminating.
 */
function boundPods(
  objects: readonly KubeObject[],
  nodeNames: ReadonlySet<string>,
  context: { kubeVersion: KubeVersion; priorityClasses: ReadonlyMap<string, PriorityClassInfo> },
  warnings: ReadProblem[],
): Pod[] {
  const pods: Pod[] = [];
  let pending = 0;
  let firstPending: KubeObject | undefined;
  const unknownNodes = new Map<string, KubeObject>();
  for (const object of objects) {
    const phase = asString(asRecord(object.raw.status).phase);
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const nodeName = asString(asRecord(object.raw.spec).nodeName);
    if (!nodeName) {
      pending++;
      firstPending ??= object;
      continue;
    }
    if (!nodeNames.has(nodeName)) {
      if (!unknownNodes.has(nodeName)) unknownNodes.set(nodeName, object);
      continue;
    }
    const workload = toWorkload(object);
    if (!workload) continue;
    const template = podTemplateOf(workload, context);
    delete template.workload; // snapshot pods are not the user's workloads
    const pod: Pod = { name: object.ref.name, template, ordinal: 0, nodeName };
    if (asRecord(object.raw.metadata).deletionTimestamp !== undefined) pod.terminating = true;
    pods.push(pod);
  }
  if (pending > 0 && firstPending) {
    warnings.push({ location: locate(firstPending, ['metadata', 'name']), message: `${pending} pod(s) in the cluster snapshot are not bound to a node yet; berth ignores them` });
  }
  return pods;
}

// ---- berth Inventory ----

let inventoryValidator: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!inventoryValidator) {
    // ajv is CommonJS; require() keeps it synchronous and unloaded until something is validated (cold start).
    const Ajv = (createRequire(import.meta.url)('ajv') as { default: new (options: object) => { compile(schema: object): ValidateFunction } }).default;
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'inventory.schema.json'), 'utf8')) as object;
    inventoryValidator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return inventoryValidator;
}

/** Pools expanded into nodes `<pool>-1`..`<pool>-<count>`; an invalid inventory yields problems and no nodes. */
function inventoryNodes(object: KubeObject, problems: ReadProblem[]): NodeInfo[] {
  const validate = validator();
  if (!validate(object.raw)) {
    for (const error of relevantErrors(validate.errors ?? [])) problems.push(inventoryProblem(object, error));
    return [];
  }
  const nodes: NodeInfo[] = [];
  const poolNames = new Set<string>();
  asArray(object.raw.pools).forEach((raw, index) => {
    const pool = asRecord(raw);
    const poolName = String(pool.name);
    if (poolNames.has(poolName)) {
      problems.push({ location: locate(object, ['pools', index, 'name'], 'value'), message: `inventory: pool "${poolName}" is defined twice; node names must be unique` });
      return;
    }
    poolNames.add(poolName);
    const count = Number(pool.count);
    const allocatableSource = { pods: DEFAULT_MAX_PODS, ...asRecord(pool.allocatable) };
    const { allocatable } = nodeAllocatable({ allocatable: allocatableSource });
    const taints = parseTaints(pool.taints);
    for (let i = 1; i <= count; i++) {
      const name = `${poolName}-${i}`;
      const node: NodeInfo = {
        name,
        // What the kubelet labels every node with; the pool's labels may override os/arch.
        labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...asStringMap(pool.labels), 'kubernetes.io/hostname': name },
        taints: [...taints],
        unschedulable: pool.unschedulable === true,
        allocatable: { ...allocatable },
        source: object,
        pool: poolName,
      };
      if (typeof pool.kubeletVersion === 'string') node.kubeletVersion = pool.kubeletVersion;
      nodes.push(node);
    }
  });
  return nodes;
}

/** One error per place: a failed anyOf also reports each branch; keep the summary. */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (error.schemaPath.includes('/anyOf/')) return false;
    const extra = error.keyword === 'additionalProperties' ? `/${String((error.params as { additionalProperty: string }).additionalProperty)}` : '';
    const key = error.instancePath + extra;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function inventoryProblem(object: KubeObject, error: ErrorObject): ReadProblem {
  const path = pointerToPath(error.instancePath);
  const shown = path.length === 0 ? 'inventory' : path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return { location: locate(object, [...path, key], 'key'), message: `inventory: ${shown}: unknown key "${key}"` };
    }
    case 'required':
      return { location: locate(object, path, 'key'), message: `inventory: ${shown}: missing required key "${String(params.missingProperty)}"` };
    case 'anyOf':
      return { location: locate(object, path, 'value'), message: `inventory: ${shown}: not a Kubernetes quantity such as "4", "3500m" or "16Gi"` };
    case 'const':
      return { location: locate(object, path, 'value'), message: `inventory: ${shown} must be ${JSON.stringify(params.allowedValue)}` };
    case 'enum':
      return { location: locate(object, path, 'value'), message: `inventory: ${shown} must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
    default:
      return { location: locate(object, path, 'value'), message: `inventory: ${shown} ${error.message ?? 'is invalid'}` };
  }
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

