import { defineRule } from '../src/rules/rule.js';
import { listNames, plural } from '../src/rules/placement.js';
import type { BudgetStatus } from '../src/whatif/pdb.js';
import { describeBudget, describeOrigin, podKey, podWhere, UNMANAGED_MESSAGE } from '../src/whatif/findings.js';
import type { BlockedPod } from '../src/whatif/drain.js';

/** Why the budget stays exhausted even after the replacements of the pods already evicted were scheduled. */
function whyExhausted(status: BudgetStatus): string {
  if (status.desiredHealthy >= status.expectedPods) {
    return `It allows no disruption at all: it needs all ${status.expectedPods} of its pods healthy; add replicas or lower the budget.`;
  }
  return `Replacements of pods it covers are not running (Pending or not Ready), so the budget stays used up.`;
}

export default defineRule({
  id: 'drain-blocked',
  level: 'error',
  needs: 'cluster',
  description: 'A --drain or --remove-node scenario cannot evict every pod: a PodDisruptionBudget or a pod without a controller stops it',
  details:
    'Only with `--drain NODE` or `--remove-node NODE`. berth drains as `kubectl drain --ignore-daemonsets` ' +
    'would: DaemonSet and mirror pods stay; a pod that declares no controller stops the drain ("cannot delete ' +
    'Pods that declare no controller (use --force to override)"); every other pod goes through the eviction ' +
    'API, which refuses an eviction that would take a PodDisruptionBudget below its minimum ("Cannot evict ' +
    "pod as it would violate the pod's disruption budget.\") or that more than one budget matches. Budgets " +
    'are computed as the disruption controller does (minAvailable / maxUnavailable, integer or percentage ' +
    'rounded up, counting the Ready pods the selector matches in the namespace), and recomputed after the ' +
    'replacements of pods already evicted are scheduled, as kubectl keeps retrying. The finding is located ' +
    'at the budget (its minAvailable/maxUnavailable) or at the pod without a controller.',
  messages: {
    budget:
      'PodDisruptionBudget {{budget}} ({{rule}}) blocks draining {{nodes}}: evicting {{pods}} would violate it. ' +
      "The eviction API answers \"Cannot evict pod as it would violate the pod's disruption budget.\" ({{cause}}); kubectl drain retries until it times out. {{why}}",
    unmanaged: '{{pod}} on {{node}} declares no controller: kubectl drain stops with "{{kubectl}}"; with --force it is deleted and nothing recreates it',
    multiple: '{{pod}} on {{node}} is selected by more than one PodDisruptionBudget ({{budgets}}): the eviction API refuses it ("{{message}}")',
  },
  check(context) {
    const blocked = context.whatIf?.drain?.blocked ?? [];
    const byBudget = new Map<string, BlockedPod[]>();
    for (const pod of blocked) {
      if (pod.reason === 'pdb') {
        const key = `${pod.budgets[0]!.namespace}/${pod.budgets[0]!.name}`;
        byBudget.set(key, [...(byBudget.get(key) ?? []), pod]);
        continue;
      }
      const where = podWhere(pod.origin);
      if (!where) continue;
      const name = `${describeOrigin(pod.origin, pod.pod.name)}${pod.origin.kind === 'manifest' ? ` (pod ${podKey(pod.pod)})` : ''}`;
      if (pod.reason === 'unmanaged') context.report('unmanaged', { pod: name, node: pod.node, kubectl: UNMANAGED_MESSAGE }, where);
      else context.report('multiple', { pod: name, node: pod.node, budgets: pod.budgets.map((b) => `${b.namespace}/${b.name}`).join(', '), message: pod.message }, where);
    }
    for (const [key, pods] of byBudget) {
      const budget = pods[0]!.budgets[0]!;
      const status = pods[pods.length - 1]!.status!;
      const names = pods.map((p) => podKey(p.pod));
      context.report(
        'budget',
        {
          budget: key,
          rule: describeBudget(budget),
          nodes: listNames(pods.map((p) => p.node)),
          pods: names.length === 1 ? `pod ${names[0]}` : `${plural(names.length, 'pod')} (${listNames(names)})`,
          cause: `The disruption budget ${budget.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
          why: whyExhausted(status),
        },
        { object: budget.object, path: budget.path, part: budget.path.length > 1 ? 'value' : 'key' },
      );
    }
  },
});
