import rule from '../../rules/anti-affinity-unsatisfiable.js';
import { yaml } from '../helpers/lint.js';
import { QUEUE_AND_LONER, placementTable } from './placement-table.js';

const api = (replicas: number) => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec:
    replicas: ${replicas}
    selector: {matchLabels: {app: api}}
    template:
      metadata: {labels: {app: api}}
      spec:
        affinity:
          podAntiAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: {matchLabels: {app: api}}
              topologyKey: kubernetes.io/hostname
        containers:
        - name: api
          image: ghcr.io/example/api:3.14.0
          resources:
            requests: {cpu: 250m, memory: 256Mi}
`;

placementTable(rule, {
  valid: [
    { name: 'one replica per worker', manifests: api(2) },
  ],
  invalid: [
    {
      name: 'more replicas than eligible hostname domains (the tainted master is not one)',
      manifests: api(3),
      errors: [{
        line: 13, column: 13,
        message: "Deployment api: 1 of 3 replicas would stay Pending: 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match pod anti-affinity rules. " +
          'Its anti-affinity (app=api, topologyKey kubernetes.io/hostname) is violated by shop/api-0 (placed by these manifests) on worker1 and shop/api-1 (placed by these manifests) on worker2. ' +
          'At most one replica fits per kubernetes.io/hostname domain: 3 replicas, but only 2 eligible topology domains (worker1 and worker2).',
      }],
    },
    {
      name: "a running pod's anti-affinity repels the replicas, at the template labels",
      manifests: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          replicas: 2
          selector: {matchLabels: {app: api}}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
              - name: api
                image: ghcr.io/example/api:3.14.0
                resources:
                  requests: {cpu: 200m, memory: 64Mi}
      `,
      cluster: QUEUE_AND_LONER,
      errors: [{
        line: 9, column: 7,
        message: "Deployment api: 1 of 2 replicas would stay Pending: 0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't satisfy existing pods anti-affinity rules. " +
          'Pods already there repel it with their own anti-affinity: shop/loner-0 (running) on worker2 (its anti-affinity selects app, topologyKey kubernetes.io/hostname).',
      }],
    },
  ],
});
