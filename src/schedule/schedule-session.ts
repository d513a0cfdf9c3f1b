import type { Pod, PodAffinityTerm, PodTemplate } from './cluster.js';
import { activeFilters, newCycle, runPreFilters, withSkipped, type CycleContext, type PreFilterResult, type Status } from './framework.js';
import { FILTERS } from './filters/index.js';
import { best, newRanking, rebuild, remove, top, update, type Ranking } from './node-ranking.js';
import { KEPT_SCORES, KEPT_TIES, SCORES, type NodeScore, type Selection } from './scores/index.js';
import { gateable, gateChosen, gateKey, gateOpen, gatePlacedOn, startGate, type SpreadGate } from './session-gate.js';
import { baseAll, baseOf, cachePlugin, forget, rescore, settleRanges, weighted, type CachedPlugin } from './session-scores.js';
import { chosen, placedOn, removed, spreadKey, spreadScores, startSpread, type SpreadSession } from './session-spread.js';
import { ownerTermsMatching, podLabels, type ClusterState, type NodeState, type OwnerTermGroup } from './state.js';
import { NAME as POD_TOPOLOGY_SPREAD } from './filters/pod-topology-spread.js';
import { NAME as INTER_POD_AFFINITY } from './filters/inter-pod-affinity.js';

/**
 * Replicas of one template scheduled one after the other (the queue's usual order) without re-filtering and
 * re-scoring every node for every replica, with exactly the results of doing so (performance issue).
 *
 * A session starts when a pod's filters depend only on its template and the node it is checked on — no
 * required pod affinity, no PreFilter node subset, no `nodeName`; DoNotSchedule topology spread only by
 * zone-like keys, whose verdicts are kept per domain (session-gate.ts) — and it was placed. If the only change to the cluster since then is that pod landing on node X
 * (ClusterState.changes moved by exactly one, and the last placed pod is it), the next replica with the same
 * labels sees:
 *
 * - the same filter verdicts on every node but X: the remaining filters read only that node's pods,
 *   resources and ports and template × node facts; only X is filtered again (it can only lose feasibility).
 *   A DoNotSchedule spread filter opens and closes whole domains: it is evaluated once per domain;
 * - the same raw scores on every node but X from every Score plugin except PodTopologySpread: TaintToleration,
 *   NodeAffinity and ImageLocality read template × node facts, NodeResourcesFit and BalancedAllocation the
 *   node's own requests, InterPodAffinity the terms of placed pods — which change only on X when the pod's
 *   own preferred terms are all by hostname and every node has its own hostname (PreScore then runs again
 *   per replica, and X is rescored with it). A normalising plugin's scores move everywhere only when the
 *   lowest or highest raw score of the feasible nodes does (kept as a multiset): then every node is
 *   rescored and the ranking rebuilt;
 * - PodTopologySpread's score depends on a node's own count and its domains' counts: its PreScore state is
 *   kept up to date (session-spread.ts) and the score computed once per group of nodes with equal inputs.
 *
 * The feasible nodes are kept ranked (node-ranking.ts): a replica costs O(groups + tied nodes + log n)
 * instead of O(feasible nodes × plugins).
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
  /** The filters but a gating PodTopologySpread. */
  filter: (node: NodeState) => Status | undefined;
  /** The filter's PreFilter state depends on placed pods (hostname anti-affinity): rebuild it per replica. */
  refilter: boolean;
  /** Nodes passing `filter`, in candidate order (only ever shrinks); feasible = those the gate leaves open. */
  nodes: NodeState[];
  plugins: CachedPlugin[];
  spread?: SpreadSession;
  gate?: SpreadGate;
  /** One node per gate key (the gate's verdict depends on the key alone). */
  gateNodes: Map<string, NodeState>;
  /** `nodes` by base score (the cached plugins' weighted sum) in groups of equal spread score and gate key. */
  ranking: Ranking;
  chosen: NodeState;
}

const sessions = new WeakMap<ClusterState, Session>();

/**
 * Per-node buffers of ended sessions: thousands of templates × thousands of nodes would otherwise allocate
 * (and collect) hundreds of MiB of score arrays.
 */
const spareBuffers = new WeakMap<ClusterState, Float64Array[]>();

function endSession(state: ClusterState): void {
  const session = sessions.get(state);
  if (!session) return;
  sessions.delete(state);
  let spares = spareBuffers.get(state);
  if (!spares) spareBuffers.set(state, (spares = []));
  spares.push(session.ranking.base, ...session.plugins.map((p) => p.raw));
}

function buffer(state: ClusterState): Float64Array {
  return spareBuffers.get(state)?.pop() ?? new Float64Array(state.nodes.length);
}

function labelsKey(pod: Pod): string {
  return pod.extraLabels && Object.keys(pod.extraLabels).length > 0 ? JSON.stringify(pod.extraLabels) : '';
}

const HOSTNAME = 'kubernetes.io/hostname';

/** Whether the attempt that found `feasible` for this pod can start a session (see the module comment). */
function isLocal(cycle: CycleContext, pre: PreFilterResult): boolean {
  const { state, pod, template: t } = cycle;
  const byHostname = (term: PodAffinityTerm) => term.topologyKey === HOSTNAME;
  const preferred = [...t.preferredAffinity, ...t.preferredAntiAffinity].map((p) => p.term);
  return pod.nodeName === undefined
    && t.nodeName === undefined
    && pre.nodeNames === undefined
    && (pre.skipped.has(POD_TOPOLOGY_SPREAD) || gateable(cycle))
    && t.requiredAffinity.length === 0
    && preferred.every(byHostname)
    && (pre.skipped.has(INTER_POD_AFFINITY) || t.requiredAntiAffinity.every(byHostname))
    && (preferred.length === 0 && pre.skipped.has(INTER_POD_AFFINITY) || hostnamesUnique(state))
    && SCORES.every((plugin) => plugin.name === POD_TOPOLOGY_SPREAD || !plugin.normalize || plugin.normalizeRaw);
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

/** The filters of the cycle without PodTopologySpread's, which a session applies per domain. */
function localFilter(cycle: CycleContext, pre: PreFilterResult): (node: NodeState) => Status | undefined {
  return activeFilters(cycle, FILTERS, withSkipped(pre, [POD_TOPOLOGY_SPREAD]));
}

/** A gated session's nodes: the feasible ones and those only the gate closes (its domains may open later). */
function sessionNodes(cycle: CycleContext, feasible: readonly NodeState[], filter: (node: NodeState) => Status | undefined): NodeState[] {
  const isFeasible = new Uint8Array(cycle.state.nodes.length);
  for (const node of feasible) isFeasible[node.index] = 1;
  return cycle.statics.open().filter((node) => isFeasible[node.index] === 1 || !filter(node));
}

/**
 * After a full attempt found feasible nodes: choose the host, and keep what the next replica can reuse when
 * the pod qualifies. Returns the same selection `selectHost` would.
 */
export function startSession(state: ClusterState, cycle: CycleContext, pre: PreFilterResult, feasible: NodeState[]): Selection | undefined {
  endSession(state);
  if (!isLocal(cycle, pre)) return undefined;
  const { pod } = cycle;
  const filter = localFilter(cycle, pre);
  const gate = pre.skipped.has(POD_TOPOLOGY_SPREAD) ? undefined : startGate(cycle);
  // Nodes only the spread filter rejected are still the session's: the gate may open their domain later.
  const nodes = gate ? sessionNodes(cycle, feasible, filter) : feasible;
  const keyOf = (node: NodeState) => (gate ? gateKey(gate, node) : '');
  const ownTerms = pod.template.preferredAffinity.length + pod.template.preferredAntiAffinity.length > 0;
  const plugins: CachedPlugin[] = [];
  let spread: SpreadSession | undefined;
  for (const plugin of SCORES) {
    if (plugin.name === POD_TOPOLOGY_SPREAD) spread = startSpread(cycle, feasible);
    else plugins.push(cachePlugin(plugin, cycle, nodes, plugin.name === INTER_POD_AFFINITY && ownTerms, keyOf, buffer(state)));
  }
  const session: Session = {
    template: pod.template,
    pod,
    labelsKey: labelsKey(pod),
    matchedTerms: matchedTerms(state, pod),
    changes: state.changes,
    placedCount: state.placed.length,
    filter,
    refilter: !pre.skipped.has(INTER_POD_AFFINITY),
    nodes,
    plugins,
    ...(spread ? { spread } : {}),
    ...(gate ? { gate } : {}),
    gateNodes: new Map(gate ? nodes.map((node) => [gateKey(gate, node), node]) : []),
    ranking: newRanking(state, buffer(state)),
    chosen: feasible[0]!,
  };
  const selection = select(session, cycle, true);
  if (selection) sessions.set(state, session);
  return selection?.selection;
}

/** The next replica of a running session, or undefined when the full path must run. */
export function continueSession(state: ClusterState, pod: Pod): { selection: Selection; feasibleNodes: number } | undefined {
  const session = sessions.get(state);
  if (!session || session.template !== pod.template || pod.nodeName !== undefined) return undefined;
  const last = state.placed[state.placed.length - 1];
  if (state.changes !== session.changes + 1 || state.placed.length !== session.placedCount + 1 || last?.pod !== session.pod || last.node !== session.chosen) {
    endSession(state);
    return undefined;
  }
  const key = labelsKey(pod);
  if (key !== session.labelsKey && !sameSet(matchedTerms(state, pod), session.matchedTerms)) {
    endSession(state);
    return undefined;
  }
  session.pod = pod;
  session.labelsKey = key;
  const changed = session.chosen;
  const cycle = newCycle(state, pod);
  if (session.refilter) {
    const pre = runPreFilters(cycle, FILTERS);
    if (pre.rejected || pre.nodeNames || pre.skipped.has(INTER_POD_AFFINITY)) {
      endSession(state);
      return undefined;
    }
    session.filter = localFilter(cycle, pre);
  }
  const { gate, spread, plugins, ranking } = session;
  const keyOf = (node: NodeState) => (gate ? gateKey(gate, node) : '');
  if (spread) placedOn(spread, cycle, changed);
  if (gate) gatePlacedOn(gate, cycle, changed);
  const stays = session.filter(changed) === undefined;
  if (!stays) {
    session.nodes.splice(session.nodes.indexOf(changed), 1);
    remove(ranking, changed.index);
    if (spread) removed(spread, changed);
    forget(plugins, changed, keyOf(changed));
  }
  session.changes = state.changes;
  session.placedCount = state.placed.length;
  const flipped = rescore(plugins, cycle, session.nodes, stays ? changed : undefined, keyOf);
  const selected = select(session, cycle, flipped, stays ? changed : undefined);
  if (!selected) {
    endSession(state);
    return undefined;
  }
  return selected;
}

function matchedTerms(state: ClusterState, pod: Pod): Set<OwnerTermGroup> {
  return new Set(ownerTermsMatching(state, { namespace: pod.template.namespace, labels: podLabels(pod) }));
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}

/** A gate and a spread score never come together (a gated pod's own constraints are all DoNotSchedule). */
function rankKey(session: Session, node: NodeState): string {
  if (session.gate) return gateKey(session.gate, node);
  return session.spread ? spreadKey(session.spread, node) : '';
}

const ALWAYS_OPEN = (): boolean => true;

/** The gate's verdict per key, each evaluated once for this replica. */
function gateVerdicts(gate: SpreadGate, cycle: CycleContext, gateNodes: ReadonlyMap<string, NodeState>): (key: string) => boolean {
  const verdicts = new Map<string, boolean>();
  return (key) => {
    let open = verdicts.get(key);
    if (open === undefined) verdicts.set(key, (open = gateOpen(gate, cycle, gateNodes.get(key)!)));
    return open;
  };
}

/**
 * `selectHost` over the session's ranking, after the gate opened or closed its domains and the base scores
 * were brought up to date (all of them when `rankAll` or a normalising range moved, else only `changed`'s).
 * Undefined when the gate leaves no node open: the full path then reports why.
 */
function select(session: Session, cycle: CycleContext, rankAll: boolean, changed?: NodeState): { selection: Selection; feasibleNodes: number } | undefined {
  const { ranking, gate, spread, plugins } = session;
  const nodes = cycle.state.nodes;
  const isOpen = gate ? gateVerdicts(gate, cycle, session.gateNodes) : ALWAYS_OPEN;
  if (settleRanges(plugins, isOpen) || rankAll) {
    baseAll(plugins, session.nodes, ranking.base);
    rebuild(ranking, session.nodes, (node) => rankKey(session, node));
  } else if (changed) update(ranking, changed.index, baseOf(plugins, changed.index), rankKey(session, changed));
  let feasibleNodes = 0;
  let only: NodeState | undefined;
  for (const group of ranking.groups.values()) {
    const first = nodes[group.members[0]!]!;
    group.closed = gate !== undefined && !isOpen(gateKey(gate, first));
    if (group.closed) continue;
    feasibleNodes += group.members.length;
    only = first;
  }
  if (feasibleNodes === 0) return undefined;
  let selection: Selection;
  if (feasibleNodes === 1) selection = { node: only!, scores: [], tiedWith: [], tied: 0 };
  else {
    if (spread) {
      const groups = [...ranking.groups.values()];
      const bonus = spreadScores(spread, cycle, groups.map((g) => nodes[g.members[0]!]!));
      groups.forEach((g, i) => (g.bonus = bonus[i]!));
    }
    const tied = best(ranking, 1 + KEPT_TIES);
    selection = {
      node: nodes[tied.first[0]!]!,
      scores: top(ranking, KEPT_SCORES).map((i) => nodeScore(session, nodes[i]!)),
      tiedWith: tied.first.slice(1).map((i) => nodes[i]!.info.name),
      tied: tied.count - 1,
    };
  }
  session.chosen = selection.node;
  if (spread) chosen(spread, selection.node);
  if (gate) gateChosen(gate, selection.node);
  return { selection, feasibleNodes };
}

/** The node's scores as `prioritizeNodes` reports them: plugins in profile order, skipped ones absent. */
function nodeScore(session: Session, node: NodeState): NodeScore {
  const scores: Record<string, number> = {};
  let total = 0;
  let next = 0;
  for (const plugin of SCORES) {
    let score: number | undefined;
    if (plugin.name === POD_TOPOLOGY_SPREAD) score = session.spread ? session.ranking.groupOf[node.index]!.bonus : undefined;
    else {
      const cached = session.plugins[next++]!;
      if (cached.state !== 'skip') score = weighted(cached, cached.raw[node.index]!);
    }
    if (score === undefined) continue;
    scores[plugin.name] = score;
    total += score;
  }
  return { node: node.info.name, total, plugins: scores };
}
