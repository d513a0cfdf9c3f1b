/**
 * What-if scenarios over the placement simulation (`berth check --cluster ... --drain NODE` etc.):
 *
 *   runWhatIf(context, options) → { whatIf, problems }
 *
 * The scenario starts from the simulation's final state (src/whatif/world.ts), changes the nodes
 * (nodes.ts: add, cordon, remove), drains (drain.ts, with PodDisruptionBudgets from pdb.ts) and reschedules
 * the evicted pods, then answers the questions asked of the resulting cluster: headroom of a workload
 * (headroom.ts) and the scale-up a pool needs for every Pending pod (scale-up.ts). JSON: report.ts.
 */
import type { NodeInfo, Pod, ResourceList } from '../schedule/cluster.js';
import type { SimulationResult, WorkloadOutcome } from '../schedule/result.js';
import { budgetsFrom, type Budget } from './pdb.js';
import { drain, type DrainResult } from './drain.js';
import { findWorkload, headroom, type Headroom } from './headroom.js';
import { workloadFromFile } from './template-file.js';
import { cordoned, matchNodes, newNodes, NODE_POOL_LABELS, poolNames, poolTemplate, type NodeTemplate } from './nodes.js';
import { daemonSetPodsFor, scaleUp, type ScaleUp } from './scale-up.js';
import { buildState, podKey, replacementPod, residentPods, schedulePods, type PodOrigin, type Resident, type WorldContext } from './world.js';
import { place, type ClusterState } from '../schedule/state.js';
import { DEFAULT_SCHEDULER } from '../model/pod.js';

export interface WhatIfOptions {
  /** Node names or globs to cordon (`--cordon`, repeatable). */
  cordon?: readonly string[];
  /** Nodes to drain (`--drain`): cordon, evict, reschedule. */
  drain?: readonly string[];
  /** Nodes to drain and then delete (`--remove-node`). */
  removeNodes?: readonly string[];
  /** `--force`: pods without a controller are deleted (and lost) instead of stopping the drain. */
  force?: boolean;
  /** `--add-nodes N --like NODE` / `--add-nodes N --pool NAME`. */
  addNodes?: { count: number; like?: string; pool?: string };
  /** Workloads to measure headroom for (`--headroom`, repeatable): a manifest workload's name, or a file with one. */
  headroom?: readonly string[];
  /** Pool to size a scale-up with (`--scale-up`). */
  scaleUp?: string;
}

export function hasWhatIf(options: WhatIfOptions | undefined): boolean {
  if (!options) return false;
  return Boolean(options.cordon?.length || options.drain?.length || options.removeNodes?.length || options.addNodes || options.headroom?.length || options.scaleUp);
}

export type NodeChange = 'cordoned' | 'drained' | 'removed' | 'added';

export interface NodeUsage {
  pods: number;
  requested: ResourceList;
  allocatable: ResourceList;
}

export interface NodeComparison {
  name: string;
  change?: NodeChange;
  before?: NodeUsage;
  after?: NodeUsage;
}

export interface WhatIf {
  options: WhatIfOptions;
  nodes: NodeComparison[];
  added: string[];
  /** The manifests' Pending pods that the scenario lets the scheduler place (on added nodes, or once a drain freed room). */
  scheduledOnAdded: { pod: Pod; node: string }[];
  drain?: DrainResult;
  /** What berth assumed or left out, one line each (PDBs it cannot read, DaemonSet pods an added node cannot run). */
  notes: string[];
  headroom: Headroom[];
  scaleUp?: ScaleUp;
  budgets: Budget[];
  /** Where each running or evicted pod comes from, by `namespace/name`. */
  origins: Map<string, PodOrigin>;
}

export interface WhatIfProblem {
  /** The flag the problem is about (`--drain`), used as the problem's file. */
  flag: string;
  message: string;
}

export function runWhatIf(context: WorldContext, options: WhatIfOptions): { whatIf?: WhatIf; problems: WhatIfProblem[] } {
  const { snapshot, simulation } = context;
  const problems: WhatIfProblem[] = [];
  const messages = (flag: string) => {
    const list: string[] = [];
    return { list, flush: () => problems.push(...list.map((message) => ({ flag, message }))) };
  };

  const residents = residentPods(context);
  const origins = new Map<string, PodOrigin>(residents.map((r) => [podKey(r.pod), r.origin]));
  for (const outcome of simulation.workloads) for (const { pod } of outcome.pods) if (!origins.has(podKey(pod))) origins.set(podKey(pod), { kind: 'manifest', outcome });
  const byName = new Map(snapshot.nodes.map((n) => [n.name, n]));

  const selected = (flag: string, patterns: readonly string[] | undefined) => {
    const m = messages(flag);
    const names = matchNodes(patterns ?? [], snapshot.nodes, flag, m.list);
    m.flush();
    return names;
  };
  const toCordon = selected('--cordon', options.cordon);
  const toDrain = selected('--drain', options.drain);
  const toRemove = selected('--remove-node', options.removeNodes);

  let template: NodeTemplate | undefined;
  let added: NodeInfo[] = [];
  if (options.addNodes) {
    template = addTemplate(context, options.addNodes, problems);
    if (template) added = newNodes(template, options.addNodes.count, new Set(byName.keys()));
  }
  let scaleTemplate: NodeTemplate | undefined;
  if (options.scaleUp !== undefined) {
    scaleTemplate = poolTemplate(snapshot, options.scaleUp);
    if (!scaleTemplate) problems.push({ flag: '--scale-up', message: unknownPool(options.scaleUp, poolNames(snapshot)) });
  }
  const headroomTargets = (options.headroom ?? []).flatMap((spec) => {
    const found = headroomTarget(spec, context);
    if (typeof found !== 'string') return [found];
    problems.push({ flag: '--headroom', message: found });
    return [];
  });
  if (problems.length > 0) return { problems };

  const changeOf = (name: string): NodeChange | undefined =>
    toRemove.has(name) ? 'removed' : toDrain.has(name) ? 'drained' : toCordon.has(name) ? 'cordoned' : undefined;
  const nodes = [
    ...snapshot.nodes.filter((n) => !toRemove.has(n.name)).map((n) => (changeOf(n.name) ? cordoned(n) : n)),
    ...added,
  ];
  const state = buildState(nodes, residents, context);

  const notes: string[] = [];
  // The manifests' Pending pods: the scheduler retries them when nodes join.
  let stillPending = manifestPendingPods(simulation);
  const scheduledOnAdded: { pod: Pod; node: string }[] = [];
  if (added.length > 0 && template) {
    const { extraResidents, daemonPods } = daemonSetPodsFor(added, { running: residents, template, daemonSets: daemonSets(simulation) });
    for (const r of extraResidents) place(state, r.pod, state.byName.get(r.node)!, 'snapshot');
    const placements = schedulePods(state, [...daemonPods, ...stillPending]);
    for (const placement of placements.slice(0, daemonPods.length)) {
      if (placement.node === undefined) notes.push(`DaemonSet pod ${podKey(placement.pod)} does not fit its added node: ${placement.message}`);
    }
    const retried = placements.slice(daemonPods.length);
    for (const placement of retried) if (placement.node !== undefined) scheduledOnAdded.push({ pod: placement.pod, node: placement.node });
    stillPending = retried.filter((p) => p.node === undefined).map((p) => p.pod);
  }

  const budgetProblems: string[] = [];
  const budgets = budgetsFrom(snapshot.objects ?? [], context.objects, budgetProblems);
  const nodeOrder = new Map(snapshot.nodes.map((n, i) => [n.name, i]));
  const draining = residents
    .filter((r) => toDrain.has(r.node) || toRemove.has(r.node))
    .sort((a, b) => nodeOrder.get(a.node)! - nodeOrder.get(b.node)!);
  const drained = toDrain.size + toRemove.size > 0 ? drain({ state, draining, residents, budgets, force: options.force === true, pending: stillPending }) : undefined;
  for (const [pod, node] of drained?.retried ?? []) scheduledOnAdded.push({ pod, node });
  if (drained) stillPending = stillPending.filter((pod) => !drained.retried.has(pod));

  const comparisons = nodeComparisons(simulation, state, added, changeOf);
  const headrooms = headroomTargets.map((target) => headroom(state, target));

  let scale: ScaleUp | undefined;
  if (scaleTemplate) {
    const running: Resident[] = state.placed.map((p) => ({ pod: p.pod, node: p.node.info.name, origin: origins.get(podKey(p.pod)) ?? { kind: 'snapshot' } }));
    scale = scaleUp({
      context,
      template: scaleTemplate,
      pool: options.scaleUp!,
      nodes: state.nodes.map((n) => n.info),
      running,
      pending: [...stillPending, ...evictedPending(drained)],
      daemonSets: daemonSets(simulation),
    });
  }

  notes.push(...budgetProblems);
  const whatIf: WhatIf = {
    options,
    nodes: comparisons,
    added: added.map((n) => n.name),
    scheduledOnAdded,
    ...(drained ? { drain: drained } : {}),
    notes,
    headroom: headrooms,
    ...(scale ? { scaleUp: scale } : {}),
    budgets,
    origins,
  };
  return { whatIf, problems };
}

/** The workload `--headroom SPEC` names, or why it cannot be sized. */
function headroomTarget(spec: string, context: WorldContext): WorkloadOutcome | string {
  const found = findWorkload(context.simulation.workloads, spec, () => workloadFromFile(spec, context));
  if (typeof found === 'string') return found;
  if (found.workload.perNode) return `--headroom ${spec}: a DaemonSet runs one pod per eligible node; it has no replicas to add`;
  if (found.template.schedulerName !== DEFAULT_SCHEDULER) return `--headroom ${spec}: its pods use schedulerName "${found.template.schedulerName}"; berth predicts only the default scheduler`;
  return found;
}

/** Every node before (the placement simulation) and after (the scenario), snapshot order, added nodes last. */
function nodeComparisons(simulation: SimulationResult, state: ClusterState, added: readonly NodeInfo[], changeOf: (name: string) => NodeChange | undefined): NodeComparison[] {
  const usageOf = (name: string): NodeUsage | undefined => {
    const node = state.byName.get(name);
    return node ? { pods: node.pods.length, requested: { ...node.requested }, allocatable: node.info.allocatable } : undefined;
  };
  const existing = simulation.nodes.map((n): NodeComparison => {
    const change = changeOf(n.info.name);
    const after = usageOf(n.info.name);
    return {
      name: n.info.name,
      ...(change ? { change } : {}),
      before: { pods: n.podCount, requested: n.requested, allocatable: n.info.allocatable },
      ...(after ? { after } : {}),
    };
  });
  return [...existing, ...added.map((n): NodeComparison => ({ name: n.name, change: 'added', after: usageOf(n.name)! }))];
}

function addTemplate(context: WorldContext, add: NonNullable<WhatIfOptions['addNodes']>, problems: WhatIfProblem[]): NodeTemplate | undefined {
  const { snapshot } = context;
  if (add.like !== undefined) {
    const node = snapshot.nodes.find((n) => n.name === add.like);
    if (!node) {
      problems.push({ flag: '--like', message: `--like ${add.like}: no node of the cluster snapshot is called that` });
      return undefined;
    }
    return { node, sibling: node.name, namePrefix: node.pool ?? `${node.name}-copy` };
  }
  const pool = add.pool!;
  const template = poolTemplate(snapshot, pool);
  if (!template) problems.push({ flag: '--pool', message: unknownPool(pool, poolNames(snapshot)) });
  return template;
}

function unknownPool(pool: string, known: readonly string[]): string {
  const list = known.length > 0 ? `known pools: ${known.join(', ')}` : 'it has no pools';
  return `pool "${pool}" is not in the cluster snapshot (${list}); pools come from a berth Inventory or a node group label such as ${NODE_POOL_LABELS[0]}`;
}

function daemonSets(simulation: SimulationResult) {
  return simulation.workloads.filter((w) => w.workload.perNode);
}

/**
 * The manifests' pods that more nodes could help: unschedulable ones and StatefulSet ordinals waiting for
 * them (not gated pods, pods for another scheduler or pinned by `spec.nodeName`).
 */
function manifestPendingPods(simulation: SimulationResult): Pod[] {
  const pods: Pod[] = [];
  for (const outcome of simulation.workloads) {
    for (const pod of outcome.pods) {
      if ((pod.state === 'pending' && (pod.why === 'unschedulable' || pod.why === 'no-nodes')) || pod.state === 'not-created') pods.push(pod.pod);
    }
  }
  return pods;
}

function evictedPending(drained: DrainResult | undefined): Pod[] {
  return (drained?.evicted ?? []).filter((e) => !e.lost && e.to === undefined).map((e) => replacementPod(e.pod));
}
