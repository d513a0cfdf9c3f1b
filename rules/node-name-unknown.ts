import { defineRule } from '../src/rules/rule.js';
import { listNames, PENDING_MESSAGE, podSpecPath, reportPending } from '../src/rules/placement.js';
import type { PodOutcome } from '../src/schedule/result.js';

type NodeNotFound = Extract<PodOutcome, { why: 'node-not-found' }>;

export default defineRule({
  id: 'node-name-unknown',
  level: 'error',
  needs: 'cluster',
  description: 'A pod sets spec.nodeName to a node that is not in the cluster snapshot, so it stays Pending',
  details:
    'A pod created with `spec.nodeName` bypasses the scheduler: no filter runs and no FailedScheduling event ' +
    'explains it. If that node does not exist the pod just stays Pending (until it is garbage-collected). ' +
    'berth lists the nodes that do exist. Points at the `nodeName` value. When the node exists but its kubelet ' +
    'refuses the pod (`OutOfcpu`, `NodePorts`, `NodeAffinity`, `TaintToleration`), the rule of that cause ' +
    'reports it (`insufficient-capacity`, `requests-exceed-allocatable`, `host-port-conflict`, ' +
    '`node-selector-unsatisfiable`, `untolerated-taint`), since the fix is the same as for a scheduled pod.',
  messages: { pending: PENDING_MESSAGE },
  check(context) {
    const simulation = context.simulation;
    if (!simulation) return;
    const names = simulation.nodes.map((n) => n.info.name);
    for (const outcome of simulation.workloads) {
      const pods = outcome.pods.filter((p): p is NodeNotFound => p.state === 'pending' && p.why === 'node-not-found');
      if (pods.length === 0) continue;
      const explanation = names.length > 0 ? `The snapshot's nodes are ${listNames(names, 8)}.` : 'The snapshot has no nodes.';
      reportPending(context, outcome, pods, explanation, [...podSpecPath(outcome), 'nodeName'], 'value');
    }
  },
});
