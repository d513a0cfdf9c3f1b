import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintYaml, yaml } from '../helpers/lint.js';
import { defineRule, type Rule } from '../../src/rules/rule.js';
import { containersOf } from '../../src/model/workload.js';
import { formatText } from '../../src/report/text.js';
import { RULES } from '../../rules/index.js';

const hostNetwork = RULES.find((rule) => rule.id === 'host-network')!;

/** A container-level rule, so the engine's `.container` suppression form can be tested whatever rules ship. */
const everyContainer = defineRule({
  id: 'test-every-container',
  level: 'warning',
  description: 'Reports every container (test rule)',
  messages: { container: 'container {{name}}' },
  check(context) {
    for (const workload of context.workloads) {
      for (const c of containersOf(workload)) context.report('container', { name: c.name }, { object: workload.object, path: [...c.path, 'name'], container: c.name });
    }
  },
});

/** Reports by position and object reference only, as placement rules do. */
const byReference = defineRule({
  id: 'test-by-reference',
  level: 'error',
  description: 'Reports every object by reference (test rule)',
  messages: { object: '{{name}}' },
  check(context) {
    for (const object of context.objects) {
      context.report('object', { name: object.ref.name }, { location: { file: object.doc.file, line: 1, column: 1, endLine: 1, endColumn: 1 }, object: object.ref });
    }
  },
});

const rules: Rule[] = [hostNetwork, everyContainer as Rule, byReference as Rule];
const ids = (text: string) => lintYaml(text, { rules }).findings.map((f) => `${f.ruleId}@${f.location.line}`);

test('an object-level annotation silences that rule on the object and counts it as suppressed', () => {
  const result = lintYaml(yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: agent
      annotations:
        ignore.berth/host-network: "the agent must see node traffic"
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: registry.example/agent:1.4.2
  `, { rules });
  assert.deepEqual(result.findings.map((f) => f.ruleId), ['test-by-reference', 'test-every-container']);
  assert.equal(result.summary.suppressed, 1);
});

test('an annotation for another rule silences nothing', () => {
  const result = lintYaml(yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: agent
      annotations:
        ignore.berth/host-port: "not this one"
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: registry.example/agent:1.4.2
  `, { rules: [hostNetwork] });
  assert.deepEqual(result.findings.map((f) => [f.ruleId, f.location.line]), [['host-network', 8]]);
  assert.equal(result.summary.suppressed, 0);
});

test('a pod-template annotation silences the rule for the workload', () => {
  const result = lintYaml(yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: edge
    spec:
      selector:
        matchLabels: {app: edge}
      template:
        metadata:
          labels: {app: edge}
          annotations:
            ignore.berth/host-network: "binds the node's port 53"
        spec:
          hostNetwork: true
          containers:
            - name: dns
              image: coredns/coredns:1.11.3
  `, { rules: [hostNetwork] });
  assert.deepEqual(result.findings, []);
  assert.equal(result.summary.suppressed, 1);
});

test('a CronJob is silenced from its own, its job template\'s or its pod template\'s annotations', () => {
  const cronJob = (objectAnnotations: string, jobAnnotations: string, podAnnotations: string) => yaml`
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: backup
      annotations: ${objectAnnotations}
    spec:
      schedule: "0 3 * * *"
      jobTemplate:
        metadata:
          annotations: ${jobAnnotations}
        spec:
          template:
            metadata:
              annotations: ${podAnnotations}
            spec:
              hostNetwork: true
              restartPolicy: OnFailure
              containers:
                - name: backup
                  image: registry.example/backup:2.0.1
  `;
  const silenced = '{ignore.berth/host-network: "reads the node\'s disks"}';
  for (const [object, job, pod] of [[silenced, '{}', '{}'], ['{}', silenced, '{}'], ['{}', '{}', silenced]] as const) {
    const result = lintYaml(cronJob(object, job, pod), { rules: [hostNetwork] });
    assert.deepEqual(result.findings, [], `${object} ${job} ${pod}`);
    assert.equal(result.summary.suppressed, 1);
  }
  const loud = lintYaml(cronJob('{}', '{}', '{}'), { rules: [hostNetwork] });
  assert.deepEqual(loud.findings.map((f) => [f.ruleId, f.location.line, f.location.column]), [['host-network', 16, 11]]);
});

test('ignore.berth/all silences every rule on the object, each finding counted', () => {
  const result = lintYaml(yaml`
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: node-exporter
      annotations:
        ignore.berth/all: "vendored chart, reviewed upstream"
    spec:
      selector:
        matchLabels: {app: node-exporter}
      template:
        metadata:
          labels: {app: node-exporter}
        spec:
          hostNetwork: true
          containers:
            - name: exporter
              image: quay.io/prometheus/node-exporter:v1.8.2
            - name: proxy
              image: quay.io/brancz/kube-rbac-proxy:v0.18.1
  `, { rules });
  assert.deepEqual(result.findings, []);
  // host-network once, test-every-container twice, test-by-reference once.
  assert.equal(result.summary.suppressed, 4);
  assert.match(formatText(result, { color: false }), /; 4 suppressed\.$/m);
});

test('the container form silences only the named container', () => {
  const manifest = (annotation: string) => yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      annotations:
        ${annotation}: "sidecar is managed by the mesh"
    spec:
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          initContainers:
            - name: migrate
              image: registry.example/web-migrate:3.2.0
          containers:
            - name: web
              image: registry.example/web:3.2.0
            - name: proxy
              image: envoyproxy/envoy:v1.31.2
  `;
  for (const annotation of ['ignore.berth/test-every-container.proxy', 'ignore.berth/all.proxy']) {
    const result = lintYaml(manifest(annotation), { rules: [everyContainer as Rule] });
    assert.deepEqual(result.findings.map((f) => f.message), ['container migrate', 'container web'], annotation);
    assert.equal(result.summary.suppressed, 1);
  }
  // The object-level form covers all containers; an unknown container name covers none.
  assert.equal(lintYaml(manifest('ignore.berth/test-every-container'), { rules: [everyContainer as Rule] }).findings.length, 0);
  assert.equal(lintYaml(manifest('ignore.berth/test-every-container.sidecar'), { rules: [everyContainer as Rule] }).findings.length, 3);
  // A container annotation does not silence findings that are not about a container.
  assert.deepEqual(ids(manifest('ignore.berth/test-by-reference.web')), ['test-by-reference@1', 'test-every-container@15', 'test-every-container@18', 'test-every-container@20']);
});

test('findings that name their object only by reference are suppressed too', () => {
  const result = lintYaml(yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: quiet
      annotations:
        ignore.berth/test-by-reference: "known"
    spec:
      containers:
        - name: app
          image: registry.example/app:1.0.0
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: loud
    spec:
      containers:
        - name: app
          image: registry.example/app:1.0.0
  `, { rules: [byReference as Rule] });
  assert.deepEqual(result.findings.map((f) => f.message), ['loud']);
  assert.equal(result.summary.suppressed, 1);
});

test('List items are suppressed one by one, and findings keep their lines inside the List', () => {
  const result = lintYaml(yaml`
    apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: Pod
        metadata:
          name: silenced
          annotations:
            ignore.berth/host-network: "ok"
        spec:
          hostNetwork: true
          containers: [{name: a, image: "registry.example/a:1"}]
      - apiVersion: v1
        kind: Pod
        metadata:
          name: reported
        spec:
          hostNetwork: true
          containers: [{name: a, image: "registry.example/a:1"}]
  `, { rules: [hostNetwork] });
  assert.deepEqual(result.findings.map((f) => [f.object?.name, f.location.line, f.location.column]), [['reported', 18, 7]]);
  assert.equal(result.summary.suppressed, 1);
});

test('only the key matters: a non-string reason still suppresses', () => {
  const result = lintYaml(yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: p
      annotations:
        ignore.berth/host-network: true
    spec:
      hostNetwork: true
      containers: [{name: a, image: "registry.example/a:1"}]
  `, { rules: [hostNetwork] });
  assert.deepEqual(result.findings, []);
  assert.equal(result.summary.suppressed, 1);
});

test('malformed templates and annotations never throw', () => {
  const result = lintYaml(yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: broken
      annotations: "not a map"
    spec:
      template: 5
    ---
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: broken-cron
    spec:
      jobTemplate: [1, 2]
  `, { rules });
  assert.deepEqual(result.findings.map((f) => f.message), ['broken', 'broken-cron']);
  assert.equal(result.summary.suppressed, 0);
});

test('a rule turned off in the config is not counted as suppressed', () => {
  const result = lintYaml(yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: p
    spec:
      hostNetwork: true
      containers: [{name: a, image: "registry.example/a:1"}]
  `, { rules: [hostNetwork], ruleLevels: { 'host-network': 'off' } });
  assert.deepEqual(result.findings, []);
  assert.equal(result.summary.suppressed, 0);
});
