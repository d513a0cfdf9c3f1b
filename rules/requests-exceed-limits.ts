import { defineRule, type RuleContext } from '../src/rules/rule.js';
import { containersOf, describeContainer, type Workload } from '../src/model/workload.js';
import { asRecord } from '../src/model/object.js';
import { compareQuantities, parseQuantity } from '../src/model/quantity.js';
import type { Path } from '../src/read/source.js';

/**
 * `IsOvercommitAllowed` (pkg/apis/core/helper): native resources may request less than their limit;
 * extended resources (`nvidia.com/gpu`) and hugepages may not.
 */
function overcommitAllowed(resource: string): boolean {
  const native = !resource.includes('/') || resource.includes('kubernetes.io/');
  return native && !resource.startsWith('hugepages-');
}

type MessageId = 'exceeds' | 'mustEqual';

export default defineRule({
  id: 'requests-exceed-limits',
  level: 'error',
  description: 'Resource request is greater than its limit (the API server rejects it)',
  details:
    'A container may not request more of a resource than its limit: the API server rejects the pod ("must be ' +
    'less than or equal to cpu limit"), so the workload\'s controller never creates it. For extended resources ' +
    '(such as `nvidia.com/gpu`) and hugepages, which cannot be overcommitted, the request must equal the limit. ' +
    'Lower the request or raise the limit; quantities are compared exactly (`1` cpu equals `1000m`, `1Gi` is ' +
    'more than `1G`). Values that are not valid quantities are left to the schema rule.',
  messages: {
    exceeds:
      '{{kind}} {{name}}: {{container}} requests {{resource}} {{request}}, more than its limit {{limit}}; the API server rejects it: must be less than or equal to {{resource}} limit of {{limit}}',
    mustEqual:
      '{{kind}} {{name}}: {{container}} requests {{resource}} {{request}} but its limit is {{limit}}; {{resource}} cannot be overcommitted, so the API server rejects it: must be equal to {{resource}} limit of {{limit}}',
  },
  check(context) {
    for (const workload of context.workloads) {
      checkResources(context, workload, workload.spec.resources, [...workload.specPath, 'resources'], 'the pod', undefined);
      for (const container of containersOf(workload)) {
        checkResources(context, workload, container.container.resources, [...container.path, 'resources'], describeContainer(container), container.name);
      }
    }
  },
});

function checkResources(
  context: RuleContext<MessageId>,
  workload: Workload,
  resources: unknown,
  path: Path,
  who: string,
  containerName: string | undefined,
): void {
  const requests = asRecord(asRecord(resources).requests);
  const limits = asRecord(asRecord(resources).limits);
  for (const [resource, requestValue] of Object.entries(requests)) {
    if (!(resource in limits)) continue;
    const request = parseQuantity(requestValue);
    const limit = parseQuantity(limits[resource]);
    if (!request || !limit) continue; // the schema rule reports quantities that do not parse
    const order = compareQuantities(request, limit);
    const messageId: MessageId | undefined = order > 0 ? 'exceeds' : order !== 0 && !overcommitAllowed(resource) ? 'mustEqual' : undefined;
    if (!messageId) continue;
    context.report(
      messageId,
      { kind: workload.ref.kind, name: workload.ref.name, container: who, resource, request: String(requestValue), limit: String(limits[resource]) },
      { object: workload.object, path: [...path, 'requests', resource], part: 'value', ...(containerName === undefined ? {} : { container: containerName }) },
    );
  }
}
