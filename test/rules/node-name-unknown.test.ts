import rule from '../../rules/node-name-unknown.js';
import { yaml } from '../helpers/lint.js';
import { placementTable } from './placement-table.js';

const pinned = (node: string) => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: legacy, namespace: ops}
  spec:
    replicas: 2
    selector: {matchLabels: {app: legacy}}
    template:
      metadata: {labels: {app: legacy}}
      spec:
        nodeName: ${node}
        containers:
        - name: c
          image: busybox:1.37
          resources:
            requests: {cpu: 100m, memory: 64Mi}
`;

placementTable(rule, {
  valid: [
    { name: 'a node of the snapshot', manifests: pinned('worker1') },
    // The master's NoSchedule taint does not stop a pod that skips the scheduler.
    { name: 'a tainted node: the kubelet only checks NoExecute taints', manifests: pinned('master') },
  ],
  invalid: [
    {
      name: 'a node that is not in the snapshot, at the nodeName value',
      manifests: pinned('worker9'),
      errors: [{
        line: 10, column: 17,
        message: 'Deployment legacy: 2 of 2 replicas would stay Pending: spec.nodeName "worker9" is not a node of the cluster snapshot: the pod bypasses the scheduler and stays Pending. ' +
          "The snapshot's nodes are master, worker1 and worker2.",
      }],
    },
  ],
});
