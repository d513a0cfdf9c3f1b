import rule from '../../rules/node-selector-unsatisfiable.js';
import { yaml } from '../helpers/lint.js';
import { POOLS, placementTable } from './placement-table.js';

const inference = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: inference, namespace: ml}
  spec:
    replicas: 1
    selector: {matchLabels: {app: inference}}
    template:
      metadata: {labels: {app: inference}}
      spec:
        nodeSelector:
          kubernetes.io/hostname: worker1
          accelerator: nvidia-a100
        containers:
        - name: server
          image: nvcr.io/nvidia/tritonserver:25.01-py3
          resources:
            requests: {cpu: 500m, memory: 1Gi}
`;

const render = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: render, namespace: ml}
  spec:
    replicas: 1
    selector: {matchLabels: {app: render}}
    template:
      metadata: {labels: {app: render}}
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - {key: pool, operator: In, values: [gpu]}
        containers:
        - name: r
          image: ghcr.io/example/render:4.1.0
          resources:
            requests: {cpu: "1", memory: 1Gi}
`;

const pinnedToWorker1 = (cpu: string) => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: batch, namespace: shop}
  spec:
    replicas: 2
    selector: {matchLabels: {app: batch}}
    template:
      metadata: {labels: {app: batch}}
      spec:
        nodeSelector: {kubernetes.io/hostname: worker1}
        containers:
        - name: b
          image: ghcr.io/example/batch:2.0.0
          resources:
            requests: {cpu: ${cpu}}
`;

placementTable(rule, {
  valid: [
    { name: 'the selected node has room', manifests: pinnedToWorker1('500m') },
    // The selection works; the node is merely full: insufficient-capacity explains the second replica.
    { name: 'the selected node is full', manifests: pinnedToWorker1('1500m') },
  ],
  invalid: [
    {
      name: 'a nodeSelector entry no node carries, at that entry',
      manifests: inference,
      errors: [{
        line: 12, column: 9,
        message: "Deployment inference: 1 of 1 replica would stay Pending: 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match Pod's node affinity/selector. " +
          'No node has accelerator=nvidia-a100.',
      }],
    },
    {
      name: 'earlier filters reject every node, so the message never mentions the selector',
      manifests: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: db, namespace: data}
        spec:
          replicas: 1
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              nodeSelector: {pool: storage}
              containers:
              - name: pg
                image: postgres:17.2
      `,
      cluster: POOLS,
      errors: [{
        line: 10, column: 22,
        message: 'Deployment db: 1 of 1 replica would stay Pending: 0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint(s). ' +
          'No node has pool=storage (nodes have pool=gpu and general).',
      }],
    },
    {
      name: 'required node affinity that matches only a node closed by its taint, at the term',
      manifests: render,
      cluster: POOLS,
      errors: [{
        line: 14, column: 15,
        message: 'Deployment render: 1 of 1 replica would stay Pending: 0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint(s). ' +
          'It matches only gpu-1, which the pod cannot use (gpu-1: untolerated taint nvidia.com/gpu=present:NoSchedule).',
      }],
    },
    {
      name: 'a nodeName pod on a node its nodeSelector does not match is rejected by the kubelet',
      manifests: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: probe, namespace: ops}
        spec:
          nodeName: worker2
          nodeSelector: {kubernetes.io/hostname: worker1}
          containers:
          - name: c
            image: busybox:1.37
      `,
      errors: [{
        line: 6, column: 18,
        message: "Pod probe: 1 of 1 replica would be rejected by the kubelet of worker2 (spec.nodeName bypasses the scheduler): Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector. " +
          "The node worker2 does not match the pod's nodeSelector/required node affinity.",
      }],
    },
  ],
});
