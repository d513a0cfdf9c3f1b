import rule from '../../rules/unschedulable-node.js';
import { yaml } from '../helpers/lint.js';
import { POOLS, placementTable } from './placement-table.js';

const web = (extra = '') => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    replicas: 2
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:${extra}
        containers:
        - name: nginx
          image: nginx:1.27.3
          resources:
            requests: {cpu: 100m, memory: 64Mi}
`;

placementTable(rule, {
  valid: [
    { name: 'healthy workers', manifests: web() },
    // The cordoned and NotReady nodes are not in the pod's pool: node-selector-unsatisfiable's business.
    { name: 'bad nodes the pod does not select', manifests: web('\n        nodeSelector: {pool: storage}'), cluster: POOLS },
  ],
  invalid: [
    {
      name: 'the general pool is cordoned and NotReady, at replicas',
      manifests: web(),
      cluster: POOLS,
      errors: [{
        line: 5, column: 3,
        message: 'Deployment web: 2 of 2 replicas would stay Pending: 0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint(s). ' +
          'general-1 is cordoned (spec.unschedulable); general-2 is NotReady (node.kubernetes.io/not-ready:NoSchedule).',
      }],
    },
  ],
});
