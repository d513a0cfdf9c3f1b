import rule from '../../rules/pod-affinity-unsatisfiable.js';
import { yaml } from '../helpers/lint.js';
import { QUEUE_AND_LONER, placementTable } from './placement-table.js';

const worker = (app: string, replicas = 1) => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: worker, namespace: shop}
  spec:
    replicas: ${replicas}
    selector: {matchLabels: {app: worker}}
    template:
      metadata: {labels: {app: worker}}
      spec:
        affinity:
          podAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: {matchLabels: {app: ${app}}}
              topologyKey: kubernetes.io/hostname
        containers:
        - name: w
          image: ghcr.io/example/worker:1.0.0
          resources:
            requests: {cpu: 500m, memory: 64Mi}
`;

placementTable(rule, {
  valid: [
    // The first replica matches its own term and may start anywhere; the others follow it.
    { name: 'self-affine replicas: the first-pod exception', manifests: worker('worker', 3) },
  ],
  invalid: [
    {
      name: 'no pod matches the term anywhere',
      manifests: worker('queue', 2),
      errors: [{
        line: 13, column: 13,
        message: "Deployment worker: 2 of 2 replicas would stay Pending: 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match pod affinity rules. " +
          'No pod matches its required pod affinity term (app=queue in namespace shop, topologyKey kubernetes.io/hostname), and the pod does not satisfy it itself, so the first-pod exception does not apply.',
      }],
    },
    {
      name: 'the matching pod runs on a node that is full',
      manifests: worker('queue'),
      cluster: QUEUE_AND_LONER,
      errors: [{
        line: 13, column: 13,
        message: "Deployment worker: 1 of 1 replica would stay Pending: 0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod affinity rules. " +
          'Pods matching its required pod affinity term (app=queue in namespace shop, topologyKey kubernetes.io/hostname) run only in kubernetes.io/hostname worker1 (shop/queue-0), where the nodes are closed to it: worker1: Insufficient cpu.',
      }],
    },
  ],
});
