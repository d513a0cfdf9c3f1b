import rule from '../../rules/requests-exceed-limits.js';
import { yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

const deployment = (resources: string) => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: worker
  spec:
    template:
      spec:
        containers:
          - name: worker
            image: worker:5.1
            resources:
              ${resources}
`;

ruleTable(rule, {
  valid: [
    { name: 'request below limit', text: deployment('requests: {cpu: 500m, memory: 1G}\n              limits: {cpu: "1", memory: 1Gi}') },
    { name: 'equal values in different notations (1 == 1000m, 1e3 == 1k)', text: deployment('requests: {cpu: "1", memory: 1e3}\n              limits: {cpu: 1000m, memory: 1k}') },
    { name: 'a request without a limit', text: deployment('requests: {cpu: "4"}\n              limits: {memory: 1Gi}') },
    { name: 'an invalid quantity is left to the schema rule', text: deployment('requests: {cpu: 2 cores}\n              limits: {cpu: 500m}') },
    { name: 'extended resource request equal to its limit', text: deployment('requests: {nvidia.com/gpu: 1}\n              limits: {nvidia.com/gpu: "1"}') },
  ],
  invalid: [
    {
      name: 'cpu request above limit, at the request value',
      text: deployment('requests:\n                cpu: 1500m\n                memory: 1Gi\n              limits:\n                cpu: "1"\n                memory: 1Gi'),
      errors: [{
        line: 13,
        column: 20,
        container: 'worker',
        message: 'Deployment worker: container worker requests cpu 1500m, more than its limit 1; the API server rejects it: must be less than or equal to cpu limit of 1',
      }],
    },
    {
      name: 'exact comparison: 1Gi is more than 1G, and 1000000001n more than 1',
      text: deployment('requests: {memory: 1Gi, ephemeral-storage: 1000000001n}\n              limits: {memory: 1G, ephemeral-storage: 1}'),
      errors: [
        {
          line: 12,
          column: 32,
          container: 'worker',
          message: 'Deployment worker: container worker requests memory 1Gi, more than its limit 1G; the API server rejects it: must be less than or equal to memory limit of 1G',
        },
        {
          line: 12,
          column: 56,
          container: 'worker',
          message: 'Deployment worker: container worker requests ephemeral-storage 1000000001n, more than its limit 1; the API server rejects it: must be less than or equal to ephemeral-storage limit of 1',
        },
      ],
    },
    {
      name: 'an extended resource cannot be overcommitted',
      text: deployment('requests: {nvidia.com/gpu: 1}\n              limits: {nvidia.com/gpu: 2}'),
      errors: [{
        line: 12,
        column: 40,
        container: 'worker',
        message: 'Deployment worker: container worker requests nvidia.com/gpu 1 but its limit is 2; nvidia.com/gpu cannot be overcommitted, so the API server rejects it: must be equal to nvidia.com/gpu limit of 2',
      }],
    },
    {
      name: 'pod-level resources are checked too',
      text: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: batch
        spec:
          resources:
            requests:
              memory: 8Gi
            limits:
              memory: 4Gi
          containers:
            - name: a
              image: worker:5.1
      `,
      errors: [{
        line: 8,
        column: 15,
        message: 'Pod batch: the pod requests memory 8Gi, more than its limit 4Gi; the API server rejects it: must be less than or equal to memory limit of 4Gi',
      }],
    },
  ],
});
