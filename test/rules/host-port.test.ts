import rule from '../../rules/host-port.js';
import { yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

ruleTable(rule, {
  valid: [
    {
      name: 'container ports without hostPort',
      text: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: nginx:1.27
                  ports:
                    - containerPort: 80
                    - containerPort: 443
      `,
    },
    {
      name: 'hostPort 0 means none',
      text: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
                  hostPort: 0
      `,
    },
  ],
  invalid: [
    {
      name: 'a container declaring hostPort, reported at the hostPort key with its protocol',
      text: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: dns
        spec:
          template:
            spec:
              containers:
                - name: coredns
                  image: coredns/coredns:1.11.3
                  ports:
                    - containerPort: 53
                      hostPort: 53
                      protocol: UDP
                    - containerPort: 9153
      `,
      errors: [{ line: 13, column: 15, container: 'coredns', message: 'DaemonSet dns: container coredns binds host port 53/UDP on the node; only one such pod fits per node' }],
    },
    {
      name: 'every container port of a hostNetwork pod is a host port, sidecars included',
      text: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ingress
        spec:
          template:
            spec:
              hostNetwork: true
              initContainers:
                - name: metrics
                  image: exporter:0.9
                  restartPolicy: Always
                  ports:
                    - containerPort: 9100
              containers:
                - name: nginx
                  image: nginx:1.27
                  ports:
                    - containerPort: 80
                      hostPort: 80
                    - containerPort: 443
      `,
      errors: [
        { line: 14, column: 15, container: 'metrics', message: 'Deployment ingress: sidecar container metrics port 9100/TCP is a host port because the pod uses hostNetwork; only one such pod fits per node' },
        { line: 20, column: 15, container: 'nginx', message: 'Deployment ingress: container nginx binds host port 80/TCP on the node; only one such pod fits per node' },
        { line: 21, column: 15, container: 'nginx', message: 'Deployment ingress: container nginx port 443/TCP is a host port because the pod uses hostNetwork; only one such pod fits per node' },
      ],
    },
  ],
});
