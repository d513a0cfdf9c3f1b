import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFiles } from '../../src/check.js';
import { readCluster } from '../../src/read/cluster.js';
import { defineRule } from '../../src/rules/rule.js';
import { yaml } from '../helpers/lint.js';

const manifests = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    replicas: 2
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers: [{name: web, image: web:1, resources: {requests: {cpu: "1500m"}}}]
`;
const clusterText = yaml`
  apiVersion: v1
  kind: Node
  metadata: {name: n1, uid: n1, labels: {kubernetes.io/hostname: n1}}
  status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
`;

test('check with a cluster: placement JSON, the simulation for rules, cluster rules enabled', () => {
  const seen: unknown[] = [];
  const probe = defineRule({
    id: 'probe', level: 'note', description: 'sees the simulation', needs: 'cluster', messages: { m: 'x' },
    check(context) {
      seen.push(context.simulation?.workloads.map((w) => w.pods.map((p) => p.state)));
    },
  });
  const cluster = readCluster([{ path: 'cluster.yaml', text: clusterText }]);
  const result = checkFiles([{ path: 'm.yaml', text: manifests }], { rules: [probe], cluster });
  assert.deepEqual(seen, [[['scheduled', 'pending']]]);
  assert.deepEqual(result.placement?.workloads[0]?.reasons, ['0/1 nodes are available: 1 Insufficient cpu.']);
  assert.deepEqual(result.placement?.nodes, [{ name: 'n1', allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, requested: { cpu: '1500m', memory: '0', pods: '1' } }]);
  const without = checkFiles([{ path: 'm.yaml', text: manifests }], { rules: [probe] });
  assert.equal(without.placement, null);
  assert.equal(seen.length, 1);
});

test('check with a cluster: an unsupported --kube-version is a parse problem; the default version is used', () => {
  const cluster = readCluster([{ path: 'cluster.yaml', text: clusterText }]);
  const result = checkFiles([{ path: 'm.yaml', text: manifests }], { cluster, kubeVersion: '1.12' });
  assert.ok(result.findings.some((f) => f.ruleId === 'parse-error' && f.location.file === '--kube-version'));
  assert.equal(result.simulation?.version.minor, 36);
});
