import { defineRule } from '../src/rules/rule.js';

export default defineRule({
  id: 'parse-error',
  level: 'error',
  description: 'The file is not valid YAML or JSON',
  details:
    'berth could not read this document, so nothing in it was checked. Unrendered Helm or Go templates ' +
    '(`{{ .Values.x }}`) are the usual cause: render them with `helm template` and check the output.',
  messages: { parse: '{{problem}}' },
  check(context) {
    for (const problem of context.readProblems) context.report('parse', { problem: problem.message }, { location: problem.location });
  },
});
