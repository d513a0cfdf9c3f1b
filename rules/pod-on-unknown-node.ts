import { defineRule } from '../src/rules/rule.js';
import { asRecord, asString, type KubeObject } from '../src/model/object.js';

export default defineRule({
  id: 'pod-on-unknown-node',
  level: 'warning',
  needs: 'cluster',
  description: 'Pods of the cluster snapshot are bound to a node that is not in it',
  details:
    'A snapshot pod with `spec.nodeName` names a node the snapshot does not contain: the snapshot is partial ' +
    '(nodes and pods captured at different times, or a filtered `kubectl get nodes`), or the node was deleted ' +
    'and its pods not yet garbage-collected. berth ignores those pods, so the resources, ports and affinity ' +
    'they hold on a real node are not counted. One finding per missing node, at the first such pod\'s `nodeName`.',
  messages: { unknownNode: '{{count}} bound to node "{{node}}", which is not in the cluster snapshot: berth ignores {{them}}, so what {{they}} use on that node is not counted; capture nodes and pods together (kubectl get nodes,pods -A -o yaml)' },
  check(context) {
    const known = new Set((context.cluster?.nodes ?? []).map((n) => n.name));
    const byNode = new Map<string, KubeObject[]>();
    for (const object of context.cluster?.objects ?? []) {
      if (object.ref.kind !== 'Pod' || object.ref.apiVersion !== 'v1') continue;
      const phase = asString(asRecord(object.raw.status).phase);
      const nodeName = asString(asRecord(object.raw.spec).nodeName);
      if (!nodeName || known.has(nodeName) || phase === 'Succeeded' || phase === 'Failed') continue;
      byNode.set(nodeName, [...(byNode.get(nodeName) ?? []), object]);
    }
    for (const [node, pods] of byNode) {
      const first = pods[0]!;
      const count = pods.length === 1 ? `pod ${first.ref.namespace}/${first.ref.name} is` : `${pods.length} pods (${first.ref.namespace}/${first.ref.name} and ${pods.length - 1} more) are`;
      context.report('unknownNode', { count, node, them: pods.length === 1 ? 'it' : 'them', they: pods.length === 1 ? 'it' : 'they' },
        { object: first, path: ['spec', 'nodeName'], part: 'value' });
    }
  },
});
