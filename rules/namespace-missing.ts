import { defineRule } from '../src/rules/rule.js';
import { NOT_CREATED_MESSAGE, reportAdmission } from '../src/admission/report.js';

export default defineRule({
  id: 'namespace-missing',
  level: 'warning',
  needs: 'cluster',
  description: 'A workload is in a namespace that exists neither in the cluster snapshot nor in the manifests',
  details:
    'Nothing can be created in a namespace that does not exist (NamespaceLifecycle admission): `kubectl apply` ' +
    'fails with `namespaces "<name>" not found` and none of the pods exist. berth only knows which namespaces ' +
    'exist when the snapshot lists them (it contains Namespace objects, e.g. `kubectl get namespaces,nodes,pods -A -o yaml`); ' +
    '`kubectl get nodes,pods -A` lists none, and then the rule stays silent. Namespace objects in the manifests count ' +
    'as existing, as do default, kube-system, kube-public, kube-node-lease and the namespaces of the snapshot\'s ' +
    'pods. A warning, not an error, because the ' +
    'namespace may be created by another step of the rollout. Points at `metadata.namespace`.',
  messages: { notCreated: NOT_CREATED_MESSAGE },
  check(context) {
    reportAdmission(context, 'namespace-missing');
  },
});
