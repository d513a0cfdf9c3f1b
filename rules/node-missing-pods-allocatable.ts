import { defineRule } from '../src/rules/rule.js';
import { asRecord, isRecord } from '../src/model/object.js';
import { snapshotNodes } from '../src/rules/snapshot.js';

export default defineRule({
  id: 'node-missing-pods-allocatable',
  level: 'warning',
  needs: 'cluster',
  description: 'A node of the cluster snapshot has no pods entry in allocatable (or capacity)',
  details:
    'Every kubelet reports how many pods it accepts (`allocatable.pods`, 110 by default). Without it the ' +
    'scheduler\'s pod count is 0 and every pod is rejected with `Too many pods`; a real node never lacks it, so ' +
    'the snapshot was written or trimmed by hand. Points at `status.allocatable` (or `status.capacity` when the ' +
    'node has only that, or the node\'s name).',
  messages: { missing: 'node "{{node}}" has no {{field}}.pods: the scheduler counts 0 allowed pods and rejects every pod there with "Too many pods"; add the kubelet\'s maxPods (default 110)' },
  check(context) {
    for (const node of snapshotNodes(context)) {
      if (node.allocatable.pods !== undefined) continue;
      const status = asRecord(node.source.raw.status);
      const field = isRecord(status.allocatable) ? 'allocatable' : isRecord(status.capacity) ? 'capacity' : undefined;
      context.report('missing', { node: node.name, field: field ?? 'allocatable' },
        { object: node.source, path: field ? ['status', field] : ['metadata', 'name'], part: 'key' });
    }
  },
});
