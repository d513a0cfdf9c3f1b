import { compareBytes } from './fit-error.js';
import type { ClusterState } from './state.js';

/**
 * Feasible nodes ranked for `selectHost` without visiting every node per pod (schedule-session.ts).
 *
 * A node's total score is split in two: a `base` of its own (the sum of the plugins whose score changes
 * only when that node changes) and a `bonus` shared by a group of nodes (PodTopologySpread, whose score
 * depends only on the node's domains and its own count of matching pods). Each group keeps its members
 * sorted by (base descending, name ascending by bytes); the best node, the nodes tied with it and the ten
 * best are then read from the heads of the groups, so a pod costs O(groups + ties), and a placement moves
 * one node (binary search, one splice).
 */
export interface Ranking {
  /** By node index. */
  base: Float64Array;
  /** By node index: position of the node's name in byte order (the tie-break). */
  rank: Int32Array;
  /** The inverse: node index by rank. */
  byRank: Int32Array;
  groups: Map<string, RankGroup>;
  /** By node index; undefined = not ranked (infeasible). */
  groupOf: (RankGroup | undefined)[];
  size: number;
}

export interface RankGroup {
  key: string;
  /** Node indices, highest base first, then by name. */
  members: number[];
  /** Added to every member's base (set by the caller before reading the ranking). */
  bonus: number;
  /** Left out of `best` and `top` (its nodes are not feasible for now). */
  closed: boolean;
}

const nameRanks = new WeakMap<ClusterState, { rank: Int32Array; byRank: Int32Array }>();

/** Every node's position in byte order of names (and the inverse), computed once per cluster. */
function nameRank(state: ClusterState): { rank: Int32Array; byRank: Int32Array } {
  let ranks = nameRanks.get(state);
  if (!ranks) {
    const order = state.nodes.map((n) => n.index).sort((a, b) => compareBytes(state.nodes[a]!.info.name, state.nodes[b]!.info.name));
    const rank = new Int32Array(state.nodes.length);
    order.forEach((index, position) => (rank[index] = position));
    nameRanks.set(state, (ranks = { rank, byRank: Int32Array.from(order) }));
  }
  return ranks;
}

/** `base`: a buffer of one entry per node (reused from an ended session: its content does not matter). */
export function newRanking(state: ClusterState, base: Float64Array): Ranking {
  return { base, ...nameRank(state), groups: new Map(), groupOf: new Array(state.nodes.length), size: 0 };
}

/** Whether node `a` ranks before node `b` inside one group. */
function before(r: Ranking, a: number, b: number): boolean {
  const da = r.base[a]!;
  const db = r.base[b]!;
  return da !== db ? da > db : r.rank[a]! < r.rank[b]!;
}

/** First position in `members` whose node does not rank before `node`. */
function positionOf(r: Ranking, members: readonly number[], node: number): number {
  let lo = 0;
  let hi = members.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(r, members[mid]!, node)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insert(r: Ranking, node: number, key: string): void {
  let group = r.groups.get(key);
  if (!group) r.groups.set(key, (group = { key, members: [], bonus: 0, closed: false }));
  group.members.splice(positionOf(r, group.members, node), 0, node);
  r.groupOf[node] = group;
  r.size++;
}

export function remove(r: Ranking, node: number): void {
  const group = r.groupOf[node];
  if (!group) return;
  const at = positionOf(r, group.members, node);
  group.members.splice(at, 1);
  if (group.members.length === 0) r.groups.delete(group.key);
  r.groupOf[node] = undefined;
  r.size--;
}

/** Sets a ranked node's base and group, moving it as needed. */
export function update(r: Ranking, node: number, base: number, key: string): void {
  const group = r.groupOf[node];
  if (group && group.key === key && r.base[node] === base) return;
  remove(r, node);
  r.base[node] = base;
  insert(r, node, key);
}

/**
 * Rebuilds the ranking from scratch for these nodes (after every base changed at once): O(n log n), only
 * when a normalising plugin's range moved.
 */
export function rebuild<N extends { index: number }>(r: Ranking, nodes: readonly N[], keyOf: (node: N) => string): void {
  r.groups.clear();
  r.groupOf.fill(undefined);
  let last: RankGroup | undefined;
  for (const node of nodes) {
    const key = keyOf(node);
    let group = last?.key === key ? last : r.groups.get(key);
    if (!group) r.groups.set(key, (group = { key, members: [], bonus: 0, closed: false }));
    group.members.push(node.index);
    r.groupOf[node.index] = group;
    last = group;
  }
  for (const group of r.groups.values()) sortMembers(r, group.members);
  r.size = nodes.length;
}

const RANK_SPAN = 2 ** 22;
const BASE_SPAN = 2 ** 20;

/**
 * Sorts members by (base descending, rank ascending). Scores are small non-negative integers, so each node
 * packs into one exact double — (BASE_SPAN − 1 − base) · RANK_SPAN + rank, below 2^53 — and a typed-array
 * sort (numeric, native) does the work of a comparator sort about ten times faster.
 */
function sortMembers(r: Ranking, members: number[]): void {
  const keys = new Float64Array(members.length);
  for (let i = 0; i < members.length; i++) {
    const node = members[i]!;
    const base = r.base[node]!;
    if (!Number.isInteger(base) || base < 0 || base >= BASE_SPAN || r.rank.length > RANK_SPAN) {
      members.sort((a, b) => (before(r, a, b) ? -1 : before(r, b, a) ? 1 : 0));
      return;
    }
    keys[i] = (BASE_SPAN - 1 - base) * RANK_SPAN + r.rank[node]!;
  }
  keys.sort();
  for (let i = 0; i < members.length; i++) members[i] = r.byRank[keys[i]! % RANK_SPAN]!;
}

/**
 * The best total, how many nodes hold it, and the first `k` of them in name order. Inside a group the nodes
 * holding the best total are a prefix already in name order: its length is found by binary search and the
 * prefixes merged only as far as `k`, so thousands of tied nodes cost O(groups · log n + k).
 */
export function best(r: Ranking, k: number): { total: number; count: number; first: number[] } {
  let total = -Infinity;
  for (const group of r.groups.values()) if (!group.closed) total = Math.max(total, group.bonus + r.base[group.members[0]!]!);
  const prefixes: { members: number[]; length: number }[] = [];
  let count = 0;
  for (const group of r.groups.values()) {
    if (group.closed || group.bonus + r.base[group.members[0]!]! !== total) continue;
    const base = total - group.bonus;
    let lo = 1;
    let hi = group.members.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r.base[group.members[mid]!] === base) lo = mid + 1;
      else hi = mid;
    }
    prefixes.push({ members: group.members, length: lo });
    count += lo;
  }
  const next = new Array<number>(prefixes.length).fill(0);
  const first: number[] = [];
  while (first.length < k) {
    let pick = -1;
    for (let p = 0; p < prefixes.length; p++) {
      if (next[p]! >= prefixes[p]!.length) continue;
      if (pick < 0 || r.rank[prefixes[p]!.members[next[p]!]!]! < r.rank[prefixes[pick]!.members[next[pick]!]!]!) pick = p;
    }
    if (pick < 0) break;
    first.push(prefixes[pick]!.members[next[pick]!]!);
    next[pick]!++;
  }
  return { total, count, first };
}

/** The `k` best nodes (total descending, then name): a merge of the groups' heads. */
export function top(r: Ranking, k: number): number[] {
  const groups = [...r.groups.values()].filter((group) => !group.closed);
  const next = new Array<number>(groups.length).fill(0);
  const out: number[] = [];
  while (out.length < k) {
    let pick = -1;
    let pickTotal = -Infinity;
    let pickRank = 0;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      const node = group.members[next[g]!];
      if (node === undefined) continue;
      const total = group.bonus + r.base[node]!;
      if (pick < 0 || total > pickTotal || (total === pickTotal && r.rank[node]! < pickRank)) {
        pick = g;
        pickTotal = total;
        pickRank = r.rank[node]!;
      }
    }
    if (pick < 0) break;
    out.push(groups[pick]!.members[next[pick]!]!);
    next[pick]!++;
  }
  return out;
}
