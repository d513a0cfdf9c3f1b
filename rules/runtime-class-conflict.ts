import { defineRule } from '../src/rules/rule.js';
import { NOT_CREATED_MESSAGE, reportAdmission } from '../src/admission/report.js';

export default defineRule({
  id: 'runtime-class-conflict',
  level: 'error',
  needs: 'cluster',
  description: 'A pod\'s nodeSelector contradicts the scheduling.nodeSelector of its RuntimeClass',
  details:
    'The RuntimeClass admission plugin merges the class\'s `scheduling.nodeSelector` into the pod\'s; the same key ' +
    'with another value gets the pod rejected (`conflict: runtimeClass.scheduling.nodeSelector[<key>] = <value>; ' +
    'pod.spec.nodeSelector[<key>] = <value>`), so no pod exists. Points at the pod\'s `nodeSelector`.',
  messages: { notCreated: NOT_CREATED_MESSAGE },
  check(context) {
    reportAdmission(context, 'runtime-class-conflict');
  },
});
