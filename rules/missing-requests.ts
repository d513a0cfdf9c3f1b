import { defineRule } from '../src/rules/rule.js';
import { containersOf, describeContainer } from '../src/model/workload.js';
import { asRecord } from '../src/model/object.js';
import { limitRangeDefaultsFrom } from '../src/model/admission-defaults.js';

const RESOURCES = ['cpu', 'memory'] as const;

export default defineRule({
  id: 'missing-requests',
  level: 'warning',
  description: 'Container has no cpu or memory request',
  details:
    'The scheduler places pods by their requests. A container without a cpu or memory request counts as ' +
    'zero, so pods get packed onto nodes that cannot actually run them, and under memory pressure the ' +
    'kubelet evicts such BestEffort/Burstable pods first. Set `resources.requests.cpu` and ' +
    '`resources.requests.memory` to what the container normally uses. A limit alone is enough: the API ' +
    'server copies it into the missing request. A namespace LimitRange with a `defaultRequest` (or a ' +
    '`default`, `max` or `min` it is defaulted from) in the same manifests also counts, as do pod-level ' +
    '`spec.resources.requests`.',
  messages: {
    missing: '{{kind}} {{name}}: {{container}} has no {{resources}} request (and no limit to default it from); the scheduler counts it as zero',
  },
  check(context) {
    const defaults = limitRangeDefaultsFrom(context.objects);
    for (const workload of context.workloads) {
      const podRequests = asRecord(asRecord(workload.spec.resources).requests);
      const namespaceDefaults = defaults.get(workload.ref.namespace) ?? {};
      for (const container of containersOf(workload)) {
        const resources = asRecord(container.container.resources);
        const requests = asRecord(resources.requests);
        const limits = asRecord(resources.limits);
        const missing = RESOURCES.filter(
          (name) => !(name in requests) && !(name in limits) && !(name in podRequests) && !(name in namespaceDefaults),
        );
        if (missing.length === 0) continue;
        const path = 'resources' in container.container ? [...container.path, 'resources', 'requests'] : [...container.path, 'name'];
        context.report(
          'missing',
          { kind: workload.ref.kind, name: workload.ref.name, container: describeContainer(container), resources: missing.join(' or ') },
          { object: workload.object, path, container: container.name },
        );
      }
    }
  },
});
