import { defineRule } from '../src/rules/rule.js';
import { containersOf, describeContainer } from '../src/model/workload.js';
import { isRecord } from '../src/model/object.js';

/**
 * Scope as kube-linter's `no-readiness-probe` (pkg/templates/readinessprobe, `PerNonInitContainerCheck`):
 * regular containers only — init containers finish before the pod can be ready, and native sidecars
 * (init containers with `restartPolicy: Always`) are not required to have one either. Unlike kube-linter,
 * pods that run to completion (Jobs, CronJobs, bare pods with restartPolicy Never/OnFailure) are skipped:
 * nothing routes traffic to them, so readiness means nothing there.
 */
export default defineRule({
  id: 'missing-probes',
  level: 'warning',
  description: 'Long-running container has no readiness probe',
  details:
    'Without a readiness probe a container counts as ready the moment it starts, so Services send it traffic ' +
    'before it can answer and rolling updates move on while the new pods are still warming up (or crash-looping ' +
    'after start). Add a `readinessProbe` (httpGet, tcpSocket, grpc or exec) that succeeds only when the ' +
    'container can serve. Checked on the regular containers of workloads that run until deleted; init ' +
    'containers, sidecars and Jobs/CronJobs are not checked.',
  messages: {
    missing: '{{kind}} {{name}}: {{container}} has no readinessProbe; it receives traffic and counts as available as soon as it starts',
  },
  check(context) {
    for (const workload of context.workloads) {
      if (!workload.longRunning) continue;
      for (const container of containersOf(workload)) {
        if (container.kind !== 'container' || isRecord(container.container.readinessProbe)) continue;
        context.report(
          'missing',
          { kind: workload.ref.kind, name: workload.ref.name, container: describeContainer(container) },
          { object: workload.object, path: [...container.path, 'name'], container: container.name },
        );
      }
    }
  },
});
