import type { PodAffinityTerm } from '../cluster.js';
import type { CycleContext, FilterPlugin } from '../framework.js';
import { matchesAllTerms, termKey, termMatches } from '../pod-terms.js';
import { counter, ownerTermsFor, termCounter, termHint, type NodeState, type PlacedPod } from '../state.js';

/** pkg/scheduler/framework/plugins/interpodaffinity/{plugin.go,filtering.go} */
export const NAME = 'InterPodAffinity';
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";

/** A (topologyKey, value) pair as one map key. */
export const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;

export interface InterPodAffinityState {
  /** Pods matching ALL incoming required affinity terms, per pair (`affinityCounts`). */
  affinityCounts: Map<string, number>;
  /** Pods matching each incoming anti-affinity term, per pair (`antiAffinityCounts`), with the pods. */
  antiAffinity: Map<string, PlacedPod[]>;
  /** Placed pods whose required anti-affinity term the incoming pod matches, per pair (`existingAntiAffinityCounts`). */
  existingAntiAffinity: Map<string, { pod: PlacedPod; term: PodAffinityTerm }[]>;
  /** The topology keys of `existingAntiAffinity`: Filter looks up only node labels with these keys. */
  existingAntiAffinityKeys: Set<string>;
  selfMatchesAllAffinityTerms: boolean;
}

function labelOf(node: NodeState, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(node.info.labels, key) ? node.info.labels[key] : undefined;
}

function push<V>(map: Map<string, V[]>, key: string, values: readonly V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, [...values]);
}

/** `PreFilter`: the three count maps, from counters kept up to date by every placement (no pod rescans). */
export function interPodAffinityState(cycle: CycleContext): InterPodAffinityState {
  const { state, template, namespace } = cycle;
  const affinityCounts = new Map<string, number>();
  const required = template.requiredAffinity;
  if (required.length > 0) {
    const all = counter(
      state,
      `all:${JSON.stringify(required.map((t) => termKey(t, namespace)))}`,
      (p) => matchesAllTerms(required, namespace, p, state.namespaceLabels),
      () => termHint(required[0]!, namespace),
    );
    for (const [node, pods] of all.perNode) {
      for (const term of required) {
        const value = labelOf(node, term.topologyKey);
        if (value !== undefined) affinityCounts.set(pairKey(term.topologyKey, value), (affinityCounts.get(pairKey(term.topologyKey, value)) ?? 0) + pods.length);
      }
    }
  }
  const antiAffinity = new Map<string, PlacedPod[]>();
  for (const term of template.requiredAntiAffinity) {
    for (const [node, pods] of termCounter(state, term, namespace).perNode) {
      const value = labelOf(node, term.topologyKey);
      if (value !== undefined) push(antiAffinity, pairKey(term.topologyKey, value), pods);
    }
  }
  const existingAntiAffinity = new Map<string, { pod: PlacedPod; term: PodAffinityTerm }[]>();
  const existingAntiAffinityKeys = new Set<string>();
  const incoming = { namespace, labels: cycle.labels };
  for (const group of ownerTermsFor(state, incoming)) {
    if (group.kind !== 'requiredAntiAffinity' || group.owners.size === 0) continue;
    if (!termMatches(group.term, group.ownerNamespace, incoming, state.namespaceLabels)) continue;
    for (const [node, owners] of group.owners) {
      const value = labelOf(node, group.term.topologyKey);
      if (value === undefined) continue;
      push(existingAntiAffinity, pairKey(group.term.topologyKey, value), owners.map((pod) => ({ pod, term: group.term })));
      existingAntiAffinityKeys.add(group.term.topologyKey);
    }
  }
  return {
    affinityCounts,
    antiAffinity,
    existingAntiAffinity,
    existingAntiAffinityKeys,
    selfMatchesAllAffinityTerms: matchesAllTerms(required, namespace, incoming, state.namespaceLabels),
  };
}

export const interPodAffinity: FilterPlugin<InterPodAffinityState> = {
  name: NAME,
  preFilter(cycle) {
    const s = interPodAffinityState(cycle);
    const { requiredAffinity, requiredAntiAffinity } = cycle.template;
    if (s.existingAntiAffinity.size === 0 && requiredAffinity.length === 0 && requiredAntiAffinity.length === 0) return { kind: 'skip' };
    return { kind: 'ok', state: s };
  },
  filter(cycle, node, s) {
    const required = cycle.template.requiredAffinity;
    if (!satisfiesPodAffinity(required, s, node)) {
      return { plugin: NAME, code: 'UU', reasons: [ERR_REASON_AFFINITY_RULES_NOT_MATCH], detail: { kind: 'pod-affinity', terms: required } };
    }
    for (const term of cycle.template.requiredAntiAffinity) {
      const value = labelOf(node, term.topologyKey);
      const blockers = value === undefined ? undefined : s.antiAffinity.get(pairKey(term.topologyKey, value));
      if (blockers && blockers.length > 0) {
        return { plugin: NAME, code: 'U', reasons: [ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH], detail: { kind: 'pod-anti-affinity', term, blockers } };
      }
    }
    if (s.existingAntiAffinity.size > 0) {
      const blockers: { pod: PlacedPod; term: PodAffinityTerm }[] = [];
      for (const k in node.info.labels) {
        if (!s.existingAntiAffinityKeys.has(k)) continue;
        const found = s.existingAntiAffinity.get(pairKey(k, node.info.labels[k]!));
        if (found) blockers.push(...found);
      }
      if (blockers.length > 0) {
        return { plugin: NAME, code: 'U', reasons: [ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH], detail: { kind: 'existing-anti-affinity', blockers } };
      }
    }
    return undefined;
  },
};

/**
 * `satisfyPodAffinity`: every term's topology label must exist on the node, and each term needs a matching
 * pod in the node's domain — unless no pod anywhere matches and the pod matches its own terms (the first
 * replica of a self-affine workload).
 */
function satisfiesPodAffinity(required: readonly PodAffinityTerm[], s: InterPodAffinityState, node: NodeState): boolean {
  let podsExist = true;
  for (const term of required) {
    const value = labelOf(node, term.topologyKey);
    if (value === undefined) return false;
    if ((s.affinityCounts.get(pairKey(term.topologyKey, value)) ?? 0) <= 0) podsExist = false;
  }
  return podsExist || (s.affinityCounts.size === 0 && s.selfMatchesAllAffinityTerms);
}
