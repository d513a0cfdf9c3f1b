import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterYaml, deployment, runScenario } from './helpers.js';

const inventory = (count: number) => `apiVersion: berth.dev/v1alpha1
kind: Inventory
metadata: {name: plan}
pools:
  - name: general
    count: ${count}
    labels: {topology.kubernetes.io/zone: a}
    allocatable: {cpu: "2", memory: 4Gi}
`;

const spread = deployment('api', 4, `
containers: [{name: api, image: "api:1", resources: {requests: {cpu: 100m}}}]
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: api}}
        topologyKey: kubernetes.io/hostname
`);

test('scale-up: an anti-affinity workload with more replicas than nodes fits once the pool has enough nodes', () => {
  const { result, whatIf } = runScenario(spread, inventory(2), { scaleUp: 'general' });
  assert.equal(result.placement?.workloads[0]?.pending, 2);
  assert.deepEqual(whatIf.scaleUp && { ...whatIf.scaleUp, pods: whatIf.scaleUp.pods.map((p) => p.node) }, {
    pool: 'general',
    nodes: 2,
    limit: 2,
    search: 'linear',
    tried: [1, 2],
    newNodes: ['general-3', 'general-4'],
    pods: ['general-3', 'general-4'],
  });
});

test('scale-up from a pool with no nodes yet (count 0) uses its inventory definition', () => {
  const cluster = `${inventory(0)}  - name: system\n    count: 1\n    allocatable: {cpu: "1", memory: 2Gi}\n`;
  const { whatIf } = runScenario(spread, cluster, { scaleUp: 'general' });
  assert.equal(whatIf.scaleUp?.nodes, 3);
  assert.deepEqual(whatIf.scaleUp?.newNodes, ['general-1', 'general-2', 'general-3']);
});

test('scale-up with only node-local constraints searches by bisection and finds the smallest count', () => {
  const big = deployment('batch', 7, 'containers: [{name: b, image: "b:1", resources: {requests: {cpu: 900m}}}]');
  // 2 per node: 1 node holds 2 of 7, so 3 more nodes are needed.
  const { whatIf } = runScenario(big, inventory(1), { scaleUp: 'general' });
  assert.equal(whatIf.scaleUp?.search, 'binary');
  assert.equal(whatIf.scaleUp?.nodes, 3);
  assert.equal(whatIf.scaleUp?.limit, 5);
  // Capacity alone needs ceil((5 × 900m − 200m free) / 2) = 3 nodes: bisection starts there and checks 5, 4, 3.
  assert.deepEqual(whatIf.scaleUp?.tried, [5, 4, 3]);
  assert.ok(whatIf.scaleUp!.pods.every((p) => p.node !== null));
});

test('scale-up that no number of pool nodes satisfies keeps the Pending messages', () => {
  const huge = deployment('huge', 1, 'containers: [{name: h, image: "h:1", resources: {requests: {cpu: "3"}}}]');
  const { whatIf } = runScenario(huge, inventory(1), { scaleUp: 'general' });
  assert.equal(whatIf.scaleUp?.nodes, null);
  assert.match(whatIf.scaleUp!.pods[0]!.message!, /^0\/2 nodes are available: 2 Insufficient cpu\./);
});

test('headroom of a workload limited by cpu, then by a hostPort', () => {
  const byCpu = deployment('web', 1, 'containers: [{name: web, image: "web:1", resources: {requests: {cpu: 500m}}}]');
  const cpu = runScenario(byCpu, clusterYaml([{ name: 'n1', cpu: '2' }]), { headroom: ['web'] });
  assert.deepEqual(cpu.whatIf.headroom, [{
    workload: 'Deployment/default/web',
    fits: 3,
    nodes: { n1: 3 },
    stoppedBy: '0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
  }]);

  const byPort = deployment('web', 1, 'containers: [{name: web, image: "web:1", ports: [{containerPort: 80, hostPort: 8080}], resources: {requests: {cpu: 100m}}}]');
  const port = runScenario(byPort, clusterYaml([{ name: 'n1' }, { name: 'n2' }]), { headroom: ['Deployment/default/web'] });
  assert.equal(port.whatIf.headroom[0]?.fits, 1);
  assert.match(port.whatIf.headroom[0]!.stoppedBy!, /^0\/2 nodes are available: 2 node\(s\) didn't have free ports for the requested pod ports\./);
  // The extra replicas are hypothetical: the scenario's nodes are unchanged.
  assert.deepEqual(port.whatIf.nodes.map((n) => n.after?.pods), [1, 0]);
});

test('headroom after a drain is measured on the drained cluster', () => {
  const web = deployment('web', 1, 'containers: [{name: web, image: "web:1", resources: {requests: {cpu: 500m}}}]');
  const { whatIf } = runScenario(web, clusterYaml([{ name: 'n1' }, { name: 'n2' }]), { drain: ['n2'], headroom: ['web'] });
  assert.equal(whatIf.headroom[0]?.fits, 3);
  assert.deepEqual(whatIf.headroom[0]?.nodes, { n1: 3 });
});

test('--add-nodes --pool: the manifests\' Pending pods take the new nodes, with the DaemonSet pods the pool runs', () => {
  const agent = `---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: a, image: "a:1", resources: {requests: {cpu: 200m}}}]\n`;
  const { whatIf } = runScenario(spread + agent, inventory(2), { addNodes: { count: 1, pool: 'general' } });
  assert.deepEqual(whatIf.scenario.addedNodes, ['general-3']);
  assert.deepEqual(whatIf.scheduled.map((s) => [s.node, s.owner]), [['general-3', 'Deployment/default/api']]);
  // The DaemonSet pod and one api replica: 200m + 100m.
  assert.deepEqual(whatIf.nodes.find((n) => n.name === 'general-3'), {
    name: 'general-3', change: 'added', before: null, after: { pods: 2, cpu: '300m', memory: '0', cpuPercent: 15, memoryPercent: 0 },
  });
});

test('a captured snapshot\'s node group label names the pool for --scale-up', () => {
  const cluster = clusterYaml([
    { name: 'gke-main-a1', labels: { 'cloud.google.com/gke-nodepool': 'main' } },
    { name: 'gke-main-a2', labels: { 'cloud.google.com/gke-nodepool': 'main' } },
  ]);
  const { whatIf } = runScenario(spread, cluster, { scaleUp: 'main' });
  assert.deepEqual([whatIf.scaleUp?.nodes, whatIf.scaleUp?.newNodes], [2, ['main-1', 'main-2']]);
  const unknown = runScenario.bind(null);
  assert.throws(() => unknown(spread, cluster, { scaleUp: 'gpu' }), /pool "gpu" is not in the cluster snapshot \(known pools: main\); pools come from a berth Inventory or a node group label such as cloud\.google\.com\/gke-nodepool/);
});

test('headroom of a pod template file that is not among the manifests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-headroom-'));
  try {
    const file = join(dir, 'batch.yaml');
    writeFileSync(file, deployment('batch', 3, 'containers: [{name: b, image: "b:1", resources: {requests: {cpu: "1"}}}]'));
    const web = deployment('web', 1, 'containers: [{name: web, image: "web:1", resources: {requests: {cpu: 500m}}}]');
    const { whatIf } = runScenario(web, clusterYaml([{ name: 'n1' }, { name: 'n2' }]), { headroom: [file] });
    // n1 keeps 1500m next to web, n2 has 2: 1 + 2 replicas of 1 cpu.
    assert.deepEqual([whatIf.headroom[0]?.workload, whatIf.headroom[0]?.fits], ['Deployment/default/batch', 3]);
    assert.throws(() => runScenario(web, clusterYaml([{ name: 'n1' }]), { headroom: [join(dir, 'missing.yaml')] }), /--headroom .*missing\.yaml: no workload of the manifests is called that, and no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
