import { formatAmount } from '../model/quantity.js';
import type { Pod, ResourceList } from '../schedule/cluster.js';
import type { WhatIf, NodeUsage } from './index.js';
import { ownerName, podKey } from './world.js';

/**
 * `placement.whatIf` in berth's JSON contract (src/schedule/types.ts): fields may be added, never renamed
 * or removed. Pods are `namespace/name`, owners `Kind/namespace/name` (null when unknown), quantities as
 * Kubernetes prints them, percentages of allocatable with one decimal.
 */
export interface WhatIfReport {
  scenario: { cordon: string[]; drain: string[]; removeNodes: string[]; addedNodes: string[]; force: boolean };
  nodes: { name: string; change: string | null; before: NodeUsageReport | null; after: NodeUsageReport | null }[];
  /** The manifests' Pending pods the scenario lets the scheduler place (on added nodes, or where a drain freed room). */
  scheduled: { pod: string; owner: string | null; node: string }[];
  /** Evicted pods whose replacement runs elsewhere. */
  moves: { pod: string; owner: string | null; from: string; to: string }[];
  /** Evicted pods whose replacement fits nowhere (message without the PostFilter part is in `reason`). */
  pending: { pod: string; owner: string | null; from: string; message: string }[];
  /** Pods deleted with nothing to recreate them (no controller, `--force`). */
  lost: { pod: string; from: string; message: string }[];
  /** Evictions refused for good: PodDisruptionBudgets, or pods without a controller (no `--force`). */
  blocked: { pod: string; owner: string | null; node: string; reason: string; budget: string | null; message: string }[];
  /** What berth assumed or left out, one line each. */
  notes: string[];
  headroom: { workload: string; fits: number; nodes: Record<string, number>; stoppedBy: string | null }[];
  scaleUp: {
    pool: string;
    nodes: number | null;
    limit: number;
    search: string;
    /** Node counts simulated, in order. */
    tried: number[];
    newNodes: string[];
    pods: { pod: string; node: string | null; message: string | null }[];
  } | null;
}

export interface NodeUsageReport {
  pods: number;
  cpu: string;
  memory: string;
  cpuPercent: number;
  memoryPercent: number;
}

export function toWhatIfReport(whatIf: WhatIf): WhatIfReport {
  const owner = (pod: Pod) => {
    const origin = whatIf.origins.get(podKey(pod));
    return (origin && ownerName(origin)) ?? null;
  };
  const evicted = whatIf.drain?.evicted ?? [];
  const o = whatIf.options;
  return {
    scenario: {
      cordon: [...(o.cordon ?? [])],
      drain: [...(o.drain ?? [])],
      removeNodes: [...(o.removeNodes ?? [])],
      addedNodes: whatIf.added,
      force: o.force === true,
    },
    nodes: whatIf.nodes.map((n) => ({ name: n.name, change: n.change ?? null, before: usage(n.before), after: usage(n.after) })),
    scheduled: whatIf.scheduledOnAdded.map((s) => ({ pod: podKey(s.pod), owner: owner(s.pod), node: s.node })),
    moves: evicted.filter((e) => e.to !== undefined).map((e) => ({ pod: podKey(e.pod), owner: owner(e.pod), from: e.from, to: e.to! })),
    pending: evicted.filter((e) => e.to === undefined && !e.lost).map((e) => ({ pod: podKey(e.pod), owner: owner(e.pod), from: e.from, message: e.fullMessage ?? e.message ?? '' })),
    lost: evicted.filter((e) => e.lost).map((e) => ({ pod: podKey(e.pod), from: e.from, message: e.message ?? '' })),
    blocked: (whatIf.drain?.blocked ?? []).map((b) => ({
      pod: podKey(b.pod),
      owner: owner(b.pod),
      node: b.node,
      reason: b.reason,
      budget: b.budgets.length > 0 ? b.budgets.map((x) => `${x.namespace}/${x.name}`).join(', ') : null,
      message: b.message,
    })),
    notes: whatIf.notes,
    headroom: whatIf.headroom.map((h) => {
      const ref = h.workload.workload.ref;
      return { workload: `${ref.kind}/${ref.namespace}/${ref.name}`, fits: h.fits, nodes: h.nodes, stoppedBy: h.stoppedBy ?? null };
    }),
    scaleUp: whatIf.scaleUp
      ? {
          pool: whatIf.scaleUp.pool,
          nodes: whatIf.scaleUp.nodes ?? null,
          limit: whatIf.scaleUp.limit,
          search: whatIf.scaleUp.search,
          tried: whatIf.scaleUp.tried,
          newNodes: whatIf.scaleUp.newNodes,
          pods: whatIf.scaleUp.placements.map((p) => ({ pod: podKey(p.pod), node: p.node ?? null, message: p.node === undefined ? p.fullMessage : null })),
        }
      : null,
  };
}

export function usage(node: NodeUsage | undefined): NodeUsageReport | null {
  if (!node) return null;
  return {
    pods: node.pods,
    cpu: formatAmount('cpu', node.requested.cpu ?? 0),
    memory: formatAmount('memory', node.requested.memory ?? 0),
    cpuPercent: percent(node.requested, node.allocatable, 'cpu'),
    memoryPercent: percent(node.requested, node.allocatable, 'memory'),
  };
}

function percent(requested: ResourceList, allocatable: ResourceList, name: string): number {
  const total = allocatable[name] ?? 0;
  if (total <= 0) return 0;
  return Math.round(((requested[name] ?? 0) / total) * 1000) / 10;
}
