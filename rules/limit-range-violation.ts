import { defineRule } from '../src/rules/rule.js';
import { NOT_CREATED_MESSAGE, reportAdmission } from '../src/admission/report.js';

export default defineRule({
  id: 'limit-range-violation',
  level: 'error',
  needs: 'cluster',
  description: 'A pod violates the min, max or maxLimitRequestRatio of a LimitRange in its namespace',
  details:
    'The LimitRanger admission plugin first fills missing requests and limits from the namespace\'s LimitRanges ' +
    '(`defaultRequest`, `default`, which the simulation applies too), then rejects a pod whose container ' +
    '(`type: Container`) or whole pod (`type: Pod`) is below `min`, above `max` or bursts beyond ' +
    '`maxLimitRequestRatio`, with upstream\'s message (`maximum memory usage per Container is 1Gi, but limit is 2Gi.`). ' +
    'No pod of the workload is created. LimitRanges come from the manifests and the cluster snapshot. Points at ' +
    'the offending request or limit, or at the container that lacks one.',
  messages: { notCreated: NOT_CREATED_MESSAGE },
  check(context) {
    reportAdmission(context, 'limit-range-violation');
  },
});
