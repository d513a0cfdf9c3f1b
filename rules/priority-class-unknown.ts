import { defineRule } from '../src/rules/rule.js';
import { NOT_CREATED_MESSAGE, reportAdmission } from '../src/admission/report.js';

export default defineRule({
  id: 'priority-class-unknown',
  level: 'error',
  needs: 'cluster',
  description: 'A pod names a PriorityClass that exists neither in the cluster snapshot nor in the manifests',
  details:
    'The Priority admission plugin rejects a pod whose `priorityClassName` names no PriorityClass ' +
    '(`no PriorityClass with name <name> was found`): the controller reports FailedCreate and no pod exists. ' +
    'berth knows the cluster\'s classes only when the snapshot contains PriorityClass objects ' +
    '(`kubectl get priorityclasses -o yaml`); classes used by the snapshot\'s pods, the manifests\' classes and ' +
    'the built-in system-cluster-critical and system-node-critical count as existing. Points at `priorityClassName`.',
  messages: { notCreated: NOT_CREATED_MESSAGE },
  check(context) {
    reportAdmission(context, 'priority-class-unknown');
  },
});
