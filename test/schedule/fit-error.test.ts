import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareBytes, fitErrorMessage, postFilterMessage, type Diagnosis } from '../../src/schedule/fit-error.js';
import type { Status } from '../../src/schedule/framework.js';
import { behaviourFor } from '../../src/schedule/version.js';
import { parseKubeVersion } from '../../src/model/kube-version.js';
import { yaml } from '../helpers/lint.js';
import { simulateYaml } from './helpers.js';
import type { PodOutcome } from '../../src/schedule/result.js';

const status = (...reasons: string[]): Status => ({ plugin: 'X', code: 'U', reasons });

test('FitError: histogram entries sorted like Go sort.Strings, counts compared as text', () => {
  const nodeStatuses = new Map<string, Status>();
  for (let i = 0; i < 10; i++) nodeStatuses.set(`a${i}`, status('x'));
  nodeStatuses.set('b', status('x', 'Insufficient cpu'));
  for (let i = 0; i < 2; i++) nodeStatuses.set(`c${i}`, status('Too many pods'));
  for (let i = 0; i < 2; i++) nodeStatuses.set(`d${i}`, status('node(s) were unschedulable'));
  const diagnosis: Diagnosis = { numAllNodes: 15, nodeStatuses };
  assert.equal(fitErrorMessage(diagnosis), '0/15 nodes are available: 1 Insufficient cpu, 11 x, 2 Too many pods, 2 node(s) were unschedulable.');
  assert.ok(compareBytes('Z', 'a') < 0 && compareBytes('1 x', '10 x') < 0 && compareBytes('10 x', '2 x') < 0);
});

test('FitError: the PreFilter message replaces the histogram', () => {
  const rejection: Status = { plugin: 'NodeAffinity', code: 'UU', reasons: ['pod affinity terms conflict'] };
  assert.equal(fitErrorMessage({ numAllNodes: 3, nodeStatuses: new Map(), absentStatus: rejection, preFilterMsg: 'pod affinity terms conflict' }), '0/3 nodes are available: pod affinity terms conflict.');
});

test('FitError: absent nodes are counted with the absent status, or not at all', () => {
  const nodeStatuses = new Map([['n1', status('Insufficient cpu')]]);
  const absent: Status = { plugin: 'framework', code: 'UU', reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"] };
  assert.equal(fitErrorMessage({ numAllNodes: 5, nodeStatuses, absentStatus: absent }), "0/5 nodes are available: 1 Insufficient cpu, 4 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  assert.equal(fitErrorMessage({ numAllNodes: 5, nodeStatuses }), '0/5 nodes are available: 1 Insufficient cpu.');
});

test('PostFilter: preemptionPolicy Never, per version', () => {
  const v = (text: string) => behaviourFor(parseKubeVersion(text)!);
  assert.equal(postFilterMessage(v('1.36'), false, { kind: 'policy-never' }), 'no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never.');
  assert.equal(postFilterMessage(v('1.33'), false, { kind: 'policy-never' }), 'preemption: not eligible due to preemptionPolicy=Never.');
  assert.equal(postFilterMessage(v('1.34'), true, { kind: 'policy-never' }), 'not found');
  assert.equal(postFilterMessage(v('1.36'), false, { kind: 'candidate', node: 'n1', victims: ['default/low'] }), '');
});

// ---- worked examples of semantics doc section 5.2, verbatim ----

function workedCluster(workerCpuUsed: string): string {
  const worker = (name: string) => yaml`
    - apiVersion: v1
      kind: Node
      metadata: {name: ${name}, uid: ${name}-uid, labels: {kubernetes.io/hostname: ${name}}}
      status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
    - apiVersion: v1
      kind: Pod
      metadata: {name: busy-${name}, namespace: kube-system, uid: busy-${name}}
      spec:
        nodeName: ${name}
        containers: [{name: c, image: busy:1, resources: {requests: {cpu: ${workerCpuUsed}}}}]
      status: {phase: Running}
  `;
  return yaml`
    apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: Node
      metadata: {name: cp, uid: cp-uid, labels: {kubernetes.io/hostname: cp}}
      spec: {taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]}
      status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}
  ` + worker('w1').replace(/^/gm, '') + worker('w2');
}

function deployment(cpu: string, extraSpec = ''): string {
  return yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: app}
    spec:
      replicas: 1
      selector: {matchLabels: {app: app}}
      template:
        metadata: {labels: {app: app}}
        spec:
          ${extraSpec || 'restartPolicy: Always'}
          containers: [{name: app, image: app:1, resources: {requests: {cpu: ${cpu}}}}]
  `;
}

function onlyPending(outcome: PodOutcome | undefined): { message: string; fullMessage: string } {
  assert.ok(outcome && outcome.state === 'pending', `expected a pending pod, got ${outcome?.state}`);
  return outcome;
}

const workedExamples: [string, string][] = [
  ['1.36', '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'],
  ['1.35', '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'],
  ['1.34.1', '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'],
  ['1.34.0', '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'],
  ['1.33', '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'],
  ['1.30', '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'],
];

for (const [version, expected] of workedExamples) {
  test(`worked example (section 5.2), ${version}: tainted control plane, two full workers`, () => {
    const result = simulateYaml(deployment('500m'), workedCluster('1800m'), version);
    const pending = onlyPending(result.workloads[0]!.pods[0]);
    assert.equal(pending.fullMessage, expected);
    assert.equal(pending.message, expected.slice(0, expected.indexOf('cpu.') + 'cpu.'.length));
    assert.deepEqual(result.toPlacementReport().workloads[0]!.reasons, [pending.message]);
  });
}

test('worked example: a request above each worker total is UU on 1.34+, so preemption is not helpful anywhere', () => {
  const result = simulateYaml(deployment('3'), workedCluster('100m'), '1.36');
  assert.equal(onlyPending(result.workloads[0]!.pods[0]).fullMessage,
    '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  const old = simulateYaml(deployment('3'), workedCluster('100m'), '1.33');
  assert.equal(onlyPending(old.workloads[0]!.pods[0]).fullMessage,
    '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
});

test('worked example: preemptionPolicy Never on 1.34–1.36', () => {
  const result = simulateYaml(deployment('500m', 'preemptionPolicy: Never'), workedCluster('1800m'), '1.35');
  assert.equal(onlyPending(result.workloads[0]!.pods[0]).fullMessage,
    '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never.');
});

test('a higher-priority pod whose blockers have lower priority: no PostFilter text, and berth notes preemption may help', () => {
  const manifests = yaml`
    apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata: {name: high}
    value: 1000
  ` + '---\n' + deployment('500m', 'priorityClassName: high');
  const result = simulateYaml(manifests, workedCluster('1800m'), '1.36');
  const pod = result.workloads[0]!.pods[0]!;
  assert.ok(pod.state === 'pending' && pod.why === 'unschedulable');
  assert.equal(pod.fullMessage, '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu.');
  assert.equal(pod.preemptionMayHelp, true);
  assert.deepEqual(pod.preemption, { kind: 'candidate', node: 'w1', victims: ['kube-system/busy-w1'] });
});

test('after removing lower-priority pods the filter reasons of the still-failing node are reported', () => {
  const manifests = yaml`
    apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata: {name: high}
    value: 1000
  ` + '---\n' + deployment('2500m', 'priorityClassName: high');
  const result = simulateYaml(manifests, workedCluster('1800m'), '1.33');
  assert.equal(onlyPending(result.workloads[0]!.pods[0]).fullMessage,
    '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 Insufficient cpu.');
});

test('no nodes at all: "no nodes available to schedule pods", no suffix', () => {
  const result = simulateYaml(deployment('100m'), 'apiVersion: v1\nkind: List\nitems: []\n');
  const pending = onlyPending(result.workloads[0]!.pods[0]);
  assert.equal(pending.message, 'no nodes available to schedule pods');
  assert.equal(pending.fullMessage, 'no nodes available to schedule pods');
});

test('PreFilter UU (conflicting metadata.name terms): "not found" on 1.34+, preemption text before', () => {
  const pinned = yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: pinned}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchFields:
              - {key: metadata.name, operator: In, values: [w1]}
              - {key: metadata.name, operator: In, values: [w2]}
      containers: [{name: c, image: c:1}]
  `;
  assert.equal(onlyPending(simulateYaml(pinned, workedCluster('100m'), '1.36').workloads[0]!.pods[0]).fullMessage,
    '0/3 nodes are available: pod affinity terms conflict. not found');
  assert.equal(onlyPending(simulateYaml(pinned, workedCluster('100m'), '1.32').workloads[0]!.pods[0]).fullMessage,
    '0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
});

test('a pod pinned to a node name that does not exist (section 4)', () => {
  const pinned = yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: pinned}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchFields: [{key: metadata.name, operator: In, values: [ghost]}]
      containers: [{name: c, image: c:1}]
  `;
  assert.equal(onlyPending(simulateYaml(pinned, workedCluster('100m'), '1.33').workloads[0]!.pods[0]).fullMessage,
    "0/3 nodes are available: 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  assert.equal(onlyPending(simulateYaml(pinned, workedCluster('100m'), '1.36').workloads[0]!.pods[0]).fullMessage,
    "0/3 nodes are available: 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
});
