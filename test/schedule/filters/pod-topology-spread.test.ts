import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopologySpreadConstraint } from '../../../src/schedule/cluster.js';
import type { Selector } from '../../../src/model/selector.js';
import { clusterState, filterOn, node, pod, verdict } from '../helpers.js';

// Mirrors pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go (TestSingleConstraint).
const fooSelector: Selector = { requirements: [{ key: 'foo', operator: 'Exists', values: [] }], matchesNothing: false };
const zone = (maxSkew: number, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew,
  topologyKey: 'zone',
  whenUnsatisfiable: 'DoNotSchedule',
  selector: fooSelector,
  minDomains: 1,
  nodeAffinityPolicy: 'Honor',
  nodeTaintsPolicy: 'Ignore',
  ...extra,
});
const nodes = () => [
  node('node-a', { labels: { zone: 'zone1' } }),
  node('node-b', { labels: { zone: 'zone1' } }),
  node('node-x', { labels: { zone: 'zone2' } }),
  node('node-y', { labels: { zone: 'zone2' } }),
];
const SKEW = ['PodTopologySpread', 'U', ["node(s) didn't match pod topology spread constraints"]];

/** zone1 has 3 matching pods, zone2 has 1: with maxSkew 1 only zone2 nodes fit. */
function threeToOne() {
  return clusterState(nodes(), [
    pod('p-a1', { labels: { foo: '' } }, 'node-a'),
    pod('p-a2', { labels: { foo: '' } }, 'node-a'),
    pod('p-b1', { labels: { foo: '' } }, 'node-b'),
    pod('p-y1', { labels: { foo: '' } }, 'node-y'),
  ]);
}

test('PodTopologySpread: pods spread across zones 3/1 — zone1 rejects, zone2 accepts', () => {
  const state = threeToOne();
  const incoming = pod('p', { labels: { foo: '' }, topologySpread: [zone(1)] });
  assert.deepEqual(verdict(filterOn(state, incoming, 'node-a')), SKEW);
  assert.deepEqual(verdict(filterOn(state, incoming, 'node-b')), SKEW);
  assert.deepEqual(verdict(filterOn(state, incoming, 'node-x')), 'pass');
  assert.deepEqual(verdict(filterOn(state, incoming, 'node-y')), 'pass');
});

test('PodTopologySpread: a pod that does not match its own selector adds no self-match', () => {
  const state = threeToOne();
  const incoming = pod('p', { labels: {}, topologySpread: [zone(2)] });
  assert.deepEqual(verdict(filterOn(state, incoming, 'node-a')), 'pass'); // 3 + 0 - 1 = 2 <= 2
});

test('PodTopologySpread: a node without the topology key is UU (missing required label)', () => {
  const state = clusterState([...nodes(), node('node-z')]);
  const incoming = pod('p', { labels: { foo: '' }, topologySpread: [zone(1)] });
  assert.deepEqual(verdict(filterOn(state, incoming, 'node-z')), ['PodTopologySpread', 'UU', ["node(s) didn't match pod topology spread constraints (missing required label)"]]);
});

test('PodTopologySpread: minDomains above the domain count makes the global minimum 0', () => {
  const state = clusterState(nodes(), [pod('p-a1', { labels: { foo: '' } }, 'node-a'), pod('p-x1', { labels: { foo: '' } }, 'node-x')]);
  const incoming = pod('p', { labels: { foo: '' }, topologySpread: [zone(1, { minDomains: 3 })] });
  assert.deepEqual(verdict(filterOn(state, incoming, 'node-x')), SKEW); // 1 + 1 - 0 = 2 > 1
  const withoutMinDomains = pod('p', { labels: { foo: '' }, topologySpread: [zone(1)] });
  assert.deepEqual(verdict(filterOn(state, withoutMinDomains, 'node-x')), 'pass');
});

test('PodTopologySpread: nodeAffinityPolicy Honor drops domains the pod cannot use from the minimum', () => {
  // zone2 nodes are excluded by the pod's nodeSelector, so only zone1 counts and its minimum is 3.
  const state = threeToOne();
  const selectorToZone1 = { zone: 'zone1' };
  const honor = pod('p', { labels: { foo: '' }, nodeSelector: selectorToZone1, topologySpread: [zone(1)] });
  assert.deepEqual(verdict(filterOn(state, honor, 'node-a')), 'pass');
  const ignore = pod('p', { labels: { foo: '' }, nodeSelector: selectorToZone1, topologySpread: [zone(1, { nodeAffinityPolicy: 'Ignore' })] });
  assert.deepEqual(verdict(filterOn(state, ignore, 'node-a')), SKEW);
});

test('PodTopologySpread: pods in other namespaces and terminating pods do not count', () => {
  const state = clusterState(nodes(), [
    pod('other-ns', { namespace: 'other', labels: { foo: '' } }, 'node-a'),
    { ...pod('terminating', { labels: { foo: '' } }, 'node-a'), terminating: true },
  ]);
  const incoming = pod('p', { labels: { foo: '' }, topologySpread: [zone(1)] });
  assert.deepEqual(verdict(filterOn(state, incoming, 'node-a')), 'pass');
});

test('PodTopologySpread: ScheduleAnyway constraints never filter', () => {
  const state = threeToOne();
  const incoming = pod('p', { labels: { foo: '' }, topologySpread: [zone(1, { whenUnsatisfiable: 'ScheduleAnyway' })] });
  assert.deepEqual(verdict(filterOn(state, incoming, 'node-a')), 'pass');
});
