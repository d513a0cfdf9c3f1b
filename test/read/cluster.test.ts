import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readCluster, readClusterPaths } from '../../src/read/cluster.js';
import { parseKubeVersion, type KubeVersion } from '../../src/model/kube-version.js';
import { yaml } from '../helpers/lint.js';

const Ki = 1024;
const Gi = 1024 * 1024 * 1024;

const NODES = yaml`
  apiVersion: v1
  items:
  - apiVersion: v1
    kind: Node
    metadata:
      labels:
        kubernetes.io/hostname: cp-1
        node-role.kubernetes.io/control-plane: ""
      name: cp-1
      uid: 5b0f3c52-8a0e-4a6b-9a43-1f0d1c9e0a01
    spec:
      taints:
      - effect: NoSchedule
        key: node-role.kubernetes.io/control-plane
    status:
      allocatable:
        cpu: "2"
        memory: 3759112Ki
        pods: "110"
      capacity:
        cpu: "2"
        memory: 3861512Ki
        pods: "110"
      images:
      - names:
        - registry.k8s.io/etcd@sha256:44a8e24dcbba3470ee1fee21d5e88d128c936e9b55d4bc51fbef8086f8ed123b
        - registry.k8s.io/etcd:3.5.12-0
        sizeBytes: 57236178
      nodeInfo:
        kubeletVersion: v1.30.2
  - apiVersion: v1
    kind: Node
    metadata:
      labels:
        kubernetes.io/hostname: worker-1
      name: worker-1
      uid: 5b0f3c52-8a0e-4a6b-9a43-1f0d1c9e0a02
    spec:
      unschedulable: true
      taints:
      - effect: NoSchedule
        key: node.kubernetes.io/unschedulable
    status:
      allocatable:
        cpu: 1930m
        memory: 3653616Ki
        pods: "110"
      conditions:
      - type: Ready
        status: "True"
      nodeInfo:
        kubeletVersion: v1.30.2
  kind: List
  metadata:
    resourceVersion: ""
`;

test('a kubectl get nodes -o yaml List becomes nodes with allocatable, taints, versions and images', () => {
  const { snapshot, problems, warnings } = readCluster([{ path: 'nodes.yaml', text: NODES }]);
  assert.deepEqual(problems, []);
  assert.deepEqual(warnings, []);
  assert.deepEqual(snapshot.nodes.map((n) => [n.name, n.allocatable, n.taints.map((t) => t.key), n.unschedulable, n.kubeletVersion]), [
    ['cp-1', { cpu: 2000, memory: 3759112 * Ki, pods: 110 }, ['node-role.kubernetes.io/control-plane'], false, 'v1.30.2'],
    ['worker-1', { cpu: 1930, memory: 3653616 * Ki, pods: 110 }, ['node.kubernetes.io/unschedulable'], true, 'v1.30.2'],
  ]);
  assert.equal(snapshot.nodes[0]!.images?.get('registry.k8s.io/etcd:3.5.12-0'), 57236178);
  assert.equal(snapshot.nodes[0]!.source?.ref.name, 'cp-1');
  assert.equal(snapshot.priorityClasses.get('system-node-critical')?.value, 2000001000);
});

const MIXED = yaml`
  apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Node
    metadata: {name: worker-1, uid: 0c1d, labels: {kubernetes.io/hostname: worker-1}}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
  - apiVersion: v1
    kind: Pod
    metadata:
      name: ingress-7c9d-abcde
      namespace: ingress
      labels: {app: ingress, pod-template-hash: 7c9d}
    spec:
      nodeName: worker-1
      priority: 1000
      priorityClassName: not-in-the-snapshot
      containers:
      - name: controller
        image: registry.k8s.io/ingress-nginx/controller:v1.10.1
        ports:
        - containerPort: 80
          hostPort: 80
          protocol: TCP
        resources:
          requests: {cpu: 100m, memory: 90Mi}
      tolerations:
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
    status: {phase: Running}
  - apiVersion: v1
    kind: Pod
    metadata: {name: backup-28500000-xyz, namespace: ops}
    spec:
      nodeName: worker-1
      containers: [{name: b, image: restic, resources: {requests: {cpu: "1"}}}]
    status: {phase: Succeeded}
  - apiVersion: v1
    kind: Pod
    metadata: {name: crashed, namespace: ops}
    spec:
      nodeName: worker-1
      containers: [{name: b, image: x}]
    status: {phase: Failed}
  - apiVersion: v1
    kind: Pod
    metadata: {name: leaving, namespace: default, deletionTimestamp: "2024-05-01T10:00:00Z"}
    spec:
      nodeName: worker-1
      containers: [{name: a, image: nginx, resources: {limits: {cpu: 200m}}}]
    status: {phase: Running}
  - apiVersion: v1
    kind: Pod
    metadata: {name: waiting, namespace: default}
    spec:
      containers: [{name: a, image: nginx}]
    status: {phase: Pending}
  - apiVersion: v1
    kind: Pod
    metadata: {name: elsewhere, namespace: default}
    spec:
      nodeName: gone-1
      containers: [{name: a, image: nginx}]
    status: {phase: Running}
  - apiVersion: v1
    kind: Namespace
    metadata: {name: ingress, labels: {team: edge}}
  - apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata: {name: batch}
    value: 100
  - apiVersion: v1
    kind: LimitRange
    metadata: {name: defaults, namespace: ingress}
    spec:
      limits: [{type: Container, defaultRequest: {cpu: 50m}}]
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: ignored}
    spec: {}
`;

test('mixed nodes and pods: bound non-terminal pods occupy nodes, terminal ones are dropped', () => {
  const { snapshot, problems, warnings } = readCluster([{ path: 'cluster.yaml', text: MIXED }]);
  assert.deepEqual(problems, []);
  assert.deepEqual(snapshot.pods.map((p) => [p.name, p.nodeName, p.template.namespace, p.terminating ?? false]), [
    ['ingress-7c9d-abcde', 'worker-1', 'ingress', false],
    ['leaving', 'worker-1', 'default', true],
  ]);
  const ingress = snapshot.pods[0]!.template;
  assert.deepEqual(ingress.requests, { cpu: 100, memory: 90 * 1024 * 1024 });
  assert.deepEqual(ingress.hostPorts.map((p) => `${p.hostIP}/${p.protocol}/${p.port}`), ['0.0.0.0/TCP/80']);
  // spec.priority of a real pod wins even when its class is not in the snapshot.
  assert.equal(ingress.priority, 1000);
  assert.equal(ingress.unknownPriorityClass, false);
  assert.equal(ingress.labels['pod-template-hash'], '7c9d');
  assert.equal(ingress.workload, undefined);
  // Admission does not add a second not-ready toleration.
  assert.deepEqual(ingress.tolerations.map((t) => t.key), ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
  assert.deepEqual(snapshot.pods[1]!.template.requests, { cpu: 200 });

  assert.deepEqual(snapshot.namespaces.get('ingress'), { team: 'edge', 'kubernetes.io/metadata.name': 'ingress' });
  assert.deepEqual(snapshot.namespaces.get('default'), { 'kubernetes.io/metadata.name': 'default' });
  assert.equal(snapshot.priorityClasses.get('batch')?.value, 100);
  assert.deepEqual(snapshot.admissionObjects?.map((o) => o.ref.kind), ['LimitRange']);

  assert.deepEqual(warnings.map((w) => `${w.location.file}:${w.location.line} ${w.message}`), [
    'cluster.yaml:54 1 pod(s) in the cluster snapshot are not bound to a node yet; berth ignores them',
  ]);
});

const INVENTORY = yaml`
  apiVersion: berth.dev/v1alpha1
  kind: Inventory
  metadata:
    name: staging
  pools:
    - name: system
      count: 1
      labels:
        node-role.kubernetes.io/control-plane: ""
      taints:
        - key: node-role.kubernetes.io/control-plane
          effect: NoSchedule
      allocatable: {cpu: "2", memory: 4Gi}
    - name: gpu
      count: 2
      kubeletVersion: v1.34.1
      labels:
        nvidia.com/gpu.present: "true"
        kubernetes.io/arch: arm64
      allocatable:
        cpu: 15890m
        memory: 60Gi
        nvidia.com/gpu: 4
        pods: 58
`;

test('an inventory expands pools into nodes named <pool>-<i> with hostname labels', () => {
  const { snapshot, problems, warnings } = readCluster([{ path: 'inventory.yaml', text: INVENTORY }]);
  assert.deepEqual(problems, []);
  assert.deepEqual(warnings, []);
  assert.deepEqual(snapshot.nodes.map((n) => [n.name, n.pool, n.allocatable, n.taints.map((t) => `${t.key}:${t.effect}`)]), [
    ['system-1', 'system', { cpu: 2000, memory: 4 * Gi, pods: 110 }, ['node-role.kubernetes.io/control-plane:NoSchedule']],
    ['gpu-1', 'gpu', { cpu: 15890, memory: 60 * Gi, 'nvidia.com/gpu': 4, pods: 58 }, []],
    ['gpu-2', 'gpu', { cpu: 15890, memory: 60 * Gi, 'nvidia.com/gpu': 4, pods: 58 }, []],
  ]);
  assert.deepEqual(snapshot.nodes[2]!.labels, {
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'arm64',
    'nvidia.com/gpu.present': 'true',
    'kubernetes.io/hostname': 'gpu-2',
  });
  assert.equal(snapshot.nodes[1]!.kubeletVersion, 'v1.34.1');
});

test('inventory: one warning per newer kubelet version at the pool; duplicate pools are problems', () => {
  const target = parseKubeVersion('1.33') as KubeVersion;
  const text = `${INVENTORY}  - name: gpu\n    count: 1\n    allocatable: {cpu: "1", memory: 1Gi}\n`;
  const { snapshot, warnings, problems } = readCluster([{ path: 'inventory.yaml', text }], { kubeVersion: target });
  assert.deepEqual(snapshot.nodes.map((n) => n.name), ['system-1', 'gpu-1', 'gpu-2']);
  assert.deepEqual(warnings.map((w) => `${w.location.line}:${w.location.column} ${w.message}`), [
    '16:21 node "gpu-1" (and 1 more node) runs kubelet v1.34.1, newer than the target Kubernetes 1.33; the control plane is at least as new as its kubelets: set --kube-version',
  ]);
  assert.deepEqual(problems.map((p) => `${p.location.line}:${p.location.column} ${p.message}`), [
    '25:11 inventory: pool "gpu" is defined twice; node names must be unique',
  ]);
});

test('inventory schema errors point at the offending line', () => {
  const { snapshot, problems } = readCluster([{ path: 'inventory.yaml', text: yaml`
    apiVersion: berth.dev/v1alpha1
    kind: Inventory
    pools:
      - name: workers
        count: three
        allocatable:
          cpu: 4 cores
          memory: 16Gi
        taint:
          - key: dedicated
      - name: Big_Pool
        count: 1
        allocatable: {memory: 1Gi}
        taints:
          - key: x
            effect: Sometimes
  ` }]);
  assert.equal(snapshot.nodes.length, 0);
  assert.deepEqual(problems.map((p) => `${p.location.line}:${p.location.column} ${p.message}`).sort(), [
    '11:11 inventory: pools[1].name must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"',
    '13:5 inventory: pools[1].allocatable: missing required key "cpu"',
    '16:17 inventory: pools[1].taints[0].effect must be one of NoSchedule, PreferNoSchedule, NoExecute',
    '5:12 inventory: pools[0].count must be integer',
    '7:12 inventory: pools[0].allocatable.cpu: not a Kubernetes quantity such as "4", "3500m" or "16Gi"',
    '9:5 inventory: pools[0]: unknown key "taint"',
  ]);
});

// A node without allocatable pods and pods bound to unknown nodes are findings of the snapshot rules
// (node-missing-pods-allocatable, pod-on-unknown-node), not reader warnings.
test('warnings: a kubelet newer than the target version', () => {
  const text = yaml`
    apiVersion: v1
    kind: Node
    metadata:
      name: handmade
    status:
      capacity: {cpu: "4", memory: 8Gi}
      nodeInfo: {kubeletVersion: v1.35.0}
  `;
  const target = parseKubeVersion('1.34') as KubeVersion;
  const { snapshot, warnings } = readCluster([{ path: 'node.yaml', text }], { kubeVersion: target });
  assert.deepEqual(snapshot.nodes[0]!.allocatable, { cpu: 4000, memory: 8 * Gi });
  assert.deepEqual(warnings.map((w) => `${w.location.line} ${w.message}`), [
    '7 node "handmade" runs kubelet v1.35.0, newer than the target Kubernetes 1.34; the control plane is at least as new as its kubelets: set --kube-version',
  ]);
});

test('hand-written nodes get the taints their conditions imply; real ones keep spec.taints', () => {
  const node = (uid: string) => yaml`
    apiVersion: v1
    kind: Node
    metadata:
      name: sick
      ${uid}
    spec:
      unschedulable: true
    status:
      allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
      conditions:
        - type: Ready
          status: "False"
  `;
  const handmade = readCluster([{ path: 'a.yaml', text: node('') }]);
  assert.deepEqual(handmade.snapshot.nodes[0]!.taints.map((t) => `${t.key}:${t.effect}`), [
    'node.kubernetes.io/unschedulable:NoSchedule',
    'node.kubernetes.io/not-ready:NoSchedule',
    'node.kubernetes.io/not-ready:NoExecute',
  ]);
  assert.equal(handmade.warnings.length, 1);
  assert.equal(handmade.warnings[0]!.location.line, 10);
  // The kubelet's hostname label, so hostname topology keys see the node.
  assert.deepEqual(handmade.snapshot.nodes[0]!.labels, { 'kubernetes.io/hostname': 'sick' });
  const real = readCluster([{ path: 'b.yaml', text: node('uid: 9f1e') }]);
  assert.deepEqual(real.snapshot.nodes[0]!.taints, []);
  assert.deepEqual(real.snapshot.nodes[0]!.labels, {});
  const cordoned = readCluster([{ path: 'c.yaml', text: 'apiVersion: v1\nkind: Node\nmetadata: {name: c1}\nspec:\n  unschedulable: true\nstatus: {allocatable: {pods: "110"}}\n' }]);
  assert.deepEqual(cordoned.warnings.map((w) => `${w.location.line} ${w.message}`), [
    '5 node "c1": added node.kubernetes.io/unschedulable:NoSchedule from its spec, as the node lifecycle controller would',
  ]);
  assert.deepEqual(readCluster([{ path: 'b.yaml', text: node('uid: 9f1e') }], { deriveTaints: 'always' }).snapshot.nodes[0]!.taints.length, 3);
});

test('bad input never throws: YAML errors and duplicate nodes are problems with lines', () => {
  const { snapshot, problems } = readCluster([
    { path: 'a.yaml', text: 'apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n' },
    { path: 'b.yaml', text: 'apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n---\nkind: [\n' },
  ]);
  assert.equal(snapshot.nodes.length, 1);
  assert.deepEqual(problems.map((p) => `${p.location.file}:${p.location.line}`).sort(), ['b.yaml:4', 'b.yaml:7']);
});

const CORPUS = '/work/shared/corpus/nodes';

test('real Node objects from the corpus (kubectl JSON List of a kind cluster)', { skip: existsSync(CORPUS) ? false : `${CORPUS} is absent` }, async () => {
  const file = `${CORPUS}/vmware-tanzu__sonobuoy/pkg/discovery/testdata/healthsummary/resources/cluster/core_v1_nodes.json`;
  const { snapshot, problems, warnings } = await readClusterPaths([file]);
  assert.deepEqual(problems, []);
  assert.deepEqual(warnings, []);
  assert.deepEqual(snapshot.nodes.map((n) => n.name), ['kind-control-plane', 'kind-worker', 'kind-worker2']);
  const cp = snapshot.nodes[0]!;
  assert.deepEqual(cp.allocatable, { cpu: 8000, 'ephemeral-storage': 313501092 * Ki, 'hugepages-1Gi': 0, 'hugepages-2Mi': 0, memory: 30821896 * Ki, pods: 110 });
  assert.deepEqual(cp.taints, [{ key: 'node-role.kubernetes.io/master', value: '', effect: 'NoSchedule' }]);
  assert.equal(cp.kubeletVersion, 'v1.20.0');
});

test('a directory of snapshot files; missing paths are problems', { skip: existsSync(CORPUS) ? false : `${CORPUS} is absent` }, async () => {
  const { snapshot, problems } = await readClusterPaths([`${CORPUS}/alibaba__open-simulator/example/cluster/demo_1/nodes`, 'no/such/cluster.yaml']);
  assert.deepEqual(snapshot.nodes.map((n) => n.name), ['master-1', 'master-2', 'master-3', 'worker-1']);
  assert.deepEqual(problems.map((p) => p.message), ['cluster snapshot: no such file or directory']);
});
