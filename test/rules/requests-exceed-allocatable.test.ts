import rule from '../../rules/requests-exceed-allocatable.js';
import { yaml } from '../helpers/lint.js';
import { POOLS, QUEUE_AND_LONER, placementTable } from './placement-table.js';

const report = (cpu: string) => yaml`
  apiVersion: batch/v1
  kind: CronJob
  metadata: {name: nightly-report, namespace: default}
  spec:
    schedule: "30 2 * * *"
    jobTemplate:
      spec:
        template:
          spec:
            restartPolicy: OnFailure
            containers:
            - name: report
              image: busybox:1.37
              resources:
                requests: {cpu: "${cpu}", memory: 1Gi}
`;

placementTable(rule, {
  valid: [
    { name: 'a request that fits a worker', manifests: report('1500m') },
  ],
  invalid: [
    {
      name: 'more cpu than any worker has, the tainted master not counted',
      manifests: report('3'),
      errors: [{
        line: 15, column: 31,
        message: 'CronJob nightly-report: 1 of 1 replica would stay Pending: 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. ' +
          'It requests 3 cpu, but none of the nodes it could use (worker1 and worker2) has that much allocatable: the largest is 2 on worker1 and worker2.',
      }],
    },
    {
      name: 'an extended resource no node has, the selection matching nothing: every node is compared',
      manifests: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: inference, namespace: ml}
        spec:
          replicas: 1
          selector: {matchLabels: {app: inference}}
          template:
            metadata: {labels: {app: inference}}
            spec:
              nodeSelector: {accelerator: nvidia-a100}
              containers:
              - name: server
                image: nvcr.io/nvidia/tritonserver:25.01-py3
                resources:
                  limits: {memory: 1Gi, nvidia.com/tpu: 1}
      `,
      cluster: POOLS,
      errors: [{
        line: 15, column: 49,
        message: "Deployment inference: 1 of 1 replica would stay Pending: 0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint(s). " +
          'It requests 1 nvidia.com/tpu, and no node of the cluster has any.',
      }],
    },
    {
      name: 'a nodeName pod asking for more memory than its node has',
      manifests: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: huge, namespace: shop}
        spec:
          nodeName: worker2
          containers:
          - name: c
            image: busybox:1.37
            resources:
              requests: {cpu: "1", memory: 6Gi}
      `,
      cluster: QUEUE_AND_LONER,
      errors: [{
        line: 10, column: 36,
        message: 'Pod huge: 1 of 1 replica would be rejected by the kubelet of worker2 (spec.nodeName bypasses the scheduler): ' +
          "Pod was rejected: Node didn't have enough resource: memory, requested: 6442450944, used: 67108864, capacity: 4294967296. It requests 6Gi memory; worker2 has 4Gi allocatable in total.",
      }],
    },
  ],
});
