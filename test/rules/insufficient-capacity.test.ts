import rule from '../../rules/insufficient-capacity.js';
import { yaml } from '../helpers/lint.js';
import { BUSY, QUEUE_AND_LONER, placementTable } from './placement-table.js';

const cache = (memory: string, replicas = 3) => yaml`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: cache, namespace: shop}
  spec:
    replicas: ${replicas}
    serviceName: cache
    selector: {matchLabels: {app: cache}}
    template:
      metadata: {labels: {app: cache}}
      spec:
        containers:
        - name: redis
          image: redis:7.4.2
          resources:
            requests: {cpu: 100m}
            limits: {memory: ${memory}}
`;

const payments = yaml`
  apiVersion: scheduling.k8s.io/v1
  kind: PriorityClass
  metadata: {name: critical}
  value: 100000
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: payments, namespace: shop}
  spec:
    replicas: 2
    selector: {matchLabels: {app: payments}}
    template:
      metadata: {labels: {app: payments}}
      spec:
        priorityClassName: critical
        containers:
        - name: p
          image: ghcr.io/example/payments:1.2.0
          resources:
            requests: {cpu: "1", memory: 512Mi}
`;

placementTable(rule, {
  valid: [
    { name: 'three 1Gi replicas fit two 4Gi workers', manifests: cache('1Gi') },
    // 5Gi is more than a worker has in total: requests-exceed-allocatable, not capacity.
    { name: 'a request larger than any node is not a capacity problem', manifests: cache('5Gi') },
  ],
  invalid: [
    {
      name: 'the third 3Gi replica finds both workers full (limits stand in for requests)',
      manifests: cache('3Gi'),
      errors: [{
        line: 16, column: 28,
        message: 'StatefulSet cache: 1 of 3 replicas would stay Pending: 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient memory. ' +
          'Closest to fitting: worker1, 2Gi memory short (the pod requests 3Gi; 3Gi of 4Gi already requested); 1 other node short as well.',
      }],
    },
    {
      name: 'OrderedReady: later ordinals are never created and stay Pending with the first one',
      manifests: cache('3Gi', 5),
      errors: [{
        line: 16, column: 28,
        message: 'StatefulSet cache: 3 of 5 replicas (2 of them not created until an earlier ordinal runs: OrderedReady) would stay Pending: ' +
          '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient memory. ' +
          'Closest to fitting: worker1, 2Gi memory short (the pod requests 3Gi; 3Gi of 4Gi already requested); 1 other node short as well.',
      }],
    },
    {
      name: 'higher-priority pods blocked by lower-priority running pods get the preemption note',
      manifests: payments,
      cluster: BUSY,
      errors: [{
        line: 20, column: 27,
        message: 'Deployment payments: 2 of 2 replicas would stay Pending: 0/2 nodes are available: 2 Insufficient cpu. ' +
          'Closest to fitting: worker2, 200m cpu short (the pod requests 1; 1200m of 2 already requested); 1 other node short as well. ' +
          'Preemption may place them: they have a higher priority than pods that block them, which the scheduler would evict (berth does not simulate preemption).',
      }],
    },
    {
      name: 'a nodeName pod on a full node is rejected by the kubelet',
      manifests: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: debug, namespace: shop}
        spec:
          nodeName: worker1
          containers:
          - name: c
            image: busybox:1.37
            resources:
              requests: {cpu: "1", memory: 64Mi}
      `,
      cluster: QUEUE_AND_LONER,
      errors: [{
        line: 10, column: 23,
        message: 'Pod debug: 1 of 1 replica would be rejected by the kubelet of worker1 (spec.nodeName bypasses the scheduler): ' +
          "Pod was rejected: Node didn't have enough resource: cpu, requested: 1000, used: 1800, capacity: 2000. The pods already on worker1 leave too little of its 2 cpu allocatable.",
      }],
    },
  ],
});
