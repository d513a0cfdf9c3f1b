import { defineRule } from '../src/rules/rule.js';
import { NOT_CREATED_MESSAGE, reportAdmission } from '../src/admission/report.js';

export default defineRule({
  id: 'runtime-class-unknown',
  level: 'error',
  needs: 'cluster',
  description: 'A pod names a RuntimeClass that exists neither in the cluster snapshot nor in the manifests',
  details:
    'The RuntimeClass admission plugin rejects a pod whose `runtimeClassName` names no RuntimeClass ' +
    '(`pod rejected: RuntimeClass "<name>" not found`): no pod exists. berth knows the cluster\'s classes only when ' +
    'the snapshot contains RuntimeClass objects (`kubectl get runtimeclasses -o yaml`); classes used by the ' +
    'snapshot\'s pods and the manifests\' classes count as existing. A known class adds its `overhead.podFixed` to ' +
    'the pod\'s requests and its `scheduling` nodeSelector and tolerations, which the simulation applies. ' +
    'Points at `runtimeClassName`.',
  messages: { notCreated: NOT_CREATED_MESSAGE },
  check(context) {
    reportAdmission(context, 'runtime-class-unknown');
  },
});
