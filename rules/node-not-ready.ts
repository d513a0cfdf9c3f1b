import { defineRule } from '../src/rules/rule.js';
import { asArray, asRecord, asString } from '../src/model/object.js';
import { formatTaint, TAINT_NOT_READY, TAINT_UNREACHABLE } from '../src/model/taints.js';
import { snapshotNodes } from '../src/rules/snapshot.js';

export default defineRule({
  id: 'node-not-ready',
  level: 'warning',
  needs: 'cluster',
  description: 'A node of the cluster snapshot reports Ready not True',
  details:
    'The node lifecycle controller taints a node whose Ready condition is False with ' +
    '`node.kubernetes.io/not-ready` (Unknown: `node.kubernetes.io/unreachable`), NoSchedule and NoExecute: new ' +
    'pods are not scheduled there (only DaemonSet pods and pods that tolerate the taint), and running pods ' +
    'without a toleration are evicted after 300 s (the DefaultTolerationSeconds admission gives every pod ' +
    'that much). berth schedules with the snapshot\'s taints; the finding says whether they are already there. ' +
    'Points at the condition\'s status.',
  messages: {
    notReady: 'node "{{node}}" reports Ready={{status}}{{reason}}: the node lifecycle controller taints it {{taints}}, so new pods are not scheduled there and pods without a toleration are evicted after 300s; {{snapshotTaints}}',
  },
  check(context) {
    for (const node of snapshotNodes(context)) {
      asArray(asRecord(node.source.raw.status).conditions).forEach((raw, index) => {
        const condition = asRecord(raw);
        const status = asString(condition.status);
        // Only the API's values: anything else is the schema rule's business.
        if (condition.type !== 'Ready' || (status !== 'False' && status !== 'Unknown')) return;
        const key = status === 'False' ? TAINT_NOT_READY : TAINT_UNREACHABLE;
        const implied = [{ key, value: '', effect: 'NoSchedule' as const }, { key, value: '', effect: 'NoExecute' as const }];
        const present = implied.filter((t) => node.taints.some((n) => n.key === t.key && n.effect === t.effect));
        const reason = asString(condition.reason);
        context.report('notReady', {
          node: node.name,
          status,
          reason: reason ? ` (${reason})` : '',
          taints: implied.map(formatTaint).join(' and '),
          snapshotTaints: present.length === implied.length ? 'the snapshot\'s taints already include them'
            : present.length === 0 ? 'the snapshot\'s spec.taints lack them (berth adds them only to hand-written nodes, those without metadata.uid)'
              : `the snapshot's spec.taints have only ${present.map(formatTaint).join(', ')}`,
        }, { object: node.source, path: ['status', 'conditions', index, 'status'], part: 'value' });
      });
    }
  },
});
