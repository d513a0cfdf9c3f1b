import { defineRule } from '../src/rules/rule.js';
import { asRecord } from '../src/model/object.js';
import {
  listNames,
  matchesNodeSelection,
  PENDING_MESSAGE,
  podSpecPath,
  REJECTED_MESSAGE,
  rejectedPods,
  reportPending,
  reportRejected,
  staticBlocker,
  unschedulablePods,
} from '../src/rules/placement.js';
import type { NodeInfo } from '../src/schedule/cluster.js';
import type { WorkloadOutcome } from '../src/schedule/result.js';
import type { Path } from '../src/read/source.js';

/** The pod narrows its nodes at all: a nodeSelector (RuntimeClass's included) or required node affinity. */
function hasSelection(outcome: WorkloadOutcome): boolean {
  return Object.keys(outcome.template.nodeSelector).length > 0 || outcome.template.requiredNodeAffinity !== undefined;
}

/** `nodeSelector` entries no node carries, as `key=value`, with the values nodes do carry for that key. */
function missingLabels(outcome: WorkloadOutcome, nodes: readonly NodeInfo[]): { key: string; text: string }[] {
  return Object.entries(outcome.template.nodeSelector)
    .filter(([key, value]) => !nodes.some((n) => n.labels[key] === value && Object.prototype.hasOwnProperty.call(n.labels, key)))
    .map(([key, value]) => {
      const seen = [...new Set(nodes.filter((n) => Object.prototype.hasOwnProperty.call(n.labels, key)).map((n) => n.labels[key]!))];
      return { key, text: `${key}=${value}${seen.length > 0 ? ` (nodes have ${key}=${listNames(seen)})` : ''}` };
    });
}

/** The nodeSelector entry no node has, else the first nodeSelector entry, else the first required node affinity term. */
function selectionPath(outcome: WorkloadOutcome, missing: readonly { key: string }[]): Path {
  const spec = podSpecPath(outcome);
  const keys = Object.keys(outcome.template.nodeSelector).filter((k) => Object.hasOwn(asRecord(outcome.workload.spec.nodeSelector), k));
  const key = missing.find((m) => keys.includes(m.key))?.key ?? keys[0];
  if (key !== undefined) return [...spec, 'nodeSelector', key];
  return outcome.template.requiredNodeAffinity?.[0]?.path ?? spec;
}

export default defineRule({
  id: 'node-selector-unsatisfiable',
  level: 'error',
  needs: 'cluster',
  description: "Pods stay Pending because their nodeSelector or required node affinity leaves no usable node",
  details:
    'The NodeAffinity filter rejects every node that does not match `nodeSelector` and the required node ' +
    "affinity (\"node(s) didn't match Pod's node affinity/selector\"). berth reports a Pending pod when no node " +
    'the selection matches is usable: it matches no node at all, or only nodes closed to the pod anyway (taints ' +
    'it does not tolerate) — even when earlier filters (cordon, taints) rejected every node first, so the ' +
    'scheduler message never mentions the selector. When the selected nodes are closed by a taint, ' +
    '`untolerated-taint` reports the same nodes at the tolerations: berth cannot tell whether the selection or ' +
    'the missing toleration is the mistake, so each points at its own key. Cordoned and NotReady nodes count as usable here (`unschedulable-node` explains them), ' +
    'and when the matching nodes are merely full or their ports taken, the selection works and the capacity ' +
    'or port rules explain the pod instead. Points at the nodeSelector entry no node carries (else the first ' +
    'entry, else the first required node selector term). A `spec.nodeName` pod whose node does not match is ' +
    'rejected by the kubelet (`NodeAffinity`) and reported here too.',
  messages: { pending: PENDING_MESSAGE, rejected: REJECTED_MESSAGE },
  check(context) {
    const simulation = context.simulation;
    if (!simulation) return;
    const nodes = simulation.nodes.map((n) => n.info);
    for (const outcome of simulation.workloads) {
      const pods = unschedulablePods(outcome);
      const rejected = rejectedPods(outcome, (reason) => reason === 'NodeAffinity');
      // Every workload of a big cluster gets here: look at the nodes only for pods that need explaining.
      if ((pods.length === 0 || !hasSelection(outcome)) && rejected.length === 0) continue;
      const matching = nodes.filter((n) => matchesNodeSelection(outcome.template, n));
      const usable = matching.filter((n) => staticBlocker(outcome.template, n, { ignoreNodeState: true }) === undefined);
      const missing = missingLabels(outcome, nodes);
      const path = selectionPath(outcome, missing);
      if (pods.length > 0 && hasSelection(outcome) && usable.length === 0) {
        let explanation: string;
        if (matching.length === 0) {
          explanation = missing.length > 0
            ? `No node has ${missing.map((m) => m.text).join('; none has ')}.`
            : `The nodeSelector and required node affinity match none of the ${nodes.length} nodes.`;
        } else {
          const closed = matching.map((n) => `${n.name}: ${staticBlocker(outcome.template, n, { ignoreNodeState: true })}`);
          explanation = `It matches only ${listNames(matching.map((n) => n.name))}, which the pod cannot use (${listNames(closed, 4)}).`;
        }
        reportPending(context, outcome, pods, explanation, path);
      }
      if (rejected.length > 0) reportRejected(context, outcome, rejected, `The node ${rejected[0]!.node} does not match the pod's nodeSelector/required node affinity.`, path);
    }
  },
});
