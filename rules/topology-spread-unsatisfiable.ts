import { defineRule } from '../src/rules/rule.js';
import { firstUntoleratedTaint } from '../src/model/taints.js';
import {
  byPlugin,
  explainEach,
  listNames,
  matchesNodeSelection,
  PENDING_MESSAGE,
  podSpecPath,
  rejections,
  reportPending,
  staticBlocker,
  topologyDomains,
  unschedulablePods,
  type Rejection,
} from '../src/rules/placement.js';
import type { TopologySpreadConstraint } from '../src/schedule/cluster.js';
import type { FilterDetail } from '../src/schedule/framework.js';
import type { SimulationResult, WorkloadOutcome } from '../src/schedule/result.js';

type SpreadDetail = Extract<FilterDetail, { kind: 'spread' }>;

/** Domains the constraint counts: nodes with its key that its nodeAffinityPolicy/nodeTaintsPolicy include (section 11.2). */
function countedDomains(simulation: SimulationResult, outcome: WorkloadOutcome, constraint: TopologySpreadConstraint): string[] {
  const nodes = simulation.nodes.map((n) => n.info).filter((node) =>
    (constraint.nodeAffinityPolicy !== 'Honor' || matchesNodeSelection(outcome.template, node)) &&
    (constraint.nodeTaintsPolicy !== 'Honor' || firstUntoleratedTaint(node.taints, outcome.template.tolerations) === undefined));
  return topologyDomains(nodes, constraint.topologyKey);
}

function skewExplanation(simulation: SimulationResult, outcome: WorkloadOutcome, found: readonly Rejection[]): { text: string; constraint: TopologySpreadConstraint } {
  const details = found.flatMap((r) => (r.status.detail?.kind === 'spread' ? [r.status.detail as SpreadDetail] : []));
  const constraint = details[0]!.constraint;
  const sameConstraint = details.filter((d) => d.constraint === constraint);
  const perDomain = new Map<string, SpreadDetail>();
  for (const d of sameConstraint) if (d.domain !== undefined && !perDomain.has(d.domain)) perDomain.set(d.domain, d);
  const domains = countedDomains(simulation, outcome, constraint);
  const minimum = sameConstraint[0]!.globalMin;
  const blocked = [...perDomain].map(([domain, d]) => `${domain} (${d.matching} matching, skew ${d.skew})`);
  const parts = [
    `Constraint ${constraint.topologyKey} maxSkew ${constraint.maxSkew}: every domain it could join would exceed the skew against the minimum of ${minimum}: ${listNames(blocked)}.`,
  ];
  if (constraint.minDomains > 1 && domains.length < constraint.minDomains) {
    parts.push(`minDomains is ${constraint.minDomains} but only ${domains.length} domain${domains.length === 1 ? '' : 's'} exist${domains.length === 1 ? 's' : ''} (${listNames(domains)}), so the minimum counts as 0.`);
  }
  const closed = domains.filter((domain) => {
    const inDomain = simulation.nodes.map((n) => n.info).filter((n) => n.labels[constraint.topologyKey] === domain);
    return inDomain.every((n) => staticBlocker(outcome.template, n) !== undefined);
  });
  if (closed.length > 0) {
    parts.push(
      `${listNames(closed)} count${closed.length === 1 ? 's' : ''} as ${closed.length === 1 ? 'a domain' : 'domains'} ` +
        `(nodeAffinityPolicy ${constraint.nodeAffinityPolicy}, nodeTaintsPolicy ${constraint.nodeTaintsPolicy}) although the pod can use none of ${closed.length === 1 ? 'its' : 'their'} nodes, so no replica ever raises ${closed.length === 1 ? 'its' : 'their'} count.`,
    );
  }
  parts.push(`${domains.length} counted ${constraint.topologyKey} domain${domains.length === 1 ? '' : 's'}${domains.length > 0 ? ` (${listNames(domains)})` : ''} for ${outcome.desired} replica${outcome.desired === 1 ? '' : 's'}.`);
  return { text: parts.join(' '), constraint };
}

export default defineRule({
  id: 'topology-spread-unsatisfiable',
  level: 'error',
  needs: 'cluster',
  description: 'Pods stay Pending because a DoNotSchedule topology spread constraint cannot be met',
  details:
    'PodTopologySpread rejects a node when placing the pod there would make its domain hold more than ' +
    "`maxSkew` matching pods above the least-loaded eligible domain (\"node(s) didn't match pod topology spread " +
    'constraints"), or when the node lacks the topologyKey label ("... (missing required label)"). With ' +
    '`minDomains` above the number of domains the minimum counts as 0. berth lists the blocked domains with ' +
    'their counts and compares the eligible domains with the replicas. Only `whenUnsatisfiable: ' +
    'DoNotSchedule` constraints filter. Points at the violated constraint.',
  messages: { pending: PENDING_MESSAGE },
  check(context) {
    const simulation = context.simulation;
    if (!simulation) return;
    for (const outcome of simulation.workloads) {
      const explained = explainEach(unschedulablePods(outcome), (pod) => rejections(pod, byPlugin('PodTopologySpread')));
      if (explained.length === 0) continue;
      const found = explained[0]!.found;
      const parts: string[] = [];
      let constraint: TopologySpreadConstraint | undefined;
      if (found.some((r) => r.status.detail?.kind === 'spread')) {
        const skew = skewExplanation(simulation, outcome, found);
        parts.push(skew.text);
        constraint = skew.constraint;
      }
      const unlabelled = found.filter((r) => r.status.detail === undefined).map((r) => r.node);
      const doNotSchedule = outcome.template.topologySpread.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
      if (unlabelled.length > 0) {
        const missingKeys = doNotSchedule.map((c) => c.topologyKey).filter((key) => unlabelled.some((n) => !(key in (simulation.nodes.find((x) => x.info.name === n)?.info.labels ?? {}))));
        parts.push(`${listNames(unlabelled)} lack${unlabelled.length === 1 ? 's' : ''} the topology label ${listNames(missingKeys)}.`);
        constraint ??= doNotSchedule.find((c) => missingKeys.includes(c.topologyKey));
      }
      reportPending(context, outcome, explained.map((e) => e.pod), parts.join(' '), constraint?.path ?? doNotSchedule[0]?.path ?? podSpecPath(outcome));
    }
  },
});
