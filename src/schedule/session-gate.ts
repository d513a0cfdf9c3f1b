import type { CycleContext } from './framework.js';
import {
  NAME as POD_TOPOLOGY_SPREAD,
  globalMinOf,
  hasAllTopologyKeys,
  includesNode,
  podTopologySpread,
  spreadCounter,
  type ConstraintCounts,
} from './filters/pod-topology-spread.js';
import { matchesSelector } from '../model/selector.js';
import { countOn, countsOn, type NodeState, type PodCounter } from './state.js';
import { domainKeys } from './session-spread.js';

/**
 * PodTopologySpread's DoNotSchedule filter through a schedule session (schedule-session.ts), for
 * constraints by a topology key other than the hostname (zones, regions, racks). Its verdict on a node
 * depends only on the node's domain values and the domains' counts, so nodes with the same values open or
 * close together: the session keeps the other filters' verdicts per node and this one per set of values.
 *
 * The PreFilter state (domain counts over every eligible node of the cluster, the global minimum, whether
 * the pod matches its own selector) is kept up to date from the one placement between two replicas, as
 * `filterCounts` would count it; the verdict is the plugin's own `filter` on one node per set of values.
 */
export interface SpreadGate {
  counts: ConstraintCounts[];
  counters: (PodCounter | undefined)[];
  /** Per constraint: pods it counts on the node chosen last, before the replica was placed there. */
  countsBefore: number[];
  /** By node index: its domain values, which decide its verdict. */
  keys: readonly string[];
}

/** Only DoNotSchedule constraints by a key other than the hostname can gate a session. */
export function gateable(cycle: CycleContext): boolean {
  return cycle.template.topologySpread.every((c) => c.whenUnsatisfiable === 'DoNotSchedule' && c.topologyKey !== 'kubernetes.io/hostname');
}

/** The gate from the PreFilter state of the attempt that starts the session (undefined: the plugin skipped). */
export function startGate(cycle: CycleContext): SpreadGate | undefined {
  const counts = cycle.data.get(POD_TOPOLOGY_SPREAD) as ConstraintCounts[] | undefined;
  if (!counts) return undefined;
  return {
    counts: counts.map((entry) => ({ ...entry, domains: new Map(entry.domains) })),
    counters: counts.map((entry) => spreadCounter(cycle.state, cycle.namespace, entry.constraint)),
    countsBefore: [],
    keys: domainKeys(cycle.state, counts.map((entry) => entry.constraint.topologyKey)),
  };
}

/** The node's domain values: nodes with equal keys get the same verdict. */
export function gateKey(gate: SpreadGate, node: NodeState): string {
  return gate.keys[node.index]!;
}

export function gateChosen(gate: SpreadGate, node: NodeState): void {
  gate.countsBefore = countsOn(gate.counters, node);
}

/** The replica chosen last was placed on `node`; `cycle` is the next replica's. */
export function gatePlacedOn(gate: SpreadGate, cycle: CycleContext, node: NodeState): void {
  const constraints = gate.counts.map((entry) => entry.constraint);
  gate.counts.forEach((entry, i) => {
    const counter = gate.counters[i];
    const delta = (counter ? countOn(counter, node) : 0) - (gate.countsBefore[i] ?? 0);
    if (delta !== 0 && hasAllTopologyKeys(node, constraints) && includesNode(cycle, entry.constraint, node)) {
      const value = node.info.labels[entry.constraint.topologyKey]!;
      entry.domains.set(value, (entry.domains.get(value) ?? 0) + delta);
    }
    entry.globalMin = globalMinOf(entry);
    entry.selfMatch = matchesSelector(entry.constraint.selector, cycle.labels) ? 1 : 0;
  });
}

/** Whether the filter passes `node` (and every node with its key). */
export function gateOpen(gate: SpreadGate, cycle: CycleContext, node: NodeState): boolean {
  return podTopologySpread.filter(cycle, node, gate.counts) === undefined;
}
