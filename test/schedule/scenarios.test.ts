import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yaml } from '../helpers/lint.js';
import { simulateYaml } from './helpers.js';
import type { PodOutcome } from '../../src/schedule/result.js';
import type { WorkloadPlacement } from '../../src/schedule/types.js';

/** The placement fields this file is about (the contract may grow fields, e.g. admission's). */
function core(w: WorkloadPlacement | undefined) {
  assert.ok(w);
  const { kind, namespace, name, desired, scheduled, pending, nodes, reasons } = w;
  return { kind, namespace, name, desired, scheduled, pending, nodes, reasons };
}

const threeNodes = yaml`
  apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Node
    metadata:
      name: master
      labels: {kubernetes.io/hostname: master, node-role.kubernetes.io/control-plane: ""}
    spec:
      taints:
      - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
  - apiVersion: v1
    kind: Node
    metadata:
      name: worker1
      labels: {kubernetes.io/hostname: worker1}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
  - apiVersion: v1
    kind: Node
    metadata:
      name: worker2
      labels: {kubernetes.io/hostname: worker2}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
`;

test('hostPort replicas over a 3-node cluster with a tainted master', () => {
  const result = simulateYaml(yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: 3
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
          - name: web
            image: nginx
            ports: [{containerPort: 80, hostPort: 8080}]
  `, threeNodes);
  const report = result.toPlacementReport();
  assert.deepEqual(core(report.workloads[0]), {
    kind: 'Deployment', namespace: 'default', name: 'web', desired: 3, scheduled: 2, pending: 1,
    nodes: { worker1: 1, worker2: 1 },
    reasons: ["0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't have free ports for the requested pod ports."],
  });
  const pending = result.workloads[0]!.pods[2]!;
  assert.equal(pending.state, 'pending');
  assert.equal(pending.state === 'pending' && pending.fullMessage,
    "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't have free ports for the requested pod ports. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.");
});

interface NodeSpec {
  name: string;
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: string[];
  unschedulable?: boolean;
  extra?: Record<string, string>;
}

/** A `kubectl get nodes,pods -o yaml`-like List (uids set, so taints are not derived from conditions). */
function cluster(nodes: NodeSpec[], pods = ''): string {
  const items = nodes.map((n) => {
    const labels = JSON.stringify({ 'kubernetes.io/hostname': n.name, ...(n.labels ?? {}) });
    const allocatable = JSON.stringify({ cpu: n.cpu ?? '2', memory: n.memory ?? '4Gi', pods: String(n.pods ?? 110), ...(n.extra ?? {}) });
    const spec = JSON.stringify({ ...(n.taints ? { taints: n.taints.map((t) => { const [kv, effect] = t.split(':'); const [key, value] = kv!.split('='); return { key, value: value ?? '', effect }; }) } : {}), ...(n.unschedulable ? { unschedulable: true } : {}) });
    return `- {apiVersion: v1, kind: Node, metadata: {name: ${n.name}, uid: ${n.name}, labels: ${labels}}, spec: ${spec}, status: {allocatable: ${allocatable}}}`;
  });
  return `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n${pods}`;
}

function deploy(name: string, replicas: number, podSpec: string, labels = `{app: ${name}}`): string {
  const indented = podSpec.trim().split('\n').map((l) => `        ${l}`).join('\n');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: ${labels}}\n  template:\n    metadata: {labels: ${labels}}\n    spec:\n${indented}\n`;
}

function states(pods: readonly PodOutcome[]): string[] {
  return pods.map((p) => (p.state === 'scheduled' || p.state === 'bound' ? `${p.state}:${p.node}` : p.state));
}

test('limits-only requests on small nodes: requests default from limits', () => {
  const result = simulateYaml(deploy('big', 2, `
containers:
- name: app
  image: app:1
  resources: {limits: {cpu: "1500m", memory: 1Gi}}
`), cluster([{ name: 'small1', cpu: '1' }, { name: 'small2', cpu: '2' }]));
  assert.deepEqual(core(result.toPlacementReport().workloads[0]), {
    kind: 'Deployment', namespace: 'default', name: 'big', desired: 2, scheduled: 1, pending: 1,
    nodes: { small2: 1 },
    reasons: ['0/2 nodes are available: 2 Insufficient cpu.'],
  });
  assert.deepEqual(result.toPlacementReport().nodes.map((n) => [n.name, n.requested.cpu]), [['small1', '0'], ['small2', '1500m']]);
});

test('anti-affinity replicas over 3 topology domains: the fourth replica stays Pending', () => {
  const result = simulateYaml(deploy('web', 4, `
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: web}}
      topologyKey: topology.kubernetes.io/zone
containers: [{name: web, image: web:1, resources: {requests: {cpu: 100m}}}]
`), cluster([
    { name: 'a1', labels: { 'topology.kubernetes.io/zone': 'a' } },
    { name: 'a2', labels: { 'topology.kubernetes.io/zone': 'a' } },
    { name: 'b1', labels: { 'topology.kubernetes.io/zone': 'b' } },
    { name: 'c1', labels: { 'topology.kubernetes.io/zone': 'c' } },
  ]));
  const w = result.toPlacementReport().workloads[0]!;
  assert.equal(w.scheduled, 3);
  assert.equal(Object.keys(w.nodes).filter((n) => n.startsWith('a')).length, 1);
  assert.ok(w.nodes.b1 === 1 && w.nodes.c1 === 1);
  assert.deepEqual(w.reasons, ["0/4 nodes are available: 4 node(s) didn't match pod anti-affinity rules."]);
  const pending = result.workloads[0]!.pods[3]!;
  assert.ok(pending.state === 'pending' && pending.why === 'unschedulable');
  assert.equal(pending.fullMessage, "0/4 nodes are available: 4 node(s) didn't match pod anti-affinity rules. no new claims to deallocate, preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.");
});

test('tolerations with Exists and an empty key tolerate every taint', () => {
  const tainted = cluster([
    { name: 'gpu', taints: ['nvidia.com/gpu=present:NoSchedule'] },
    { name: 'cp', taints: ['node-role.kubernetes.io/control-plane:NoSchedule'] },
  ]);
  const everything = simulateYaml(deploy('agent', 2, `
tolerations: [{operator: Exists}]
containers: [{name: a, image: a:1}]
`), tainted, '1.33');
  assert.equal(everything.toPlacementReport().workloads[0]!.scheduled, 2);
  const byKey = simulateYaml(deploy('agent', 2, `
tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
containers: [{name: a, image: a:1}]
`), tainted, '1.33');
  assert.deepEqual(byKey.toPlacementReport().workloads[0]!.nodes, { gpu: 2 });
  assert.deepEqual(byKey.toPlacementReport().workloads[0]!.reasons, []);
  const none = simulateYaml(deploy('agent', 1, 'containers: [{name: a, image: a:1}]'), tainted, '1.33');
  assert.deepEqual(none.toPlacementReport().workloads[0]!.reasons, ['0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {nvidia.com/gpu: present}.']);
});

test('cordoned nodes report NodeUnschedulable, not their taint', () => {
  const result = simulateYaml(deploy('web', 1, 'containers: [{name: a, image: a:1}]'), cluster([
    { name: 'n1', unschedulable: true, taints: ['node.kubernetes.io/unschedulable:NoSchedule'] },
    { name: 'n2', unschedulable: true, taints: ['node.kubernetes.io/unschedulable:NoSchedule'] },
  ]));
  assert.deepEqual(result.toPlacementReport().workloads[0]!.reasons, ['0/2 nodes are available: 2 node(s) were unschedulable.']);
});

const daemonSet = (spec: string) => `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: monitoring}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n${spec.trim().split('\n').map((l) => `      ${l}`).join('\n')}\n`;

test('DaemonSet on tainted nodes: no pod for an untolerated taint, pods on cordoned and pressured nodes', () => {
  const result = simulateYaml(daemonSet('containers: [{name: a, image: a:1, resources: {requests: {cpu: 100m}}}]'), cluster([
    { name: 'cp', taints: ['node-role.kubernetes.io/control-plane:NoSchedule'] },
    { name: 'cordoned', unschedulable: true, taints: ['node.kubernetes.io/unschedulable:NoSchedule'] },
    { name: 'pressured', taints: ['node.kubernetes.io/memory-pressure:NoSchedule'] },
    { name: 'w1' },
  ]));
  assert.deepEqual(core(result.toPlacementReport().workloads[0]), {
    kind: 'DaemonSet', namespace: 'monitoring', name: 'agent', desired: 3, scheduled: 3, pending: 0,
    nodes: { cordoned: 1, pressured: 1, w1: 1 }, reasons: [],
  });
});

for (const [version, expected] of [
  ['1.36', "0/5 nodes are available: 1 Insufficient cpu, 4 node(s) didn't satisfy plugin(s) [NodeAffinity]. no new claims to deallocate, preemption: 0/5 nodes are available: 1 No preemption victims found for incoming pod, 4 Preemption is not helpful for scheduling."],
  ['1.33', "0/5 nodes are available: 1 Insufficient cpu, 4 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/5 nodes are available: 1 No preemption victims found for incoming pod, 4 Preemption is not helpful for scheduling."],
  // Absent nodes carry no status on 1.30.2–1.31; preemption treats a missing status as UU (preemption.go of that era).
  ['1.31', '0/5 nodes are available: 1 Insufficient cpu. preemption: 0/5 nodes are available: 1 No preemption victims found for incoming pod, 4 Preemption is not helpful for scheduling.'],
  ['1.30.1', '0/5 nodes are available: 1 Insufficient cpu, 4 node is filtered out by the prefilter result. preemption: 0/5 nodes are available: 1 No preemption victims found for incoming pod, 4 Preemption is not helpful for scheduling.'],
] as const) {
  test(`DaemonSet pod that does not fit its node (section 15.2), ${version}`, () => {
    const nodes: NodeSpec[] = [{ name: 'small', cpu: '1' }, ...['n1', 'n2', 'n3', 'n4'].map((name) => ({ name }))];
    const busy = '- {apiVersion: v1, kind: Pod, metadata: {name: busy, namespace: kube-system, uid: busy}, spec: {nodeName: small, containers: [{name: c, image: c:1, resources: {requests: {cpu: 500m}}}]}, status: {phase: Running}}\n';
    const result = simulateYaml(daemonSet('containers: [{name: a, image: a:1, resources: {requests: {cpu: 800m}}}]'), cluster(nodes, busy), version);
    const w = result.toPlacementReport().workloads[0]!;
    assert.equal(w.desired, 5);
    assert.equal(w.scheduled, 4);
    const pending = result.workloads[0]!.pods.find((p) => p.state === 'pending');
    assert.ok(pending && pending.state === 'pending');
    assert.equal(pending.fullMessage, expected);
  });
}

test('init containers: the larger of the init container and the app containers counts', () => {
  const result = simulateYaml(deploy('migrate', 1, `
initContainers: [{name: init, image: i:1, resources: {requests: {cpu: "1500m"}}}]
containers: [{name: a, image: a:1, resources: {requests: {cpu: 200m}}}]
`), cluster([{ name: 'n1', cpu: '1' }]));
  assert.deepEqual(result.toPlacementReport().workloads[0]!.reasons, ['0/1 nodes are available: 1 Insufficient cpu.']);
  const sidecar = simulateYaml(deploy('mesh', 1, `
initContainers: [{name: proxy, image: p:1, restartPolicy: Always, resources: {requests: {cpu: 600m}}}]
containers: [{name: a, image: a:1, resources: {requests: {cpu: 600m}}}]
`), cluster([{ name: 'n1', cpu: '1' }]));
  assert.deepEqual(sidecar.toPlacementReport().workloads[0]!.reasons, ['0/1 nodes are available: 1 Insufficient cpu.']);
});

test('extended resources: nvidia.com/gpu only fits GPU nodes, one pod per device', () => {
  const result = simulateYaml(deploy('train', 3, `
containers: [{name: t, image: t:1, resources: {limits: {nvidia.com/gpu: 1}}}]
`), cluster([{ name: 'cpu1' }, { name: 'gpu1', extra: { 'nvidia.com/gpu': '2' } }]));
  const w = result.toPlacementReport().workloads[0]!;
  assert.deepEqual(w.nodes, { gpu1: 2 });
  assert.deepEqual(w.reasons, ['0/2 nodes are available: 2 Insufficient nvidia.com/gpu.']);
  const pending = result.workloads[0]!.pods[2]!;
  assert.ok(pending.state === 'pending');
  assert.equal(pending.fullMessage, '0/2 nodes are available: 2 Insufficient nvidia.com/gpu. no new claims to deallocate, preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.');
});

test('pods-per-node limit: Too many pods, existing pods included', () => {
  const existing = `- {apiVersion: v1, kind: Pod, metadata: {name: sys, namespace: kube-system, uid: sys}, spec: {nodeName: tiny, containers: [{name: c, image: c:1}]}, status: {phase: Running}}\n- {apiVersion: v1, kind: Pod, metadata: {name: done, namespace: kube-system, uid: done}, spec: {nodeName: tiny, containers: [{name: c, image: c:1}]}, status: {phase: Succeeded}}\n`;
  const result = simulateYaml(deploy('web', 3, 'containers: [{name: a, image: a:1}]'), cluster([{ name: 'tiny', pods: 3 }], existing));
  const w = result.toPlacementReport().workloads[0]!;
  assert.equal(w.scheduled, 2);
  assert.deepEqual(w.reasons, ['0/1 nodes are available: 1 Too many pods.']);
  assert.equal(result.toPlacementReport().nodes[0]!.requested.pods, '3');
});

test("existing pods' anti-affinity keeps newcomers away from their nodes", () => {
  const existing = `- apiVersion: v1
  kind: Pod
  metadata: {name: db-0, namespace: default, uid: db-0, labels: {app: db}}
  spec:
    nodeName: n1
    affinity:
      podAntiAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
        - {labelSelector: {matchLabels: {tier: batch}}, topologyKey: kubernetes.io/hostname}
    containers: [{name: c, image: c:1}]
  status: {phase: Running}
`;
  const result = simulateYaml(deploy('batch', 2, 'containers: [{name: a, image: a:1}]', '{tier: batch}'), cluster([{ name: 'n1' }, { name: 'n2', cpu: '100m' }], existing));
  const w = result.toPlacementReport().workloads[0]!;
  assert.deepEqual(w.nodes, { n2: 2 });
  const onlyN1 = simulateYaml(deploy('batch', 1, 'containers: [{name: a, image: a:1}]', '{tier: batch}'), cluster([{ name: 'n1' }], existing));
  assert.deepEqual(onlyN1.toPlacementReport().workloads[0]!.reasons, ["0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules."]);
});

test('required affinity to a pod that comes later in the manifests: placed by the retry loop', () => {
  const web = deploy('web', 1, `
affinity:
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - {labelSelector: {matchLabels: {app: cache}}, topologyKey: kubernetes.io/hostname}
containers: [{name: w, image: w:1}]
`);
  const cache = deploy('cache', 1, 'nodeSelector: {disk: ssd}\ncontainers: [{name: c, image: c:1}]');
  const result = simulateYaml(`${web}---\n${cache}`, cluster([{ name: 'n1' }, { name: 'n2', labels: { disk: 'ssd' } }]));
  const webOutcome = result.workloads[0]!.pods[0]!;
  const cacheOutcome = result.workloads[1]!.pods[0]!;
  assert.ok(webOutcome.state === 'scheduled' && cacheOutcome.state === 'scheduled');
  assert.equal(webOutcome.node, 'n2');
  assert.equal(webOutcome.pass, 'retry');
  assert.equal(cacheOutcome.pass, 'queue');
});

test('StatefulSet OrderedReady: after the first Pending ordinal the rest are not created', () => {
  const sts = (policy: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 4\n  podManagementPolicy: ${policy}\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: db:1, resources: {requests: {cpu: 900m}}}]\n`;
  const ordered = simulateYaml(sts('OrderedReady'), cluster([{ name: 'n1' }]));
  assert.deepEqual(states(ordered.workloads[0]!.pods), ['scheduled:n1', 'scheduled:n1', 'pending', 'not-created']);
  const notCreated = ordered.workloads[0]!.pods[3]!;
  assert.ok(notCreated.state === 'not-created' && notCreated.waitingFor === 'db-2');
  assert.deepEqual(ordered.toPlacementReport().workloads[0]!.reasons, ['0/1 nodes are available: 1 Insufficient cpu.']);
  assert.equal(ordered.toPlacementReport().workloads[0]!.pending, 2);
  const parallel = simulateYaml(sts('Parallel'), cluster([{ name: 'n1' }]));
  assert.deepEqual(states(parallel.workloads[0]!.pods), ['scheduled:n1', 'scheduled:n1', 'pending', 'pending']);
});

test('pods with nodeName bypass the scheduler: kubelet admission, unknown nodes, taints ignored', () => {
  const pod = (name: string, nodeName: string, cpu: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  nodeName: ${nodeName}\n  containers: [{name: c, image: c:1, resources: {requests: {cpu: ${cpu}}}}]\n`;
  const result = simulateYaml([pod('fits', 'cp', '1'), pod('too-big', 'cp', '1500m'), pod('lost', 'ghost', '1')].join('---\n'), cluster([{ name: 'cp', taints: ['node-role.kubernetes.io/control-plane:NoSchedule'] }]));
  assert.deepEqual(result.workloads.map((w) => states(w.pods)[0]), ['bound:cp', 'rejected', 'pending']);
  const rejected = result.workloads[1]!.pods[0]!;
  assert.ok(rejected.state === 'rejected');
  assert.equal(rejected.reason, 'OutOfcpu');
  assert.equal(rejected.message, "Pod was rejected: Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000");
});

test('gated pods and pods for another scheduler are reported, not scheduled', () => {
  const gated = `apiVersion: v1\nkind: Pod\nmetadata: {name: gated}\nspec:\n  schedulingGates: [{name: example.com/wait}]\n  containers: [{name: c, image: c:1}]\n`;
  const other = `apiVersion: v1\nkind: Pod\nmetadata: {name: other}\nspec:\n  schedulerName: volcano\n  containers: [{name: c, image: c:1}]\n`;
  const result = simulateYaml(`${gated}---\n${other}`, cluster([{ name: 'n1' }]));
  assert.deepEqual(result.toPlacementReport().workloads.map((w) => w.reasons), [
    ['Scheduling is blocked due to non-empty scheduling gates'],
    ['schedulerName "volcano" is not default-scheduler: berth does not predict where that scheduler places the pod'],
  ]);
});

test('scoring spreads replicas (LeastAllocated + system default spreading) and ties break by node name', () => {
  const result = simulateYaml(deploy('web', 4, 'containers: [{name: w, image: w:1, resources: {requests: {cpu: 100m, memory: 100Mi}}}]'), cluster([{ name: 'n2' }, { name: 'n1' }]));
  assert.deepEqual(states(result.workloads[0]!.pods), ['scheduled:n1', 'scheduled:n2', 'scheduled:n1', 'scheduled:n2']);
  const first = result.workloads[0]!.pods[0]!;
  assert.ok(first.state === 'scheduled');
  assert.deepEqual(first.tiedWith, ['n2']);
});

test('ties on a big cluster: every tied node is counted, the first ten by name are named', async () => {
  const { tieBreaks } = await import('../../src/report/placement-lines.js');
  const names = Array.from({ length: 14 }, (_, i) => `node-${String(i).padStart(2, '0')}`);
  const result = simulateYaml(deploy('web', 1, 'containers: [{name: w, image: w:1, resources: {requests: {cpu: 100m}}}]'), cluster(names.map((name) => ({ name }))));
  const pod = result.workloads[0]!.pods[0]!;
  assert.ok(pod.state === 'scheduled');
  assert.equal(pod.node, 'node-00');
  assert.equal(pod.tied, 13);
  assert.deepEqual(pod.tiedWith, names.slice(1, 11));
  assert.equal(pod.scores.length, 3);
  assert.deepEqual(tieBreaks(result), [{ name: 'Deployment default/web', ties: [`web-0 → node-00 over ${names.slice(1, 11).join(', ')} and 3 more`] }]);
});

test('explanations for rules: which taint on which nodes, which port held by which pod, closest fit', async () => {
  const { untoleratedTaints, takenPorts, closestFits, nodesByPlugin } = await import('../../src/schedule/explain.js');
  const result = simulateYaml(deploy('web', 3, `
containers:
- name: web
  image: nginx
  ports: [{containerPort: 80, hostPort: 8080}]
  resources: {requests: {cpu: 300m}}
`), cluster([
    { name: 'cp', taints: ['node-role.kubernetes.io/control-plane:NoSchedule'] },
    { name: 'w1' },
    { name: 'w2', cpu: '200m' },
  ]));
  const pending = result.workloads[0]!.pods.filter((p) => p.state === 'pending');
  assert.equal(pending.length, 2);
  const last = pending[1]!;
  assert.ok(last.state === 'pending' && last.why === 'unschedulable');
  assert.deepEqual(untoleratedTaints(last).map((t) => [t.taint.key, t.nodes]), [['node-role.kubernetes.io/control-plane', ['cp']]]);
  assert.deepEqual(takenPorts(last).map((p) => [p.node, p.port.port, p.heldBy.map((h) => h.pod.name)]), [['w1', 8080, ['web-0']]]);
  assert.deepEqual([...nodesByPlugin(last)].map(([plugin, nodes]) => [plugin, nodes]), [['TaintToleration', ['cp']], ['NodePorts', ['w1']], ['NodeResourcesFit', ['w2']]]);
  assert.deepEqual(closestFits(last).get('cpu'), { resource: 'cpu', reason: 'Insufficient cpu', requested: 300, used: 0, allocatable: 200, unresolvable: true, node: 'w2', short: 100 });
});

test('snapshot pods that a manifest workload owns are replaced, not counted twice', () => {
  const running = [0, 1].map((i) => `- {apiVersion: v1, kind: Pod, metadata: {name: web-old-${i}, namespace: default, uid: old${i}, labels: {app: web, pod-template-hash: old}}, spec: {nodeName: n${i + 1}, containers: [{name: web, image: nginx, ports: [{containerPort: 80, hostPort: 8080}]}]}, status: {phase: Running}}`).join('\n') + '\n';
  const other = `- {apiVersion: v1, kind: Pod, metadata: {name: other, namespace: default, uid: other, labels: {app: other}}, spec: {nodeName: n1, containers: [{name: c, image: c:1}]}, status: {phase: Running}}\n`;
  const result = simulateYaml(deploy('web', 2, `
containers:
- name: web
  image: nginx
  ports: [{containerPort: 80, hostPort: 8080}]
`), cluster([{ name: 'n1' }, { name: 'n2' }], running + other));
  assert.deepEqual(result.toPlacementReport().workloads[0]!.nodes, { n1: 1, n2: 1 });
  assert.deepEqual(result.replacedSnapshotPods, ['default/web-old-0', 'default/web-old-1']);
  assert.deepEqual(result.notes, ["2 pod(s) of the cluster snapshot belong to Deployment default/web of the manifests; berth leaves them out and places that workload's pods afresh"]);
  assert.deepEqual(result.toPlacementReport().nodes.map((n) => n.requested.pods), ['2', '1']);
});

test('constraints berth does not simulate are named on the workload', () => {
  const result = simulateYaml(deploy('db', 1, `
volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
containers: [{name: db, image: db:1}]
`), cluster([{ name: 'n1' }]));
  assert.deepEqual(result.workloads[0]!.unmodelled, ['persistent volumes (binding, zones, attach limits) are not simulated: the pods are placed as if their volumes fit every node']);
  assert.equal(result.workloads[0]!.pods[0]!.state, 'scheduled');
});
