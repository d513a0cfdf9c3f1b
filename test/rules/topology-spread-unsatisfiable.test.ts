import rule from '../../rules/topology-spread-unsatisfiable.js';
import { yaml } from '../helpers/lint.js';
import { placementTable } from './placement-table.js';

const cache = (replicas: number, topologyKey = 'topology.kubernetes.io/zone', extra = '') => yaml`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: cache, namespace: shop}
  spec:
    replicas: ${replicas}
    serviceName: cache
    podManagementPolicy: Parallel
    selector: {matchLabels: {app: cache}}
    template:
      metadata: {labels: {app: cache}}
      spec:
        topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: ${topologyKey}
          whenUnsatisfiable: DoNotSchedule
          labelSelector: {matchLabels: {app: cache}}${extra}
        containers:
        - name: redis
          image: redis:7.4.2
          resources:
            requests: {cpu: 100m, memory: 1Gi}
`;

placementTable(rule, {
  valid: [
    { name: 'two replicas over two worker zones', manifests: cache(2) },
    { name: 'the tainted zone is left out with nodeTaintsPolicy Honor', manifests: cache(4, 'topology.kubernetes.io/zone', '\n          nodeTaintsPolicy: Honor') },
  ],
  invalid: [
    {
      name: "the master's zone counts (nodeTaintsPolicy Ignore) but never gets a replica",
      manifests: cache(3),
      errors: [{
        line: 13, column: 9,
        message: "StatefulSet cache: 1 of 3 replicas would stay Pending: 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match pod topology spread constraints. " +
          'Constraint topology.kubernetes.io/zone maxSkew 1: every domain it could join would exceed the skew against the minimum of 0: zone-b (1 matching, skew 2) and zone-c (1 matching, skew 2). ' +
          'zone-a counts as a domain (nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore) although the pod can use none of its nodes, so no replica ever raises its count. ' +
          '3 counted topology.kubernetes.io/zone domains (zone-a, zone-b and zone-c) for 3 replicas.',
      }],
    },
    {
      name: 'minDomains above the number of domains',
      manifests: cache(3, 'topology.kubernetes.io/zone', '\n          nodeTaintsPolicy: Honor\n          minDomains: 3'),
      errors: [{
        line: 13, column: 9,
        message: "StatefulSet cache: 1 of 3 replicas would stay Pending: 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match pod topology spread constraints. " +
          'Constraint topology.kubernetes.io/zone maxSkew 1: every domain it could join would exceed the skew against the minimum of 0: zone-b (1 matching, skew 2) and zone-c (1 matching, skew 2). ' +
          'minDomains is 3 but only 2 domains exist (zone-b and zone-c), so the minimum counts as 0. ' +
          '2 counted topology.kubernetes.io/zone domains (zone-b and zone-c) for 3 replicas.',
      }],
    },
    {
      name: 'no node carries the topology key',
      manifests: cache(1, 'example.com/rack'),
      errors: [{
        line: 13, column: 9,
        message: "StatefulSet cache: 1 of 1 replica would stay Pending: 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match pod topology spread constraints (missing required label). " +
          'worker1 and worker2 lack the topology label example.com/rack.',
      }],
    },
  ],
});
