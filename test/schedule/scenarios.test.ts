import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yaml } from '../helpers/lint.js';
import { simulateYaml } from './helpers.js';

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
  assert.deepEqual(report.workloads[0], {
    kind: 'Deployment', namespace: 'default', name: 'web', desired: 3, scheduled: 2, pending: 1,
    nodes: { worker1: 1, worker2: 1 },
    reasons: ["0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't have free ports for the requested pod ports."],
  });
  const pending = result.workloads[0]!.pods[2]!;
  assert.equal(pending.state, 'pending');
  assert.equal(pending.state === 'pending' && pending.fullMessage,
    "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't have free ports for the requested pod ports. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.");
});
