import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPaths } from '../../src/check.js';
import { RULES } from '../../rules/index.js';

const PLACEMENT_RULES = [
  'requests-exceed-allocatable',
  'insufficient-capacity',
  'host-port-conflict',
  'untolerated-taint',
  'node-selector-unsatisfiable',
  'anti-affinity-unsatisfiable',
  'pod-affinity-unsatisfiable',
  'topology-spread-unsatisfiable',
  'node-name-unknown',
  'unschedulable-node',
];

test('every placement rule is registered, an error, and needs a cluster snapshot', () => {
  for (const id of PLACEMENT_RULES) {
    const rule = RULES.find((r) => r.id === id);
    assert.ok(rule, `${id} is registered`);
    assert.equal(rule.needs, 'cluster', id);
    assert.equal(rule.level, 'error', id);
  }
});

test('no placement rule fires on the bundled example without --cluster', async () => {
  const result = await checkPaths(['examples/manifests']);
  assert.deepEqual(result.findings.filter((f) => PLACEMENT_RULES.includes(f.ruleId)), []);
});

test('the bundled example: one finding per cause of its Pending pods, at the key that causes it', async () => {
  const result = await checkPaths(['examples/manifests'], { clusterPaths: ['examples/cluster.yaml'] });
  const placement = result.findings
    .filter((f) => PLACEMENT_RULES.includes(f.ruleId))
    .map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.ruleId}`);
  assert.deepEqual(placement, [
    'examples/manifests/api.yaml:20:15 anti-affinity-unsatisfiable',
    'examples/manifests/cache.yaml:29:23 insufficient-capacity',
    'examples/manifests/inference.yaml:18:9 node-selector-unsatisfiable',
    'examples/manifests/inference.yaml:36:31 requests-exceed-allocatable',
    'examples/manifests/nightly-report.yaml:20:24 requests-exceed-allocatable',
    'examples/manifests/web.yaml:25:15 host-port-conflict',
  ]);
});
