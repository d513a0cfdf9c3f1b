import rule from '../../rules/host-pid.js';
import { yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

ruleTable(rule, {
  valid: [
    { name: 'hostPID false', text: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: debug
      spec:
        hostPID: false
        containers:
          - name: shell
            image: busybox:1.36
    ` },
    { name: 'hostPID as a string is not hostPID (the schema rule reports the type)', text: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: debug
      spec:
        hostPID: "true"
        containers:
          - name: shell
            image: busybox:1.36
    ` },
  ],
  invalid: [
    {
      name: 'hostPID in a CronJob template, at the key',
      text: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: node-report
          namespace: ops
        spec:
          schedule: "0 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  hostPID: true
                  containers:
                    - name: report
                      image: report:3.2
      `,
      errors: [{ line: 13, column: 11, message: 'CronJob node-report shares the node\'s process namespace (hostPID); its containers can see and signal every process on the node' }],
    },
    {
      name: 'YAML 1.1 yes is true, as Kubernetes reads it',
      text: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: debug
        spec:
          hostPID: yes
          containers:
            - name: shell
              image: busybox:1.36
      `,
      errors: [{ line: 6, column: 3, message: 'Pod debug shares the node\'s process namespace (hostPID); its containers can see and signal every process on the node' }],
    },
  ],
});
