import type { HostPort, Taint } from './cluster.js';
import type { FilterDetail, InsufficientResource, Status } from './framework.js';
import type { PendingOutcome } from './result.js';
import type { PlacedPod } from './state.js';

/**
 * What a Pending pod's per-node verdicts say, grouped for the placement rules: which plugin rejected which
 * nodes, which taint on which nodes, which port is taken by which pod, and how far each resource is from
 * fitting on the node that comes closest. All read from `verdicts`, nothing recomputed.
 */
type Unschedulable = Extract<PendingOutcome, { why: 'unschedulable' }>;

/** Plugin name → nodes it rejected (absent nodes under `framework`), in snapshot node order. */
export function nodesByPlugin(outcome: Unschedulable): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const v of outcome.verdicts) {
    if (!v.status) continue;
    const list = out.get(v.status.plugin) ?? [];
    list.push(v.node);
    out.set(v.status.plugin, list);
  }
  return out;
}

function details<K extends FilterDetail['kind']>(outcome: Unschedulable, kind: K): { node: string; status: Status; detail: Extract<FilterDetail, { kind: K }> }[] {
  const out: { node: string; status: Status; detail: Extract<FilterDetail, { kind: K }> }[] = [];
  for (const v of outcome.verdicts) {
    if (v.status?.detail?.kind === kind) out.push({ node: v.node, status: v.status, detail: v.status.detail as Extract<FilterDetail, { kind: K }> });
  }
  return out;
}

/** The first untolerated taint of each rejecting node, grouped: `key=value:effect` → nodes. */
export function untoleratedTaints(outcome: Unschedulable): { taint: Taint; nodes: string[] }[] {
  const groups = new Map<string, { taint: Taint; nodes: string[] }>();
  for (const { node, detail } of details(outcome, 'taint')) {
    const key = `${detail.taint.key}\u0000${detail.taint.value}\u0000${detail.taint.effect}`;
    const group = groups.get(key) ?? { taint: detail.taint, nodes: [] };
    group.nodes.push(node);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Per rejecting node, the wanted host ports that are taken and the pods holding them. */
export function takenPorts(outcome: Unschedulable): { node: string; port: HostPort; heldBy: PlacedPod[] }[] {
  return details(outcome, 'ports').flatMap(({ node, detail }) => detail.conflicts.map((c) => ({ node, port: c.port, heldBy: c.heldBy })));
}

export interface Shortfall extends InsufficientResource {
  node: string;
  /** requested − (allocatable − used): how much more the node would need. */
  short: number;
}

/**
 * For each insufficient resource, the node where it is closest to fitting (smallest shortfall; ties: the
 * node that comes first in the snapshot). `pods` shortfalls are counted in pods.
 */
export function closestFits(outcome: Unschedulable): Map<string, Shortfall> {
  const best = new Map<string, Shortfall>();
  for (const { node, detail } of details(outcome, 'resources')) {
    for (const r of detail.insufficient) {
      const short = r.requested - (r.allocatable - r.used);
      const current = best.get(r.resource);
      if (!current || short < current.short) best.set(r.resource, { ...r, node, short });
    }
  }
  return best;
}

/** Nodes that fail only because of resources (NodeResourcesFit was their first failing filter). */
export function nodesShortOnResources(outcome: Unschedulable): string[] {
  return details(outcome, 'resources').map((d) => d.node);
}
