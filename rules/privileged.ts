import { defineRule } from '../src/rules/rule.js';
import { containersOf, describeContainer } from '../src/model/workload.js';
import { asRecord } from '../src/model/object.js';

export default defineRule({
  id: 'privileged',
  level: 'warning',
  description: 'Container runs privileged (securityContext.privileged: true)',
  details:
    'A privileged container gets every Linux capability and access to all host devices; it is root on the ' +
    'node in all but name, and a compromise of it is a compromise of the node. The Pod Security Standards ' +
    '"baseline" profile forbids it. Drop `privileged: true` and add only the capabilities the process needs ' +
    '(`securityContext.capabilities.add`). A node agent that truly needs it can be suppressed per container ' +
    'with an `ignore.berth/privileged.<container>` annotation that says why.',
  messages: { privileged: '{{kind}} {{name}}: {{container}} runs privileged, with every capability and all host devices' },
  check(context) {
    for (const workload of context.workloads) {
      for (const container of containersOf(workload)) {
        if (asRecord(container.container.securityContext).privileged !== true) continue;
        context.report(
          'privileged',
          { kind: workload.ref.kind, name: workload.ref.name, container: describeContainer(container) },
          { object: workload.object, path: [...container.path, 'securityContext', 'privileged'], container: container.name },
        );
      }
    }
  },
});
