import { defineRule } from '../src/rules/rule.js';
import { containersOf, describeContainer } from '../src/model/workload.js';
import { asArray, asRecord, asString } from '../src/model/object.js';

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export default defineRule({
  id: 'host-port',
  level: 'warning',
  description: 'Container takes a port on the node (hostPort, or any port of a hostNetwork pod)',
  details:
    'A host port is bound on the node itself: only one pod per node can hold a given port, protocol and host IP, ' +
    'so replicas beyond the number of nodes stay Pending (the scheduler\'s NodePorts filter: "node(s) didn\'t ' +
    'have free ports for the requested pod ports"), and the port bypasses NetworkPolicies aimed at pod IPs. ' +
    'In a `hostNetwork` pod every container port is a host port even without `hostPort`. Expose the pod with ' +
    'a Service (NodePort or LoadBalancer) instead, or keep it to a DaemonSet that needs exactly one pod per node.',
  messages: {
    hostPort: '{{kind}} {{name}}: {{container}} binds host port {{port}}/{{protocol}} on the node; only one such pod fits per node',
    hostNetworkPort:
      '{{kind}} {{name}}: {{container}} port {{port}}/{{protocol}} is a host port because the pod uses hostNetwork; only one such pod fits per node',
  },
  check(context) {
    for (const workload of context.workloads) {
      const hostNetwork = workload.spec.hostNetwork === true;
      for (const container of containersOf(workload)) {
        asArray(container.container.ports).forEach((raw, index) => {
          const port = asRecord(raw);
          const data = {
            kind: workload.ref.kind,
            name: workload.ref.name,
            container: describeContainer(container),
            protocol: asString(port.protocol) ?? 'TCP',
          };
          const path = [...container.path, 'ports', index];
          const where = (key: string) => ({ object: workload.object, path: [...path, key], container: container.name });
          if (isPort(port.hostPort)) context.report('hostPort', { ...data, port: port.hostPort }, where('hostPort'));
          else if (hostNetwork && isPort(port.containerPort)) context.report('hostNetworkPort', { ...data, port: port.containerPort }, where('containerPort'));
        });
      }
    }
  },
});
