import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterState, filterOn, node, pod, verdict } from '../helpers.js';

// Mirrors pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable_test.go.
const cases = [
  { name: 'schedulable node', unschedulable: false, tolerations: [], want: 'pass' },
  { name: 'cordoned node, no toleration', unschedulable: true, tolerations: [], want: ['NodeUnschedulable', 'UU', ['node(s) were unschedulable']] },
  {
    name: 'cordoned node, tolerates node.kubernetes.io/unschedulable',
    unschedulable: true,
    tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', value: '', effect: 'NoSchedule' }],
    want: 'pass',
  },
  { name: 'cordoned node, empty-key Exists tolerates everything', unschedulable: true, tolerations: [{ key: '', operator: 'Exists', value: '', effect: '' }], want: 'pass' },
  {
    name: 'cordoned node, toleration for another effect',
    unschedulable: true,
    tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', value: '', effect: 'NoExecute' }],
    want: ['NodeUnschedulable', 'UU', ['node(s) were unschedulable']],
  },
] as const;

for (const c of cases) {
  test(`NodeUnschedulable: ${c.name}`, () => {
    const state = clusterState([node('n1', { unschedulable: c.unschedulable })]);
    assert.deepEqual(verdict(filterOn(state, pod('p', { tolerations: [...c.tolerations] }), 'n1')), c.want);
  });
}

test('NodeUnschedulable runs before TaintToleration: a cordoned node never reports its unschedulable taint', () => {
  const state = clusterState([node('n1', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }] })]);
  assert.deepEqual(verdict(filterOn(state, pod('p'), 'n1')), ['NodeUnschedulable', 'UU', ['node(s) were unschedulable']]);
});
