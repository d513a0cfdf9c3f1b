import { defineRule } from '../src/rules/rule.js';
import { listNames, plural } from '../src/rules/placement.js';
import { describeOrigin, ownerName, podKey, podWhere } from '../src/whatif/findings.js';
import type { EvictedPod } from '../src/whatif/drain.js';

export default defineRule({
  id: 'drain-leaves-pending',
  level: 'error',
  needs: 'cluster',
  description: 'Pods evicted by a --drain or --remove-node scenario fit on no remaining node and would stay Pending',
  details:
    'Only with `--drain NODE` or `--remove-node NODE`. The replacement of every evicted pod goes through ' +
    "berth's scheduler onto the remaining nodes (the drained ones are cordoned, removed ones are gone), in " +
    "queue order (the manifests' pods already Pending go first: they are older), while every other pod stays " +
    'where it runs. A replacement that fits nowhere stays Pending with the message ' +
    'the scheduler would print. The finding is located at the workload in the manifests, or, for a pod ' +
    'known only from the cluster snapshot, at that pod in the snapshot file.',
  messages: {
    pending: '{{owner}}: {{pods}} evicted from {{nodes}} would stay Pending: {{message}}',
  },
  check(context) {
    const evicted = context.whatIf?.drain?.evicted ?? [];
    const groups = new Map<string, EvictedPod[]>();
    for (const pod of evicted) {
      if (pod.lost || pod.to !== undefined) continue;
      const key = ownerName(pod.origin) ?? podKey(pod.pod);
      groups.set(key, [...(groups.get(key) ?? []), pod]);
    }
    for (const pods of groups.values()) {
      const first = pods[0]!;
      const where = podWhere(first.origin);
      if (!where) continue;
      const messages = [...new Set(pods.map((p) => p.fullMessage ?? p.message ?? ''))];
      context.report(
        'pending',
        {
          owner: describeOrigin(first.origin, first.pod.name),
          pods: pods.length === 1 ? `pod ${podKey(first.pod)}` : `${plural(pods.length, 'pod')} (${listNames(pods.map((p) => podKey(p.pod)))})`,
          nodes: listNames(pods.map((p) => p.from)),
          message: messages.join(' / '),
        },
        where,
      );
    }
  },
});
