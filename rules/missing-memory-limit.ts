import { defineRule } from '../src/rules/rule.js';
import { containersOf, describeContainer } from '../src/model/workload.js';
import { asRecord } from '../src/model/object.js';
import { defaultLimitsByNamespace } from '../src/model/limit-range.js';

export default defineRule({
  id: 'missing-memory-limit',
  level: 'warning',
  description: 'Container has no memory limit',
  details:
    'Memory is not compressible: a container without a memory limit can grow until the node runs out, and ' +
    'then the kernel OOM killer or kubelet eviction takes down other pods on the node as well. Set ' +
    '`resources.limits.memory` (commonly equal to the memory request, which also makes the pod\'s memory ' +
    'behaviour predictable). A namespace LimitRange with a `default` (or `max`) memory in the same manifests ' +
    'also counts, as does a pod-level `spec.resources.limits.memory`.',
  messages: {
    missing: '{{kind}} {{name}}: {{container}} has no memory limit; it can use all of the node\'s memory and get other pods OOM-killed or evicted',
  },
  check(context) {
    const defaultLimits = defaultLimitsByNamespace(context.objects);
    for (const workload of context.workloads) {
      if ('memory' in asRecord(asRecord(workload.spec.resources).limits)) continue;
      if (defaultLimits(workload.ref.namespace).has('memory')) continue;
      for (const container of containersOf(workload)) {
        const resources = asRecord(container.container.resources);
        if ('memory' in asRecord(resources.limits)) continue;
        const path = 'resources' in container.container ? [...container.path, 'resources', 'limits'] : [...container.path, 'name'];
        context.report(
          'missing',
          { kind: workload.ref.kind, name: workload.ref.name, container: describeContainer(container) },
          { object: workload.object, path, container: container.name },
        );
      }
    }
  },
});
