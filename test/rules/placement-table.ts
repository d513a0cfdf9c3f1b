import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule } from '../../src/rules/rule.js';
import { readCluster } from '../../src/read/cluster.js';
import { parseKubeVersion } from '../../src/model/kube-version.js';
import { lintYaml, yaml } from '../helpers/lint.js';
import type { Expected } from './table.js';

/**
 * Tables for the placement rules: manifests + a small cluster snapshot (inline YAML) → the rule's findings,
 * message in full with exact line/column. Every case is also checked without the snapshot: placement rules
 * never fire then.
 */
export interface PlacementCase {
  name: string;
  manifests: string;
  cluster?: string;
  kubeVersion?: string;
}

export interface InvalidPlacementCase extends PlacementCase {
  errors: Expected[];
}

/** A master tainted like kubeadm's, two 2-CPU/4-GiB workers in two zones. */
export const THREE_NODES = yaml`
  apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Node
    metadata:
      name: master
      uid: 0b6f0c1e-0000-4000-8000-000000000001
      labels: {kubernetes.io/hostname: master, node-role.kubernetes.io/control-plane: "", topology.kubernetes.io/zone: zone-a}
    spec:
      taints:
      - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
  - apiVersion: v1
    kind: Node
    metadata:
      name: worker1
      uid: 0b6f0c1e-0000-4000-8000-000000000002
      labels: {kubernetes.io/hostname: worker1, topology.kubernetes.io/zone: zone-b}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
  - apiVersion: v1
    kind: Node
    metadata:
      name: worker2
      uid: 0b6f0c1e-0000-4000-8000-000000000003
      labels: {kubernetes.io/hostname: worker2, topology.kubernetes.io/zone: zone-c}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
`;


/** A tainted GPU node, a cordoned worker and a NotReady one (hand-written: the not-ready taint is derived). */
export const POOLS = yaml`
  apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Node
    metadata: {name: gpu-1, labels: {kubernetes.io/hostname: gpu-1, pool: gpu}}
    spec:
      taints: [{key: nvidia.com/gpu, value: present, effect: NoSchedule}]
    status: {allocatable: {cpu: "8", memory: 32Gi, pods: "110", nvidia.com/gpu: "1"}}
  - apiVersion: v1
    kind: Node
    metadata: {name: general-1, labels: {kubernetes.io/hostname: general-1, pool: general}}
    spec: {unschedulable: true}
    status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
  - apiVersion: v1
    kind: Node
    metadata: {name: general-2, labels: {kubernetes.io/hostname: general-2, pool: general}}
    status:
      allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
      conditions: [{type: Ready, status: "False"}]
`;

/** Two workers already running low-priority pods that take most of their cpu. */
export const BUSY = yaml`
  apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Node
    metadata: {name: worker1, uid: u1, labels: {kubernetes.io/hostname: worker1}}
    status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
  - apiVersion: v1
    kind: Node
    metadata: {name: worker2, uid: u2, labels: {kubernetes.io/hostname: worker2}}
    status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
  - apiVersion: v1
    kind: Pod
    metadata: {name: reports-5c7d-1, namespace: analytics}
    spec:
      nodeName: worker1
      containers:
      - {name: r, image: "ghcr.io/example/reports:1", resources: {requests: {cpu: 1500m, memory: 1Gi}}}
    status: {phase: Running}
  - apiVersion: v1
    kind: Pod
    metadata: {name: reports-5c7d-2, namespace: analytics}
    spec:
      nodeName: worker2
      containers:
      - {name: r, image: "ghcr.io/example/reports:1", resources: {requests: {cpu: 1200m, memory: 1Gi}}}
    status: {phase: Running}
`;

/** Two workers: a queue pod fills worker1, a pod with anti-affinity against every `app` runs on worker2. */
export const QUEUE_AND_LONER = yaml`
  apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Node
    metadata: {name: worker1, uid: u1, labels: {kubernetes.io/hostname: worker1, topology.kubernetes.io/zone: zone-b}}
    status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
  - apiVersion: v1
    kind: Node
    metadata: {name: worker2, uid: u2, labels: {kubernetes.io/hostname: worker2, topology.kubernetes.io/zone: zone-c}}
    status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
  - apiVersion: v1
    kind: Pod
    metadata: {name: queue-0, namespace: shop, labels: {app: queue}}
    spec:
      nodeName: worker1
      containers:
      - {name: q, image: "rabbitmq:4.0", resources: {requests: {cpu: 1800m, memory: 1Gi}}}
    status: {phase: Running}
  - apiVersion: v1
    kind: Pod
    metadata: {name: loner-0, namespace: shop, labels: {app: loner}}
    spec:
      nodeName: worker2
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchExpressions: [{key: app, operator: Exists}]}
            topologyKey: kubernetes.io/hostname
      containers:
      - {name: l, image: "busybox:1.37", resources: {requests: {cpu: 100m, memory: 64Mi}}}
    status: {phase: Running}
`;

export function findings(rule: Rule, c: PlacementCase, withCluster = true) {
  const kubeVersion = parseKubeVersion(c.kubeVersion ?? '1.36')!;
  const cluster = readCluster([{ path: 'cluster.yaml', text: c.cluster ?? THREE_NODES }], { kubeVersion });
  assert.deepEqual(cluster.problems, [], 'the cluster fixture reads cleanly');
  const result = lintYaml(c.manifests, { rules: [rule], ...(withCluster ? { cluster } : {}), ...(c.kubeVersion ? { kubeVersion: c.kubeVersion } : {}) });
  return result.findings.map((f) => ({ ruleId: f.ruleId, line: f.location.line, column: f.location.column, message: f.message }));
}

export function placementTable(rule: Rule, cases: { valid: PlacementCase[]; invalid: InvalidPlacementCase[] }): void {
  for (const c of cases.valid) {
    test(`${rule.id} valid: ${c.name}`, () => assert.deepEqual(findings(rule, c), []));
  }
  for (const c of cases.invalid) {
    test(`${rule.id} invalid: ${c.name}`, () => {
      assert.deepEqual(findings(rule, c), c.errors.map((e) => ({ ruleId: rule.id, line: e.line, column: e.column, message: e.message })));
    });
    test(`${rule.id} without a cluster snapshot: ${c.name}`, () => assert.deepEqual(findings(rule, c, false), []));
  }
}
