import { defineRule } from '../src/rules/rule.js';
import { asRecord, isRecord } from '../src/model/object.js';
import { compareQuantities, parseQuantity } from '../src/model/quantity.js';
import { snapshotNodes } from '../src/rules/snapshot.js';

export default defineRule({
  id: 'node-allocatable-exceeds-capacity',
  level: 'warning',
  needs: 'cluster',
  description: 'A node of the cluster snapshot reports more allocatable than capacity for a resource',
  details:
    'The kubelet computes allocatable as capacity minus kube-reserved, system-reserved and the eviction ' +
    'threshold, so it is never larger than capacity. A snapshot where it is was edited by hand or assembled ' +
    'from different nodes; the scheduler (and berth) use allocatable, so the placement would be too optimistic. ' +
    'Points at the allocatable value in the snapshot file.',
  messages: { exceeds: 'node "{{node}}": allocatable {{resource}} {{allocatable}} exceeds its capacity {{capacity}}: the kubelet never reports that, the snapshot looks hand-edited; the scheduler and berth use allocatable' },
  check(context) {
    for (const node of snapshotNodes(context)) {
      const status = asRecord(node.source.raw.status);
      if (!isRecord(status.allocatable) || !isRecord(status.capacity)) continue;
      for (const [resource, value] of Object.entries(status.allocatable)) {
        const allocatable = parseQuantity(value);
        const capacity = parseQuantity(status.capacity[resource]);
        if (!allocatable || !capacity || compareQuantities(allocatable, capacity) <= 0) continue;
        context.report('exceeds', { node: node.name, resource, allocatable: String(value), capacity: String(status.capacity[resource]) },
          { object: node.source, path: ['status', 'allocatable', resource], part: 'value' });
      }
    }
  },
});
