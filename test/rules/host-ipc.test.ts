import rule from '../../rules/host-ipc.js';
import { yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

const statefulSet = (hostIPC: string) => yaml`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: db
  spec:
    serviceName: db
    selector:
      matchLabels:
        app: db
    template:
      metadata:
        labels:
          app: db
      spec:
        ${hostIPC}
        containers:
          - name: postgres
            image: postgres:16.4
`;

ruleTable(rule, {
  valid: [
    { name: 'no hostIPC', text: statefulSet('dnsPolicy: ClusterFirst') },
    { name: 'hostIPC false', text: statefulSet('hostIPC: false') },
  ],
  invalid: [
    {
      name: 'hostIPC true, at the key',
      text: statefulSet('hostIPC: true'),
      errors: [{ line: 15, column: 7, message: 'StatefulSet db shares the node\'s IPC namespace (hostIPC); its containers can reach the shared memory of every process on the node' }],
    },
  ],
});
