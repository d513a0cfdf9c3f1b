import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultNormalizeScore, normalizeByRange } from '../../src/schedule/scores/score-plugin.js';
import { leastAllocatedScore } from '../../src/schedule/scores/node-resources-fit.js';
import { balancedAllocationScore } from '../../src/schedule/scores/balanced-allocation.js';
import { prioritizeNodes } from '../../src/schedule/scores/index.js';
import { newCycle } from '../../src/schedule/framework.js';
import { clusterState, node, pod } from './helpers.js';

// Mirrors noderesources/least_allocated_test.go, balanced_allocation_test.go and helper/normalize_score_test.go.
test('LeastAllocated: ((allocatable − requested)·100 / allocatable), averaged over cpu and memory', () => {
  const state = clusterState([node('n1', { allocatable: { cpu: 4000, memory: 10000, pods: 110 } })], [pod('e', { nonZeroRequests: { cpu: 1000, memory: 2000 } }, 'n1')]);
  // cpu: (4000 − 3000)·100/4000 = 25; memory: (10000 − 5000)·100/10000 = 50; (25 + 50) / 2 = 37
  assert.equal(leastAllocatedScore(state.byName.get('n1')!, { cpu: 2000, memory: 3000 }), 37);
  assert.equal(leastAllocatedScore(state.byName.get('n1')!, { cpu: 5000, memory: 0 }), 40); // cpu over capacity scores 0
});

test('BalancedAllocation: (1 − |f_cpu − f_mem| / 2)·100, fractions capped at 1', () => {
  const state = clusterState([node('n1', { allocatable: { cpu: 4000, memory: 10000, pods: 110 } })]);
  // f_cpu = 3000/4000 = 0.75, f_mem = 5000/10000 = 0.5 → std 0.125 → 87
  assert.equal(balancedAllocationScore(state.byName.get('n1')!, { cpu: 3000, memory: 5000 }), 87);
  assert.equal(balancedAllocationScore(state.byName.get('n1')!, { cpu: 8000, memory: 0 }), 50);
});

test('DefaultNormalizeScore: scaled to the maximum; reverse flips; all-zero reverse gives 100', () => {
  const normalize = (scores: number[], reverse: boolean) => normalizeByRange(scores, (raw, _min, max) => defaultNormalizeScore(raw, max, reverse));
  assert.deepEqual(normalize([1, 2, 4], false), [25, 50, 100]);
  assert.deepEqual(normalize([1, 2, 4], true), [75, 50, 0]);
  assert.deepEqual(normalize([0, 0], true), [100, 100]);
  assert.deepEqual(normalize([0, 0], false), [0, 0]);
});

test('TaintToleration score: untolerated PreferNoSchedule taints cost 3 × 100 after reverse normalisation', () => {
  const state = clusterState([node('clean'), node('soft', { taints: [{ key: 'spot', value: '', effect: 'PreferNoSchedule' }] })]);
  const scores = prioritizeNodes(newCycle(state, pod('p', { requests: { cpu: 100, memory: 100 } })), state.nodes);
  assert.equal(scores[0]!.plugins.TaintToleration, 300);
  assert.equal(scores[1]!.plugins.TaintToleration, 0);
});

test('NodeAffinity score: preferred term weights, normalised to 100 × weight 2', () => {
  const state = clusterState([node('ssd', { labels: { disk: 'ssd' } }), node('hdd', { labels: { disk: 'hdd' } })]);
  const preferred = [{ weight: 20, term: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }], matchFields: [] } }];
  const scores = prioritizeNodes(newCycle(state, pod('p', { preferredNodeAffinity: preferred })), state.nodes);
  assert.deepEqual(scores.map((s) => s.plugins.NodeAffinity), [200, 0]);
  const none = prioritizeNodes(newCycle(state, pod('p')), state.nodes);
  assert.equal(none[0]!.plugins.NodeAffinity, undefined); // PreScore Skip
});

test('InterPodAffinity score: a preferred affinity term pulls towards the peer, min-max normalised', () => {
  const state = clusterState([node('n1'), node('n2')], [pod('cache', { labels: { app: 'cache' } }, 'n2')]);
  const term = { selector: { requirements: [{ key: 'app', operator: 'In' as const, values: ['cache'] }], matchesNothing: false }, namespaces: [], topologyKey: 'kubernetes.io/hostname' };
  const scores = prioritizeNodes(newCycle(state, pod('web', { preferredAffinity: [{ weight: 50, term }] })), state.nodes);
  assert.deepEqual(scores.map((s) => s.plugins.InterPodAffinity), [0, 200]);
});

test('ImageLocality: nodes that already have a big image score higher', () => {
  const image = 'registry.example/app:1';
  const state = clusterState([node('warm', { images: new Map([[image, 500 * 2 ** 20]]) }), node('cold')]);
  const scores = prioritizeNodes(newCycle(state, pod('p', { images: [image] })), state.nodes);
  // 500 MiB × (1 node / 2 nodes) = 250 MiB → 100·(250 − 23)/(1000 − 23) = 23
  assert.deepEqual(scores.map((s) => s.plugins.ImageLocality), [23, 0]);
});

test('BalancedAllocation skips best-effort pods from 1.33', () => {
  const nodes = [node('n1'), node('n2')];
  const newer = clusterState(nodes, [], '1.33');
  const skip = prioritizeNodes(newCycle(newer, pod('p')), newer.nodes);
  assert.equal(skip[0]!.plugins.NodeResourcesBalancedAllocation, undefined);
  const state = clusterState(nodes, [], '1.32');
  const scored = prioritizeNodes(newCycle(state, pod('p')), state.nodes);
  assert.equal(scored[0]!.plugins.NodeResourcesBalancedAllocation, 100);
});
