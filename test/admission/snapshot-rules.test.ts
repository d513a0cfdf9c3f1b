import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule } from '../../src/rules/rule.js';
import { readCluster } from '../../src/read/cluster.js';
import { lintYaml, yaml } from '../helpers/lint.js';
import nodeAllocatableExceedsCapacity from '../../rules/node-allocatable-exceeds-capacity.js';
import nodeMissingPodsAllocatable from '../../rules/node-missing-pods-allocatable.js';
import nodeNotReady from '../../rules/node-not-ready.js';
import nodePodCidrTooSmall from '../../rules/node-pod-cidr-too-small.js';
import podOnUnknownNode from '../../rules/pod-on-unknown-node.js';

/** The rule's findings on a snapshot (file, line, column, message); none without the snapshot. */
function snapshotFindings(rule: Rule, cluster: string) {
  const read = readCluster([{ path: 'cluster.yaml', text: cluster }]);
  const manifests = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n';
  assert.deepEqual(lintYaml(manifests, { rules: [rule] }).findings, [], 'no finding without a snapshot');
  return lintYaml(manifests, { rules: [rule], cluster: read }).findings.map((f) => [f.location.file, f.location.line, f.location.column, f.message]);
}

const HEALTHY = yaml`
  apiVersion: v1
  kind: Node
  metadata: {name: ok, uid: u0}
  spec: {podCIDR: 10.244.0.0/24}
  status:
    capacity: {cpu: "2", memory: 4Gi, pods: "110"}
    allocatable: {cpu: 1900m, memory: 3900Mi, pods: "110"}
    conditions: [{type: Ready, status: "True"}]
`;

test('a healthy node: no snapshot finding', () => {
  for (const rule of [nodeAllocatableExceedsCapacity, nodeMissingPodsAllocatable, nodeNotReady, nodePodCidrTooSmall, podOnUnknownNode]) {
    assert.deepEqual(snapshotFindings(rule, HEALTHY), [], rule.id);
  }
});

test('node-allocatable-exceeds-capacity: at the allocatable value', () => {
  assert.deepEqual(snapshotFindings(nodeAllocatableExceedsCapacity, yaml`
    apiVersion: v1
    kind: Node
    metadata: {name: edited, uid: u1}
    status:
      capacity: {cpu: "2", memory: 4Gi, pods: "110"}
      allocatable:
        cpu: "4"
        memory: 4Gi
        pods: "110"
  `), [['cluster.yaml', 7, 10, 'node "edited": allocatable cpu 4 exceeds its capacity 2: the kubelet never reports that, the snapshot looks hand-edited; the scheduler and berth use allocatable']]);
});

test('node-missing-pods-allocatable: at status.allocatable, or capacity when that is all there is', () => {
  assert.deepEqual(snapshotFindings(nodeMissingPodsAllocatable, yaml`
    apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: Node
      metadata: {name: a, uid: u1}
      status:
        allocatable: {cpu: "2", memory: 4Gi}
    - apiVersion: v1
      kind: Node
      metadata: {name: b, uid: u2}
      status:
        capacity: {cpu: "2", memory: 4Gi}
  `), [
    ['cluster.yaml', 8, 5, 'node "a" has no allocatable.pods: the scheduler counts 0 allowed pods and rejects every pod there with "Too many pods"; add the kubelet\'s maxPods (default 110)'],
    ['cluster.yaml', 13, 5, 'node "b" has no capacity.pods: the scheduler counts 0 allowed pods and rejects every pod there with "Too many pods"; add the kubelet\'s maxPods (default 110)'],
  ]);
});

test('node-not-ready: at the condition status, saying which taints it implies and whether the snapshot has them', () => {
  assert.deepEqual(snapshotFindings(nodeNotReady, yaml`
    apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: Node
      metadata: {name: down, uid: u1}
      spec:
        taints:
        - {key: node.kubernetes.io/not-ready, effect: NoSchedule}
        - {key: node.kubernetes.io/not-ready, effect: NoExecute}
      status:
        allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
        conditions:
        - {type: MemoryPressure, status: "False"}
        - {type: Ready, status: "False", reason: KubeletNotReady}
    - apiVersion: v1
      kind: Node
      metadata: {name: lost, uid: u2}
      status:
        allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
        conditions:
        - type: Ready
          status: Unknown
  `), [
    ['cluster.yaml', 15, 29, 'node "down" reports Ready=False (KubeletNotReady): the node lifecycle controller taints it node.kubernetes.io/not-ready:NoSchedule and node.kubernetes.io/not-ready:NoExecute, so new pods are not scheduled there and pods without a toleration are evicted after 300s; the snapshot\'s taints already include them'],
    ['cluster.yaml', 23, 15, 'node "lost" reports Ready=Unknown: the node lifecycle controller taints it node.kubernetes.io/unreachable:NoSchedule and node.kubernetes.io/unreachable:NoExecute, so new pods are not scheduled there and pods without a toleration are evicted after 300s; the snapshot\'s spec.taints lack them (berth adds them only to hand-written nodes, those without metadata.uid)'],
  ]);
});

test('node-pod-cidr-too-small: a /26 with 110 max pods, and the cluster-wide sum', () => {
  assert.deepEqual(snapshotFindings(nodePodCidrTooSmall, HEALTHY + yaml`
    ---
    apiVersion: v1
    kind: Node
    metadata: {name: small, uid: u1}
    spec:
      podCIDR: 10.244.1.0/26
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
  `), [['cluster.yaml', 14, 12, 'node "small": pod CIDR 10.244.1.0/26 has 62 usable addresses but allocatable.pods is 110: pods beyond 62 would be scheduled there and stay ContainerCreating without an IP (host-network pods excepted); lower the kubelet\'s maxPods or allocate larger pod CIDRs. Cluster-wide: 220 pods allowed, 172 pod IPs']]);
});

test('node-pod-cidr-too-small: dual-stack, the smaller family limits; a large IPv6 range is fine', () => {
  assert.deepEqual(snapshotFindings(nodePodCidrTooSmall, yaml`
    apiVersion: v1
    kind: Node
    metadata: {name: dual, uid: u1}
    spec:
      podCIDRs: [10.244.1.0/25, "fd00:10:244:1::/64"]
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "250"}
  `), [['cluster.yaml', 5, 14, 'node "dual": pod CIDR 10.244.1.0/25 has 126 usable addresses but allocatable.pods is 250: pods beyond 126 would be scheduled there and stay ContainerCreating without an IP (host-network pods excepted); lower the kubelet\'s maxPods or allocate larger pod CIDRs. Cluster-wide: 250 pods allowed, 126 pod IPs']]);
});

test('pod-on-unknown-node: one finding per missing node, at the first pod\'s nodeName; terminal pods do not count', () => {
  assert.deepEqual(snapshotFindings(podOnUnknownNode, HEALTHY + yaml`
    ---
    apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: Pod
      metadata: {name: a, namespace: shop}
      spec: {nodeName: gone, containers: [{name: c, image: c:1}]}
    - apiVersion: v1
      kind: Pod
      metadata: {name: b, namespace: shop}
      spec: {nodeName: gone, containers: [{name: c, image: c:1}]}
    - apiVersion: v1
      kind: Pod
      metadata: {name: done, namespace: shop}
      spec: {nodeName: old, containers: [{name: c, image: c:1}]}
      status: {phase: Succeeded}
    - apiVersion: v1
      kind: Pod
      metadata: {name: here, namespace: shop}
      spec: {nodeName: ok, containers: [{name: c, image: c:1}]}
  `), [['cluster.yaml', 16, 20, '2 pods (shop/a and 1 more) are bound to node "gone", which is not in the cluster snapshot: berth ignores them, so what they use on that node is not counted; capture nodes and pods together (kubectl get nodes,pods -A -o yaml)']]);
});

test('node-not-ready: a Ready condition without a valid status is the schema rule\'s business', () => {
  assert.deepEqual(snapshotFindings(nodeNotReady, yaml`
    apiVersion: v1
    kind: Node
    metadata: {name: odd, uid: u1}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
      conditions: [{type: Ready}, {type: Ready, status: "false"}]
  `), []);
});

test('node-pod-cidr-too-small: unparsable CIDRs are skipped, a /32 has no pod address', () => {
  assert.deepEqual(snapshotFindings(nodePodCidrTooSmall, yaml`
    apiVersion: v1
    kind: Node
    metadata: {name: odd, uid: u1}
    spec: {podCIDRs: [not-a-cidr, 10.0.0.0/33, 10.0.0.7/32]}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "10"}
  `), [['cluster.yaml', 4, 44, 'node "odd": pod CIDR 10.0.0.7/32 has 0 usable addresses but allocatable.pods is 10: pods beyond 0 would be scheduled there and stay ContainerCreating without an IP (host-network pods excepted); lower the kubelet\'s maxPods or allocate larger pod CIDRs. Cluster-wide: 10 pods allowed, 0 pod IPs']]);
});
