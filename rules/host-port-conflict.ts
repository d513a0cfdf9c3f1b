import { defineRule } from '../src/rules/rule.js';
import { byPlugin, explainEach, describePod, listNames, PENDING_MESSAGE, REJECTED_MESSAGE, rejectedPods, rejections, reportPending, reportRejected, unschedulablePods, podSpecPath } from '../src/rules/placement.js';
import type { HostPort } from '../src/schedule/cluster.js';
import type { FilterDetail } from '../src/schedule/framework.js';

type PortsDetail = Extract<FilterDetail, { kind: 'ports' }>;

const describePort = (port: HostPort) => `${port.hostIP === '0.0.0.0' ? '' : `${port.hostIP}:`}${port.port}/${port.protocol}`;

export default defineRule({
  id: 'host-port-conflict',
  level: 'error',
  needs: 'cluster',
  description: 'Pods stay Pending because the host port they bind is already taken on every node they could use',
  details:
    'The NodePorts filter rejects a node when another pod there already binds the same hostPort, protocol and ' +
    'host IP (0.0.0.0 conflicts with every IP): "node(s) didn\'t have free ports for the requested pod ports". ' +
    'Replicas of one workload with a hostPort therefore fit at most one per node. berth names the port and the ' +
    'pod holding it on each node. Points at the `hostPort:` of the first conflicting port. A pod created with ' +
    '`spec.nodeName` whose port is taken is rejected by the kubelet (`NodePorts`) and reported here too.',
  messages: { pending: PENDING_MESSAGE, rejected: REJECTED_MESSAGE },
  check(context) {
    for (const outcome of context.simulation?.workloads ?? []) {
      const pods = explainEach(unschedulablePods(outcome), (p) => rejections(p, byPlugin('NodePorts'))).map((e) => e.pod);
      if (pods.length > 0) {
        const conflicts = rejections(pods[0]!, byPlugin('NodePorts')).flatMap(({ node, status }) =>
          (status.detail as PortsDetail | undefined)?.conflicts.map((c) => ({ node, port: c.port, heldBy: c.heldBy })) ?? [],
        );
        const byPort = new Map<string, string[]>();
        for (const c of conflicts) {
          const key = describePort(c.port);
          const list = byPort.get(key) ?? [];
          list.push(`on ${c.node} by ${c.heldBy.map(describePod).join(', ')}`);
          byPort.set(key, list);
        }
        const explanation = [...byPort].map(([port, holders]) => `Port ${port} is held ${listNames(holders, 4)}.`).join(' ');
        reportPending(context, outcome, pods, explanation, conflicts[0]?.port.path ?? podSpecPath(outcome));
      }
      const rejected = rejectedPods(outcome, (reason) => reason === 'NodePorts');
      if (rejected.length > 0) {
        const port = outcome.template.hostPorts[0];
        reportRejected(context, outcome, rejected, 'Another pod on that node already binds the port.', port?.path ?? podSpecPath(outcome));
      }
    }
  },
});
