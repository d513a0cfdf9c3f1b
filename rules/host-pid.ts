import { defineRule } from '../src/rules/rule.js';

export default defineRule({
  id: 'host-pid',
  level: 'warning',
  description: 'Pod shares the node\'s process namespace (hostPID: true)',
  details:
    'With hostPID the containers see every process on the node, can signal them, and can read their ' +
    'environment and memory through /proc — including other pods\' secrets. The Pod Security Standards ' +
    '"baseline" profile forbids it. Remove `hostPID: true` unless this is a node agent that needs it, and then ' +
    'suppress the finding with an `ignore.berth/host-pid` annotation that says why.',
  messages: { hostPid: '{{kind}} {{name}} shares the node\'s process namespace (hostPID); its containers can see and signal every process on the node' },
  check(context) {
    for (const workload of context.workloads) {
      if (workload.spec.hostPID !== true) continue;
      context.report('hostPid', { kind: workload.ref.kind, name: workload.ref.name }, { object: workload.object, path: [...workload.specPath, 'hostPID'] });
    }
  },
});
