import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yaml } from '../helpers/lint.js';
import { simulateYaml } from '../schedule/helpers.js';

/** Two 2-CPU/4-GiB workers, the namespace `shop`, and what the snapshot says about classes. */
const CLUSTER = yaml`
  apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Node
    metadata: {name: worker1, uid: u1, labels: {kubernetes.io/hostname: worker1}}
    status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
  - apiVersion: v1
    kind: Node
    metadata: {name: worker2, uid: u2, labels: {kubernetes.io/hostname: worker2}}
    status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
  - apiVersion: v1
    kind: Namespace
    metadata: {name: shop}
  - apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata: {name: high}
    value: 1000
  - apiVersion: v1
    kind: Pod
    metadata: {name: old-0, namespace: shop}
    spec:
      nodeName: worker1
      containers: [{name: app, image: app:1, resources: {requests: {cpu: 500m, memory: 256Mi}}}]
    status: {phase: Running}
`;

function deployment(name: string, replicas: number, spec: string, namespace = 'shop'): string {
  return yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: ${name}, namespace: ${namespace}}
    spec:
      replicas: ${replicas}
      selector: {matchLabels: {app: ${name}}}
      template:
        metadata: {labels: {app: ${name}}}
        spec: ${spec}
  `;
}

test('a quota allowing 3 of 5 replicas: the other 2 are never created (not Pending)', () => {
  const manifests = yaml`
    apiVersion: v1
    kind: ResourceQuota
    metadata: {name: compute, namespace: shop}
    spec:
      hard: {requests.cpu: "2", pods: "10"}
    ---
  ` + deployment('web', 5, '{containers: [{name: web, image: web:1, resources: {requests: {cpu: 500m}}}]}');
  const result = simulateYaml(manifests, CLUSTER);
  const web = result.toPlacementReport().workloads[0]!;
  assert.deepEqual({ desired: web.desired, scheduled: web.scheduled, pending: web.pending, notCreated: web.notCreated }, { desired: 5, scheduled: 3, pending: 0, notCreated: 2 });
  // The snapshot's pod already uses 500m of the 2 cpu: 3 × 500m fit, the 4th would make 2500m.
  assert.deepEqual(web.admission, ['exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=2, limited: requests.cpu=2']);
  assert.deepEqual(web.reasons, []);
  assert.equal(result.workloads[0]!.pods.length, 3);
  const problem = result.workloads[0]!.admission!.problems[0]!;
  assert.equal(problem.rule, 'quota-exceeded');
  assert.equal(problem.pods, 2);
});

test('a quota status.used from the snapshot is the usage (the API server counted it)', () => {
  const cluster = CLUSTER + yaml`
    ---
    apiVersion: v1
    kind: ResourceQuota
    metadata: {name: pods-cap, namespace: shop}
    spec: {hard: {pods: "4"}}
    status: {hard: {pods: "4"}, used: {pods: "3"}}
  `;
  const result = simulateYaml(deployment('web', 2, '{containers: [{name: web, image: web:1}]}'), cluster);
  const web = result.toPlacementReport().workloads[0]!;
  assert.deepEqual([web.scheduled, web.notCreated, web.admission], [1, 1, ['exceeded quota: pods-cap, requested: pods=1, used: pods=4, limited: pods=4']]);
});

test('a quota on cpu makes pods without a cpu request forbidden, with upstream\'s wording', () => {
  const manifests = yaml`
    apiVersion: v1
    kind: ResourceQuota
    metadata: {name: compute, namespace: shop}
    spec: {hard: {requests.cpu: "4", limits.memory: 8Gi}}
    ---
  ` + deployment('web', 2, '{initContainers: [{name: init, image: i:1, resources: {limits: {cpu: 100m, memory: 64Mi}}}], containers: [{name: web, image: web:1}, {name: log, image: l:1, resources: {requests: {cpu: 100m}}}]}');
  const web = simulateYaml(manifests, CLUSTER).toPlacementReport().workloads[0]!;
  assert.equal(web.notCreated, 2);
  assert.deepEqual(web.admission, ['failed quota: compute: must specify limits.memory for: log,web; requests.cpu for: web']);
});

test('a LimitRange default request is what the scheduler sees: the Deployment no longer fits', () => {
  const manifests = yaml`
    apiVersion: v1
    kind: LimitRange
    metadata: {name: defaults, namespace: shop}
    spec:
      limits:
      - type: Container
        defaultRequest: {cpu: "1"}
        default: {cpu: "1"}
    ---
  ` + deployment('api', 4, '{containers: [{name: api, image: api:1}]}');
  const result = simulateYaml(manifests, CLUSTER);
  const api = result.toPlacementReport().workloads[0]!;
  // worker1 has 1500m left (one 1-cpu pod), worker2 has 2: three pods fit, the fourth stays Pending.
  assert.deepEqual([api.scheduled, api.pending, api.notCreated], [3, 1, 0]);
  assert.deepEqual(api.reasons, ['0/2 nodes are available: 2 Insufficient cpu.']);
  assert.deepEqual(result.workloads[0]!.admission!.requestsFromLimitRange, { api: ['cpu'] });
});

test('a LimitRange max the pod exceeds: every pod rejected with the LimitRanger\'s message', () => {
  const manifests = yaml`
    apiVersion: v1
    kind: LimitRange
    metadata: {name: caps, namespace: shop}
    spec:
      limits:
      - type: Container
        max: {memory: 1Gi}
    ---
  ` + deployment('api', 2, '{containers: [{name: api, image: api:1, resources: {limits: {memory: 2Gi}}}]}');
  const api = simulateYaml(manifests, CLUSTER).toPlacementReport().workloads[0]!;
  assert.deepEqual([api.scheduled, api.pending, api.notCreated], [0, 0, 2]);
  assert.deepEqual(api.admission, ['maximum memory usage per Container is 1Gi, but limit is 2Gi.']);
});

test('a missing PriorityClass: every pod is rejected; a known one is fine', () => {
  const manifests = deployment('batch', 2, '{priorityClassName: urgent, containers: [{name: b, image: b:1}]}') + '---\n'
    + deployment('ok', 1, '{priorityClassName: high, containers: [{name: b, image: b:1}]}');
  const report = simulateYaml(manifests, CLUSTER).toPlacementReport();
  assert.deepEqual(report.workloads.map((w) => [w.name, w.scheduled, w.notCreated, w.admission]), [
    ['batch', 0, 2, ['no PriorityClass with name urgent was found']],
    ['ok', 1, 0, []],
  ]);
});

test('a snapshot without PriorityClass objects cannot say a class is missing', () => {
  const items = CLUSTER.split('\n- ');
  const cluster = items.filter((item) => !item.includes('kind: PriorityClass')).join('\n- ');
  assert.equal(items.length - 1, cluster.split('\n- ').length);
  const report = simulateYaml(deployment('batch', 1, '{priorityClassName: urgent, containers: [{name: b, image: b:1}]}'), cluster).toPlacementReport();
  assert.deepEqual([report.workloads[0]!.scheduled, report.workloads[0]!.notCreated], [1, 0]);
});

test('a RuntimeClass whose overhead tips the pod over allocatable', () => {
  const manifests = yaml`
    apiVersion: node.k8s.io/v1
    kind: RuntimeClass
    metadata: {name: kata}
    handler: kata
    overhead: {podFixed: {cpu: 250m, memory: 160Mi}}
    ---
  ` + deployment('vm', 1, '{runtimeClassName: kata, containers: [{name: vm, image: vm:1, resources: {requests: {cpu: 1900m}}}]}');
  const result = simulateYaml(manifests, CLUSTER);
  const vm = result.toPlacementReport().workloads[0]!;
  assert.deepEqual([vm.scheduled, vm.pending, vm.notCreated], [0, 1, 0]);
  assert.deepEqual(vm.reasons, ['0/2 nodes are available: 2 Insufficient cpu.']);
  // Without the class's overhead 1900m fits worker2.
  const plain = simulateYaml(manifests.replace('runtimeClassName: kata, ', ''), CLUSTER).toPlacementReport().workloads[0]!;
  assert.equal(plain.scheduled, 1);
});

test('an unknown RuntimeClass is rejected only when the snapshot lists RuntimeClasses', () => {
  const manifests = deployment('vm', 1, '{runtimeClassName: gvisor, containers: [{name: vm, image: vm:1}]}');
  assert.equal(simulateYaml(manifests, CLUSTER).toPlacementReport().workloads[0]!.notCreated, 0);
  const cluster = CLUSTER + yaml`
    ---
    apiVersion: node.k8s.io/v1
    kind: RuntimeClass
    metadata: {name: kata}
    handler: kata
  `;
  const vm = simulateYaml(manifests, cluster).toPlacementReport().workloads[0]!;
  assert.deepEqual([vm.notCreated, vm.admission], [1, ['pod rejected: RuntimeClass "gvisor" not found']]);
});

test('a namespace missing from a snapshot that lists namespaces: nothing is created', () => {
  const report = simulateYaml(deployment('web', 2, '{containers: [{name: web, image: web:1}]}', 'payments'), CLUSTER).toPlacementReport();
  assert.deepEqual([report.workloads[0]!.notCreated, report.workloads[0]!.admission], [2, ['namespaces "payments" not found']]);
});

test('quota is charged in queue order: the higher-priority workload gets the room first', () => {
  const manifests = yaml`
    apiVersion: v1
    kind: ResourceQuota
    metadata: {name: pods, namespace: shop}
    spec: {hard: {count/pods: "3"}}
    ---
  ` + deployment('low', 2, '{containers: [{name: a, image: a:1}]}') + '---\n'
    + deployment('urgent', 2, '{priorityClassName: high, containers: [{name: a, image: a:1}]}');
  const report = simulateYaml(manifests, CLUSTER).toPlacementReport();
  // The snapshot's pod counts as one: two urgent pods, then one low pod fit.
  assert.deepEqual(report.workloads.map((w) => [w.name, w.scheduled, w.notCreated]), [['low', 0, 2], ['urgent', 2, 0]]);
  assert.deepEqual(report.workloads[0]!.admission, ['exceeded quota: pods, requested: count/pods=1, used: count/pods=3, limited: count/pods=3']);
});

test('re-applying a running Deployment: its snapshot pods leave the quota usage they held', () => {
  const running = [0, 1, 2].map((i) => yaml`
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: web-${i}, namespace: shop, labels: {app: web}}
    spec: {nodeName: worker2, containers: [{name: web, image: web:1, resources: {requests: {cpu: 100m}}}]}
    status: {phase: Running}
  `).join('');
  const quota = (used: string) => yaml`
    ---
    apiVersion: v1
    kind: ResourceQuota
    metadata: {name: pods-cap, namespace: shop}
    spec: {hard: {pods: "5", requests.cpu: "2"}}
    ${used}
  `;
  const web = deployment('web', 3, '{containers: [{name: web, image: web:1, resources: {requests: {cpu: 400m}}}]}');
  // status.used counts the three running pods and the snapshot's old-0; only old-0 stays: 1 + 3 pods, 500m + 3 × 400m.
  for (const used of ['status: {used: {pods: "4", requests.cpu: 800m}}', '']) {
    const report = simulateYaml(web, CLUSTER + running + quota(used)).toPlacementReport();
    assert.deepEqual([report.workloads[0]!.scheduled, report.workloads[0]!.notCreated], [3, 0], used || 'usage from the snapshot pods');
  }
  // A fourth replica does not fit the cpu: 500m (old-0) + 4 × 400m > 2.
  const bigger = simulateYaml(web.replace('replicas: 3', 'replicas: 4'), CLUSTER + running + quota('')).toPlacementReport();
  assert.deepEqual(bigger.workloads[0]!.admission, ['exceeded quota: pods-cap, requested: requests.cpu=400m, used: requests.cpu=1700m, limited: requests.cpu=2']);
  const simulation = simulateYaml(web.replace('replicas: 3', 'replicas: 4'), CLUSTER + running + quota('status: {used: {pods: "4", requests.cpu: 800m}}'));
  assert.equal(simulation.workloads[0]!.admission!.problems[0]!.explanation,
    'ResourceQuota pods-cap in namespace shop: used before these manifests (its status.used in the snapshot, without the 3 pods these manifests replace): pods 1/5, requests.cpu 500m/2.');
});

test('a LimitRange of the snapshot applies to the manifests\' pods: its max rejects, its default limit satisfies a limits quota', () => {
  const cluster = CLUSTER + yaml`
    ---
    apiVersion: v1
    kind: LimitRange
    metadata: {name: shop-limits, namespace: shop}
    spec:
      limits:
      - type: Container
        max: {cpu: "1"}
        defaultRequest: {cpu: 200m}
  `;
  const quota = yaml`
    apiVersion: v1
    kind: ResourceQuota
    metadata: {name: limits, namespace: shop}
    spec: {hard: {limits.cpu: "2"}}
    ---
  `;
  // No limit written: the LimitRange's default limit is its max (1), so two replicas use the limits.cpu quota up.
  const web = simulateYaml(quota + deployment('web', 3, '{containers: [{name: web, image: web:1}]}'), cluster).toPlacementReport().workloads[0]!;
  assert.deepEqual([web.scheduled, web.notCreated, web.admission], [2, 1, ['exceeded quota: limits, requested: limits.cpu=1, used: limits.cpu=2, limited: limits.cpu=2']]);
  const big = simulateYaml(deployment('big', 2, '{containers: [{name: big, image: big:1, resources: {limits: {cpu: "2"}}}]}'), cluster).toPlacementReport().workloads[0]!;
  assert.deepEqual([big.notCreated, big.admission], [2, ['maximum cpu usage per Container is 1, but limit is 2.']]);
});

test('a StatefulSet: the ordinals beyond the quota are refused, OrderedReady or Parallel', () => {
  const manifests = yaml`
    apiVersion: v1
    kind: ResourceQuota
    metadata: {name: mem, namespace: shop}
    spec: {hard: {requests.memory: 1Gi}}
    ---
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db, namespace: shop}
    spec:
      replicas: 4
      serviceName: db
      selector: {matchLabels: {app: db}}
      template:
        metadata: {labels: {app: db}}
        spec: {containers: [{name: db, image: db:1, resources: {requests: {memory: 256Mi}}}]}
  `;
  // old-0 holds 256Mi: db-0..db-2 fit, db-3 is refused.
  const db = simulateYaml(manifests, CLUSTER).toPlacementReport().workloads[0]!;
  assert.deepEqual([db.scheduled, db.pending, db.notCreated], [3, 0, 1]);
  const parallel = simulateYaml(manifests.replace('serviceName: db', 'serviceName: db\n  podManagementPolicy: Parallel'), CLUSTER);
  assert.equal(parallel.toPlacementReport().workloads[0]!.notCreated, 1);
});

test('a namespace the snapshot\'s pods live in exists, even when its Namespace object was not captured', () => {
  const cluster = CLUSTER + yaml`
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: api-0, namespace: payments}
    spec: {nodeName: worker2, containers: [{name: api, image: api:1}]}
    status: {phase: Running}
  `;
  const report = simulateYaml(deployment('web', 1, '{containers: [{name: web, image: web:1}]}', 'payments'), cluster).toPlacementReport();
  assert.deepEqual([report.workloads[0]!.scheduled, report.workloads[0]!.notCreated], [1, 0]);
});

test('a RuntimeClass\'s scheduling: its nodeSelector and tolerations steer the pod to the sandbox nodes', () => {
  const cluster = CLUSTER + yaml`
    ---
    apiVersion: v1
    kind: Node
    metadata: {name: sandbox1, uid: u3, labels: {kubernetes.io/hostname: sandbox1, sandbox: kata}}
    spec:
      taints: [{key: sandbox, value: kata, effect: NoSchedule}]
    status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
  `;
  const manifests = yaml`
    apiVersion: node.k8s.io/v1
    kind: RuntimeClass
    metadata: {name: kata}
    handler: kata
    scheduling:
      nodeSelector: {sandbox: kata}
      tolerations: [{key: sandbox, operator: Equal, value: kata, effect: NoSchedule}]
    ---
  ` + deployment('vm', 2, '{runtimeClassName: kata, containers: [{name: vm, image: vm:1}]}');
  const vm = simulateYaml(manifests, cluster).toPlacementReport().workloads[0]!;
  assert.deepEqual([vm.scheduled, vm.nodes], [2, { sandbox1: 2 }]);
});
