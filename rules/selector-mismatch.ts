import { defineRule } from '../src/rules/rule.js';
import { isLabelKey, isLabelValue, matchesRequirement, matchesSelector, parseLabelSelector, type Requirement } from '../src/model/selector.js';
import { asArray, asRecord, asString, asStringMap, isRecord } from '../src/model/object.js';

/**
 * The checks the API server makes on a controller's own selector (pkg/apis/apps/validation,
 * pkg/apis/core/validation ValidateReplicationControllerSpec, pkg/apis/batch/validation): it must parse,
 * must not be empty for apps/v1 controllers, and must select the pods the template makes.
 */
export default defineRule({
  id: 'selector-mismatch',
  level: 'error',
  description: 'Workload selector does not select its own pod template (the API server rejects it)',
  details:
    'A controller finds its pods by `spec.selector`. The API server refuses a Deployment, ReplicaSet, ' +
    'StatefulSet, DaemonSet, ReplicationController or Job whose selector does not match the labels of its pod ' +
    'template ("selector does not match template labels"), and refuses an invalid or (for apps/v1 kinds) empty ' +
    'selector. Make every `matchLabels` entry and `matchExpressions` requirement true for ' +
    '`spec.template.metadata.labels`. A Job selects its pods itself: leave its selector out unless you also ' +
    'set `manualSelector: true`.',
  messages: {
    mismatch:
      '{{kind}} {{name}}: spec.selector does not match the template labels ({{requirement}} is not true for {{labels}}); the API server rejects it: selector does not match template labels',
    invalid: '{{kind}} {{name}}: spec.selector is not a valid label selector ({{reason}}); the API server rejects it',
    empty: '{{kind}} {{name}}: spec.selector is empty, which the API server rejects for this kind; select the template labels',
    notGenerated:
      '{{kind}} {{name}}: spec.selector is set without manualSelector: true, so it must select the labels the Job controller generates; the API server rejects it: `selector` not auto-generated',
  },
  check(context) {
    for (const workload of context.workloads) {
      const given = workload.selector;
      if (!given || given.value === null || given.value === undefined) continue; // absent: required or defaulted (schema rule)
      const data = { kind: workload.ref.kind, name: workload.ref.name };
      const where = { object: workload.object, path: given.path };
      const selector = parseLabelSelector(given.value);
      if (!selector) {
        context.report('invalid', { ...data, reason: invalidReason(given.value) }, where);
        continue;
      }
      if (given.emptyIsInvalid && isRecord(given.value) && selector.requirements.length === 0) {
        context.report('empty', data, where);
        continue;
      }
      const generated = given.generatedLabels;
      if (generated && !matchesSelector(selector, generated)) {
        context.report('notGenerated', data, where);
        continue;
      }
      // A Job's pods also carry the generated labels, so the template check sees them too.
      const podLabels = { ...workload.labels, ...generated };
      const failing = selector.requirements.find((requirement) => !matchesRequirement(requirement, podLabels));
      if (failing) context.report('mismatch', { ...data, requirement: describeRequirement(failing), labels: describeLabels(workload.labels) }, where);
    }
  },
});

function describeRequirement(requirement: Requirement): string {
  const values = requirement.values.join(', ');
  switch (requirement.operator) {
    case 'In':
      return requirement.values.length === 1 ? `${requirement.key}=${values}` : `${requirement.key} in (${values})`;
    case 'NotIn':
      return `${requirement.key} notin (${values})`;
    case 'Exists':
      return requirement.key;
    case 'DoesNotExist':
      return `!${requirement.key}`;
    default:
      return `${requirement.key} ${requirement.operator} ${values}`;
  }
}

function describeLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? 'a template without labels' : `template labels {${entries.map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

/** Why parseLabelSelector refused a selector, in the terms of metav1.LabelSelectorAsSelector's errors. */
function invalidReason(value: unknown): string {
  if (!isRecord(value)) return 'it is not a mapping';
  for (const [key, labelValue] of Object.entries(asStringMap(value.matchLabels))) {
    if (!isLabelKey(key)) return `${JSON.stringify(key)} is not a valid label key`;
    if (!isLabelValue(labelValue)) return `${JSON.stringify(labelValue)} is not a valid label value`;
  }
  for (const raw of asArray(value.matchExpressions)) {
    const expression = asRecord(raw);
    const key = asString(expression.key) ?? '';
    const operator = asString(expression.operator) ?? '';
    const values = asArray(expression.values).filter((v): v is string => typeof v === 'string');
    if (!isLabelKey(key)) return `${JSON.stringify(key)} is not a valid label key`;
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) return `${operator} needs at least one value`;
      const bad = values.find((v) => !isLabelValue(v));
      if (bad !== undefined) return `${JSON.stringify(bad)} is not a valid label value`;
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) return `${operator} takes no values`;
    } else {
      return `${JSON.stringify(operator)} is not a valid operator (In, NotIn, Exists, DoesNotExist)`;
    }
  }
  return 'it does not parse';
}
