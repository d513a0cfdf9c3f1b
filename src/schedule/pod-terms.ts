import { isEmptySelector, matchesSelector, type Selector } from '../model/selector.js';
import type { PodAffinityTerm } from './cluster.js';

/**
 * Pod (anti-)affinity term matching as `AffinityTerm.Matches` does it
 * (staging/src/k8s.io/kube-scheduler/framework/types.go): the pod's namespace must be one the term names
 * (the owner's own namespace when it names none and has no namespaceSelector) or match the term's
 * namespaceSelector, and the pod's labels must match the term's selector.
 */

export interface LabelledPod {
  namespace: string;
  labels: Readonly<Record<string, string>>;
}

export type NamespaceLabels = (namespace: string) => Readonly<Record<string, string>>;

/** Namespaces without a Namespace object still carry `kubernetes.io/metadata.name` (set by the API server). */
export function namespaceLabelsFrom(namespaces: ReadonlyMap<string, Record<string, string>>): NamespaceLabels {
  return (namespace) => namespaces.get(namespace) ?? { 'kubernetes.io/metadata.name': namespace };
}

export function termNamespaces(term: PodAffinityTerm, ownerNamespace: string): readonly string[] {
  return term.namespaces.length === 0 && term.namespaceSelector === undefined ? [ownerNamespace] : term.namespaces;
}

export function termMatches(term: PodAffinityTerm, ownerNamespace: string, pod: LabelledPod, namespaceLabels: NamespaceLabels): boolean {
  const inNamespace =
    termNamespaces(term, ownerNamespace).includes(pod.namespace) ||
    (term.namespaceSelector !== undefined && matchesSelector(term.namespaceSelector, namespaceLabels(pod.namespace)));
  return inNamespace && matchesSelector(term.selector, pod.labels);
}

export function matchesAllTerms(terms: readonly PodAffinityTerm[], ownerNamespace: string, pod: LabelledPod, namespaceLabels: NamespaceLabels): boolean {
  return terms.length > 0 && terms.every((t) => termMatches(t, ownerNamespace, pod, namespaceLabels));
}

/** A stable identity for a term as seen from its owner's namespace: equal keys match the same pods. */
const termKeys = new WeakMap<PodAffinityTerm, Map<string, string>>();

export function termKey(term: PodAffinityTerm, ownerNamespace: string): string {
  let perNamespace = termKeys.get(term);
  if (!perNamespace) termKeys.set(term, (perNamespace = new Map()));
  let key = perNamespace.get(ownerNamespace);
  if (key === undefined) perNamespace.set(ownerNamespace, (key = computeTermKey(term, ownerNamespace)));
  return key;
}

function computeTermKey(term: PodAffinityTerm, ownerNamespace: string): string {
  return JSON.stringify([
    [...termNamespaces(term, ownerNamespace)].sort(),
    term.namespaceSelector ? selectorKey(term.namespaceSelector) : null,
    selectorKey(term.selector),
    term.topologyKey,
  ]);
}

const selectorKeys = new WeakMap<Selector, string>();

export function selectorKey(selector: Selector): string {
  let key = selectorKeys.get(selector);
  if (key === undefined) selectorKeys.set(selector, (key = computeSelectorKey(selector)));
  return key;
}

function computeSelectorKey(selector: Selector): string {
  if (selector.matchesNothing) return 'nothing';
  if (isEmptySelector(selector)) return 'everything';
  return JSON.stringify(selector.requirements.map((r) => [r.key, r.operator, [...r.values].sort()]).sort());
}
