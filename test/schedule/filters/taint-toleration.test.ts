import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint, Toleration } from '../../../src/schedule/cluster.js';
import { clusterState, filterOn, node, pod, verdict } from '../helpers.js';

// Mirrors pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go (TestTaintTolerationFilter).
const dedicated: Taint = { key: 'dedicated', value: 'user1', effect: 'NoSchedule' };
const controlPlane: Taint = { key: 'node-role.kubernetes.io/control-plane', value: '', effect: 'NoSchedule' };
const tol = (key: string, operator: string, value: string, effect: string): Toleration => ({ key, operator, value, effect });

const cases: { name: string; taints: Taint[]; tolerations: Toleration[]; version: string; want: unknown }[] = [
  { name: 'no taints', taints: [], tolerations: [], version: '1.36', want: 'pass' },
  { name: 'untolerated, 1.36 generic reason', taints: [dedicated], tolerations: [], version: '1.36', want: ['TaintToleration', 'UU', ['node(s) had untolerated taint(s)']] },
  { name: 'untolerated, 1.34.2 generic reason', taints: [dedicated], tolerations: [], version: '1.34.2', want: ['TaintToleration', 'UU', ['node(s) had untolerated taint(s)']] },
  { name: 'untolerated, 1.34.1 names the taint', taints: [dedicated], tolerations: [], version: '1.34.1', want: ['TaintToleration', 'UU', ['node(s) had untolerated taint {dedicated: user1}']] },
  { name: 'empty value leaves nothing after ": "', taints: [controlPlane], tolerations: [], version: '1.33', want: ['TaintToleration', 'UU', ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']] },
  { name: 'Equal with the same value tolerates', taints: [dedicated], tolerations: [tol('dedicated', 'Equal', 'user1', 'NoSchedule')], version: '1.36', want: 'pass' },
  { name: 'Equal with another value does not', taints: [dedicated], tolerations: [tol('dedicated', 'Equal', 'user2', 'NoSchedule')], version: '1.30', want: ['TaintToleration', 'UU', ['node(s) had untolerated taint {dedicated: user1}']] },
  { name: 'Exists with the key tolerates any value', taints: [dedicated], tolerations: [tol('dedicated', 'Exists', '', '')], version: '1.36', want: 'pass' },
  { name: 'empty key with Exists tolerates every taint', taints: [dedicated, controlPlane], tolerations: [tol('', 'Exists', '', '')], version: '1.36', want: 'pass' },
  { name: 'toleration for PreferNoSchedule does not tolerate NoSchedule', taints: [dedicated], tolerations: [tol('dedicated', 'Equal', 'user1', 'PreferNoSchedule')], version: '1.30', want: ['TaintToleration', 'UU', ['node(s) had untolerated taint {dedicated: user1}']] },
  { name: 'PreferNoSchedule taints do not filter', taints: [{ key: 'soft', value: '', effect: 'PreferNoSchedule' }], tolerations: [], version: '1.36', want: 'pass' },
  { name: 'NoExecute taints filter', taints: [{ key: 'evict', value: 'x', effect: 'NoExecute' }], tolerations: [], version: '1.31', want: ['TaintToleration', 'UU', ['node(s) had untolerated taint {evict: x}']] },
  {
    name: 'the first untolerated taint in node order is named',
    taints: [dedicated, controlPlane],
    tolerations: [tol('dedicated', 'Exists', '', 'NoSchedule')],
    version: '1.32',
    want: ['TaintToleration', 'UU', ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']],
  },
  { name: 'Gt is alpha and off: tolerates nothing', taints: [{ key: 'level', value: '5', effect: 'NoSchedule' }], tolerations: [tol('level', 'Gt', '3', 'NoSchedule')], version: '1.36', want: ['TaintToleration', 'UU', ['node(s) had untolerated taint(s)']] },
];

for (const c of cases) {
  test(`TaintToleration: ${c.name}`, () => {
    const state = clusterState([node('n1', { taints: c.taints })], [], c.version);
    assert.deepEqual(verdict(filterOn(state, pod('p', { tolerations: c.tolerations }), 'n1')), c.want);
  });
}

test('TaintToleration: the status names the taint for placement rules, whatever the version prints', () => {
  const state = clusterState([node('n1', { taints: [controlPlane] })]);
  const status = filterOn(state, pod('p'), 'n1');
  assert.notEqual(status, 'pass');
  assert.deepEqual(status !== 'pass' && status.detail, { kind: 'taint', taint: controlPlane });
});
