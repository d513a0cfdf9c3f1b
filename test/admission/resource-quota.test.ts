import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yaml } from '../helpers/lint.js';
import { simulateYaml } from '../schedule/helpers.js';
import { formatQuantity } from '../../src/admission/resources.js';

const CLUSTER = yaml`
  apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Node
    metadata: {name: big, uid: u1, labels: {kubernetes.io/hostname: big}}
    status: {allocatable: {cpu: "64", memory: 256Gi, pods: "110", nvidia.com/gpu: "8"}}
  - apiVersion: v1
    kind: Pod
    metadata: {name: besteffort, namespace: default}
    spec: {nodeName: big, containers: [{name: c, image: c:1}]}
    status: {phase: Running}
  - apiVersion: v1
    kind: Pod
    metadata: {name: finished, namespace: default}
    spec: {nodeName: big, containers: [{name: c, image: c:1, resources: {requests: {cpu: "8"}}}]}
    status: {phase: Succeeded}
`;

/** A quota, then pods named p0..p(n-1) with `spec`: how many get created, and the messages. */
function admitted(quota: string, spec: string, count = 3): [number, string[]] {
  const pods = Array.from({ length: count }, (_, i) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec: ${spec}\n`).join('');
  const report = simulateYaml(`apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec: ${quota}\n${pods}`, CLUSTER).toPlacementReport();
  return [report.workloads.filter((w) => w.notCreated === 0).length, [...new Set(report.workloads.flatMap((w) => w.admission ?? []))]];
}

const BEST_EFFORT = '{containers: [{name: c, image: c:1}]}';
const BURSTABLE = '{containers: [{name: c, image: c:1, resources: {requests: {cpu: 100m}}}]}';

test('scopes: BestEffort and NotBestEffort quotas count only their pods (the snapshot\'s BestEffort pod included)', () => {
  assert.deepEqual(admitted('{hard: {pods: "2"}, scopes: [BestEffort]}', BEST_EFFORT), [1, ['exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2']]);
  assert.deepEqual(admitted('{hard: {pods: "2"}, scopes: [BestEffort]}', BURSTABLE), [3, []]);
  assert.deepEqual(admitted('{hard: {pods: "2"}, scopes: [NotBestEffort]}', BURSTABLE), [2, ['exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2']]);
});

test('count/pods counts terminal snapshot pods too; pods does not', () => {
  assert.deepEqual(admitted('{hard: {count/pods: "3"}}', BEST_EFFORT), [1, ['exceeded quota: q, requested: count/pods=1, used: count/pods=3, limited: count/pods=3']]);
  assert.deepEqual(admitted('{hard: {pods: "3"}}', BEST_EFFORT), [2, ['exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3']]);
});

test('scopes: Terminating is activeDeadlineSeconds in the pod spec', () => {
  const terminating = '{activeDeadlineSeconds: 600, containers: [{name: c, image: c:1}]}';
  assert.deepEqual(admitted('{hard: {pods: "0"}, scopes: [Terminating]}', terminating)[0], 0);
  assert.deepEqual(admitted('{hard: {pods: "0"}, scopes: [Terminating]}', BEST_EFFORT)[0], 3);
  assert.deepEqual(admitted('{hard: {pods: "1"}, scopes: [NotTerminating]}', terminating)[0], 3);
});

test('scopes: PriorityClass selectors (In, NotIn, Exists)', () => {
  const urgent = '{priorityClassName: system-cluster-critical, containers: [{name: c, image: c:1}]}';
  assert.equal(admitted('{hard: {pods: "1"}, scopeSelector: {matchExpressions: [{scopeName: PriorityClass, operator: In, values: [system-cluster-critical]}]}}', urgent)[0], 1);
  assert.equal(admitted('{hard: {pods: "1"}, scopeSelector: {matchExpressions: [{scopeName: PriorityClass, operator: NotIn, values: [system-cluster-critical]}]}}', urgent)[0], 3);
  assert.equal(admitted('{hard: {pods: "0"}, scopeSelector: {matchExpressions: [{scopeName: PriorityClass, operator: Exists}]}}', BEST_EFFORT)[0], 3);
});

test('limits, memory shorthand and extended resources; the terminal pod\'s cpu is not used', () => {
  const spec = '{containers: [{name: c, image: c:1, resources: {limits: {cpu: "2", memory: 1G, nvidia.com/gpu: 1}}}]}';
  assert.deepEqual(admitted('{hard: {limits.cpu: "5"}}', spec), [2, ['exceeded quota: q, requested: limits.cpu=2, used: limits.cpu=4, limited: limits.cpu=5']]);
  assert.deepEqual(admitted('{hard: {memory: 2G}}', spec), [2, ['exceeded quota: q, requested: memory=1G, used: memory=2G, limited: memory=2G']]);
  assert.deepEqual(admitted('{hard: {requests.nvidia.com/gpu: "2"}}', spec), [2, ['exceeded quota: q, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=2, limited: requests.nvidia.com/gpu=2']]);
  assert.deepEqual(admitted('{hard: {requests.cpu: "6"}}', spec)[0], 3);
});

test('every exceeded resource of the quota is in the message, sorted', () => {
  const spec = '{containers: [{name: c, image: c:1, resources: {requests: {cpu: "1", memory: 1Gi}}}]}';
  assert.deepEqual(admitted('{hard: {requests.cpu: "1", requests.memory: 1Gi, pods: "9"}}', spec, 2),
    [1, ['exceeded quota: q, requested: requests.cpu=1,requests.memory=1Gi, used: requests.cpu=1,requests.memory=1Gi, limited: requests.cpu=1,requests.memory=1Gi']]);
});

test('a LimitRange default satisfies the quota\'s "must specify"', () => {
  const report = simulateYaml(yaml`
    apiVersion: v1
    kind: ResourceQuota
    metadata: {name: q}
    spec: {hard: {requests.cpu: "1"}}
    ---
    apiVersion: v1
    kind: LimitRange
    metadata: {name: d}
    spec: {limits: [{type: Container, defaultRequest: {cpu: 400m}}]}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: 3
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec: {containers: [{name: web, image: web:1}]}
  `, CLUSTER).toPlacementReport();
  assert.deepEqual([report.workloads[0]!.scheduled, report.workloads[0]!.notCreated, report.workloads[0]!.admission],
    [2, 1, ['exceeded quota: q, requested: requests.cpu=400m, used: requests.cpu=800m, limited: requests.cpu=1']]);
});

test('quantities print as the API server prints them', () => {
  assert.deepEqual([
    formatQuantity('requests.cpu', 1500n), formatQuantity('cpu', 2000n), formatQuantity('limits.memory', 768n * 1024n * 1024n * 1000n),
    formatQuantity('memory', 10n ** 12n), formatQuantity('pods', 3000n), formatQuantity('requests.ephemeral-storage', 1000n),
  ], ['1500m', '2', '768Mi', '1G', '3', '1']);
});

test('scopes: a PriorityClass quota sees the globalDefault class the Priority plugin wrote into the pod', () => {
  const manifests = yaml`
    apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata: {name: standard}
    value: 100
    globalDefault: true
    ---
    apiVersion: v1
    kind: ResourceQuota
    metadata: {name: standard-only}
    spec:
      hard: {pods: "1"}
      scopeSelector:
        matchExpressions: [{scopeName: PriorityClass, operator: In, values: [standard]}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: 2
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec: {containers: [{name: web, image: web:1}]}
  `;
  const web = simulateYaml(manifests, CLUSTER).toPlacementReport().workloads[0]!;
  assert.deepEqual([web.scheduled, web.notCreated], [1, 1]);
});
