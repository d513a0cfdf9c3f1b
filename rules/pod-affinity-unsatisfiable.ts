import { defineRule } from '../src/rules/rule.js';
import {
  byPlugin,
  explainEach,
  describeSelector,
  listNames,
  PENDING_MESSAGE,
  podSpecPath,
  rejections,
  reportPending,
  unschedulablePods,
  type Unschedulable,
} from '../src/rules/placement.js';
import { namespaceLabelsFrom, termMatches, termNamespaces, type LabelledPod } from '../src/schedule/pod-terms.js';
import type { ClusterSnapshot, PodAffinityTerm } from '../src/schedule/cluster.js';
import type { SimulationResult, WorkloadOutcome } from '../src/schedule/result.js';

interface RunningPod extends LabelledPod {
  name: string;
  node: string;
}

/** Every pod on a node after the simulation: the snapshot's and those the manifests place. */
function runningPods(simulation: SimulationResult, cluster: ClusterSnapshot | undefined): RunningPod[] {
  const out: RunningPod[] = [];
  for (const pod of cluster?.pods ?? []) {
    if (pod.nodeName) out.push({ name: pod.name, namespace: pod.template.namespace, labels: { ...pod.template.labels, ...pod.extraLabels }, node: pod.nodeName });
  }
  for (const outcome of simulation.workloads) {
    for (const p of outcome.pods) {
      if (p.state !== 'scheduled' && p.state !== 'bound') continue;
      out.push({ name: p.pod.name, namespace: p.pod.template.namespace, labels: { ...p.pod.template.labels, ...p.pod.extraLabels }, node: p.node });
    }
  }
  return out;
}

function describeTerm(term: PodAffinityTerm, namespace: string): string {
  const namespaces = term.namespaceSelector ? 'namespaces selected by its namespaceSelector' : `namespace ${termNamespaces(term, namespace).join(', ')}`;
  return `(${describeSelector(term.selector)} in ${namespaces}, topologyKey ${term.topologyKey})`;
}

function explain(simulation: SimulationResult, cluster: ClusterSnapshot | undefined, outcome: WorkloadOutcome, pod: Unschedulable, terms: readonly PodAffinityTerm[]) {
  const namespaceLabels = namespaceLabelsFrom(cluster?.namespaces ?? new Map());
  const running = runningPods(simulation, cluster);
  const labels = new Map(simulation.nodes.map((n) => [n.info.name, n.info.labels]));
  const namespace = outcome.template.namespace;
  for (const term of terms) {
    const matching = running.filter((p) => termMatches(term, namespace, p, namespaceLabels));
    if (matching.length === 0) {
      return { term, text: `No pod matches its required pod affinity term ${describeTerm(term, namespace)}, and the pod does not satisfy it itself, so the first-pod exception does not apply.` };
    }
    const domains = [...new Set(matching.map((p) => labels.get(p.node)?.[term.topologyKey]).filter((v): v is string => v !== undefined))];
    const inDomains = simulation.nodes.filter((n) => domains.includes(n.info.labels[term.topologyKey] ?? '\u0000')).map((n) => n.info.name);
    const closed = pod.verdicts
      .filter((v) => inDomains.includes(v.node) && v.status && v.status.plugin !== 'InterPodAffinity')
      .map((v) => `${v.node}: ${v.status!.reasons.join(', ')}`);
    if (closed.length > 0 || domains.length === 0) {
      const where = domains.length === 0 ? `on nodes without the ${term.topologyKey} label` : `only in ${term.topologyKey} ${listNames(domains)}`;
      return { term, text: `Pods matching its required pod affinity term ${describeTerm(term, namespace)} run ${where} (${listNames(matching.map((p) => `${p.namespace}/${p.name}`), 3)})${closed.length > 0 ? `, where the nodes are closed to it: ${listNames(closed, 4)}` : ''}.` };
    }
  }
  const term = terms[0]!;
  return { term, text: `Its required pod affinity terms ${terms.map((t) => describeTerm(t, namespace)).join(', ')} are not all satisfied in any one place.` };
}

export default defineRule({
  id: 'pod-affinity-unsatisfiable',
  level: 'error',
  needs: 'cluster',
  description: 'Pods stay Pending because no node is in a topology domain with the pods their required pod affinity asks for',
  details:
    'InterPodAffinity rejects a node unless, for every required pod affinity term, a matching pod runs in the ' +
    "node's topology domain (\"node(s) didn't match pod affinity rules\"); the only exception is a pod that " +
    'matches its own terms when no matching pod exists anywhere (the first replica of a self-affine group). ' +
    'berth names the term, whether any pod matches it (snapshot pods and those the manifests place, after ' +
    'every retry), and where those pods run. Points at the first unsatisfied affinity term.',
  messages: { pending: PENDING_MESSAGE },
  check(context) {
    const simulation = context.simulation;
    if (!simulation) return;
    for (const outcome of simulation.workloads) {
      const explained = explainEach(unschedulablePods(outcome), (pod) => rejections(pod, byPlugin('InterPodAffinity')).filter((r) => r.status.detail?.kind === 'pod-affinity')).map((e) => e.pod);
      if (explained.length === 0) continue;
      const { term, text } = explain(simulation, context.cluster, outcome, explained[0]!, outcome.template.requiredAffinity);
      reportPending(context, outcome, explained, text, term.path ?? podSpecPath(outcome));
    }
  },
});
