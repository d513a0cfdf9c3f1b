import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFiles } from '../../src/check.js';
import { readCluster } from '../../src/read/cluster.js';
import { clusterYaml, deployment, findingsOf, runScenario, snapshotPod } from './helpers.js';

const twoWorkers = [{ name: 'w1' }, { name: 'w2' }];
const web = (cpu: string, replicas = 2) => deployment('web', replicas, `containers: [{name: web, image: "web:1", resources: {requests: {cpu: ${cpu}}}}]`);

test('draining one of two workers: the other has room, every evicted pod moves there', () => {
  const cluster = clusterYaml(twoWorkers, [
    snapshotPod('coredns-a', 'w1', '100m', { app: 'dns' }, 'ReplicaSet/coredns-5d78'),
    snapshotPod('proxy-a', 'w1', '50m', { app: 'proxy' }, 'DaemonSet/kube-proxy'),
  ]);
  const { result, whatIf } = runScenario(web('500m'), cluster, { drain: ['w1'] });
  assert.deepEqual(whatIf.moves.map((m) => [m.pod, m.from, m.to, m.owner]).sort(), [
    ['default/coredns-a', 'w1', 'w2', 'ReplicaSet/default/coredns-5d78'],
    ['default/web-1', 'w1', 'w2', 'Deployment/default/web'],
  ]);
  assert.deepEqual(whatIf.pending, []);
  const w1 = whatIf.nodes.find((n) => n.name === 'w1')!;
  assert.equal(w1.change, 'drained');
  // The DaemonSet pod stays (--ignore-daemonsets).
  assert.deepEqual([w1.before?.pods, w1.after?.pods, w1.after?.cpu], [3, 1, '50m']);
  assert.deepEqual(whatIf.nodes.find((n) => n.name === 'w2')?.after, { pods: 3, cpu: '1100m', memory: '0', cpuPercent: 55, memoryPercent: 0 });
  assert.deepEqual(findingsOf(result, 'drain-leaves-pending'), []);
  assert.deepEqual(findingsOf(result, 'drain-blocked'), []);
});

test('draining one of two workers: the other has no room, the evicted replica stays Pending with the scheduler message', () => {
  const { result, whatIf } = runScenario(web('1500m'), clusterYaml(twoWorkers), { drain: ['w1'] });
  assert.deepEqual(whatIf.moves, []);
  assert.equal(whatIf.pending.length, 1);
  assert.equal(whatIf.pending[0]!.from, 'w1');
  assert.match(whatIf.pending[0]!.message, /^0\/2 nodes are available: 1 Insufficient cpu, 1 node\(s\) were unschedulable\./);
  const [finding] = findingsOf(result, 'drain-leaves-pending');
  assert.ok(finding);
  assert.equal(finding.level, 'error');
  // At the workload's metadata.name in the manifest.
  assert.deepEqual([finding.location.file, finding.location.line, finding.location.column], ['app.yaml', 4, 3]);
  assert.match(finding.message, /^Deployment default\/web: pod default\/web-\d evicted from w1 would stay Pending: 0\/2 nodes are available: 1 Insufficient cpu/);
});

test('a PodDisruptionBudget with minAvailable equal to replicas blocks the drain, reported at its minAvailable', () => {
  const pdb = `---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 2\n  selector: {matchLabels: {app: web}}\n`;
  const { result, whatIf } = runScenario(web('500m') + pdb, clusterYaml(twoWorkers), { drain: ['w1'] });
  assert.deepEqual(whatIf.moves, []);
  assert.equal(whatIf.blocked.length, 1);
  assert.deepEqual([whatIf.blocked[0]!.reason, whatIf.blocked[0]!.node, whatIf.blocked[0]!.budget], ['pdb', 'w1', 'default/web']);
  assert.equal(whatIf.blocked[0]!.message, "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web needs 2 healthy pods and has 2 currently");
  const [finding] = findingsOf(result, 'drain-blocked');
  assert.ok(finding);
  // The `2` of `minAvailable: 2` (line 18 of app.yaml: the Deployment is 13 lines, then `---`).
  assert.deepEqual([finding.location.line, finding.location.column], [18, 17]);
  assert.match(finding.message, /^PodDisruptionBudget default\/web \(minAvailable: 2\) blocks draining w1: evicting pod default\/web-\d would violate it/);
  assert.match(finding.message, /kubectl drain retries until it times out\. It allows no disruption at all: it needs all 2 of its pods healthy; add replicas or lower the budget\.$/);
  // The pod stays on the cordoned node.
  assert.equal(whatIf.nodes.find((n) => n.name === 'w1')?.after?.pods, 1);
});

test('maxUnavailable 1: the second pod goes once the first one\'s replacement runs elsewhere', () => {
  const cluster = clusterYaml([{ name: 'w1' }, { name: 'w2' }, { name: 'w3' }], [
    snapshotPod('web-a', 'w1', '500m', { app: 'web' }, 'ReplicaSet/web-7c9'),
    snapshotPod('web-b', 'w1', '500m', { app: 'web' }, 'ReplicaSet/web-7c9'),
    snapshotPod('web-c', 'w2', '500m', { app: 'web' }, 'ReplicaSet/web-7c9'),
  ]);
  const pdb = `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n`;
  const { result, whatIf } = runScenario(pdb, cluster, { drain: ['w1'] });
  assert.deepEqual(whatIf.blocked, []);
  assert.deepEqual(whatIf.moves.map((m) => m.pod), ['default/web-a', 'default/web-b']);
  assert.deepEqual(findingsOf(result, 'drain-blocked'), []);
});

test('a percentage minAvailable rounds up over the controllers\' scale', () => {
  // 3 pods, minAvailable 67% → ceil(2.01) = 3 healthy needed: nothing may go.
  const cluster = clusterYaml(twoWorkers, [
    snapshotPod('web-a', 'w1', '100m', { app: 'web' }, 'ReplicaSet/web-7c9'),
    snapshotPod('web-b', 'w2', '100m', { app: 'web' }, 'ReplicaSet/web-7c9'),
    snapshotPod('web-c', 'w2', '100m', { app: 'web' }, 'ReplicaSet/web-7c9'),
  ]);
  const pdb = `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: "67%"\n  selector: {matchLabels: {app: web}}\n`;
  const { whatIf } = runScenario(pdb, cluster, { drain: ['w1'] });
  assert.equal(whatIf.blocked[0]?.message, "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web needs 3 healthy pods and has 3 currently");
});

test('DaemonSet pods are ignored by the drain, from the snapshot and from the manifests', () => {
  const agent = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: a, image: "a:1", resources: {requests: {cpu: 100m}}}]\n`;
  const cluster = clusterYaml(twoWorkers, [snapshotPod('proxy-a', 'w1', '50m', { app: 'proxy' }, 'DaemonSet/kube-proxy')]);
  const { result, whatIf } = runScenario(agent, cluster, { drain: ['w1'] });
  assert.deepEqual([whatIf.moves, whatIf.pending, whatIf.blocked], [[], [], []]);
  assert.deepEqual(whatIf.nodes.find((n) => n.name === 'w1')?.after?.pods, 2);
  assert.deepEqual(result.findings.filter((f) => f.ruleId.startsWith('drain')), []);
});

test('a pod without a controller stops the drain unless --force, which deletes it for good', () => {
  const cluster = clusterYaml(twoWorkers, [snapshotPod('debug', 'w1', '100m', { app: 'debug' })]);
  const blocked = runScenario('', cluster, { drain: ['w1'] });
  assert.deepEqual(blocked.whatIf.blocked.map((b) => [b.pod, b.reason]), [['default/debug', 'unmanaged']]);
  const [finding] = findingsOf(blocked.result, 'drain-blocked');
  // At the pod's metadata.name in the snapshot file.
  assert.deepEqual([finding?.location.file, finding?.location.line], ['cluster.yaml', 6]);
  assert.match(finding!.message, /declares no controller: kubectl drain stops with "cannot delete Pods that declare no controller \(use --force to override\)"/);

  const forced = runScenario('', cluster, { drain: ['w1'], force: true });
  assert.deepEqual(forced.whatIf.blocked, []);
  assert.deepEqual(forced.whatIf.lost.map((l) => l.pod), ['default/debug']);
  assert.deepEqual(forced.whatIf.moves, []);
});

test('--remove-node: the node is gone and the message counts the remaining nodes', () => {
  const { whatIf } = runScenario(web('1500m'), clusterYaml(twoWorkers), { removeNodes: ['w1'] });
  const w1 = whatIf.nodes.find((n) => n.name === 'w1')!;
  assert.deepEqual([w1.change, w1.after], ['removed', null]);
  assert.match(whatIf.pending[0]!.message, /^0\/1 nodes are available: 1 Insufficient cpu\./);
});

test('--cordon with a glob keeps the pods and closes the nodes; --add-nodes --like gives the evicted pod a new home', () => {
  const cluster = clusterYaml([{ name: 'w1' }, { name: 'w2' }, { name: 'w1-copy-1' }]);
  const cordon = runScenario(web('500m'), cluster, { cordon: ['w*'] });
  assert.deepEqual(cordon.whatIf.nodes.map((n) => [n.name, n.change]), [['w1', 'cordoned'], ['w2', 'cordoned'], ['w1-copy-1', 'cordoned']]);
  assert.deepEqual(cordon.whatIf.nodes.map((n) => n.after?.pods), cordon.whatIf.nodes.map((n) => n.before?.pods));
  const headroom = runScenario(web('500m'), cluster, { cordon: ['w*'], headroom: ['web'] });
  assert.match(headroom.whatIf.headroom[0]!.stoppedBy!, /^0\/3 nodes are available: 3 node\(s\) were unschedulable\./);

  const added = runScenario(web('1500m'), clusterYaml(twoWorkers), { drain: ['w1'], addNodes: { count: 1, like: 'w1' } });
  assert.deepEqual(added.whatIf.scenario.addedNodes, ['w1-copy-1']);
  assert.deepEqual(added.whatIf.moves.map((m) => [m.from, m.to]), [['w1', 'w1-copy-1']]);
  // Names never collide with the snapshot's.
  const collision = runScenario('', cluster, { addNodes: { count: 1, like: 'w1' } });
  assert.deepEqual(collision.whatIf.scenario.addedNodes, ['w1-copy-2']);
});

test('a node pattern that matches nothing is a one-line problem at the flag', () => {
  const cluster = readCluster([{ path: 'cluster.yaml', text: clusterYaml(twoWorkers) }]);
  const result = checkFiles([{ path: 'app.yaml', text: web('100m') }], { cluster, whatIf: { drain: ['db-*'] } });
  assert.equal(result.placement?.whatIf, undefined);
  const problems = findingsOf(result, 'parse-error').map((f) => `${f.location.file}: ${f.message}`);
  assert.deepEqual(problems, ['--drain: --drain db-*: no node of the cluster snapshot matches']);
});

test('a pod two PodDisruptionBudgets select cannot be evicted; the finding is at the pod in the snapshot', () => {
  const cluster = clusterYaml(twoWorkers, [snapshotPod('web-a', 'w1', '100m', { app: 'web', tier: 'front' }, 'ReplicaSet/web-7c9')]);
  const pdbs = ['app: web', 'tier: front'].map((label, i) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: pdb-${i}}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {${label}}}\n`).join('---\n');
  const { result, whatIf } = runScenario(pdbs, cluster, { drain: ['w1'] });
  assert.deepEqual(whatIf.blocked.map((b) => [b.reason, b.budget, b.message]), [
    ['multiple-pdbs', 'default/pdb-0, default/pdb-1', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.'],
  ]);
  const [finding] = findingsOf(result, 'drain-blocked');
  assert.deepEqual([finding?.location.file, finding?.location.line], ['cluster.yaml', 6]);
});

test('a pod that is not Ready may be evicted while the budget is met (unhealthyPodEvictionPolicy IfHealthyBudget)', () => {
  const notReady = snapshotPod('web-a', 'w1', '100m', { app: 'web' }, 'ReplicaSet/web-7c9').replace('status: {phase: Running}', 'status: {phase: Running, conditions: [{type: Ready, status: "False"}]}');
  const cluster = clusterYaml(twoWorkers, [notReady, snapshotPod('web-b', 'w2', '100m', { app: 'web' }, 'ReplicaSet/web-7c9')]);
  const pdb = `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n`;
  const { whatIf } = runScenario(pdb, cluster, { drain: ['w1'] });
  assert.deepEqual(whatIf.blocked, []);
  assert.deepEqual(whatIf.moves.map((m) => [m.pod, m.to]), [['default/web-a', 'w2']]);
  // The healthy one on w2 would be refused: 1 healthy, 1 needed.
  const other = runScenario(pdb, cluster, { drain: ['w2'] });
  assert.equal(other.whatIf.blocked[0]?.message, "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web needs 1 healthy pods and has 1 currently");
});

test('a drain that removes what kept a manifest pod Pending lets the scheduler place it (retried ahead of the replacements)', () => {
  const cluster = clusterYaml(
    [
      { name: 'w1', labels: { 'topology.kubernetes.io/zone': 'a' } },
      { name: 'w2', labels: { 'topology.kubernetes.io/zone': 'b' } },
      { name: 'w3', labels: { 'topology.kubernetes.io/zone': 'a' } },
    ],
    [snapshotPod('legacy', 'w1', '100m', { app: 'legacy' }), snapshotPod('big-a', 'w2', '2', { app: 'big' }, 'ReplicaSet/big-5f')],
  );
  const api = deployment('api', 1, `
containers: [{name: api, image: "api:1", resources: {requests: {cpu: 500m}}}]
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: legacy}}
        topologyKey: topology.kubernetes.io/zone
`);
  const before = runScenario(api, cluster, { cordon: ['w1'] });
  assert.equal(before.result.placement?.workloads[0]?.pending, 1);
  assert.deepEqual(before.whatIf.scheduled, []);
  const { whatIf } = runScenario(api, cluster, { drain: ['w1'], force: true });
  assert.deepEqual(whatIf.lost.map((l) => l.pod), ['default/legacy']);
  assert.deepEqual(whatIf.scheduled, [{ pod: 'default/api-0', owner: 'Deployment/default/api', node: 'w3' }]);
});

test('a budget used up by an evicted pod whose replacement stays Pending blocks the rest of the drain', () => {
  const cluster = clusterYaml(twoWorkers, [
    snapshotPod('web-a', 'w1', '1', { app: 'web' }, 'ReplicaSet/web-7c9'),
    snapshotPod('web-b', 'w1', '1', { app: 'web' }, 'ReplicaSet/web-7c9'),
    snapshotPod('web-c', 'w2', '1', { app: 'web' }, 'ReplicaSet/web-7c9'),
    snapshotPod('filler', 'w2', '1', { app: 'filler' }, 'ReplicaSet/filler-1'),
  ]);
  const pdb = `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 2\n  selector: {matchLabels: {app: web}}\n`;
  const { result, whatIf } = runScenario(pdb, cluster, { drain: ['w1'] });
  assert.deepEqual(whatIf.pending.map((p) => p.pod), ['default/web-a']);
  assert.deepEqual(whatIf.blocked.map((b) => [b.pod, b.message]), [
    ['default/web-b', "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web needs 2 healthy pods and has 2 currently"],
  ]);
  assert.deepEqual(result.findings.filter((f) => f.ruleId.startsWith('drain-')).map((f) => [f.ruleId, f.location.file]), [
    ['drain-blocked', 'app.yaml'],
    ['drain-leaves-pending', 'cluster.yaml'],
  ]);
  assert.match(findingsOf(result, 'drain-blocked')[0]!.message, /Replacements of pods it covers are not running \(Pending or not Ready\), so the budget stays used up\.$/);
});

test('a pod already terminating on the drained node is not evicted again, it just goes', () => {
  const terminating = snapshotPod('web-old', 'w1', '500m', { app: 'web' }, 'ReplicaSet/web-7c9').replace('uid: web-old,', 'uid: web-old, deletionTimestamp: "2026-11-22T17:00:00Z",');
  const { whatIf } = runScenario('', clusterYaml(twoWorkers, [terminating]), { drain: ['w1'] });
  assert.deepEqual([whatIf.moves, whatIf.pending, whatIf.blocked], [[], [], []]);
  assert.deepEqual(whatIf.nodes.find((n) => n.name === 'w1')?.after?.pods, 0);
});
