import { defineRule } from '../src/rules/rule.js';
import { matchesSelector } from '../src/model/selector.js';
import {
  byPlugin,
  explainEach,
  describePod,
  describeSelector,
  eligibleNodes,
  listNames,
  PENDING_MESSAGE,
  podSpecPath,
  rejections,
  reportPending,
  topologyDomains,
  unschedulablePods,
  type Rejection,
} from '../src/rules/placement.js';
import { termNamespaces } from '../src/schedule/pod-terms.js';
import type { PodAffinityTerm } from '../src/schedule/cluster.js';
import type { SimulationResult, WorkloadOutcome } from '../src/schedule/result.js';
import type { Path } from '../src/read/source.js';

const isAntiAffinity = (r: Rejection) => r.status.detail?.kind === 'pod-anti-affinity' || r.status.detail?.kind === 'existing-anti-affinity';

/** The term selects the workload's own pods: replicas repel each other, one per topology domain. */
function selectsOwnPods(outcome: WorkloadOutcome, term: PodAffinityTerm): boolean {
  return termNamespaces(term, outcome.template.namespace).includes(outcome.template.namespace) && matchesSelector(term.selector, outcome.template.labels);
}

function ownTermExplanation(simulation: SimulationResult, outcome: WorkloadOutcome, term: PodAffinityTerm, found: readonly Rejection[]): string {
  const blockers = found.flatMap((r) => (r.status.detail?.kind === 'pod-anti-affinity' ? r.status.detail.blockers.map((p) => `${describePod(p)} on ${r.node}`) : []));
  const parts = [`Its anti-affinity (${describeSelector(term.selector)}, topologyKey ${term.topologyKey}) is violated by ${listNames(blockers, 4)}.`];
  if (selectsOwnPods(outcome, term)) {
    const domains = topologyDomains(eligibleNodes(simulation, outcome.template), term.topologyKey);
    if (outcome.desired > domains.length) {
      parts.push(
        `At most one replica fits per ${term.topologyKey} domain: ${outcome.desired} replicas, but only ` +
          `${domains.length} eligible topology domain${domains.length === 1 ? '' : 's'}${domains.length > 0 ? ` (${listNames(domains)})` : ''}.`,
      );
    }
  }
  return parts.join(' ');
}

function existingExplanation(found: readonly Rejection[]): string {
  const blockers = found.flatMap((r) =>
    r.status.detail?.kind === 'existing-anti-affinity'
      ? r.status.detail.blockers.map((b) => `${describePod(b.pod)} on ${r.node} (its anti-affinity selects ${describeSelector(b.term.selector)}, topologyKey ${b.term.topologyKey})`)
      : [],
  );
  return `Pods already there repel it with their own anti-affinity: ${listNames(blockers, 4)}.`;
}

/** The pod template's labels, which the existing pods' anti-affinity selects. */
function labelsPath(outcome: WorkloadOutcome): Path {
  return Object.keys(outcome.workload.labels).length > 0 ? [...outcome.workload.templatePath, 'metadata', 'labels'] : podSpecPath(outcome);
}

export default defineRule({
  id: 'anti-affinity-unsatisfiable',
  level: 'error',
  needs: 'cluster',
  description: 'Pods stay Pending because required pod anti-affinity leaves no node (more replicas than topology domains)',
  details:
    'InterPodAffinity rejects a node when a pod matching the incoming pod\'s required anti-affinity term runs ' +
    "in the node's topology domain (\"node(s) didn't match pod anti-affinity rules\"), or when a pod already " +
    "there has a required anti-affinity term the incoming pod matches (\"node(s) didn't satisfy existing pods " +
    'anti-affinity rules"). A workload whose term selects its own pods fits one replica per domain: berth ' +
    'compares the replicas with the eligible domains (nodes not cordoned, taints tolerated, node selection ' +
    'matched) and names the pods in the way. Points at the violated anti-affinity term, or at the pod ' +
    "template's labels when another pod's anti-affinity is the reason.",
  messages: { pending: PENDING_MESSAGE },
  check(context) {
    const simulation = context.simulation;
    if (!simulation) return;
    for (const outcome of simulation.workloads) {
      const explained = explainEach(unschedulablePods(outcome), (pod) => rejections(pod, byPlugin('InterPodAffinity')).filter(isAntiAffinity));
      if (explained.length === 0) continue;
      const found = explained[0]!.found;
      const own = found.filter((r) => r.status.detail?.kind === 'pod-anti-affinity');
      const existing = found.filter((r) => r.status.detail?.kind === 'existing-anti-affinity');
      const term = own[0]?.status.detail?.kind === 'pod-anti-affinity' ? own[0].status.detail.term : undefined;
      const parts: string[] = [];
      if (term) parts.push(ownTermExplanation(simulation, outcome, term, own.filter((r) => r.status.detail?.kind === 'pod-anti-affinity' && r.status.detail.term === term)));
      if (existing.length > 0) parts.push(existingExplanation(existing));
      const path = term?.path ?? labelsPath(outcome);
      reportPending(context, outcome, explained.map((e) => e.pod), parts.join(' '), path);
    }
  },
});
