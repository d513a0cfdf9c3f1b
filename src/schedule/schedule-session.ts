import type { Pod, PodTemplate } from './cluster.js';
import { activeFilters, newCycle, runPreFilters, type CycleContext, type PreFilterResult, type Status } from './framework.js';
import { FILTERS } from './filters/index.js';
import { SCORES, selectFromTable, type ScoreTable, type Selection } from './scores/index.js';
import type { ScorePlugin } from './scores/score-plugin.js';
import { ownerTermsFor, podLabels, type ClusterState, type NodeState, type OwnerTermGroup } from './state.js';
import { termMatches } from './pod-terms.js';
import { NAME as POD_TOPOLOGY_SPREAD } from './filters/pod-topology-spread.js';
import { NAME as INTER_POD_AFFINITY } from './filters/inter-pod-affinity.js';

/**
 * Replicas of one template scheduled one after the other (the queue's usual order) without re-filtering and
 * re-scoring every node for every replica, with exactly the results of doing so (performance issue).
 *
 * A session starts when a pod's filters depend only on its template and the node it is checked on — no
 * DoNotSchedule topology spread and no inter-pod (anti-)affinity filter, no own pod (anti-)affinity terms,
 * no PreFilter node subset, no `nodeName` — and it was placed. If the only change to the cluster since then
 * is that pod landing on node X (ClusterState.changes moved by exactly one, and the last placed pod is it),
 * the next replica with the same labels sees:
 *
 * - the same filter verdicts on every node but X: the remaining filters read only that node's pods,
 *   resources and ports and template × node facts; only X is filtered again (it can only lose feasibility);
 * - the same raw scores on every node but X from every Score plugin except PodTopologySpread: TaintToleration,
 *   NodeAffinity and ImageLocality read template × node facts, NodeResourcesFit and BalancedAllocation the
 *   node's own requests, InterPodAffinity the terms of placed pods — none of which this template has.
 *   PodTopologySpread counts matching pods per domain (the zone of X changes for every node in it), so it is
 *   scored again over all feasible nodes, as are every plugin's normalisation, the weights and the totals.
 *
 * Required anti-affinity with topologyKey kubernetes.io/hostname (one replica per node) qualifies too when
 * every node has its own hostname value: a placement then changes that plugin's verdict on X alone, so X is
 * filtered again with a fresh PreFilter; its score is untouched (InterPodAffinity scores no required
 * anti-affinity).
 *
 * Replicas whose own labels differ (StatefulSet pod names) continue the session only when they match exactly
 * the same terms of placed pods as the pod that started it: those terms are all the labels are read for.
 * Anything else (another template, a detach, two changes) ends the session and the full path runs.
 */

interface PluginCache {
  /** PreScore's result, computed at the start of the session (none of these depends on the feasible set). */
  state: unknown;
  /** Raw scores by node index; `known` = 0 where not computed yet or stale. */
  raw: Float64Array;
  known: Uint8Array;
  /** Weighted (normalised) scores over `Session.feasible`, valid for `columnVersion` of it. */
  column?: number[];
  columnVersion: number;
}

interface Session {
  template: PodTemplate;
  /** The pod of the last attempt: the next attempt continues only if this pod was placed on `chosen`. */
  pod: Pod;
  labelsKey: string;
  /** Terms of placed pods the session's pods match (InterPodAffinity's inputs from their labels). */
  matchedTerms: Set<OwnerTermGroup>;
  /** ClusterState.changes and the number of placed pods when the session's last attempt was made. */
  changes: number;
  placedCount: number;
  filter: (node: NodeState) => Status | undefined;
  /** The filter's PreFilter state depends on placed pods (hostname anti-affinity): rebuild it per replica. */
  refilter: boolean;
  /** Feasible nodes in candidate order (only ever shrinks); `version` counts the shrinks. */
  feasible: NodeState[];
  version: number;
  /** Per feasible node, the sum of the cached plugins' weighted scores, for `staticVersion` of `feasible`. */
  staticTotals: number[];
  staticVersion: number;
  chosen: NodeState;
  caches: Map<ScorePlugin<unknown>, PluginCache>;
}

const sessions = new WeakMap<ClusterState, Session>();

/** Plugins whose raw score on a node changes only when that node changes, during a session. */
function isCached(plugin: ScorePlugin<unknown>): boolean {
  return plugin.name !== POD_TOPOLOGY_SPREAD;
}

function labelsKey(pod: Pod): string {
  return pod.extraLabels && Object.keys(pod.extraLabels).length > 0 ? JSON.stringify(pod.extraLabels) : '';
}

const HOSTNAME = 'kubernetes.io/hostname';

/** Whether the attempt that found `feasible` for this pod can start a session (see the module comment). */
function isLocal(state: ClusterState, pod: Pod, pre: PreFilterResult): boolean {
  const t = pod.template;
  return pod.nodeName === undefined
    && t.nodeName === undefined
    && pre.nodeNames === undefined
    && pre.skipped.has(POD_TOPOLOGY_SPREAD)
    && t.requiredAffinity.length === 0
    && t.preferredAffinity.length === 0
    && t.preferredAntiAffinity.length === 0
    && (pre.skipped.has(INTER_POD_AFFINITY) || (t.requiredAntiAffinity.every((term) => term.topologyKey === HOSTNAME) && hostnamesUnique(state)));
}

const uniqueHostnames = new WeakMap<ClusterState, boolean>();

/** Every node has a kubernetes.io/hostname label of its own, so a hostname domain is one node. */
function hostnamesUnique(state: ClusterState): boolean {
  let unique = uniqueHostnames.get(state);
  if (unique === undefined) {
    const seen = new Set<string>();
    unique = state.nodes.every((node) => {
      const value = node.info.labels[HOSTNAME];
      if (value === undefined || seen.has(value)) return false;
      seen.add(value);
      return true;
    });
    uniqueHostnames.set(state, unique);
  }
  return unique;
}

/**
 * After a full attempt found feasible nodes: choose the host, and keep what the next replica can reuse when
 * the pod qualifies. Returns the same selection `selectHost` would.
 */
export function startSession(
  state: ClusterState,
  pod: Pod,
  cycle: CycleContext,
  pre: PreFilterResult,
  filter: (node: NodeState) => Status | undefined,
  feasible: NodeState[],
): Selection | undefined {
  sessions.delete(state);
  if (!isLocal(state, pod, pre)) return undefined;
  const session: Session = {
    template: pod.template,
    pod,
    labelsKey: labelsKey(pod),
    matchedTerms: matchedTerms(state, pod),
    changes: state.changes,
    placedCount: state.placed.length,
    filter,
    refilter: !pre.skipped.has(INTER_POD_AFFINITY),
    feasible: [...feasible],
    version: 0,
    staticTotals: [],
    staticVersion: -1,
    chosen: feasible[0]!,
    caches: new Map(),
  };
  const selection = select(session, cycle);
  session.chosen = selection.node;
  sessions.set(state, session);
  return selection;
}

/** The next replica of a running session, or undefined when the full path must run. */
export function continueSession(state: ClusterState, pod: Pod): { selection: Selection; feasibleNodes: number } | undefined {
  const session = sessions.get(state);
  if (!session || session.template !== pod.template || pod.nodeName !== undefined) return undefined;
  const last = state.placed[state.placed.length - 1];
  if (state.changes !== session.changes + 1 || state.placed.length !== session.placedCount + 1 || last?.pod !== session.pod || last.node !== session.chosen) {
    sessions.delete(state);
    return undefined;
  }
  const key = labelsKey(pod);
  if (key !== session.labelsKey && !sameSet(matchedTerms(state, pod), session.matchedTerms)) {
    sessions.delete(state);
    return undefined;
  }
  session.pod = pod;
  session.labelsKey = key;
  const changed = session.chosen;
  const cycle = newCycle(state, pod);
  let filter = session.filter;
  if (session.refilter) {
    const pre = runPreFilters(cycle, FILTERS);
    if (pre.rejected || pre.nodeNames || pre.skipped.has(INTER_POD_AFFINITY)) {
      sessions.delete(state);
      return undefined;
    }
    filter = activeFilters(cycle, FILTERS, pre);
  }
  if (filter(changed)) {
    session.feasible.splice(session.feasible.indexOf(changed), 1);
    session.version++;
  }
  if (session.feasible.length === 0) {
    sessions.delete(state);
    return undefined;
  }
  session.changes = state.changes;
  session.placedCount = state.placed.length;
  const selection = select(session, cycle, changed);
  session.chosen = selection.node;
  return { selection, feasibleNodes: session.feasible.length };
}

function matchedTerms(state: ClusterState, pod: Pod): Set<OwnerTermGroup> {
  const self = { namespace: pod.template.namespace, labels: podLabels(pod) };
  return new Set(ownerTermsFor(state, self).filter((group) => termMatches(group.term, group.ownerNamespace, self, state.namespaceLabels)));
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}

function select(session: Session, cycle: CycleContext, changed?: NodeState): Selection {
  const { feasible } = session;
  if (feasible.length === 1) return { node: feasible[0]!, scores: [], tiedWith: [] };
  return selectFromTable(scoreTable(session, cycle, changed), feasible);
}

/**
 * `scoreTable` (scores/index.ts) with the cached plugins' weighted columns and their sum kept between
 * replicas: while the feasible set stays the same only the changed node's entries are recomputed (all
 * scores are integers, so sums do not depend on the order of additions). A cached plugin whose raw score
 * on that node changed and that normalises over all nodes, and any shrink of the feasible set, rebuild.
 */
function scoreTable(session: Session, cycle: CycleContext, changed: NodeState | undefined): ScoreTable {
  const { feasible } = session;
  const at = changed === undefined ? -1 : feasible.indexOf(changed);
  const plugins: ScoreTable['plugins'] = [];
  const dynamic: number[][] = [];
  let rebuilt = session.staticVersion !== session.version;
  let changedAt = false;
  for (const plugin of SCORES) {
    if (isCached(plugin)) {
      const cache = cacheFor(session, plugin, cycle);
      if (cache.state === 'skip') continue;
      const update = updateColumn(session, cache, plugin, cycle, at);
      if (update === 'rebuilt') rebuilt = true;
      else if (update === 'entry') changedAt = true;
      plugins.push({ name: plugin.name, weighted: cache.column! });
    } else {
      const state = plugin.preScore(cycle, feasible);
      if (state === 'skip') continue;
      let scores = new Array<number>(feasible.length);
      for (let i = 0; i < feasible.length; i++) scores[i] = plugin.score(cycle, feasible[i]!, state);
      if (plugin.normalize) scores = plugin.normalize(scores, state, feasible);
      for (let i = 0; i < scores.length; i++) scores[i] = scores[i]! * plugin.weight;
      plugins.push({ name: plugin.name, weighted: scores });
      dynamic.push(scores);
    }
  }
  const columns = [...session.caches.values()].filter((c) => c.state !== 'skip').map((c) => c.column!);
  if (rebuilt) {
    session.staticTotals = new Array<number>(feasible.length).fill(0);
    for (const column of columns) for (let i = 0; i < feasible.length; i++) session.staticTotals[i] = session.staticTotals[i]! + column[i]!;
    session.staticVersion = session.version;
  } else if (changedAt) {
    let sum = 0;
    for (const column of columns) sum += column[at]!;
    session.staticTotals[at] = sum;
  }
  const totals = session.staticTotals.slice();
  for (const column of dynamic) for (let i = 0; i < totals.length; i++) totals[i] = totals[i]! + column[i]!;
  return { totals, plugins };
}

function cacheFor(session: Session, plugin: ScorePlugin<unknown>, cycle: CycleContext): PluginCache {
  let cache = session.caches.get(plugin);
  if (!cache) {
    const n = cycle.state.nodes.length;
    session.caches.set(plugin, (cache = { state: plugin.preScore(cycle, session.feasible), raw: new Float64Array(n), known: new Uint8Array(n), columnVersion: -1 }));
  }
  return cache;
}

/** Brings a cached plugin's weighted column up to date; says whether it was rebuilt or one entry changed. */
function updateColumn(session: Session, cache: PluginCache, plugin: ScorePlugin<unknown>, cycle: CycleContext, at: number): 'same' | 'entry' | 'rebuilt' {
  const { feasible } = session;
  if (cache.column && cache.columnVersion === session.version) {
    if (at < 0) return 'same';
    const node = feasible[at]!;
    const before = cache.raw[node.index]!;
    const raw = plugin.score(cycle, node, cache.state);
    cache.raw[node.index] = raw;
    cache.known[node.index] = 1;
    if (raw === before) return 'same';
    if (!plugin.normalize) {
      cache.column[at] = raw * plugin.weight;
      return 'entry';
    }
  }
  let scores = new Array<number>(feasible.length);
  for (let i = 0; i < feasible.length; i++) {
    const node = feasible[i]!;
    if (cache.known[node.index] === 0) {
      cache.raw[node.index] = plugin.score(cycle, node, cache.state);
      cache.known[node.index] = 1;
    }
    scores[i] = cache.raw[node.index]!;
  }
  if (plugin.normalize) scores = plugin.normalize(scores, cache.state, feasible);
  for (let i = 0; i < scores.length; i++) scores[i] = scores[i]! * plugin.weight;
  cache.column = scores;
  cache.columnVersion = session.version;
  return 'rebuilt';
}
