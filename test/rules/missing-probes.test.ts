import rule from '../../rules/missing-probes.js';
import { yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

ruleTable(rule, {
  valid: [
    {
      name: 'readiness probe on every regular container; init containers and sidecars are not checked',
      text: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              initContainers:
                - name: migrate
                  image: web:3.0
                - name: log-shipper
                  image: fluent-bit:3.1
                  restartPolicy: Always
              containers:
                - name: web
                  image: web:3.0
                  readinessProbe:
                    httpGet: {path: /healthz, port: 8080}
      `,
    },
    {
      name: 'Jobs and CronJobs run to completion',
      text: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: backup
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: backup
                      image: backup:1.2
      `,
    },
    {
      name: 'a bare pod with restartPolicy Never',
      text: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: smoke-test
        spec:
          restartPolicy: Never
          containers:
            - name: curl
              image: curlimages/curl:8.10.1
      `,
    },
  ],
  invalid: [
    {
      name: 'a StatefulSet container without readinessProbe (a liveness probe is not enough), at the container name',
      text: yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          serviceName: db
          template:
            spec:
              containers:
                - name: postgres
                  image: postgres:16.4
                  livenessProbe:
                    exec: {command: [pg_isready]}
                - name: exporter
                  image: postgres-exporter:0.15
                  readinessProbe:
                    tcpSocket: {port: 9187}
      `,
      errors: [{ line: 10, column: 11, container: 'postgres', message: 'StatefulSet db: container postgres has no readinessProbe; it receives traffic and counts as available as soon as it starts' }],
    },
    {
      name: 'a bare pod restarts by default, so it is long-running',
      text: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
      `,
      errors: [{ line: 7, column: 7, container: 'web', message: 'Pod web: container web has no readinessProbe; it receives traffic and counts as available as soon as it starts' }],
    },
  ],
});
