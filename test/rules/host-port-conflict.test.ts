import rule from '../../rules/host-port-conflict.js';
import { yaml } from '../helpers/lint.js';
import { placementTable } from './placement-table.js';

const web = (replicas: number, hostPort = 8080) => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    replicas: ${replicas}
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers:
        - name: nginx
          image: nginx:1.27.3
          ports:
          - containerPort: 80
            hostPort: ${hostPort}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
`;

const INGRESS_ON_WORKER2 = yaml`
  apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Node
    metadata: {name: worker1, uid: u1, labels: {kubernetes.io/hostname: worker1}}
    status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
  - apiVersion: v1
    kind: Node
    metadata: {name: worker2, uid: u2, labels: {kubernetes.io/hostname: worker2}}
    status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
  - apiVersion: v1
    kind: Pod
    metadata: {name: ingress-7d9f, namespace: ingress}
    spec:
      nodeName: worker2
      containers:
      - name: controller
        image: ingress-nginx/controller:v1.12.0
        ports: [{containerPort: 8080, hostPort: 8080}]
    status: {phase: Running}
`;

placementTable(rule, {
  valid: [
    { name: 'one replica per worker', manifests: web(2) },
    {
      name: 'another pod with a different host port',
      manifests: web(2) + '---\n' + yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: other, namespace: shop}
        spec:
          containers:
          - name: c
            image: nginx:1.27.3
            ports: [{containerPort: 80, hostPort: 9090}]
      `,
    },
  ],
  invalid: [
    {
      name: 'more replicas than workers: the port is held by the earlier replicas',
      manifests: web(3),
      errors: [{
        line: 15, column: 11,
        message: "Deployment web: 1 of 3 replicas would stay Pending: 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't have free ports for the requested pod ports. " +
          'Port 8080/TCP is held on worker1 by shop/web-0 (placed by these manifests) and on worker2 by shop/web-1 (placed by these manifests).',
      }],
    },
    {
      name: 'a running pod of the snapshot holds the port on one worker',
      manifests: web(2),
      cluster: INGRESS_ON_WORKER2,
      errors: [{
        line: 15, column: 11,
        message: "Deployment web: 1 of 2 replicas would stay Pending: 0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. " +
          'Port 8080/TCP is held on worker1 by shop/web-0 (placed by these manifests) and on worker2 by ingress/ingress-7d9f (running).',
      }],
    },
    {
      name: 'a nodeName pod whose port is taken is rejected by the kubelet',
      manifests: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: debug, namespace: shop}
        spec:
          nodeName: worker2
          containers:
          - name: c
            image: nginx:1.27.3
            ports: [{containerPort: 80, hostPort: 8080}]
      `,
      cluster: INGRESS_ON_WORKER2,
      errors: [{
        line: 9, column: 33,
        message: "Pod debug: 1 of 1 replica would be rejected by the kubelet of worker2 (spec.nodeName bypasses the scheduler): Pod was rejected: Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports. Another pod on that node already binds the port.",
      }],
    },
  ],
});
