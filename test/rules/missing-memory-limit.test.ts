import rule from '../../rules/missing-memory-limit.js';
import { yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

const pod = (resources: string) => yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: cache
  spec:
    containers:
      - name: redis
        image: redis:7.4
        ${resources}
`;

ruleTable(rule, {
  valid: [
    { name: 'memory limit set', text: pod('resources:\n          limits:\n            memory: 512Mi') },
    {
      name: 'a LimitRange default memory limit in the namespace',
      text: pod('ports: [{containerPort: 6379}]') + '---\n' + yaml`
        apiVersion: v1
        kind: LimitRange
        metadata:
          name: defaults
        spec:
          limits:
            - type: Container
              max: {memory: 1Gi}
      `,
    },
    {
      name: 'a pod-level memory limit',
      text: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: cache
        spec:
          resources:
            limits: {memory: 1Gi}
          containers:
            - name: redis
              image: redis:7.4
      `,
    },
  ],
  invalid: [
    {
      name: 'only a cpu limit: reported at limits',
      text: pod('resources:\n          requests: {memory: 256Mi}\n          limits:\n            cpu: "1"'),
      errors: [{ line: 11, column: 9, container: 'redis', message: 'Pod cache: container redis has no memory limit; it can use all of the node\'s memory and get other pods OOM-killed or evicted' }],
    },
    {
      name: 'no resources: reported at the container name; a Pod LimitRange item does not default containers',
      text: pod('ports: [{containerPort: 6379}]') + '---\n' + yaml`
        apiVersion: v1
        kind: LimitRange
        metadata:
          name: pod-max
        spec:
          limits:
            - type: Pod
              max: {memory: 2Gi}
      `,
      errors: [{ line: 7, column: 7, container: 'redis', message: 'Pod cache: container redis has no memory limit; it can use all of the node\'s memory and get other pods OOM-killed or evicted' }],
    },
  ],
});
