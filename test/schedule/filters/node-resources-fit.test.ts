import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceList } from '../../../src/schedule/cluster.js';
import { clusterState, filterOn, node, pod, verdict } from '../helpers.js';

// Mirrors pkg/scheduler/framework/plugins/noderesources/fit_test.go (TestEnoughRequests).
const MI = 2 ** 20;
const allocatable: ResourceList = { cpu: 10, memory: 20, pods: 32 };

const cases: { name: string; used: ResourceList; request: ResourceList; version?: string; alloc?: ResourceList; want: unknown }[] = [
  { name: 'no resources requested always fits', used: { cpu: 10, memory: 20 }, request: {}, want: 'pass' },
  { name: 'too many resources fails', used: { cpu: 10, memory: 20 }, request: { cpu: 1, memory: 1 }, want: ['NodeResourcesFit', 'U', ['Insufficient cpu', 'Insufficient memory']] },
  { name: 'fits exactly', used: { cpu: 5, memory: 5 }, request: { cpu: 5, memory: 15 }, want: 'pass' },
  { name: 'one resource short', used: { cpu: 5, memory: 19 }, request: { cpu: 5, memory: 2 }, want: ['NodeResourcesFit', 'U', ['Insufficient memory']] },
  { name: 'a request above the whole allocatable is UU from 1.34', used: {}, request: { cpu: 11 }, want: ['NodeResourcesFit', 'UU', ['Insufficient cpu']] },
  { name: '... and U before 1.34', used: {}, request: { cpu: 11 }, version: '1.33', want: ['NodeResourcesFit', 'U', ['Insufficient cpu']] },
  { name: 'extended resource the node lacks', used: {}, request: { 'nvidia.com/gpu': 1 }, want: ['NodeResourcesFit', 'UU', ['Insufficient nvidia.com/gpu']] },
  { name: 'extended resource available', used: { 'nvidia.com/gpu': 1 }, request: { 'nvidia.com/gpu': 1 }, alloc: { ...allocatable, 'nvidia.com/gpu': 2 }, want: 'pass' },
  { name: 'extended resource used up', used: { 'nvidia.com/gpu': 2 }, request: { 'nvidia.com/gpu': 1 }, alloc: { ...allocatable, 'nvidia.com/gpu': 2 }, want: ['NodeResourcesFit', 'U', ['Insufficient nvidia.com/gpu']] },
  { name: 'hugepages', used: {}, request: { 'hugepages-2Mi': 4 * MI }, alloc: { ...allocatable, 'hugepages-2Mi': 2 * MI }, want: ['NodeResourcesFit', 'UU', ['Insufficient hugepages-2Mi']] },
  { name: 'ephemeral-storage', used: { 'ephemeral-storage': 15 }, request: { 'ephemeral-storage': 10 }, alloc: { ...allocatable, 'ephemeral-storage': 20 }, want: ['NodeResourcesFit', 'U', ['Insufficient ephemeral-storage']] },
];

for (const c of cases) {
  test(`NodeResourcesFit: ${c.name}`, () => {
    const state = clusterState([node('n1', { allocatable: c.alloc ?? allocatable })], [pod('existing', { requests: c.used }, 'n1')], c.version ?? '1.36');
    assert.deepEqual(verdict(filterOn(state, pod('p', { requests: c.request }), 'n1')), c.want);
  });
}

test('NodeResourcesFit: Too many pods comes with the other reasons, and a zero-request pod gets only it', () => {
  const existing = Array.from({ length: 2 }, (_, i) => pod(`e${i}`, { requests: { cpu: 5 } }, 'n1'));
  const state = clusterState([node('n1', { allocatable: { cpu: 10, memory: 20, pods: 2 } })], existing);
  assert.deepEqual(verdict(filterOn(state, pod('p', { requests: { cpu: 1 } }), 'n1')), ['NodeResourcesFit', 'U', ['Too many pods', 'Insufficient cpu']]);
  assert.deepEqual(verdict(filterOn(state, pod('p', {}), 'n1')), ['NodeResourcesFit', 'U', ['Too many pods']]);
});

test('NodeResourcesFit: the status carries requested, used and allocatable', () => {
  const state = clusterState([node('n1', { allocatable: { cpu: 2000, memory: 4096, pods: 110 } })], [pod('e', { requests: { cpu: 1800 } }, 'n1')]);
  const status = filterOn(state, pod('p', { requests: { cpu: 500 } }), 'n1');
  assert.ok(status !== 'pass' && status.detail?.kind === 'resources');
  assert.deepEqual(status.detail.insufficient, [{ resource: 'cpu', reason: 'Insufficient cpu', requested: 500, used: 1800, allocatable: 2000, unresolvable: false }]);
});
