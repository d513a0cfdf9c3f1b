import rule from '../../rules/untolerated-taint.js';
import { yaml } from '../helpers/lint.js';
import { POOLS, placementTable } from './placement-table.js';

const trainer = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: trainer, namespace: ml}
  spec:
    replicas: 1
    selector: {matchLabels: {app: trainer}}
    template:
      metadata: {labels: {app: trainer}}
      spec:
        nodeSelector: {pool: gpu}
        containers:
        - name: t
          image: ghcr.io/example/trainer:0.9.0
          resources:
            limits: {nvidia.com/gpu: 1, memory: 8Gi}
`;

const web = (replicas: number, tolerations = '') => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    replicas: ${replicas}
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:${tolerations}
        containers:
        - name: nginx
          image: nginx:1.27.3
          ports: [{containerPort: 80, hostPort: 8080}]
`;

const MASTER_ONLY = yaml`
  apiVersion: v1
  kind: Node
  metadata:
    name: master
    uid: 7f1c2d3e-0000-4000-8000-000000000001
    labels: {kubernetes.io/hostname: master, node-role.kubernetes.io/control-plane: ""}
  spec:
    taints:
    - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
  status:
    allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
`;

const EVICTING = yaml`
  apiVersion: v1
  kind: Node
  metadata:
    name: edge-1
    uid: 7f1c2d3e-0000-4000-8000-000000000002
    labels: {kubernetes.io/hostname: edge-1}
  spec:
    taints:
    - {key: example.com/maintenance, value: "true", effect: NoExecute}
  status:
    allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
`;

placementTable(rule, {
  valid: [
    // Ports are the reason; the control-plane taint of the master is there by design.
    { name: 'the control-plane taint does not explain replicas that miss their ports', manifests: web(3) },
    { name: 'a tolerated taint', manifests: web(1, '\n        tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists}]'), cluster: MASTER_ONLY },
    // The cordoned and NotReady general nodes are unschedulable-node's; the GPU pool is not this pod's choice.
    { name: 'a dedicated pool the pod never selected', manifests: web(1), cluster: POOLS },
  ],
  invalid: [
    {
      name: 'the pod selects the tainted GPU pool without tolerating it (1.36 hides the taint, berth names it)',
      manifests: trainer,
      cluster: POOLS,
      errors: [{
        line: 9, column: 5,
        message: 'Deployment trainer: 1 of 1 replica would stay Pending: 0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint(s). ' +
          'Untolerated: nvidia.com/gpu=present:NoSchedule on gpu-1.',
      }],
    },
    {
      name: '1.33 names the taint in the message itself',
      manifests: trainer,
      cluster: POOLS,
      kubeVersion: '1.33',
      errors: [{
        line: 9, column: 5,
        message: 'Deployment trainer: 1 of 1 replica would stay Pending: 0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, ' +
          '1 node(s) had untolerated taint {nvidia.com/gpu: present}, 1 node(s) were unschedulable. Untolerated: nvidia.com/gpu=present:NoSchedule on gpu-1.',
      }],
    },
    {
      name: 'taints are all that keeps the pod out: the control-plane taint counts, at the wrong toleration list',
      manifests: web(1, '\n        tolerations: [{key: node-role.kubernetes.io/master, operator: Exists}]'),
      cluster: MASTER_ONLY,
      errors: [{
        line: 10, column: 7,
        message: 'Deployment web: 1 of 1 replica would stay Pending: 0/1 nodes are available: 1 node(s) had untolerated taint(s). ' +
          'Untolerated: node-role.kubernetes.io/control-plane:NoSchedule on master.',
      }],
    },
    {
      name: 'a nodeName pod on a node with an untolerated NoExecute taint is rejected by the kubelet',
      manifests: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: probe, namespace: ops}
        spec:
          nodeName: edge-1
          containers:
          - name: c
            image: busybox:1.37
      `,
      cluster: EVICTING,
      errors: [{
        line: 4, column: 1,
        message: "Pod probe: 1 of 1 replica would be rejected by the kubelet of edge-1 (spec.nodeName bypasses the scheduler): Pod was rejected: Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate. " +
          'Untolerated NoExecute taint: example.com/maintenance=true:NoExecute.',
      }],
    },
  ],
});
