import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseYaml } from '../../src/read/yaml.js';
import { isSchedulerResource, nodeAllocatable, podResources, type ResourceOptions } from '../../src/model/resources.js';
import { yaml } from '../helpers/lint.js';

const V133: ResourceOptions = { podLevelResources: false };
const V134: ResourceOptions = { podLevelResources: true };
const Mi = 1024 * 1024;
const Gi = 1024 * Mi;

function spec(text: string): Record<string, unknown> {
  const { documents, problems } = parseYaml(text, 'spec.yaml');
  assert.deepEqual(problems, []);
  return documents[0]!.value as Record<string, unknown>;
}

test('sums regular containers; requests default from limits per container and per resource', () => {
  const result = podResources(spec(yaml`
    containers:
      - name: app
        resources:
          requests: {cpu: 250m}
          limits: {cpu: "1", memory: 512Mi}
      - name: limits-only
        resources:
          limits: {cpu: 500m, memory: 1Gi}
      - name: best-effort
  `), ['spec'], V133);
  assert.deepEqual(result.requests, { cpu: 750, memory: 512 * Mi + Gi });
  // memory of `app` comes from its limit; the biggest contributor (limits-only) decides the finding's location.
  assert.deepEqual(result.requestPaths.memory, ['spec', 'containers', 1, 'resources', 'limits', 'memory']);
  assert.deepEqual(result.requestPaths.cpu, ['spec', 'containers', 1, 'resources', 'limits', 'cpu']);
});

test('init containers: max(sum of app containers, largest init container)', () => {
  const result = podResources(spec(yaml`
    initContainers:
      - name: migrate
        resources: {requests: {cpu: "2", memory: 64Mi}}
    containers:
      - name: app
        resources: {requests: {cpu: 500m, memory: 256Mi}}
  `), [], V133);
  assert.deepEqual(result.requests, { cpu: 2000, memory: 256 * Mi });
  assert.deepEqual(result.requestPaths.cpu, ['initContainers', 0, 'resources', 'requests', 'cpu']);
  assert.deepEqual(result.requestPaths.memory, ['containers', 0, 'resources', 'requests', 'memory']);
});

test('sidecars (restartPolicy: Always) add to the app sum and to every later init container', () => {
  // Upstream example (KEP-753): sidecar 1 cpu, then init 2 cpu, app 1 cpu.
  // containersSum = 1 (app) + 1 (sidecar) = 2; init candidate = 2 + 1 (sidecar started before it) = 3.
  const result = podResources(spec(yaml`
    initContainers:
      - name: proxy
        restartPolicy: Always
        resources: {requests: {cpu: "1"}}
      - name: setup
        resources: {requests: {cpu: "2"}}
    containers:
      - name: app
        resources: {requests: {cpu: "1"}}
  `), [], V133);
  assert.equal(result.requests.cpu, 3000);
  // An init container that runs before the sidecar does not count it.
  const before = podResources(spec(yaml`
    initContainers:
      - name: setup
        resources: {requests: {cpu: "2"}}
      - name: proxy
        restartPolicy: Always
        resources: {requests: {cpu: "1"}}
    containers:
      - name: app
        resources: {requests: {cpu: "1"}}
  `), [], V133);
  assert.equal(before.requests.cpu, 2000);
});

test('overhead is added after aggregation; quantities are rounded up once', () => {
  const result = podResources(spec(yaml`
    overhead: {cpu: 250m, memory: 120Mi}
    containers:
      - name: a
        resources: {requests: {cpu: "0.0001", memory: "1.5"}}
      - name: b
        resources: {requests: {memory: "1.5"}}
  `), [], V133);
  // 0.0001 cpu is stored as 1m (Quantity keeps milli precision); 1.5 + 1.5 bytes = 3 bytes exactly.
  assert.deepEqual(result.requests, { cpu: 251, memory: 3 + 120 * Mi });
});

test('resource names: extended, hugepages and kubernetes.io-prefixed count; unprefixed unknown names do not', () => {
  const result = podResources(spec(yaml`
    containers:
      - name: trainer
        resources:
          limits: {nvidia.com/gpu: 2, hugepages-2Mi: 100Mi, gpu: 1, example.com/dongle: "1"}
          requests: {kubernetes.io/batch-cpu: "3", cpu: nonsense}
  `), [], V133);
  assert.deepEqual(result.requests, { 'nvidia.com/gpu': 2, 'hugepages-2Mi': 100 * Mi, 'example.com/dongle': 1, 'kubernetes.io/batch-cpu': 3 });
  assert.equal(isSchedulerResource('attachable-volumes-aws-ebs'), true);
  assert.equal(isSchedulerResource('pods'), false);
  assert.equal(isSchedulerResource('requests.nvidia.com/gpu'), false);
});

test('scoring view: 100m/200Mi per container without an entry, explicit 0 stays 0 (section 9.3)', () => {
  const result = podResources(spec(yaml`
    initContainers:
      - name: init
    containers:
      - name: none
      - name: zero
        resources: {requests: {cpu: "0", memory: "0"}}
      - name: some
        resources: {requests: {cpu: 300m}}
  `), [], V133);
  assert.deepEqual(result.requests, { cpu: 300, memory: 0 });
  assert.deepEqual(result.nonZeroRequests, { cpu: 100 + 0 + 300, memory: 200 * Mi + 0 + 200 * Mi });
});

test('pod-level resources override the aggregate from 1.34 and are ignored before', () => {
  const text = yaml`
    resources:
      requests: {cpu: "2"}
      limits: {memory: 1Gi}
    containers:
      - name: app
        resources: {requests: {cpu: 500m}}
  `;
  // Pod-level memory request defaults to the pod-level limit since no container asks for memory.
  const on = podResources(spec(text), [], V134);
  assert.deepEqual(on.requests, { cpu: 2000, memory: Gi });
  assert.deepEqual(on.requestPaths.cpu, ['resources', 'requests', 'cpu']);
  assert.deepEqual(on.nonZeroRequests, { cpu: 2000, memory: Gi });
  const off = podResources(spec(text), [], V133);
  assert.deepEqual(off.requests, { cpu: 500 });
  assert.deepEqual(off.nonZeroRequests, { cpu: 500, memory: 200 * Mi });

  // Pod-level limits only: cpu requested by a container defaults to the containers' aggregate, memory
  // (requested by none) to the pod-level limit (defaultPodRequests).
  const limitsOnly = podResources(spec(yaml`
    resources:
      limits: {cpu: "4", memory: 2Gi}
    initContainers:
      - name: warm
        resources: {requests: {cpu: "1"}}
    containers:
      - name: app
        resources: {requests: {cpu: 250m}}
  `), [], V134);
  assert.deepEqual(limitsOnly.requests, { cpu: 1000, memory: 2 * Gi });
});

test('node allocatable: units per resource, capacity only when allocatable is missing', () => {
  const status = spec(yaml`
    capacity: {cpu: "4", memory: 8Gi, pods: "110"}
    allocatable: {cpu: 3920m, memory: 12699832Ki, pods: "110", nvidia.com/gpu: "1", hugepages-1Gi: "0", ephemeral-storage: "95551679810", weird: "1"}
  `);
  assert.deepEqual(nodeAllocatable(status), {
    allocatable: { cpu: 3920, memory: 12699832 * 1024, pods: 110, 'nvidia.com/gpu': 1, 'hugepages-1Gi': 0, 'ephemeral-storage': 95551679810 },
    fromCapacity: false,
  });
  assert.deepEqual(nodeAllocatable({ capacity: { cpu: 2, memory: '4Gi' } }), { allocatable: { cpu: 2000, memory: 4 * Gi }, fromCapacity: true });
  assert.deepEqual(nodeAllocatable(undefined), { allocatable: {}, fromCapacity: false });
});

test('LimitRanger default requests fill only containers without a request (after limits defaulted them)', () => {
  const result = podResources(spec(yaml`
    initContainers:
      - name: init
    containers:
      - name: bare
      - name: limited
        resources: {limits: {cpu: "1"}}
      - name: requested
        resources: {requests: {memory: 64Mi}}
  `), ['spec'], { ...V133, defaultRequests: { cpu: '100m', memory: '128Mi' } });
  // bare 100m + limited 1 (its limit) + requested 100m; memory 128Mi + 128Mi + 64Mi.
  assert.deepEqual(result.requests, { cpu: 1200, memory: 320 * Mi });
  // The defaulted value has no key of its own: findings point at the container.
  assert.deepEqual(result.requestPaths.memory, ['spec', 'containers', 0, 'resources']);
});

test('a pod read from a cluster counts with the larger of spec and allocated/actual resources (1.33+)', () => {
  const podSpec = spec(yaml`
    containers:
      - name: app
        resources: {requests: {cpu: 500m, memory: 256Mi}}
  `);
  const status = spec(yaml`
    containerStatuses:
      - name: app
        allocatedResources: {cpu: "1", memory: 256Mi}
        resources:
          requests: {cpu: 500m, memory: 512Mi}
  `);
  const on = { ...V134, statusResources: true };
  assert.deepEqual(podResources(podSpec, [], on, status).requests, { cpu: 1000, memory: 512 * Mi });
  assert.deepEqual(podResources(podSpec, [], on, status).requestPaths.cpu, ['containers', 0, 'resources', 'requests', 'cpu']);
  assert.deepEqual(podResources(podSpec, [], V133, status).requests, { cpu: 500, memory: 256 * Mi });
  // An infeasible resize: the spec no longer counts, only what is allocated/actuated.
  const infeasible = { ...status, conditions: [{ type: 'PodResizePending', status: 'True', reason: 'Infeasible' }] };
  const shrunk = spec(yaml`
    containers:
      - name: app
        resources: {requests: {cpu: "8", memory: 256Mi}}
  `);
  assert.deepEqual(podResources(shrunk, [], on, infeasible).requests, { cpu: 1000, memory: 512 * Mi });
});

test('property: cpu equals the section 9.2 pseudo-code for any mix of containers, init containers and sidecars', () => {
  const container = fc.record({ cpu: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: undefined }), sidecar: fc.boolean() });
  fc.assert(fc.property(fc.array(container, { maxLength: 4 }), fc.array(container, { maxLength: 4 }), (apps, inits) => {
    const asSpec = (c: { cpu?: number }, i: number) => ({ name: `c${i}`, ...(c.cpu === undefined ? {} : { resources: { requests: { cpu: `${c.cpu}m` } } }) });
    const podSpec = {
      containers: apps.map(asSpec),
      initContainers: inits.map((c, i) => ({ ...asSpec(c, i), ...(c.sidecar ? { restartPolicy: 'Always' } : {}) })),
    };
    // Section 9.2, literally.
    let containersSum = apps.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
    let sidecarsSoFar = 0;
    let initMax = 0;
    for (const c of inits) {
      let candidate: number;
      if (c.sidecar) {
        containersSum += c.cpu ?? 0;
        sidecarsSoFar += c.cpu ?? 0;
        candidate = sidecarsSoFar;
      } else {
        candidate = (c.cpu ?? 0) + sidecarsSoFar;
      }
      initMax = Math.max(initMax, candidate);
    }
    const anyCpu = [...apps, ...inits].some((c) => c.cpu !== undefined);
    const result = podResources(podSpec, [], V133);
    assert.equal(result.requests.cpu, anyCpu ? Math.max(containersSum, initMax) : undefined);
  }));
});
