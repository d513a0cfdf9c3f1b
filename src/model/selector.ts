import { asArray, asRecord, asString, asStringMap, isRecord } from './object.js';

/**
 * Label selectors as apimachinery evaluates them (pkg/labels/selector.go, metav1.LabelSelectorAsSelector):
 * matchLabels and matchExpressions are ANDed; In/NotIn/Exists/DoesNotExist.
 */
export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values: string[];
}

export interface Selector {
  requirements: Requirement[];
  /** A nil selector matches nothing; an empty one (`{}`) matches everything. */
  matchesNothing: boolean;
}

export const NOTHING: Selector = { requirements: [], matchesNothing: true };
export const EVERYTHING: Selector = { requirements: [], matchesNothing: false };

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * Parses a metav1.LabelSelector. Returns undefined when it is invalid (unknown operator, In/NotIn without
 * values, Exists with values, a key or value that is not a valid label key/value), which the API server
 * rejects and the scheduler reports as a parse error. Mirrors metav1.LabelSelectorAsSelector and
 * labels.NewRequirement (k8s.io/apimachinery/pkg/labels/selector.go).
 */
export function parseLabelSelector(value: unknown): Selector | undefined {
  if (value === null || value === undefined) return NOTHING;
  if (!isRecord(value)) return undefined;
  const requirements: Requirement[] = [];
  for (const [key, v] of Object.entries(asStringMap(value.matchLabels))) {
    if (!isLabelKey(key) || !isLabelValue(v)) return undefined;
    requirements.push({ key, operator: 'In', values: [v] });
  }
  for (const raw of asArray(value.matchExpressions)) {
    const expression = asRecord(raw);
    const key = asString(expression.key);
    const operator = asString(expression.operator);
    const values = asArray(expression.values).filter((v): v is string => typeof v === 'string');
    if (!key || !isLabelKey(key) || !operator || !OPERATORS.has(operator)) return undefined;
    if ((operator === 'In' || operator === 'NotIn') && (values.length === 0 || !values.every(isLabelValue))) return undefined;
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) return undefined;
    requirements.push({ key, operator: operator as Requirement['operator'], values });
  }
  return { requirements, matchesNothing: false };
}

/** A label name part or value: up to 63 alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric (validation.go). */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A qualified name: `[prefix/]name`, the prefix a DNS subdomain of at most 253 characters (IsQualifiedName). */
export function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return LABEL_NAME.test(key);
  const prefix = key.slice(0, slash);
  const name = key.slice(slash + 1);
  return prefix.length > 0 && prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix) && LABEL_NAME.test(name);
}

/** A label value may be empty; otherwise it follows the name rules (IsValidLabelValue). */
export function isLabelValue(value: string): boolean {
  return value === '' || LABEL_NAME.test(value);
}

export function matchesRequirement(requirement: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = has ? labels[requirement.key]! : undefined;
  switch (requirement.operator) {
    case 'In':
      return has && requirement.values.includes(value!);
    case 'NotIn':
      return !has || !requirement.values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || requirement.values.length !== 1) return false;
      const left = parseInt64(value!);
      const right = parseInt64(requirement.values[0]!);
      if (left === undefined || right === undefined) return false;
      return requirement.operator === 'Gt' ? left > right : left < right;
    }
  }
}

export function matchesSelector(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  if (selector.matchesNothing) return false;
  return selector.requirements.every((r) => matchesRequirement(r, labels));
}

export function isEmptySelector(selector: Selector): boolean {
  return !selector.matchesNothing && selector.requirements.length === 0;
}

/** Go's strconv.ParseInt(s, 10, 64) accepts an optional sign and decimal digits only. */
export function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return undefined;
  return n;
}
