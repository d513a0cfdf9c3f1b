import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifests } from '../../src/read/manifests.js';
import { containersOf, describeContainer, toWorkload, WORKLOAD_KINDS, type Workload } from '../../src/model/workload.js';
import { locate } from '../../src/model/object.js';
import { yaml } from '../helpers/lint.js';

function workloadOf(text: string): Workload | undefined {
  const read = readManifests([{ path: 'app.yaml', text }]);
  assert.deepEqual(read.problems, []);
  assert.equal(read.objects.length, 1);
  return toWorkload(read.objects[0]!);
}

function workload(text: string): Workload {
  const w = workloadOf(text);
  assert.ok(w, 'should be a workload');
  return w;
}

const template = `
    template:
      metadata:
        labels:
          app: demo
      spec:
        containers:
          - name: app
            image: demo:1.0`;

/** A controller of `kind` with extra spec lines (two-space indented under `spec:`). */
const controller = (apiVersion: string, kind: string, specLines = '') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: demo
spec:${specLines}${template.replace(/\n {2}/g, '\n')}
`;

test('every workload kind maps to its pod template and pod spec', () => {
  const cases: [string, string, (string | number)[], (string | number)[]][] = [
    ['apps/v1', 'Deployment', ['spec', 'template'], ['spec', 'template', 'spec']],
    ['apps/v1', 'ReplicaSet', ['spec', 'template'], ['spec', 'template', 'spec']],
    ['apps/v1', 'StatefulSet', ['spec', 'template'], ['spec', 'template', 'spec']],
    ['apps/v1', 'DaemonSet', ['spec', 'template'], ['spec', 'template', 'spec']],
    ['v1', 'ReplicationController', ['spec', 'template'], ['spec', 'template', 'spec']],
    ['batch/v1', 'Job', ['spec', 'template'], ['spec', 'template', 'spec']],
  ];
  for (const [apiVersion, kind, templatePath, specPath] of cases) {
    const w = workload(controller(apiVersion, kind));
    assert.deepEqual([w.templatePath, w.specPath], [templatePath, specPath], kind);
    assert.deepEqual(w.labels, { app: 'demo' }, kind);
    assert.equal(asName(w), 'app', kind);
  }
  const cronJob = workload(yaml`
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: nightly
    spec:
      schedule: "0 3 * * *"
      jobTemplate:
        spec:
          template:
            metadata:
              annotations:
                team: data
            spec:
              restartPolicy: OnFailure
              containers:
                - name: report
                  image: report:2.0
  `);
  assert.deepEqual(cronJob.specPath, ['spec', 'jobTemplate', 'spec', 'template', 'spec']);
  assert.deepEqual(cronJob.annotations, { team: 'data' });
  const pod = workload(yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: single
    spec:
      containers:
        - name: app
          image: demo:1.0
  `);
  assert.deepEqual([pod.templatePath, pod.specPath, pod.replicas, pod.longRunning], [[], ['spec'], 1, true]);
  assert.deepEqual([...WORKLOAD_KINDS].sort(), ['CronJob', 'DaemonSet', 'Deployment', 'Job', 'Pod', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);
});

function asName(w: Workload): string {
  return containersOf(w)[0]!.name;
}

test('replicas: default 1, explicit values kept, and located at the field', () => {
  const defaulted = workload(controller('apps/v1', 'Deployment'));
  assert.deepEqual([defaulted.replicas, defaulted.perNode, defaulted.replicasPath], [1, false, ['spec']]);
  const three = workload(controller('apps/v1', 'StatefulSet', '\n  replicas: 3'));
  assert.deepEqual([three.replicas, three.replicasPath], [3, ['spec', 'replicas']]);
  assert.equal(locate(three.object, three.replicasPath).line, 6);
  assert.equal(workload(controller('apps/v1', 'Deployment', '\n  replicas: 0')).replicas, 0);
  // A wrong type is the schema rule's business; the model falls back to the default rather than guessing.
  assert.equal(workload(controller('apps/v1', 'Deployment', '\n  replicas: "three"')).replicas, 1);
  assert.equal(workload(controller('v1', 'ReplicationController', '\n  replicas: 2')).replicas, 2);
});

test('Jobs run parallelism pods at once (default 1), capped by completions', () => {
  const pods = (lines: string) => workload(controller('batch/v1', 'Job', lines)).replicas;
  assert.equal(pods(''), 1);
  assert.equal(pods('\n  parallelism: 3'), 3);
  assert.equal(pods('\n  parallelism: 5\n  completions: 2'), 2);
  assert.equal(pods('\n  completions: 10'), 1);
  assert.equal(pods('\n  parallelism: 0'), 0);
  const job = workload(controller('batch/v1', 'Job', '\n  parallelism: 4'));
  assert.deepEqual([job.replicasPath, job.longRunning], [['spec', 'parallelism'], false]);
  const cronJob = workload(yaml`
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: crawl
    spec:
      schedule: "*/5 * * * *"
      jobTemplate:
        spec:
          parallelism: 4
          completions: 3
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: crawl
                  image: crawl:1.0
  `);
  assert.deepEqual([cronJob.replicas, cronJob.replicasPath, cronJob.longRunning], [3, ['spec', 'jobTemplate', 'spec', 'parallelism'], false]);
});

test('a DaemonSet wants one pod per eligible node, decided by the simulator', () => {
  const daemonSet = workload(controller('apps/v1', 'DaemonSet'));
  assert.deepEqual([daemonSet.perNode, daemonSet.replicas, daemonSet.longRunning], [true, 0, true]);
});

test('bare pods that complete are not long-running', () => {
  const pod = (policy: string) => workload(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: ${policy}\n  containers:\n    - name: a\n      image: a:1\n`);
  assert.equal(pod('Never').longRunning, false);
  assert.equal(pod('OnFailure').longRunning, false);
  assert.equal(pod('Always').longRunning, true);
});

test('selectors as each kind keeps them', () => {
  const deployment = workload(controller('apps/v1', 'Deployment', '\n  selector:\n    matchLabels:\n      app: demo'));
  assert.deepEqual(deployment.selector, { value: { matchLabels: { app: 'demo' } }, path: ['spec', 'selector'], emptyIsInvalid: true });
  assert.equal(workload(controller('apps/v1', 'Deployment')).selector, undefined);
  // A ReplicationController's plain map becomes matchLabels; an empty one is defaulted from the template.
  const rc = workload(controller('v1', 'ReplicationController', '\n  selector:\n    app: demo'));
  assert.deepEqual(rc.selector, { value: { matchLabels: { app: 'demo' } }, path: ['spec', 'selector'], emptyIsInvalid: false });
  assert.equal(workload(controller('v1', 'ReplicationController', '\n  selector: {}')).selector, undefined);
  // A Job's selector must also select the labels the controller generates, unless manualSelector is true.
  const job = workload(controller('batch/v1', 'Job', '\n  selector:\n    matchLabels:\n      app: demo'));
  assert.equal(job.selector?.generatedLabels?.['batch.kubernetes.io/job-name'], 'demo');
  const manual = workload(controller('batch/v1', 'Job', '\n  manualSelector: true\n  selector:\n    matchLabels:\n      app: demo'));
  assert.equal(manual.selector?.generatedLabels, undefined);
});

test('not workloads: other kinds, CRDs reusing a kind name, a template without a pod spec', () => {
  assert.equal(workloadOf('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n'), undefined);
  assert.equal(workloadOf(controller('example.com/v1', 'Deployment')), undefined);
  assert.equal(workloadOf('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n'), undefined);
  assert.equal(workloadOf('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec: []\n'), undefined);
});

test('containersOf: init containers first, sidecars recognised, paths point into the object', () => {
  const w = workload(yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          initContainers:
            - name: migrate
              image: web:3.0
            - name: proxy
              image: envoy:1.31
              restartPolicy: Always
          containers:
            - name: web
              image: web:3.0
            - image: helper:1.0
            - not-a-container
  `);
  const containers = containersOf(w);
  assert.deepEqual(containers.map((c) => [c.name, c.kind, c.path.join('.')]), [
    ['migrate', 'init', 'spec.template.spec.initContainers.0'],
    ['proxy', 'sidecar', 'spec.template.spec.initContainers.1'],
    ['web', 'container', 'spec.template.spec.containers.0'],
    ['#1', 'container', 'spec.template.spec.containers.1'],
  ]);
  assert.equal(locate(w.object, [...containers[2]!.path, 'image']).line, 16);
  assert.deepEqual(containers.map(describeContainer), ['init container migrate', 'sidecar container proxy', 'container web', 'container #1']);
});
