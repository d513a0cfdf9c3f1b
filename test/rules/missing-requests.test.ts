import rule from '../../rules/missing-requests.js';
import { yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

/** A Deployment whose single container has the given `resources:` block (indented under the container). */
const deployment = (resources: string, extra = '') => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: api
    namespace: shop
  spec:
    template:
      spec:
        containers:
          - name: api
            image: shop/api:4.2.0
            ${resources}
` + extra;

ruleTable(rule, {
  valid: [
    { name: 'cpu and memory requests', text: deployment('resources:\n              requests: {cpu: 250m, memory: 256Mi}') },
    { name: 'limits only: the API server copies them into the requests', text: deployment('resources:\n              limits: {cpu: "1", memory: 1Gi}') },
    { name: 'one from requests, one from limits', text: deployment('resources:\n              requests: {cpu: 100m}\n              limits: {memory: 512Mi}') },
    {
      name: 'a LimitRange in the namespace fills in default requests',
      text: deployment('ports: [{containerPort: 8080}]', '---\n' + yaml`
        apiVersion: v1
        kind: LimitRange
        metadata:
          name: defaults
          namespace: shop
        spec:
          limits:
            - type: Container
              defaultRequest: {cpu: 100m}
              default: {memory: 256Mi}
      `),
    },
    {
      name: 'a LimitRange min is the default request when nothing else is given',
      text: deployment('ports: [{containerPort: 8080}]', '---\n' + yaml`
        apiVersion: v1
        kind: LimitRange
        metadata:
          name: floors
          namespace: shop
        spec:
          limits:
            - type: Container
              min: {cpu: 50m, memory: 64Mi}
      `),
    },
    {
      name: 'pod-level requests cover the containers',
      text: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: batch
        spec:
          resources:
            requests: {cpu: "2", memory: 4Gi}
          containers:
            - name: a
              image: worker:1.0
            - name: b
              image: worker:1.0
      `,
    },
  ],
  invalid: [
    {
      name: 'no resources at all: reported at the container name',
      text: deployment('ports: [{containerPort: 8080}]'),
      errors: [{ line: 10, column: 11, container: 'api', message: 'Deployment api: container api has no cpu or memory request (and no limit to default it from); the scheduler counts it as zero' }],
    },
    {
      name: 'memory missing: reported at requests',
      text: deployment('resources:\n              requests:\n                cpu: 500m'),
      errors: [{ line: 13, column: 13, container: 'api', message: 'Deployment api: container api has no memory request (and no limit to default it from); the scheduler counts it as zero' }],
    },
    {
      name: 'a LimitRange of another namespace does not count; init containers are checked too',
      text: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata:
          name: defaults
          namespace: other
        spec:
          limits:
            - type: Container
              defaultRequest: {cpu: 100m, memory: 128Mi}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
          namespace: shop
        spec:
          template:
            spec:
              restartPolicy: Never
              initContainers:
                - name: wait
                  image: busybox:1.36
                  resources:
                    limits: {cpu: 50m}
              containers:
                - name: migrate
                  image: shop/migrate:4.2.0
                  resources:
                    requests: {cpu: 200m, memory: 128Mi}
      `,
      errors: [{ line: 23, column: 11, container: 'wait', message: 'Job migrate: init container wait has no memory request (and no limit to default it from); the scheduler counts it as zero' }],
    },
  ],
});
