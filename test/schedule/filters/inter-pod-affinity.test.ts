import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodAffinityTerm } from '../../../src/schedule/cluster.js';
import { clusterState, filterOn, node, pod, verdict } from '../helpers.js';

// Mirrors pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go (TestRequiredAffinitySingleNode, TestRequiredAffinityMultipleNodes).
const term = (key: string, value: string, topologyKey = 'kubernetes.io/hostname', extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  selector: { requirements: [{ key, operator: 'In', values: [value] }], matchesNothing: false },
  namespaces: [],
  topologyKey,
  ...extra,
});
const AFFINITY = ['InterPodAffinity', 'UU', ["node(s) didn't match pod affinity rules"]];
const ANTI = ['InterPodAffinity', 'U', ["node(s) didn't match pod anti-affinity rules"]];
const EXISTING = ['InterPodAffinity', 'U', ["node(s) didn't satisfy existing pods anti-affinity rules"]];
const zoned = () => [node('n1', { labels: { zone: 'a' } }), node('n2', { labels: { zone: 'a' } }), node('n3', { labels: { zone: 'b' } })];

test('InterPodAffinity: required affinity satisfied by a pod in the same zone', () => {
  const state = clusterState(zoned(), [pod('db', { labels: { app: 'db' } }, 'n1')]);
  const incoming = pod('web', { requiredAffinity: [term('app', 'db', 'zone')] });
  assert.deepEqual(verdict(filterOn(state, incoming, 'n2')), 'pass');
  assert.deepEqual(verdict(filterOn(state, incoming, 'n3')), AFFINITY);
});

test('InterPodAffinity: the first pod of a self-affine group may go anywhere that has the topology key', () => {
  const state = clusterState([...zoned(), node('n4')]);
  const incoming = pod('web', { labels: { app: 'web' }, requiredAffinity: [term('app', 'web', 'zone')] });
  assert.deepEqual(verdict(filterOn(state, incoming, 'n3')), 'pass');
  assert.deepEqual(verdict(filterOn(state, incoming, 'n4')), AFFINITY);
});

test('InterPodAffinity: without the first-pod exception a missing peer fails (UU)', () => {
  const state = clusterState(zoned());
  assert.deepEqual(verdict(filterOn(state, pod('web', { requiredAffinity: [term('app', 'db', 'zone')] }), 'n1')), AFFINITY);
});

test('InterPodAffinity: affinity terms only see pods in their namespaces', () => {
  const state = clusterState(zoned(), [pod('db', { namespace: 'data', labels: { app: 'db' } }, 'n1')]);
  assert.deepEqual(verdict(filterOn(state, pod('web', { requiredAffinity: [term('app', 'db', 'zone')] }), 'n1')), AFFINITY);
  const withNamespace = pod('web', { requiredAffinity: [term('app', 'db', 'zone', { namespaces: ['data'] })] });
  assert.deepEqual(verdict(filterOn(state, withNamespace, 'n1')), 'pass');
  const withSelector = pod('web', { requiredAffinity: [term('app', 'db', 'zone', { namespaceSelector: { requirements: [], matchesNothing: false } })] });
  assert.deepEqual(verdict(filterOn(state, withSelector, 'n1')), 'pass');
});

test('InterPodAffinity: required anti-affinity blocks the whole topology domain (U)', () => {
  const state = clusterState(zoned(), [pod('web-0', { labels: { app: 'web' } }, 'n1')]);
  const incoming = pod('web-1', { labels: { app: 'web' }, requiredAntiAffinity: [term('app', 'web', 'zone')] });
  assert.deepEqual(verdict(filterOn(state, incoming, 'n2')), ANTI);
  assert.deepEqual(verdict(filterOn(state, incoming, 'n3')), 'pass');
});

test("InterPodAffinity: existing pods' anti-affinity rejects a matching newcomer (symmetry)", () => {
  const state = clusterState(zoned(), [pod('loner', { requiredAntiAffinity: [term('app', 'web')] }, 'n1')]);
  const incoming = pod('web', { labels: { app: 'web' } });
  const status = filterOn(state, incoming, 'n1');
  assert.deepEqual(verdict(status), EXISTING);
  assert.ok(status !== 'pass' && status.detail?.kind === 'existing-anti-affinity');
  assert.deepEqual(status.detail.blockers.map((b) => b.pod.pod.name), ['loner']);
  assert.deepEqual(verdict(filterOn(state, incoming, 'n2')), 'pass');
});

test('InterPodAffinity: affinity is checked before anti-affinity', () => {
  const state = clusterState(zoned(), [pod('web-0', { labels: { app: 'web' } }, 'n3')]);
  const incoming = pod('web-1', { labels: { app: 'web' }, requiredAffinity: [term('app', 'db', 'zone')], requiredAntiAffinity: [term('app', 'web', 'zone')] });
  assert.deepEqual(verdict(filterOn(state, incoming, 'n3')), AFFINITY);
});
