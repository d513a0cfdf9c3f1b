import { minimatch } from 'minimatch';
import { asArray, asRecord, asStringMap } from '../model/object.js';
import { nodeAllocatable } from '../model/resources.js';
import { parseTaints, TAINT_UNSCHEDULABLE } from '../model/taints.js';
import type { ClusterSnapshot, NodeInfo } from '../schedule/cluster.js';
import { DEFAULT_MAX_PODS, INVENTORY_API_VERSION } from '../read/cluster.js';

/** Node names matching each pattern (a name or a minimatch glob); a pattern matching nothing is a problem. */
export function matchNodes(patterns: readonly string[], nodes: readonly NodeInfo[], flag: string, problems: string[]): Set<string> {
  const matched = new Set<string>();
  for (const pattern of patterns) {
    const hits = nodes.filter((n) => n.name === pattern || minimatch(n.name, pattern));
    if (hits.length === 0) problems.push(`${flag} ${pattern}: no node of the cluster snapshot matches`);
    for (const hit of hits) matched.add(hit.name);
  }
  return matched;
}

/**
 * `kubectl cordon`: `spec.unschedulable: true`; the node lifecycle controller then adds the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint (pkg/controller/nodelifecycle, taintNodeByCondition).
 */
export function cordoned(node: NodeInfo): NodeInfo {
  const taints = node.taints.some((t) => t.key === TAINT_UNSCHEDULABLE && t.effect === 'NoSchedule')
    ? node.taints
    : [...node.taints, { key: TAINT_UNSCHEDULABLE, value: '', effect: 'NoSchedule' as const }];
  return { ...node, unschedulable: true, taints };
}

/**
 * A new node like `template`: same labels (but its own hostname), taints, allocatable and pool. It comes
 * up fresh: not cordoned, and without the `node.kubernetes.io/*` taints the lifecycle controller derives
 * from the template node's state (NotReady, pressure, cordon).
 */
export function freshCopy(template: NodeInfo, name: string): NodeInfo {
  const copy: NodeInfo = {
    ...template,
    name,
    labels: { ...template.labels, 'kubernetes.io/hostname': name },
    taints: template.taints.filter((t) => !t.key.startsWith('node.kubernetes.io/')),
    unschedulable: false,
    allocatable: { ...template.allocatable },
  };
  return copy;
}

/** `count` names `<base>-<i>` not taken yet, with i counting on from `start`. */
export function freshNames(base: string, count: number, taken: ReadonlySet<string>, start = 1): string[] {
  const names: string[] = [];
  for (let i = start; names.length < count; i++) {
    const name = `${base}-${i}`;
    if (!taken.has(name)) names.push(name);
  }
  return names;
}

export interface NodeTemplate {
  node: NodeInfo;
  /** A node of the snapshot the template is, or was copied from (its DaemonSet pods come along). */
  sibling?: string;
  /** Base for new node names. */
  namePrefix: string;
}

/**
 * Labels managed node groups put on their nodes, naming the group (GKE, EKS, eksctl, AKS, Karpenter): in a
 * captured snapshot, `--pool NAME` / `--scale-up NAME` find the pool's nodes by them.
 */
export const NODE_POOL_LABELS = [
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'alpha.eksctl.io/nodegroup-name',
  'kubernetes.azure.com/agentpool',
  'karpenter.sh/nodepool',
];

function poolOf(node: NodeInfo): string | undefined {
  if (node.pool !== undefined) return node.pool;
  for (const label of NODE_POOL_LABELS) if (node.labels[label] !== undefined) return node.labels[label];
  return undefined;
}

/**
 * The node a pool adds: one of its nodes in the snapshot (an inventory pool's, or a node group's by its
 * label), else its definition in an inventory (a pool may have `count: 0`: nothing runs there yet, which
 * is what scale-up planning starts from).
 */
export function poolTemplate(snapshot: ClusterSnapshot, pool: string): NodeTemplate | undefined {
  const member = snapshot.nodes.find((n) => poolOf(n) === pool);
  if (member) return { node: member, sibling: member.name, namePrefix: pool };
  for (const object of snapshot.objects ?? []) {
    if (object.ref.kind !== 'Inventory' || object.ref.apiVersion !== INVENTORY_API_VERSION) continue;
    const definition = asArray(object.raw.pools).map(asRecord).find((p) => p.name === pool);
    if (!definition) continue;
    // As src/read/cluster.ts expands an inventory pool.
    const { allocatable } = nodeAllocatable({ allocatable: { pods: DEFAULT_MAX_PODS, ...asRecord(definition.allocatable) } });
    const node: NodeInfo = {
      name: `${pool}-0`,
      labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...asStringMap(definition.labels) },
      taints: parseTaints(definition.taints),
      unschedulable: false,
      allocatable,
      source: object,
      pool,
    };
    if (typeof definition.kubeletVersion === 'string') node.kubeletVersion = definition.kubeletVersion;
    return { node, namePrefix: pool };
  }
  return undefined;
}

/** Pool names known to the snapshot, for "did you mean" style problems. */
export function poolNames(snapshot: ClusterSnapshot): string[] {
  const names = new Set<string>();
  for (const node of snapshot.nodes) {
    const pool = poolOf(node);
    if (pool !== undefined) names.add(pool);
  }
  for (const object of snapshot.objects ?? []) {
    if (object.ref.kind === 'Inventory' && object.ref.apiVersion === INVENTORY_API_VERSION) {
      for (const p of asArray(object.raw.pools)) if (typeof asRecord(p).name === 'string') names.add(asRecord(p).name as string);
    }
  }
  return [...names];
}

/** New nodes from a template, named `<namePrefix>-<n>` with the first free numbers. */
export function newNodes(template: NodeTemplate, count: number, taken: ReadonlySet<string>): NodeInfo[] {
  return freshNames(template.namePrefix, count, taken).map((name) => freshCopy(template.node, name));
}
