import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifests } from '../../src/read/manifests.js';
import { toWorkload, type Workload } from '../../src/model/workload.js';
import { podsOf, podTemplateOf, type PodContext } from '../../src/model/pod.js';
import { priorityClassesFrom } from '../../src/model/priority.js';
import { parseKubeVersion, type KubeVersion } from '../../src/model/kube-version.js';
import { matchesSelector } from '../../src/model/selector.js';
import { locate } from '../../src/model/object.js';
import { yaml } from '../helpers/lint.js';

function workloads(text: string): Workload[] {
  const read = readManifests([{ path: 'app.yaml', text }]);
  assert.deepEqual(read.problems, []);
  return read.objects.map(toWorkload).filter((w): w is Workload => w !== undefined);
}

function context(text = '', version = '1.36'): PodContext {
  const objects = text ? readManifests([{ path: 'classes.yaml', text }]).objects : [];
  return { kubeVersion: parseKubeVersion(version) as KubeVersion, priorityClasses: priorityClassesFrom(objects) };
}

const HOST_NETWORK = yaml`
  apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    name: node-exporter
    namespace: monitoring
  spec:
    selector:
      matchLabels: {app: node-exporter}
    template:
      metadata:
        labels: {app: node-exporter}
      spec:
        hostNetwork: true
        initContainers:
          - name: proxy
            image: envoyproxy/envoy:v1.30.1
            restartPolicy: Always
            ports:
              - containerPort: 9901
          - name: setup
            image: busybox
            ports:
              - containerPort: 7000
        containers:
          - name: exporter
            image: quay.io/prometheus/node-exporter
            ports:
              - containerPort: 9100
                name: metrics
              - containerPort: 9101
                hostPort: 19101
                protocol: UDP
                hostIP: 10.0.0.1
`;

test('host-network pods claim hostPort = containerPort (section 8), sidecar ports from 1.34', () => {
  const [ds] = workloads(HOST_NETWORK);
  const template = podTemplateOf(ds!, context());
  assert.deepEqual(template.hostPorts.map(({ hostIP, protocol, port }) => `${hostIP}/${protocol}/${port}`), [
    '0.0.0.0/TCP/9901', // sidecar (1.34+)
    '0.0.0.0/TCP/9100',
    '10.0.0.1/UDP/19101',
  ]);
  // The finding for a defaulted port points at its containerPort line.
  assert.equal(locate(ds!.object, template.hostPorts[1]!.path!).line, 28);
  assert.equal(locate(ds!.object, template.hostPorts[2]!.path!).line, 31);
  const old = podTemplateOf(ds!, context('', '1.33'));
  assert.deepEqual(old.hostPorts.map((p) => p.port), [9100, 19101]);
  // A DaemonSet's pods get the controller's tolerations (network-unavailable: host network) and admission's.
  assert.deepEqual(template.tolerations.map((t) => `${t.key}:${t.effect}`), [
    'node.kubernetes.io/not-ready:NoExecute',
    'node.kubernetes.io/unreachable:NoExecute',
    'node.kubernetes.io/disk-pressure:NoSchedule',
    'node.kubernetes.io/memory-pressure:NoSchedule',
    'node.kubernetes.io/pid-pressure:NoSchedule',
    'node.kubernetes.io/unschedulable:NoSchedule',
    'node.kubernetes.io/network-unavailable:NoSchedule',
  ]);
  assert.deepEqual(template.images, ['envoyproxy/envoy:v1.30.1', 'busybox:latest', 'quay.io/prometheus/node-exporter:latest']);
  assert.equal(template.namespace, 'monitoring');
  assert.equal(template.labels['controller-revision-hash']?.length! > 0, true);
});

const WEB = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    replicas: 3
    selector:
      matchLabels: {app: web}
    template:
      metadata:
        labels: {app: web, tier: frontend}
      spec:
        priorityClassName: high
        tolerations:
          - key: dedicated
            operator: Equal
            value: web
            effect: NoSchedule
        affinity:
          podAntiAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              - labelSelector:
                  matchLabels: {app: web}
                matchLabelKeys: [pod-template-hash, not-a-label]
                mismatchLabelKeys: [tier]
                topologyKey: kubernetes.io/hostname
            preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 50
                podAffinityTerm:
                  labelSelector:
                    matchLabels: {app: cache}
                  namespaces: [cache]
                  topologyKey: topology.kubernetes.io/zone
        topologySpreadConstraints:
          - maxSkew: 1
            topologyKey: topology.kubernetes.io/zone
            whenUnsatisfiable: DoNotSchedule
            labelSelector:
              matchLabels: {app: web}
            matchLabelKeys: [pod-template-hash]
          - maxSkew: 2
            topologyKey: kubernetes.io/hostname
            whenUnsatisfiable: ScheduleAnyway
            labelSelector:
              matchLabels: {app: web}
            nodeTaintsPolicy: Honor
        containers:
          - name: nginx
            image: nginx:1.27
            resources:
              limits: {cpu: 500m, memory: 256Mi}
`;

const CLASSES = yaml`
  apiVersion: scheduling.k8s.io/v1
  kind: PriorityClass
  metadata: {name: high}
  value: 100000
  preemptionPolicy: Never
  ---
  apiVersion: scheduling.k8s.io/v1
  kind: PriorityClass
  metadata: {name: default-low}
  value: 10
  globalDefault: true
`;

test('matchLabelKeys/mismatchLabelKeys merge the pod\'s own labels, pod-template-hash included (1.31+)', () => {
  const [web] = workloads(WEB);
  const template = podTemplateOf(web!, context(CLASSES));
  const hash = template.labels['pod-template-hash'];
  assert.ok(hash && /^[bcdfghjklmnpqrstvwxz2456789]+$/.test(hash), 'Deployment pods carry pod-template-hash');
  const [anti] = template.requiredAntiAffinity;
  assert.deepEqual(anti!.selector.requirements, [
    { key: 'app', operator: 'In', values: ['web'] },
    { key: 'pod-template-hash', operator: 'In', values: [hash] },
    { key: 'tier', operator: 'NotIn', values: ['frontend'] },
  ]);
  assert.equal(anti!.topologyKey, 'kubernetes.io/hostname');
  assert.equal(locate(web!.object, anti!.path!).line, 22);
  // Another ReplicaSet generation of the same Deployment does not match the merged selector.
  assert.equal(matchesSelector(anti!.selector, { app: 'web', 'pod-template-hash': 'other', tier: 'backend' }), false);
  assert.equal(matchesSelector(anti!.selector, { app: 'web', 'pod-template-hash': hash, tier: 'backend' }), true);

  const old = podTemplateOf(web!, context(CLASSES, '1.30'));
  assert.deepEqual(old.requiredAntiAffinity[0]!.selector.requirements, [{ key: 'app', operator: 'In', values: ['web'] }]);

  assert.deepEqual(template.preferredAntiAffinity.map((w) => [w.weight, w.term.namespaces, w.term.topologyKey]), [[50, ['cache'], 'topology.kubernetes.io/zone']]);
});

test('topology spread constraints: defaults, matchLabelKeys, paths', () => {
  const [web] = workloads(WEB);
  const template = podTemplateOf(web!, context(CLASSES));
  const [zone, host] = template.topologySpread;
  assert.deepEqual(
    { ...zone!, selector: zone!.selector.requirements.map((r) => `${r.key}=${r.values[0]}`), path: undefined },
    {
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule',
      selector: ['app=web', `pod-template-hash=${template.labels['pod-template-hash']}`],
      minDomains: 1, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Ignore', path: undefined,
    },
  );
  assert.equal(host!.whenUnsatisfiable, 'ScheduleAnyway');
  assert.equal(host!.nodeTaintsPolicy, 'Honor');
  assert.equal(locate(web!.object, host!.path!).line, 41);
});

test('priority from the PriorityClass, its preemptionPolicy, tolerations and requests of created pods', () => {
  const [web] = workloads(WEB);
  const template = podTemplateOf(web!, context(CLASSES));
  assert.equal(template.priority, 100000);
  assert.equal(template.priorityClassName, 'high');
  assert.equal(template.preemptionPolicy, 'Never');
  assert.equal(template.unknownPriorityClass, false);
  assert.deepEqual(template.tolerations.map((t) => t.key), ['dedicated', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
  assert.deepEqual(template.tolerations[0]!.path, ['spec', 'template', 'spec', 'tolerations', 0]);
  assert.deepEqual(template.requests, { cpu: 500, memory: 256 * 1024 * 1024 });
  assert.equal(locate(web!.object, template.requestPaths!.cpu!).line, 51);
  assert.equal(template.schedulerName, 'default-scheduler');

  // Unknown class: the API server would reject the pod; priority 0 and a flag for the admission rule.
  const unknown = podTemplateOf(web!, context());
  assert.equal(unknown.priority, 0);
  assert.equal(unknown.unknownPriorityClass, true);
});

test('globalDefault and built-in system classes', () => {
  const [plain, critical] = workloads(yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: plain}
    spec:
      containers: [{name: a, image: busybox}]
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: critical, namespace: kube-system}
    spec:
      priorityClassName: system-node-critical
      containers: [{name: a, image: busybox}]
  `);
  const ctx = context(CLASSES);
  assert.equal(podTemplateOf(plain!, ctx).priority, 10);
  assert.equal(podTemplateOf(plain!, ctx).priorityClassName, 'default-low');
  assert.equal(podTemplateOf(plain!, context()).priority, 0);
  assert.equal(podTemplateOf(critical!, ctx).priority, 2000001000);
});

test('controller labels and pod names: StatefulSet per-pod labels, Job labels, bare Pods', () => {
  const [sts, job, pod] = workloads(yaml`
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db}
    spec:
      replicas: 2
      podManagementPolicy: Parallel
      serviceName: db
      selector: {matchLabels: {app: db}}
      template:
        metadata: {labels: {app: db}}
        spec:
          containers: [{name: pg, image: postgres:16}]
    ---
    apiVersion: batch/v1
    kind: Job
    metadata: {name: migrate, uid: 3f1c2e4a-0000-4000-8000-000000000001}
    spec:
      parallelism: 2
      completions: 4
      completionMode: Indexed
      template:
        spec:
          restartPolicy: Never
          containers: [{name: m, image: migrate}]
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: debug, labels: {run: debug}}
    spec:
      nodeName: worker-2
      schedulerName: my-scheduler
      schedulingGates: [{name: example.com/wait}]
      containers: [{name: a, image: busybox}]
  `);
  const ctx = context();
  const stsTemplate = podTemplateOf(sts!, ctx);
  assert.equal(stsTemplate.podManagementPolicy, 'Parallel');
  assert.match(stsTemplate.labels['controller-revision-hash']!, /^db-/);
  assert.deepEqual(podsOf(sts!, stsTemplate).map((p) => [p.name, p.ordinal, p.extraLabels]), [
    ['db-0', 0, { 'statefulset.kubernetes.io/pod-name': 'db-0', 'apps.kubernetes.io/pod-index': '0' }],
    ['db-1', 1, { 'statefulset.kubernetes.io/pod-name': 'db-1', 'apps.kubernetes.io/pod-index': '1' }],
  ]);

  const jobTemplate = podTemplateOf(job!, ctx);
  assert.deepEqual(jobTemplate.labels, {
    'batch.kubernetes.io/controller-uid': '3f1c2e4a-0000-4000-8000-000000000001',
    'batch.kubernetes.io/job-name': 'migrate',
    'controller-uid': '3f1c2e4a-0000-4000-8000-000000000001',
    'job-name': 'migrate',
  });
  const jobPods = podsOf(job!, jobTemplate);
  assert.deepEqual(jobPods.map((p) => p.extraLabels), [
    { 'batch.kubernetes.io/job-completion-index': '0' },
    { 'batch.kubernetes.io/job-completion-index': '1' },
  ]);

  const podTemplate = podTemplateOf(pod!, ctx);
  assert.deepEqual(podTemplate.labels, { run: 'debug' });
  assert.equal(podTemplate.nodeName, 'worker-2');
  assert.equal(podTemplate.schedulerName, 'my-scheduler');
  assert.equal(podTemplate.schedulingGated, true);
  assert.equal(podTemplate.podManagementPolicy, undefined);
  assert.deepEqual(podsOf(pod!, podTemplate).map((p) => p.name), ['debug']);
  // The template is shared by all replicas: computed once.
  assert.equal(jobPods[0]!.template, jobPods[1]!.template);
});

test('required node affinity and nodeSelector are carried with paths; absent affinity stays undefined', () => {
  const [a, b] = workloads(yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: gpu}
    spec:
      selector: {matchLabels: {app: gpu}}
      template:
        metadata: {labels: {app: gpu}}
        spec:
          nodeSelector: {kubernetes.io/os: linux}
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                  - matchExpressions:
                      - {key: nvidia.com/gpu.present, operator: In, values: ["true"]}
          containers: [{name: a, image: cuda}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: plain}
    spec:
      selector: {matchLabels: {app: plain}}
      template:
        metadata: {labels: {app: plain}}
        spec:
          containers: [{name: a, image: nginx}]
  `);
  const gpu = podTemplateOf(a!, context());
  assert.deepEqual(gpu.nodeSelector, { 'kubernetes.io/os': 'linux' });
  assert.equal(gpu.requiredNodeAffinity?.length, 1);
  assert.equal(locate(a!.object, gpu.requiredNodeAffinity![0]!.path!).line, 14);
  assert.equal(podTemplateOf(b!, context()).requiredNodeAffinity, undefined);
});

test('LimitRange defaults and RuntimeClass overhead/scheduling apply to pods created from manifests', async () => {
  const { limitRangeDefaultsFrom, runtimeClassesFrom } = await import('../../src/model/admission-defaults.js');
  const objects = readManifests([{ path: 'ns.yaml', text: yaml`
    apiVersion: v1
    kind: LimitRange
    metadata: {name: defaults, namespace: team-a}
    spec:
      limits:
        - type: Container
          default: {cpu: 500m, memory: 512Mi}
          defaultRequest: {cpu: 250m}
        - type: Pod
          max: {cpu: "4"}
    ---
    apiVersion: node.k8s.io/v1
    kind: RuntimeClass
    metadata: {name: gvisor}
    handler: runsc
    overhead:
      podFixed: {cpu: 100m, memory: 64Mi}
    scheduling:
      nodeSelector: {sandbox.gke.io/runtime: gvisor}
      tolerations:
        - {key: sandbox.gke.io/runtime, operator: Equal, value: gvisor, effect: NoSchedule}
  ` }]).objects;
  const [app] = workloads(yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: app, namespace: team-a}
    spec:
      selector: {matchLabels: {app: app}}
      template:
        metadata: {labels: {app: app}}
        spec:
          runtimeClassName: gvisor
          nodeSelector: {kubernetes.io/os: linux}
          containers: [{name: a, image: app}]
  `);
  const ctx: PodContext = { ...context(), limitRangeDefaults: limitRangeDefaultsFrom(objects), runtimeClasses: runtimeClassesFrom(objects) };
  const template = podTemplateOf(app!, ctx);
  // cpu: defaultRequest 250m + overhead 100m; memory: defaultRequest falls back to default 512Mi, + 64Mi.
  assert.deepEqual(template.requests, { cpu: 350, memory: 576 * 1024 * 1024 });
  assert.deepEqual(template.nodeSelector, { 'sandbox.gke.io/runtime': 'gvisor', 'kubernetes.io/os': 'linux' });
  assert.deepEqual(template.tolerations.map((t) => `${t.key}=${t.value}:${t.effect}`), [
    'sandbox.gke.io/runtime=gvisor:NoSchedule',
    'node.kubernetes.io/not-ready=:NoExecute',
    'node.kubernetes.io/unreachable=:NoExecute',
  ]);
  // Another namespace: no LimitRange there.
  const other = podTemplateOf({ ...app!, ref: { ...app!.ref, namespace: 'team-b' } }, ctx);
  assert.deepEqual(other.requests, { cpu: 100, memory: 64 * 1024 * 1024 });
});
