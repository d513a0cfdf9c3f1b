import { defineRule } from '../src/rules/rule.js';
import { NOT_CREATED_MESSAGE, reportAdmission } from '../src/admission/report.js';

export default defineRule({
  id: 'quota-exceeded',
  level: 'error',
  needs: 'cluster',
  description: 'A ResourceQuota of the namespace refuses some of a workload\'s pods',
  details:
    'The ResourceQuota admission plugin charges every new pod to the matching quotas of its namespace (hard ' +
    '`pods`, `count/pods`, `requests.*`, `limits.*`, `cpu`/`memory`, hugepages and extended resources such as ' +
    '`requests.nvidia.com/gpu`; scopes BestEffort/NotBestEffort, Terminating/NotTerminating, PriorityClass ' +
    'selectors, CrossNamespacePodAffinity). berth starts from what the cluster already uses (a snapshot quota\'s ' +
    '`status.used`, else the snapshot\'s pods of the namespace) and admits the manifests\' pods in queue order; ' +
    'the pods beyond the quota are never created (`exceeded quota: NAME, requested: ..., used: ..., limited: ...`): ' +
    'they are not Pending, `kubectl get pods` does not show them, the ReplicaSet reports FailedCreate. A quota ' +
    'on cpu or memory also refuses pods whose containers do not set them (`failed quota: NAME: must specify ...`). ' +
    'Points at the request or limit that is charged (or `replicas` for pod counts).',
  messages: { notCreated: NOT_CREATED_MESSAGE },
  check(context) {
    reportAdmission(context, 'quota-exceeded');
  },
});
