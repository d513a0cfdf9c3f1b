import type { HostPort, Pod, PodAffinityTerm, PodTemplate, Taint, TopologySpreadConstraint } from './cluster.js';
import type { ClusterState, NodeState, PlacedPod } from './state.js';
import { podLabels } from './state.js';
import { staticChecksFor, type StaticChecks } from './static-checks.js';

/**
 * A tiny scheduling framework after pkg/scheduler/framework/runtime/framework.go: PreFilter plugins run in
 * profile order and may reject the pod, skip their own Filter, or narrow the candidate nodes; Filter
 * plugins run per node in profile order and the first non-success decides that node's status.
 */

/** U = Unschedulable (preemption may help), UU = UnschedulableAndUnresolvable. */
export type Code = 'U' | 'UU';

export interface Status {
  plugin: string;
  code: Code;
  /** Upstream's reason strings; each is one histogram entry of the FitError message. */
  reasons: string[];
  /** What berth knows beyond the reason (which taint, which port and who holds it, how much is short). */
  detail?: FilterDetail;
}

export interface InsufficientResource {
  resource: string;
  reason: string;
  requested: number;
  /** Already requested on the node by the pods bound to it (for `pods`: the pod count). */
  used: number;
  allocatable: number;
  /** The request alone exceeds the node's allocatable (UU from 1.34). */
  unresolvable: boolean;
}

export type FilterDetail =
  | { kind: 'taint'; taint: Taint }
  | { kind: 'ports'; conflicts: { port: HostPort; heldBy: PlacedPod[] }[] }
  | { kind: 'resources'; insufficient: InsufficientResource[] }
  | {
      kind: 'spread';
      constraint: TopologySpreadConstraint;
      /** Index in the pod's DoNotSchedule constraints. */
      index: number;
      domain?: string;
      matching: number;
      selfMatch: number;
      globalMin: number;
      skew: number;
    }
  | { kind: 'pod-affinity'; terms: PodAffinityTerm[] }
  | { kind: 'pod-anti-affinity'; term: PodAffinityTerm; blockers: PlacedPod[] }
  | { kind: 'existing-anti-affinity'; blockers: { pod: PlacedPod; term: PodAffinityTerm }[] };

/** Everything one scheduling attempt of one pod needs; PreFilter states live in `data`. */
export interface CycleContext {
  state: ClusterState;
  pod: Pod;
  template: PodTemplate;
  namespace: string;
  labels: Record<string, string>;
  /** Template × node facts that never change during the simulation (taints, node affinity). */
  statics: StaticChecks;
  data: Map<string, unknown>;
}

export type PreFilterOutcome<S> =
  | { kind: 'skip' }
  | { kind: 'reject'; status: Status }
  | { kind: 'ok'; state: S; nodeNames?: ReadonlySet<string> };

export interface FilterPlugin<S = undefined> {
  name: string;
  preFilter?(cycle: CycleContext): PreFilterOutcome<S>;
  filter(cycle: CycleContext, node: NodeState, state: S): Status | undefined;
  /** `filter(...) === undefined` without building a status, where that is the costly part. */
  passes?(cycle: CycleContext, node: NodeState, state: S): boolean;
}

export function newCycle(state: ClusterState, pod: Pod): CycleContext {
  return {
    state,
    pod,
    template: pod.template,
    namespace: pod.template.namespace,
    labels: podLabels(pod),
    statics: staticChecksFor(state, pod.template),
    data: new Map(),
  };
}

export interface PreFilterResult {
  /** Set when a PreFilter rejected the pod: every node gets this status, Filter does not run. */
  rejected?: Status;
  /** Undefined = all nodes; otherwise only these existing nodes are filtered, the rest are "absent". */
  nodeNames?: Set<string>;
  /** Plugins that returned a node subset (named in the absent-node status). */
  subsetPlugins: string[];
  /** Plugins whose PreFilter returned Skip: their Filter does not run. */
  skipped: Set<string>;
}

/**
 * `RunPreFilterPlugins`: a UU rejection returns at once, a U rejection is remembered (the last wins) while
 * the others still run; node subsets are intersected, and an empty intersection is a UU rejection.
 */
export function runPreFilters(cycle: CycleContext, plugins: readonly FilterPlugin<unknown>[]): PreFilterResult {
  const result: PreFilterResult = { subsetPlugins: [], skipped: new Set() };
  let unresolvedU: Status | undefined;
  for (const plugin of plugins) {
    if (!plugin.preFilter) continue;
    const outcome = plugin.preFilter(cycle);
    if (outcome.kind === 'skip') {
      result.skipped.add(plugin.name);
      continue;
    }
    if (outcome.kind === 'reject') {
      if (outcome.status.code === 'UU') return { ...result, rejected: outcome.status };
      unresolvedU = outcome.status;
      continue;
    }
    cycle.data.set(plugin.name, outcome.state);
    if (outcome.nodeNames) {
      result.subsetPlugins.push(plugin.name);
      result.nodeNames = result.nodeNames ? new Set([...result.nodeNames].filter((n) => outcome.nodeNames!.has(n))) : new Set(outcome.nodeNames);
      if (result.nodeNames.size === 0) {
        const names = [...result.subsetPlugins].sort();
        const reason = names.length === 1 ? `node(s) didn't satisfy plugin ${names[0]}` : `node(s) didn't satisfy plugin(s) [${names.join(' ')}] simultaneously`;
        return { ...result, rejected: { plugin: 'framework', code: 'UU', reasons: [reason] } };
      }
    }
  }
  return unresolvedU ? { ...result, rejected: unresolvedU } : result;
}

/** `RunFilterPlugins`: the first plugin that does not pass decides the node's status. */
export function runFilters(cycle: CycleContext, node: NodeState, plugins: readonly FilterPlugin<unknown>[], pre: PreFilterResult): Status | undefined {
  return activeFilters(cycle, plugins, pre)(node);
}

/**
 * The filters that run for this cycle (PreFilter Skip drops a plugin), bound to their PreFilter state, as
 * one function per node: resolved once per pod rather than once per node.
 */
export function activeFilters(cycle: CycleContext, plugins: readonly FilterPlugin<unknown>[], pre: PreFilterResult): (node: NodeState) => Status | undefined {
  const active = plugins.filter((p) => !pre.skipped.has(p.name));
  const states = active.map((p) => cycle.data.get(p.name));
  return (node) => {
    for (let i = 0; i < active.length; i++) {
      const status = active[i]!.filter(cycle, node, states[i]);
      if (status) return status;
    }
    return undefined;
  };
}

/** The PreFilter result with these plugins' Filters left out too (their verdict is known another way). */
export function withSkipped(pre: PreFilterResult, names: readonly string[]): PreFilterResult {
  return { ...pre, skipped: new Set([...pre.skipped, ...names]) };
}

/** `activeFilters` when only the verdict matters: whether the node passes them all. */
export function activePasses(cycle: CycleContext, plugins: readonly FilterPlugin<unknown>[], pre: PreFilterResult): (node: NodeState) => boolean {
  const active = plugins.filter((p) => !pre.skipped.has(p.name));
  const states = active.map((p) => cycle.data.get(p.name));
  return (node) => {
    for (let i = 0; i < active.length; i++) {
      const plugin = active[i]!;
      if (plugin.passes ? !plugin.passes(cycle, node, states[i]) : plugin.filter(cycle, node, states[i]) !== undefined) return false;
    }
    return true;
  };
}

/** Lets each plugin keep a typed PreFilter state while the framework stores them side by side. */
export function erase<S>(plugin: FilterPlugin<S>): FilterPlugin<unknown> {
  return plugin as unknown as FilterPlugin<unknown>;
}
