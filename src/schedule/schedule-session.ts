import type { Pod, PodAffinityTerm, PodTemplate } from './cluster.js';
import { activeFilters, newCycle, runPreFilters, type CycleContext, type PreFilterResult, type Status } from './framework.js';
import { FILTERS } from './filters/index.js';
import { best, newRanking, rebuild, remove, top, update, type Ranking } from './node-ranking.js';
import { KEPT_SCORES, SCORES, type NodeScore, type Selection } from './scores/index.js';
import type { ScorePlugin } from './scores/score-plugin.js';
import { chosen, placedOn, removed, spreadKey, spreadScores, startSpread, type SpreadSession } from './session-spread.js';
import { ownerTermsFor, podLabels, type ClusterState, type NodeState, type OwnerTermGroup } from './state.js';
import { termMatches } from './pod-terms.js';
import { NAME as POD_TOPOLOGY_SPREAD } from './filters/pod-topology-spread.js';
import { NAME as INTER_POD_AFFINITY } from './filters/inter-pod-affinity.js';

/**
 * Replicas of one template scheduled one after the other (the queue's usual order) without re-filtering and
 * re-scoring every node for every replica, with exactly the results of doing so (performance issue).
 *
 * A session starts when a pod's filters depend only on its template and the node it is checked on — no
 * DoNotSchedule topology spread, no required pod affinity, no PreFilter node subset, no `nodeName` — and it
 * was placed. If the only change to the cluster since then is that pod landing on node X
 * (ClusterState.changes moved by exactly one, and the last placed pod is it), the next replica with the same
 * labels sees:
 *
 * - the same filter verdicts on every node but X: the remaining filters read only that node's pods,
 *   resources and ports and template × node facts; only X is filtered again (it can only lose feasibility);
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

/** A Score plugin other than PodTopologySpread, with its raw scores on the feasible nodes. */
interface CachedPlugin {
  plugin: ScorePlugin<unknown>;
  /** PreScore's result; recomputed per replica when `refresh` (it reads the session's own placed pods). */
  state: unknown;
  refresh: boolean;
  /** Raw scores by node index, valid on feasible nodes. */
  raw: Float64Array;
  /** The raw scores' range over the feasible nodes, for a plugin that normalises (`normalizeRaw`). */
  range?: ScoreRange;
}

/** The raw scores of the feasible nodes as a multiset: its lowest and highest are what normalisation reads. */
interface ScoreRange {
  counts: Map<number, number>;
  min: number;
  max: number;
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
  /** Feasible nodes in candidate order (only ever shrinks). */
  feasible: NodeState[];
  plugins: CachedPlugin[];
  spread?: SpreadSession;
  /** The feasible nodes by base score (the cached plugins' weighted sum) in groups of equal spread score. */
  ranking: Ranking;
  chosen: NodeState;
}

const sessions = new WeakMap<ClusterState, Session>();

function labelsKey(pod: Pod): string {
  return pod.extraLabels && Object.keys(pod.extraLabels).length > 0 ? JSON.stringify(pod.extraLabels) : '';
}

const HOSTNAME = 'kubernetes.io/hostname';

/** Whether the attempt that found `feasible` for this pod can start a session (see the module comment). */
function isLocal(state: ClusterState, pod: Pod, pre: PreFilterResult): boolean {
  const t = pod.template;
  const byHostname = (term: PodAffinityTerm) => term.topologyKey === HOSTNAME;
  const preferred = [...t.preferredAffinity, ...t.preferredAntiAffinity].map((p) => p.term);
  return pod.nodeName === undefined
    && t.nodeName === undefined
    && pre.nodeNames === undefined
    && pre.skipped.has(POD_TOPOLOGY_SPREAD)
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
  const ownTerms = pod.template.preferredAffinity.length + pod.template.preferredAntiAffinity.length > 0;
  const plugins: CachedPlugin[] = [];
  let spread: SpreadSession | undefined;
  for (const plugin of SCORES) {
    if (plugin.name === POD_TOPOLOGY_SPREAD) spread = startSpread(cycle, feasible);
    else {
      const cached: CachedPlugin = { plugin, state: plugin.preScore(cycle, feasible), refresh: plugin.name === INTER_POD_AFFINITY && ownTerms, raw: new Float64Array(state.nodes.length) };
      scoreAll(cached, cycle, feasible);
      plugins.push(cached);
    }
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
    feasible: [...feasible],
    plugins,
    ...(spread ? { spread } : {}),
    ranking: newRanking(state),
    chosen: feasible[0]!,
  };
  rankAll(session, state);
  const selection = select(session, cycle);
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
  if (session.spread) placedOn(session.spread, cycle, changed);
  const ranges = session.plugins.map((c) => (c.range ? { min: c.range.min, max: c.range.max } : undefined));
  const stillFeasible = filter(changed) === undefined;
  if (!stillFeasible) {
    session.feasible.splice(session.feasible.indexOf(changed), 1);
    remove(session.ranking, changed.index);
    if (session.spread) removed(session.spread, changed);
    for (const cached of session.plugins) if (cached.range && cached.state !== 'skip') leaveRange(cached.range, cached.raw[changed.index]!);
  }
  if (session.feasible.length === 0) {
    sessions.delete(state);
    return undefined;
  }
  session.changes = state.changes;
  session.placedCount = state.placed.length;
  if (rescore(session, cycle, stillFeasible ? changed : undefined, ranges)) rankAll(session, state);
  else if (stillFeasible) update(session.ranking, changed.index, baseOf(session, changed.index), rankKey(session, changed));
  const selection = select(session, cycle);
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

/** Raw scores (and range) of a cached plugin on every feasible node. */
function scoreAll(cached: CachedPlugin, cycle: CycleContext, feasible: readonly NodeState[]): void {
  cached.range = cached.plugin.normalizeRaw ? { counts: new Map(), min: Infinity, max: -Infinity } : undefined;
  if (cached.state === 'skip') return;
  for (const node of feasible) {
    const raw = cached.plugin.score(cycle, node, cached.state);
    cached.raw[node.index] = raw;
    if (cached.range) enterRange(cached.range, raw);
  }
}

/**
 * Brings the cached plugins up to date with the placement on `changed` (undefined: it left the feasible
 * set); says whether every node's base score may have moved (a normalising range moved, or a refreshed
 * plugin started or stopped skipping), so the ranking must be rebuilt.
 */
function rescore(session: Session, cycle: CycleContext, changed: NodeState | undefined, before: ({ min: number; max: number } | undefined)[]): boolean {
  let all = false;
  session.plugins.forEach((cached, i) => {
    const { range } = cached;
    if (cached.refresh) {
      const state = cached.plugin.preScore(cycle, session.feasible);
      const flipped = (state === 'skip') !== (cached.state === 'skip');
      cached.state = state;
      if (flipped) {
        scoreAll(cached, cycle, session.feasible);
        all = true;
        return;
      }
    }
    if (cached.state === 'skip') return;
    if (changed) {
      const raw = cached.plugin.score(cycle, changed, cached.state);
      if (range) {
        leaveRange(range, cached.raw[changed.index]!);
        enterRange(range, raw);
      }
      cached.raw[changed.index] = raw;
    }
    if (range && (range.min !== before[i]!.min || range.max !== before[i]!.max)) all = true;
  });
  return all;
}

function enterRange(range: ScoreRange, raw: number): void {
  range.counts.set(raw, (range.counts.get(raw) ?? 0) + 1);
  if (raw < range.min) range.min = raw;
  if (raw > range.max) range.max = raw;
}

function leaveRange(range: ScoreRange, raw: number): void {
  const left = range.counts.get(raw)! - 1;
  if (left > 0) {
    range.counts.set(raw, left);
    return;
  }
  range.counts.delete(raw);
  if (raw === range.min || raw === range.max) {
    range.min = Infinity;
    range.max = -Infinity;
    for (const value of range.counts.keys()) {
      if (value < range.min) range.min = value;
      if (value > range.max) range.max = value;
    }
  }
}

/** A cached plugin's weighted score from its raw score. */
function weighted(cached: CachedPlugin, raw: number): number {
  const { plugin, range } = cached;
  return (range ? plugin.normalizeRaw!(raw, range.min, range.max) : raw) * plugin.weight;
}

function baseOf(session: Session, node: number): number {
  let sum = 0;
  for (const cached of session.plugins) if (cached.state !== 'skip') sum += weighted(cached, cached.raw[node]!);
  return sum;
}

function rankKey(session: Session, node: NodeState): string {
  return session.spread ? spreadKey(session.spread, node) : '';
}

function rankAll(session: Session, state: ClusterState): void {
  const { ranking } = session;
  for (const node of session.feasible) ranking.base[node.index] = baseOf(session, node.index);
  rebuild(ranking, session.feasible.map((n) => n.index), (i) => rankKey(session, state.nodes[i]!));
}

/** `selectHost` over the ranking: the spread score per group, then the best node, its ties and the top ten. */
function select(session: Session, cycle: CycleContext): Selection {
  const { ranking, feasible, spread } = session;
  const nodes = cycle.state.nodes;
  let selection: Selection;
  if (feasible.length === 1) selection = { node: feasible[0]!, scores: [], tiedWith: [] };
  else {
    if (spread) {
      const groups = [...ranking.groups.values()];
      const bonus = spreadScores(spread, cycle, groups.map((g) => nodes[g.members[0]!]!));
      groups.forEach((g, i) => (g.bonus = bonus[i]!));
    }
    const tied = best(ranking).nodes;
    selection = {
      node: nodes[tied[0]!]!,
      scores: top(ranking, KEPT_SCORES).map((i) => nodeScore(session, nodes[i]!)),
      tiedWith: tied.slice(1).map((i) => nodes[i]!.info.name),
    };
  }
  session.chosen = selection.node;
  if (spread) chosen(spread, selection.node);
  return selection;
}

/** The node's scores as `prioritizeNodes` reports them: plugins in profile order, skipped ones absent. */
function nodeScore(session: Session, node: NodeState): NodeScore {
  const plugins: Record<string, number> = {};
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
    plugins[plugin.name] = score;
    total += score;
  }
  return { node: node.info.name, total, plugins };
}
