import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPaths } from '../../src/check.js';
import { RULES } from '../../rules/index.js';
import { readCluster } from '../../src/read/cluster.js';
import { parseKubeVersion } from '../../src/model/kube-version.js';
import { lintYaml, yaml } from '../helpers/lint.js';
import { BUSY, POOLS, QUEUE_AND_LONER, THREE_NODES } from './placement-table.js';

const PLACEMENT_RULES = [
  'requests-exceed-allocatable',
  'insufficient-capacity',
  'host-port-conflict',
  'untolerated-taint',
  'node-selector-unsatisfiable',
  'anti-affinity-unsatisfiable',
  'pod-affinity-unsatisfiable',
  'topology-spread-unsatisfiable',
  'node-name-unknown',
  'unschedulable-node',
];

test('every placement rule is registered, an error, and needs a cluster snapshot', () => {
  for (const id of PLACEMENT_RULES) {
    const rule = RULES.find((r) => r.id === id);
    assert.ok(rule, `${id} is registered`);
    assert.equal(rule.needs, 'cluster', id);
    assert.equal(rule.level, 'error', id);
  }
});

test('no placement rule fires on the bundled example without --cluster', async () => {
  const result = await checkPaths(['examples/manifests']);
  assert.deepEqual(result.findings.filter((f) => PLACEMENT_RULES.includes(f.ruleId)), []);
});

test('the bundled example: one finding per cause of its Pending pods, at the key that causes it', async () => {
  const result = await checkPaths(['examples/manifests'], { clusterPaths: ['examples/cluster.yaml'] });
  const placement = result.findings
    .filter((f) => PLACEMENT_RULES.includes(f.ruleId))
    .map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.ruleId}`);
  assert.deepEqual(placement, [
    'examples/manifests/api.yaml:20:15 anti-affinity-unsatisfiable',
    'examples/manifests/cache.yaml:29:23 insufficient-capacity',
    'examples/manifests/inference.yaml:18:9 node-selector-unsatisfiable',
    'examples/manifests/inference.yaml:36:31 requests-exceed-allocatable',
    'examples/manifests/nightly-report.yaml:20:24 requests-exceed-allocatable',
    'examples/manifests/web.yaml:25:15 host-port-conflict',
  ]);
});

const WORKLOADS = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    replicas: 3
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers:
        - {name: nginx, image: "nginx:1.27.3", ports: [{containerPort: 80, hostPort: 8080}], resources: {requests: {cpu: 300m, memory: 256Mi}}}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec:
    replicas: 4
    selector: {matchLabels: {app: api}}
    template:
      metadata: {labels: {app: api}}
      spec:
        affinity:
          podAntiAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
            - {labelSelector: {matchLabels: {app: api}}, topologyKey: kubernetes.io/hostname}
        containers:
        - {name: api, image: "ghcr.io/example/api:3.14.0", resources: {requests: {cpu: 250m, memory: 512Mi}}}
  ---
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: cache, namespace: shop}
  spec:
    replicas: 3
    serviceName: cache
    selector: {matchLabels: {app: cache}}
    template:
      metadata: {labels: {app: cache}}
      spec:
        topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: cache}}}
        containers:
        - {name: redis, image: "redis:7.4.2", resources: {requests: {cpu: 100m}, limits: {memory: 2Gi}}}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: worker, namespace: shop}
  spec:
    replicas: 2
    selector: {matchLabels: {app: worker}}
    template:
      metadata: {labels: {app: worker}}
      spec:
        affinity:
          podAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
            - {labelSelector: {matchLabels: {app: queue}}, topologyKey: kubernetes.io/hostname}
        containers:
        - {name: w, image: "ghcr.io/example/worker:1.0.0", resources: {requests: {cpu: 500m, memory: 64Mi}}}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: trainer, namespace: ml}
  spec:
    replicas: 1
    selector: {matchLabels: {app: trainer}}
    template:
      metadata: {labels: {app: trainer}}
      spec:
        nodeSelector: {pool: gpu}
        containers:
        - {name: t, image: "ghcr.io/example/trainer:0.9.0", resources: {limits: {nvidia.com/gpu: 1, memory: 8Gi}}}
  ---
  apiVersion: batch/v1
  kind: Job
  metadata: {name: report, namespace: shop}
  spec:
    template:
      spec:
        restartPolicy: Never
        containers:
        - {name: r, image: "busybox:1.37", resources: {requests: {cpu: "6", memory: 1Gi}}}
`;

for (const [name, cluster] of Object.entries({ THREE_NODES, POOLS, BUSY, QUEUE_AND_LONER })) {
  test(`every workload with pods that would not run gets at least one placement finding (${name})`, () => {
    const kubeVersion = parseKubeVersion('1.36')!;
    const result = lintYaml(WORKLOADS, { cluster: readCluster([{ path: 'cluster.yaml', text: cluster }], { kubeVersion }) });
    const stuck = result.simulation!.workloads
      .filter((w) => w.pods.some((p) => p.state === 'pending' || p.state === 'rejected'))
      .map((w) => `${w.workload.ref.kind} ${w.workload.ref.name}`);
    assert.ok(stuck.length > 0, 'the fixture leaves pods Pending');
    const explained = new Set(result.findings.filter((f) => PLACEMENT_RULES.includes(f.ruleId)).map((f) => `${f.object!.kind} ${f.object!.name}`));
    assert.deepEqual(stuck.filter((w) => !explained.has(w)), []);
  });
}
