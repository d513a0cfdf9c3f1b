import type { CycleContext } from './framework.js';
import type { ScorePlugin } from './scores/score-plugin.js';
import type { NodeState } from './state.js';

/**
 * The Score plugins other than PodTopologySpread through a schedule session (schedule-session.ts): raw
 * scores per node, rescored on the changed node only, and for a plugin that normalises, the multiset of
 * raw scores per gate key (session-gate.ts; one key '' without a gate) — the feasible nodes' lowest and
 * highest raw scores, all its normalisation reads, are those of the open keys.
 */
export interface CachedPlugin {
  plugin: ScorePlugin<unknown>;
  /** PreScore's result; recomputed per replica when `refresh` (it reads the session's own placed pods). */
  state: unknown;
  refresh: boolean;
  /** Raw scores by node index, valid on the session's nodes. */
  raw: Float64Array;
  /** For a plugin with `normalizeRaw`: raw scores per gate key. */
  ranges?: Map<string, ScoreRange>;
  /** The range the ranking's base scores were computed with. */
  used?: Range;
}

interface Range {
  min: number;
  max: number;
}

interface ScoreRange extends Range {
  counts: Map<number, number>;
}

/** `raw`: a buffer of one entry per node of the cluster (reused from an ended session: its content does not matter). */
export function cachePlugin(plugin: ScorePlugin<unknown>, cycle: CycleContext, nodes: readonly NodeState[], refresh: boolean, keyOf: (node: NodeState) => string, raw: Float64Array): CachedPlugin {
  const cached: CachedPlugin = { plugin, state: plugin.preScore(cycle, nodes), refresh, raw };
  scoreAll(cached, cycle, nodes, keyOf);
  return cached;
}

/** Raw scores (and ranges) of a cached plugin on every node of the session. */
function scoreAll(cached: CachedPlugin, cycle: CycleContext, nodes: readonly NodeState[], keyOf: (node: NodeState) => string): void {
  if (cached.plugin.normalizeRaw) cached.ranges = new Map();
  delete cached.used;
  if (cached.state === 'skip') return;
  const { plugin, state, raw: scores, ranges } = cached;
  if (!ranges) {
    for (const node of nodes) scores[node.index] = plugin.score(cycle, node, state);
    return;
  }
  // Neighbouring nodes mostly share key and raw score (0 for most normalising plugins): count runs.
  let runKey = '';
  let runRaw = 0;
  let run = 0;
  for (const node of nodes) {
    const raw = plugin.score(cycle, node, state);
    scores[node.index] = raw;
    const key = keyOf(node);
    if (run > 0 && key === runKey && raw === runRaw) run++;
    else {
      if (run > 0) enter(ranges, runKey, runRaw, run);
      runKey = key;
      runRaw = raw;
      run = 1;
    }
  }
  if (run > 0) enter(ranges, runKey, runRaw, run);
}

/** The node left the session (it no longer passes the filters that do not gate). */
export function forget(plugins: readonly CachedPlugin[], node: NodeState, key: string): void {
  for (const cached of plugins) if (cached.ranges && cached.state !== 'skip') leave(cached.ranges, key, cached.raw[node.index]!);
}

/**
 * Brings the cached plugins up to date after a placement on `changed` (undefined: it left the session);
 * says whether a refreshed plugin started or stopped skipping, which moves every node's base score.
 */
export function rescore(plugins: readonly CachedPlugin[], cycle: CycleContext, nodes: readonly NodeState[], changed: NodeState | undefined, keyOf: (node: NodeState) => string): boolean {
  let flipped = false;
  for (const cached of plugins) {
    if (cached.refresh) {
      const state = cached.plugin.preScore(cycle, nodes);
      const flips = (state === 'skip') !== (cached.state === 'skip');
      cached.state = state;
      if (flips) {
        scoreAll(cached, cycle, nodes, keyOf);
        flipped = true;
        continue;
      }
    }
    if (cached.state === 'skip' || !changed) continue;
    const raw = cached.plugin.score(cycle, changed, cached.state);
    if (cached.ranges) {
      const key = keyOf(changed);
      leave(cached.ranges, key, cached.raw[changed.index]!);
      enter(cached.ranges, key, raw);
    }
    cached.raw[changed.index] = raw;
  }
  return flipped;
}

/**
 * Sets every normalising plugin's range to that of the open keys; says whether one moved (every node's
 * base score must then be computed again).
 */
export function settleRanges(plugins: readonly CachedPlugin[], isOpen: (key: string) => boolean): boolean {
  let moved = false;
  for (const cached of plugins) {
    if (!cached.ranges || cached.state === 'skip') continue;
    let min = Infinity;
    let max = -Infinity;
    for (const [key, range] of cached.ranges) {
      if (!isOpen(key)) continue;
      if (range.min < min) min = range.min;
      if (range.max > max) max = range.max;
    }
    if (!cached.used || cached.used.min !== min || cached.used.max !== max) {
      cached.used = { min, max };
      moved = true;
    }
  }
  return moved;
}

function enter(ranges: Map<string, ScoreRange>, key: string, raw: number, times = 1): void {
  let range = ranges.get(key);
  if (!range) ranges.set(key, (range = { counts: new Map(), min: Infinity, max: -Infinity }));
  range.counts.set(raw, (range.counts.get(raw) ?? 0) + times);
  if (raw < range.min) range.min = raw;
  if (raw > range.max) range.max = raw;
}

function leave(ranges: Map<string, ScoreRange>, key: string, raw: number): void {
  const range = ranges.get(key)!;
  const left = range.counts.get(raw)! - 1;
  if (left > 0) {
    range.counts.set(raw, left);
    return;
  }
  range.counts.delete(raw);
  if (range.counts.size === 0) {
    ranges.delete(key);
    return;
  }
  if (raw === range.min || raw === range.max) {
    range.min = Infinity;
    range.max = -Infinity;
    for (const value of range.counts.keys()) {
      if (value < range.min) range.min = value;
      if (value > range.max) range.max = value;
    }
  }
}

/** A cached plugin's weighted score from its raw score (with the range the ranking uses). */
export function weighted(cached: CachedPlugin, raw: number): number {
  const { plugin, used } = cached;
  return (used ? plugin.normalizeRaw!(raw, used.min, used.max) : raw) * plugin.weight;
}

/** `baseOf` for every node into `base`, plugin by plugin (a normalising plugin's raw scores repeat: memoised). */
export function baseAll(plugins: readonly CachedPlugin[], nodes: readonly NodeState[], base: Float64Array): void {
  for (const node of nodes) base[node.index] = 0;
  for (const cached of plugins) {
    if (cached.state === 'skip') continue;
    const { raw } = cached;
    const factor = cached.plugin.weight;
    if (!cached.used) {
      for (const node of nodes) base[node.index]! += raw[node.index]! * factor;
      continue;
    }
    let lastRaw = Number.NaN;
    let lastWeighted = 0;
    for (const node of nodes) {
      const value = raw[node.index]!;
      if (value !== lastRaw) {
        lastRaw = value;
        lastWeighted = weighted(cached, value);
      }
      base[node.index]! += lastWeighted;
    }
  }
}

/** The sum of the cached plugins' weighted scores on a node. */
export function baseOf(plugins: readonly CachedPlugin[], node: number): number {
  let sum = 0;
  for (const cached of plugins) if (cached.state !== 'skip') sum += weighted(cached, cached.raw[node]!);
  return sum;
}
