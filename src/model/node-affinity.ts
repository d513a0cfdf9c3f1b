/**
 * nodeSelector and node affinity (semantics doc section 7), mirroring kubernetes/component-helpers
 * scheduling/corev1/nodeaffinity/nodeaffinity.go and apimachinery labels.NewRequirement.
 *
 *   parseNodeSelectorTerms(value, path)        → NodeSelectorTerm[]   (`nodeSelectorTerms`, as written)
 *   parsePreferredTerms(value, path)           → PreferredSchedulingTerm[] (weight-0 and empty terms dropped)
 *   matchesRequiredNodeAffinity(template, node) → nodeSelector AND required affinity (`RequiredNodeAffinity.Match`)
 *   matchesNodeSelectorTerms(terms, node)       → terms ORed; empty or unparsable terms match nothing
 *   preferredNodeAffinityScore(terms, node)     → sum of the weights of the matching preferred terms
 *   nodeNamesFromAffinity(terms)                → the PreFilter node subset of `matchFields metadata.name In` (section 4)
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, PodTemplate, PreferredSchedulingTerm } from '../schedule/cluster.js';
import type { Path } from '../read/source.js';
import { asArray, asRecord, asString, isRecord } from './object.js';
import { matchesRequirement, parseInt64, type Requirement } from './selector.js';

/** What node matching needs of a node. */
export interface NodeLabels {
  name: string;
  labels: Readonly<Record<string, string>>;
}

function parseRequirements(value: unknown): NodeSelectorRequirement[] {
  return asArray(value).flatMap((raw) => {
    if (!isRecord(raw)) return [];
    // Non-string values cannot come from the API; keep them as text so the requirement fails validation
    // below (an invalid label value) instead of vanishing.
    const values = asArray(raw.values).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    return [{ key: asString(raw.key) ?? '', operator: asString(raw.operator) ?? '', values }];
  });
}

function parseTerm(raw: unknown, path: Path): NodeSelectorTerm {
  const term = asRecord(raw);
  return { matchExpressions: parseRequirements(term.matchExpressions), matchFields: parseRequirements(term.matchFields), path };
}

/** `nodeSelectorTerms` of a required node selector (path: the `nodeSelectorTerms` list). */
export function parseNodeSelectorTerms(value: unknown, path: Path): NodeSelectorTerm[] {
  return asArray(value).map((raw, i) => parseTerm(raw, [...path, i]));
}

/** Preferred terms; as `NewPreferredSchedulingTerms`, weight-0 and empty terms are dropped. */
export function parsePreferredTerms(value: unknown, path: Path): PreferredSchedulingTerm[] {
  return asArray(value).flatMap((raw, i) => {
    const entry = asRecord(raw);
    const weight = typeof entry.weight === 'number' && Number.isInteger(entry.weight) ? entry.weight : 0;
    const term = parseTerm(entry.preference, [...path, i, 'preference']);
    return weight === 0 || isEmptyTerm(term) ? [] : [{ weight, term }];
  });
}

function isEmptyTerm(term: NodeSelectorTerm): boolean {
  return term.matchExpressions.length === 0 && term.matchFields.length === 0;
}

/** apimachinery validation: a qualified name with an optional DNS-subdomain prefix. */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0 || prefix.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix)) return false;
  }
  return name.length > 0 && name.length <= 63 && /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name);
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value);
}

/** `labels.NewRequirement` rules; undefined when the requirement parses. */
function labelRequirementError(r: NodeSelectorRequirement): string | undefined {
  if (!isQualifiedName(r.key)) return `invalid label key "${r.key}"`;
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (r.values.length === 0) return 'values must be non-empty for In/NotIn';
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (r.values.length !== 0) return 'values must be empty for Exists/DoesNotExist';
      break;
    case 'Gt':
    case 'Lt':
      if (r.values.length !== 1) return 'exactly one value is required for Gt/Lt';
      if (parseInt64(r.values[0]!) === undefined) return 'the value of Gt/Lt must be an integer';
      break;
    default:
      return `unsupported operator "${r.operator}"`;
  }
  const bad = r.values.find((v) => !isLabelValue(v));
  return bad === undefined ? undefined : `invalid label value "${bad}"`;
}

/** `nodeSelectorRequirementsAsFieldSelector`: In/NotIn with exactly one value; the node's only field is metadata.name. */
function fieldRequirementError(r: NodeSelectorRequirement): string | undefined {
  if (r.operator !== 'In' && r.operator !== 'NotIn') return `unsupported matchFields operator "${r.operator}"`;
  return r.values.length === 1 ? undefined : 'matchFields values must have one element';
}

function matchesFieldRequirement(r: NodeSelectorRequirement, node: NodeLabels): boolean {
  const fieldValue = r.key === 'metadata.name' ? node.name : '';
  return r.operator === 'In' ? fieldValue === r.values[0] : fieldValue !== r.values[0];
}

/** Why a term cannot be parsed (the scheduler then treats it as not matching), or undefined. */
export function termParseError(term: NodeSelectorTerm): string | undefined {
  for (const r of term.matchExpressions) {
    const error = labelRequirementError(r);
    if (error) return error;
  }
  for (const r of term.matchFields) {
    const error = fieldRequirementError(r);
    if (error) return error;
  }
  return undefined;
}

/** One term: all expressions and fields ANDed; empty or unparsable terms match nothing. */
export function matchesNodeSelectorTerm(term: NodeSelectorTerm, node: NodeLabels): boolean {
  if (isEmptyTerm(term) || termParseError(term) !== undefined) return false;
  // termParseError has checked every operator and value count, so the label-selector semantics apply as they are.
  return term.matchExpressions.every((r) => matchesRequirement(r as Requirement, node.labels))
    && term.matchFields.every((r) => matchesFieldRequirement(r, node));
}

/** `LazyErrorNodeSelector.Match`: terms ORed; no usable term ⇒ no node matches. */
export function matchesNodeSelectorTerms(terms: readonly NodeSelectorTerm[], node: NodeLabels): boolean {
  return terms.some((term) => matchesNodeSelectorTerm(term, node));
}

/** `nodeSelector`: every key present on the node with exactly that value (`labels.SelectorFromSet`). */
export function matchesNodeSelector(nodeSelector: Readonly<Record<string, string>>, node: NodeLabels): boolean {
  for (const [key, value] of Object.entries(nodeSelector)) {
    if (!Object.prototype.hasOwnProperty.call(node.labels, key) || node.labels[key] !== value) return false;
  }
  return true;
}

/** `RequiredNodeAffinity.Match`: nodeSelector AND required node affinity (absent affinity = no constraint). */
export function matchesRequiredNodeAffinity(
  template: Pick<PodTemplate, 'nodeSelector' | 'requiredNodeAffinity'>,
  node: NodeLabels,
): boolean {
  if (!matchesNodeSelector(template.nodeSelector, node)) return false;
  return template.requiredNodeAffinity === undefined || matchesNodeSelectorTerms(template.requiredNodeAffinity, node);
}

/** NodeAffinity scoring input (section 12.4): the summed weights of the preferred terms the node matches. */
export function preferredNodeAffinityScore(terms: readonly PreferredSchedulingTerm[], node: NodeLabels): number {
  let score = 0;
  for (const { weight, term } of terms) if (matchesNodeSelectorTerm(term, node)) score += weight;
  return score;
}

/**
 * The NodeAffinity PreFilter's node subset (`PreFilter` in pkg/scheduler/framework/plugins/nodeaffinity/
 * node_affinity.go). Each term's `matchFields metadata.name In` requirements are intersected; the terms'
 * sets are united. undefined: no subset (no required affinity, no terms, or some term without such a
 * requirement, which makes every node eligible since terms are ORed). An empty set: the terms conflict,
 * the PreFilter rejects the pod with `pod affinity terms conflict` (UU).
 */
export function nodeNamesFromAffinity(terms: readonly NodeSelectorTerm[] | undefined): Set<string> | undefined {
  if (terms === undefined || terms.length === 0) return undefined;
  const names = new Set<string>();
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const r of term.matchFields) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      termNames = termNames === undefined ? new Set(r.values) : new Set(r.values.filter((n) => termNames!.has(n)));
    }
    if (termNames === undefined) return undefined;
    for (const n of termNames) names.add(n);
  }
  return names;
}
