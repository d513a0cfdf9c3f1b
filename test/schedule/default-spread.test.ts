import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifests } from '../../src/read/manifests.js';
import { toWorkload, type Workload } from '../../src/model/workload.js';
import { podTemplateOf } from '../../src/model/pod.js';
import { priorityClassesFrom } from '../../src/model/priority.js';
import { DEFAULT_KUBE_VERSION } from '../../src/model/kube-version.js';
import { defaultSpreadConstraints, servicesFrom } from '../../src/schedule/default-spread.js';
import { yaml } from '../helpers/lint.js';

function templates(text: string) {
  const read = readManifests([{ path: 'm.yaml', text }]);
  const context = { kubeVersion: DEFAULT_KUBE_VERSION, priorityClasses: priorityClassesFrom([]) };
  const services = servicesFrom(read.objects);
  return read.objects
    .map(toWorkload)
    .filter((w): w is Workload => w !== undefined)
    .map((w) => defaultSpreadConstraints(podTemplateOf(w, context), services).map((c) => [c.topologyKey, c.maxSkew, c.selector.requirements.map((r) => `${r.key}=${r.values.join(',')}`)]));
}

test('system default spreading: a Deployment spreads by its ReplicaSet selector (with pod-template-hash), merged with Services', () => {
  const [deployment, job, servedJob] = templates(yaml`
    apiVersion: v1
    kind: Service
    metadata: {name: workers}
    spec: {selector: {role: worker}}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec: {containers: [{name: c, image: c:1}]}
    ---
    apiVersion: batch/v1
    kind: Job
    metadata: {name: once}
    spec:
      template:
        metadata: {labels: {app: once}}
        spec: {restartPolicy: Never, containers: [{name: c, image: c:1}]}
    ---
    apiVersion: batch/v1
    kind: Job
    metadata: {name: batch}
    spec:
      template:
        metadata: {labels: {role: worker}}
        spec: {restartPolicy: Never, containers: [{name: c, image: c:1}]}
  `);
  assert.equal(deployment!.length, 2);
  assert.deepEqual(deployment!.map((c) => [c[0], c[1]]), [['kubernetes.io/hostname', 3], ['topology.kubernetes.io/zone', 5]]);
  const selector = deployment![0]![2] as string[];
  assert.equal(selector[0], 'app=web');
  assert.match(selector[1]!, /^pod-template-hash=/);
  assert.deepEqual(job, []); // Jobs are not spread by their controller, and no Service selects it
  assert.deepEqual(servedJob!.map((c) => c[2]), [['role=worker'], ['role=worker']]);
});
