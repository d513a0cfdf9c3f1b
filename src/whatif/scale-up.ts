import type { NodeInfo, Pod } from '../schedule/cluster.js';
import { daemonSetPods } from '../schedule/daemonset.js';
import type { WorkloadOutcome } from '../schedule/result.js';
import { newNodes, type NodeTemplate } from './nodes.js';
import { buildState, schedulePods, type Placement, type Resident, type WorldContext } from './world.js';
import { podKind } from './drain.js';

/**
 * `--scale-up POOL`: the smallest number of nodes of a pool that makes every Pending pod schedulable — the
 * question cluster-autoscaler's scale-up simulation answers. Each candidate count n is tried on a fresh
 * copy of the scenario's final state plus n new nodes (with the DaemonSet pods they get), scheduling the
 * Pending pods as the simulator would; running pods stay where they are, as they would in a real scale-up.
 */

export interface ScaleUp {
  pool: string;
  /** The smallest count that works; undefined when even `limit` nodes leave pods Pending. */
  nodes?: number;
  /** The largest count berth tried. */
  limit: number;
  search: 'binary' | 'linear';
  /** Counts tried, in order. */
  tried: number[];
  /** The Pending pods' fate with `nodes` new nodes (or with `limit` when none works). */
  placements: Placement[];
  newNodes: string[];
}

export const SCALE_UP_LIMIT = 1000;

export interface ScaleUpInput {
  context: WorldContext;
  template: NodeTemplate;
  pool: string;
  /** The scenario's final nodes and running pods. */
  nodes: readonly NodeInfo[];
  running: readonly Resident[];
  /** Pods Pending at the end of the scenario, in queue-relevant order. */
  pending: readonly Pod[];
  daemonSets: readonly WorkloadOutcome[];
}

export function scaleUp(input: ScaleUpInput): ScaleUp {
  const taken = new Set(input.nodes.map((n) => n.name));
  const minDomains = Math.max(0, ...input.pending.flatMap((p) => p.template.topologySpread.map((c) => c.minDomains)));
  const limit = Math.min(SCALE_UP_LIMIT, Math.max(1, input.pending.length, minDomains));
  const tried: number[] = [];
  const attempts = new Map<number, { placements: Placement[]; names: string[]; ok: boolean }>();
  const attempt = (count: number) => {
    let found = attempts.get(count);
    if (!found) {
      tried.push(count);
      const added = newNodes(input.template, count, taken);
      const { extraResidents, daemonPods } = daemonSetPodsFor(added, input);
      const state = buildState([...input.nodes, ...added], [...input.running, ...extraResidents], input.context);
      const placements = schedulePods(state, [...daemonPods, ...input.pending]).slice(daemonPods.length);
      found = { placements, names: added.map((n) => n.name), ok: placements.every((p) => p.node !== undefined) };
      attempts.set(count, found);
    }
    return found;
  };
  const search = monotonic(input.pending) ? 'binary' : 'linear';
  const result: ScaleUp = { pool: input.pool, limit, search, tried, placements: [], newNodes: [] };
  if (input.pending.length === 0) return { ...result, nodes: 0 };
  const least = capacityLowerBound(input);
  let answer: number | undefined;
  if (least > limit) {
    // Not even one new node per Pending pod holds them: no count works (the pods' messages come from `limit`).
  } else if (search === 'linear') {
    for (let n = least; n <= limit && answer === undefined; n++) if (attempt(n).ok) answer = n;
  } else if (attempt(limit).ok) {
    // Smallest n in [least, limit] with attempt(n).ok; attempt(limit) holds.
    let low = least;
    let high = limit;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (attempt(mid).ok) high = mid;
      else low = mid + 1;
    }
    answer = low;
  }
  const shown = attempt(answer ?? limit);
  return { ...result, ...(answer !== undefined ? { nodes: answer } : {}), placements: shown.placements, newNodes: shown.names };
}

/**
 * No fewer nodes can work: per resource (cpu, memory, pod slots), what the Pending pods request beyond the
 * free room of the schedulable nodes, over one new node's allocatable. Sound whatever the constraints (room
 * is necessary, never sufficient), so both searches start there instead of at 1.
 */
export function capacityLowerBound(input: Pick<ScaleUpInput, 'nodes' | 'running' | 'pending' | 'template'>): number {
  const used = new Map<string, Record<string, number>>();
  for (const { pod, node } of input.running) {
    const u = used.get(node) ?? { pods: 0 };
    for (const [name, amount] of Object.entries(pod.template.requests)) if (name !== 'pods') u[name] = (u[name] ?? 0) + amount;
    u.pods = (u.pods ?? 0) + 1;
    used.set(node, u);
  }
  let least = 1;
  for (const resource of ['cpu', 'memory', 'pods']) {
    const need = input.pending.reduce((sum, p) => sum + (resource === 'pods' ? 1 : (p.template.requests[resource] ?? 0)), 0);
    if (need === 0) continue;
    const free = input.nodes
      .filter((n) => !n.unschedulable)
      .reduce((sum, n) => sum + Math.max(0, (n.allocatable[resource] ?? 0) - (used.get(n.name)?.[resource] ?? 0)), 0);
    const perNode = input.template.node.allocatable[resource] ?? 0;
    if (need <= free) continue;
    least = Math.max(least, perNode > 0 ? Math.ceil((need - free) / perNode) : Number.POSITIVE_INFINITY);
  }
  return least;
}

/**
 * Binary search needs "n nodes suffice ⇒ n+1 nodes suffice". Without inter-pod constraints every filter a
 * pending pod meets is node-local (resources, ports, taints, node selection, pod count): an extra empty
 * node only adds a candidate. Required (anti-)affinity and DoNotSchedule topology spread are not: a new
 * empty domain lowers the spread minimum, and placements of other pods shift. Those get a linear search.
 */
function monotonic(pending: readonly Pod[]): boolean {
  return pending.every(({ template: t }) =>
    t.requiredAffinity.length === 0 && t.requiredAntiAffinity.length === 0 && t.topologySpread.every((c) => c.whenUnsatisfiable !== 'DoNotSchedule'));
}

/**
 * What a new node runs besides the Pending pods: the snapshot's DaemonSet pods of the node it was copied
 * from (as cluster-autoscaler's node templates carry them), and a pod of every manifest DaemonSet whose
 * node selection takes the new node (those are scheduled, pinned to it, like the simulator's).
 */
export function daemonSetPodsFor(added: readonly NodeInfo[], input: { running: readonly Resident[]; template: NodeTemplate; daemonSets: readonly WorkloadOutcome[] }): { extraResidents: Resident[]; daemonPods: Pod[] } {
  const extraResidents: Resident[] = [];
  const sibling = input.template.sibling;
  if (sibling !== undefined) {
    const templatePods = input.running.filter((r) => r.node === sibling && r.origin.kind === 'snapshot' && podKind(r.origin) === 'daemonset');
    for (const node of added) {
      for (const r of templatePods) extraResidents.push({ pod: { ...r.pod, name: `${r.pod.name}-${node.name}`, nodeName: node.name }, node: node.name, origin: r.origin });
    }
  }
  const daemonPods = input.daemonSets.flatMap((outcome) => daemonSetPods(outcome.template, added, outcome.workload.ref.name).map((p) => p.pod));
  return { extraResidents, daemonPods };
}
