import { defineRule } from '../src/rules/rule.js';

export default defineRule({
  id: 'host-network',
  level: 'warning',
  description: 'Pod uses the node\'s network namespace (hostNetwork: true)',
  details:
    'A host-network pod shares the node\'s network stack: every container port becomes a host port, so two ' +
    'replicas cannot share a node, and the pod can reach services bound to the node\'s loopback.',
  messages: { hostNetwork: '{{kind}} {{name}} runs on the host network; each of its container ports is also taken on the node' },
  check(context) {
    for (const workload of context.workloads) {
      if (workload.spec.hostNetwork !== true) continue;
      context.report('hostNetwork', { kind: workload.ref.kind, name: workload.ref.name }, { object: workload.object, path: [...workload.specPath, 'hostNetwork'] });
    }
  },
});
