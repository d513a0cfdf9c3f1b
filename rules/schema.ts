import { defineRule } from '../src/rules/rule.js';
import { BUNDLED_KUBERNETES_VERSION, isBuiltinKind, validateBuiltin } from '../src/model/builtin-schema.js';

export default defineRule({
  id: 'schema',
  level: 'error',
  description: `Built-in kinds must match the Kubernetes ${BUNDLED_KUBERNETES_VERSION} API schema (unknown fields, wrong types, bad values)`,
  details:
    `Objects of built-in kinds are validated strictly, like \`kubeconform -strict\`, against JSON Schemas generated ` +
    `from the Kubernetes ${BUNDLED_KUBERNETES_VERSION} API models (see schemas/kubernetes). A misspelt field is ` +
    'reported instead of being silently dropped by the API server; a wrong type, an invalid resource quantity, a ' +
    'value outside an enum or a missing required field would make `kubectl apply` fail. Custom resources and ' +
    'kinds the bundled version does not serve are skipped.',
  messages: {
    unknownField: '{{field}}: unknown field{{hint}}',
    wrongType: '{{field}}: expected {{expected}}, got {{actual}}',
    invalidQuantity: '{{field}}: {{value}} is not a valid quantity',
    invalidBase64: '{{field}}: not valid base64{{hint}}',
    notAllowed: '{{field}}: {{value}} is not one of {{allowed}}',
    missingField: '{{field}}: missing required field "{{missing}}"',
    selfReferential: '{{kind}} contains itself through a YAML alias, so it cannot be validated (or sent to the API server)',
    invalid: '{{field}}: {{detail}}',
  },
  check(context) {
    for (const object of context.objects) {
      if (!isBuiltinKind(object.ref.apiVersion, object.ref.kind)) continue;
      for (const problem of validateBuiltin(object.raw)) {
        context.report(problem.kind, problem.data, { object, path: problem.path, part: problem.part });
      }
    }
  },
});
