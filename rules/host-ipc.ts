import { defineRule } from '../src/rules/rule.js';

export default defineRule({
  id: 'host-ipc',
  level: 'warning',
  description: 'Pod shares the node\'s IPC namespace (hostIPC: true)',
  details:
    'With hostIPC the containers share System V shared memory, semaphores and message queues with every ' +
    'process on the node, so they can read or corrupt other workloads\' shared memory. The Pod Security ' +
    'Standards "baseline" profile forbids it. Remove `hostIPC: true`; if a node agent truly needs it, suppress ' +
    'the finding with an `ignore.berth/host-ipc` annotation that says why.',
  messages: { hostIpc: '{{kind}} {{name}} shares the node\'s IPC namespace (hostIPC); its containers can reach the shared memory of every process on the node' },
  check(context) {
    for (const workload of context.workloads) {
      if (workload.spec.hostIPC !== true) continue;
      context.report('hostIpc', { kind: workload.ref.kind, name: workload.ref.name }, { object: workload.object, path: [...workload.specPath, 'hostIPC'] });
    }
  },
});
