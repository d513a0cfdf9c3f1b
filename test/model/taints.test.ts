import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint, Toleration } from '../../src/schedule/cluster.js';
import {
  firstUntoleratedTaint, parseTaints, parseTolerations, taintsFromNodeState, tolerates,
  withDaemonSetTolerations, withDefaultTolerationSeconds,
} from '../../src/model/taints.js';

const taint = (key: string, value: string, effect: Taint['effect']): Taint => ({ key, value, effect });
const tol = (key: string, operator: string, value: string, effect: string): Toleration => ({ key, operator, value, effect });

// Section 6.1, mirroring TestTolerationToleratesTaint in kubernetes/api core/v1/toleration_test.go.
const TABLE: [string, Toleration, Taint, boolean][] = [
  ['Equal with the same key, value and effect', tol('dedicated', 'Equal', 'gpu', 'NoSchedule'), taint('dedicated', 'gpu', 'NoSchedule'), true],
  ['empty operator means Equal', tol('dedicated', '', 'gpu', 'NoSchedule'), taint('dedicated', 'gpu', 'NoSchedule'), true],
  ['Equal with another value', tol('dedicated', 'Equal', 'cpu', 'NoSchedule'), taint('dedicated', 'gpu', 'NoSchedule'), false],
  ['Equal with empty values on both sides', tol('node-role.kubernetes.io/control-plane', 'Equal', '', 'NoSchedule'), taint('node-role.kubernetes.io/control-plane', '', 'NoSchedule'), true],
  ['Exists ignores the value', tol('dedicated', 'Exists', '', 'NoSchedule'), taint('dedicated', 'anything', 'NoSchedule'), true],
  ['empty effect matches every effect', tol('dedicated', 'Exists', '', ''), taint('dedicated', 'x', 'NoExecute'), true],
  ['another effect does not match', tol('dedicated', 'Exists', '', 'NoSchedule'), taint('dedicated', 'x', 'NoExecute'), false],
  ['another key does not match', tol('other', 'Exists', '', ''), taint('dedicated', 'x', 'NoSchedule'), false],
  ['empty key with Exists tolerates everything', tol('', 'Exists', '', ''), taint('node.kubernetes.io/not-ready', '', 'NoSchedule'), true],
  ['empty key with Exists and an effect', tol('', 'Exists', '', 'NoExecute'), taint('a', 'b', 'NoSchedule'), false],
  ['empty key with Equal only matches equal values', tol('', 'Equal', 'b', ''), taint('a', 'b', 'NoSchedule'), true],
  ['Lt tolerates nothing while its gate is off', tol('load', 'Lt', '10', 'NoSchedule'), taint('load', '5', 'NoSchedule'), false],
  ['Gt tolerates nothing while its gate is off', tol('load', 'Gt', '1', 'NoSchedule'), taint('load', '5', 'NoSchedule'), false],
  ['unknown operator', tol('dedicated', 'In', 'gpu', 'NoSchedule'), taint('dedicated', 'gpu', 'NoSchedule'), false],
];

for (const [name, toleration, t, expected] of TABLE) {
  test(`tolerates: ${name}`, () => assert.equal(tolerates(toleration, t), expected));
}

test('Lt/Gt compare int64 values when the comparison gate is on', () => {
  const on = { comparisonOperators: true };
  assert.equal(tolerates(tol('load', 'Lt', '10', ''), taint('load', '5', 'NoSchedule'), on), true);
  assert.equal(tolerates(tol('load', 'Lt', '5', ''), taint('load', '5', 'NoSchedule'), on), false);
  assert.equal(tolerates(tol('load', 'Gt', '1', ''), taint('load', '5', 'NoSchedule'), on), true);
  assert.equal(tolerates(tol('load', 'Gt', '1', ''), taint('load', 'high', 'NoSchedule'), on), false);
});

test('firstUntoleratedTaint: node order, NoSchedule/NoExecute only', () => {
  const taints = [
    taint('soft', '', 'PreferNoSchedule'),
    taint('node-role.kubernetes.io/control-plane', '', 'NoSchedule'),
    taint('dedicated', 'db', 'NoExecute'),
  ];
  assert.deepEqual(firstUntoleratedTaint(taints, []), taints[1]);
  assert.deepEqual(firstUntoleratedTaint(taints, [tol('node-role.kubernetes.io/control-plane', 'Exists', '', 'NoSchedule')]), taints[2]);
  assert.equal(firstUntoleratedTaint(taints, [tol('', 'Exists', '', '')]), undefined);
  // The kubelet's admission looks at NoExecute only.
  assert.deepEqual(firstUntoleratedTaint(taints, [], ['NoExecute']), taints[2]);
});

test('parsing keeps paths and drops taints the API server would reject', () => {
  assert.deepEqual(parseTaints([{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'Sometimes' }, { effect: 'NoSchedule' }, 'x']), [taint('a', '', 'NoSchedule')]);
  assert.deepEqual(parseTolerations([{ operator: 'Exists' }, { key: 'k', value: 5, effect: 'NoSchedule' }], ['spec', 'tolerations']), [
    { key: '', operator: 'Exists', value: '', effect: '', path: ['spec', 'tolerations', 0] },
    { key: 'k', operator: '', value: '5', effect: 'NoSchedule', path: ['spec', 'tolerations', 1] },
  ]);
});

test('DefaultTolerationSeconds adds not-ready/unreachable NoExecute unless covered', () => {
  const added = withDefaultTolerationSeconds([]);
  assert.deepEqual(added, [
    tol('node.kubernetes.io/not-ready', 'Exists', '', 'NoExecute'),
    tol('node.kubernetes.io/unreachable', 'Exists', '', 'NoExecute'),
  ]);
  // A NotReady node still rejects ordinary pods through its NoSchedule taint.
  assert.ok(firstUntoleratedTaint([taint('node.kubernetes.io/not-ready', '', 'NoSchedule')], added));
  assert.equal(firstUntoleratedTaint([taint('node.kubernetes.io/not-ready', '', 'NoExecute')], added), undefined);
  // An empty-key toleration with an empty effect already covers both.
  assert.equal(withDefaultTolerationSeconds([tol('', 'Exists', '', '')]).length, 1);
  // A NoSchedule toleration for not-ready does not.
  assert.equal(withDefaultTolerationSeconds([tol('node.kubernetes.io/not-ready', 'Exists', '', 'NoSchedule')]).length, 3);
});

test('DaemonSet tolerations: network-unavailable only with hostNetwork, never control-plane', () => {
  const plain = withDaemonSetTolerations([], false);
  assert.deepEqual(plain.map((t) => `${t.key}:${t.effect}`), [
    'node.kubernetes.io/not-ready:NoExecute',
    'node.kubernetes.io/unreachable:NoExecute',
    'node.kubernetes.io/disk-pressure:NoSchedule',
    'node.kubernetes.io/memory-pressure:NoSchedule',
    'node.kubernetes.io/pid-pressure:NoSchedule',
    'node.kubernetes.io/unschedulable:NoSchedule',
  ]);
  const hostNetwork = withDaemonSetTolerations(plain, true);
  assert.equal(hostNetwork.length, 7);
  assert.equal(hostNetwork[6]!.key, 'node.kubernetes.io/network-unavailable');
  assert.ok(firstUntoleratedTaint([taint('node-role.kubernetes.io/control-plane', '', 'NoSchedule')], hostNetwork));
  assert.ok(firstUntoleratedTaint([taint('node.kubernetes.io/not-ready', '', 'NoSchedule')], hostNetwork));
});

test('taints derived from node state are added only when missing', () => {
  const node = {
    spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
    status: {
      conditions: [
        { type: 'Ready', status: 'Unknown' },
        { type: 'MemoryPressure', status: 'True' },
        { type: 'DiskPressure', status: 'False' },
        { type: 'NetworkUnavailable', status: 'True' },
      ],
    },
  };
  const derived = taintsFromNodeState(node, parseTaints(node.spec.taints));
  assert.deepEqual(derived.map((t) => `${t.key}:${t.effect}`), [
    'node.kubernetes.io/unschedulable:NoSchedule',
    'node.kubernetes.io/unreachable:NoSchedule',
    'node.kubernetes.io/unreachable:NoExecute',
    'node.kubernetes.io/memory-pressure:NoSchedule',
    'node.kubernetes.io/network-unavailable:NoSchedule',
  ]);
  assert.deepEqual(taintsFromNodeState({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }, []), []);
  assert.deepEqual(taintsFromNodeState({ status: { conditions: [{ type: 'Ready', status: 'False' }] } }, []).map((t) => t.key), [
    'node.kubernetes.io/not-ready', 'node.kubernetes.io/not-ready',
  ]);
});
