#!/usr/bin/env node
// Deterministic scale generator (issue 6, "Scale"): a cluster snapshot of N nodes and manifests totalling
// P pods with a realistic mix, written as a user would feed them to `berth check DIR --cluster FILE`.
//
// Usage: node bench/generate.mjs --nodes 1000 --pods 30000 [--seed 1] [--out .bench-out/scale-1000x30000]
//        [--cluster-format json|yaml] [--busy K]
//   --busy K   the snapshot also holds K running application pods per worker node (snapshot-reading benchmarks)
// In-process: `generateScale({ nodes, pods, seed })` → { cluster: {path, text}, manifests: [{path, text}], stats }.
//
// Same options and seed → byte-identical output (a seeded PRNG, no clock, no Map-order surprises).
//
// The cluster (`kubectl get nodes,pods -A -o json` shape): three zones; general/compute/memory pools of
// different instance types; control-plane nodes tainted NoSchedule; a GPU pool tainted
// nvidia.com/gpu=present:NoSchedule with nvidia.com/gpu allocatable; a few cordoned nodes (with the taint
// the node lifecycle controller adds); every node runs kube-proxy and a CNI agent, some run CoreDNS.
// The manifests: a PriorityClass, Namespaces, a few DaemonSets (one with a hostPort, one for the GPU pool),
// then Deployments and StatefulSets of 1–200 replicas (skewed towards small) until exactly P pods: requests
// from 50m/64Mi to 2 CPU/4Gi, pool nodeSelectors, tolerations, ~8% required hostname anti-affinity, ~15%
// zone topology spread, a few hostPorts, ~10% on the PriorityClass, Services for half of the Deployments.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: small, fast, good enough for a benchmark mix, and the same on every platform. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    /** Items are [value, weight]. */
    weighted(items) {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [value, w] of items) if ((r -= w) < 0) return value;
      return items[items.length - 1][0];
    },
  };
}

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const GI = 1024 * 1024; // in Ki
/** Instance types: cpu in millicores and memory in Ki as the kubelet reports allocatable (system reserved taken off). */
const POOLS = {
  general: { type: 'm5.2xlarge', cpu: 7910, memoryKi: 31 * GI - 734 * 1024, pods: 58 },
  compute: { type: 'c5.4xlarge', cpu: 15890, memoryKi: 30 * GI - 1180 * 1024, pods: 110 },
  memory: { type: 'r5.2xlarge', cpu: 7910, memoryKi: 62 * GI - 1530 * 1024, pods: 58 },
  large: { type: 'm5.8xlarge', cpu: 31750, memoryKi: 124 * GI - 3000 * 1024, pods: 234 },
  gpu: { type: 'p3.8xlarge', cpu: 31750, memoryKi: 240 * GI - 4200 * 1024, pods: 234, gpus: 4 },
  'control-plane': { type: 'm5.xlarge', cpu: 3920, memoryKi: 15 * GI - 600 * 1024, pods: 110 },
};
const NAMESPACES = ['payments', 'checkout', 'search', 'catalog', 'identity', 'data', 'ml', 'platform', 'web', 'messaging'];
const IMAGES = ['nginx:1.27.2', 'registry.example.com/app/api:2.14.0', 'registry.example.com/app/worker:2.14.0', 'redis:7.4.1', 'envoyproxy/envoy:v1.31.3', 'registry.example.com/ml/serve:0.9.1'];
const REQUESTS = [
  [{ cpu: '50m', memory: '64Mi' }, 20],
  [{ cpu: '100m', memory: '128Mi' }, 25],
  [{ cpu: '200m', memory: '256Mi' }, 20],
  [{ cpu: '250m', memory: '512Mi' }, 12],
  [{ cpu: '500m', memory: '1Gi' }, 12],
  [{ cpu: '1', memory: '2Gi' }, 8],
  [{ cpu: '2', memory: '4Gi' }, 3],
];
const KUBELET = 'v1.33.5';

// ---- nodes ----

function nodePools(count, random) {
  const controlPlanes = Math.min(count, count >= 1000 ? 5 : 3);
  const rest = count - controlPlanes;
  const gpus = Math.max(rest >= 20 ? 2 : 0, Math.round(rest * 0.03));
  const pools = [];
  for (let i = 0; i < controlPlanes; i++) pools.push('control-plane');
  for (let i = 0; i < gpus; i++) pools.push('gpu');
  for (let i = pools.length; i < count; i++) pools.push(random.weighted([['general', 50], ['compute', 25], ['memory', 15], ['large', 10]]));
  return pools;
}

function nodeObject(name, pool, zone, cordoned, index) {
  const shape = POOLS[pool];
  const labels = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': shape.type,
    'topology.kubernetes.io/region': 'us-east-1',
    'topology.kubernetes.io/zone': zone,
    'berth.example.com/pool': pool,
  };
  const taints = [];
  if (pool === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = '';
    taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
  }
  if (pool === 'gpu') {
    labels['nvidia.com/gpu.present'] = 'true';
    taints.push({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
  }
  if (cordoned) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: '2026-11-20T08:00:00Z' });
  const allocatable = { cpu: `${shape.cpu}m`, 'ephemeral-storage': '95491281146', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${shape.memoryKi}Ki`, pods: String(shape.pods) };
  if (shape.gpus) allocatable['nvidia.com/gpu'] = String(shape.gpus);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: uid('node', index), labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
    spec: { providerID: `aws:///${zone}/i-${hex(index, 17)}`, ...(taints.length ? { taints } : {}), ...(cordoned ? { unschedulable: true } : {}) },
    status: {
      allocatable,
      capacity: { ...allocatable, cpu: String(Math.ceil(shape.cpu / 1000)), memory: `${shape.memoryKi + 600 * 1024}Ki` },
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure' },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady' },
      ],
      nodeInfo: { architecture: 'amd64', kubeletVersion: KUBELET, operatingSystem: 'linux', containerRuntimeVersion: 'containerd://1.7.22' },
    },
  };
}

function hex(n, width) {
  return (n * 2654435761 >>> 0).toString(16).padStart(width, '0').slice(-width);
}

function uid(kind, n) {
  const h = hex(n + kind.length * 1000003, 12);
  return `${hex(n, 8)}-${h.slice(0, 4)}-4${h.slice(4, 7)}-a${h.slice(7, 10)}-${hex(n + 7, 12)}`;
}

/** A pod of the snapshot, bound and Running, owned by a DaemonSet or ReplicaSet not in the manifests. */
function systemPod(name, namespace, nodeName, owner, labels, container, index, tolerations) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: uid('pod', index), labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: uid(owner.kind, 1), controller: true }] },
    spec: {
      nodeName,
      priorityClassName: 'system-node-critical',
      priority: 2000001000,
      schedulerName: 'default-scheduler',
      containers: [container],
      ...(tolerations ? { tolerations } : {}),
    },
    status: { phase: 'Running', qosClass: 'Burstable', hostIP: '10.0.0.1' },
  };
}

const TOLERATE_ALL = [{ operator: 'Exists' }];

/** An application pod already running (owned by a ReplicaSet outside the manifests), as kubectl prints it. */
function runningAppPod(nodeName, index) {
  const app = `legacy-${index % 40}`;
  const hash = hex(index % 40, 10);
  const name = `${app}-${hash}-${hex(index, 5)}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'legacy',
      uid: uid('app', index),
      labels: { app, 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hash}`, uid: uid('rs', index % 40), controller: true, blockOwnerDeletion: true }],
      creationTimestamp: '2026-11-01T10:00:00Z',
    },
    spec: {
      nodeName,
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      containers: [
        { name: 'app', image: 'registry.example.com/legacy/app:1.0.3', ports: [{ containerPort: 8080, protocol: 'TCP' }], resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } }, terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' },
        { name: 'proxy', image: 'envoyproxy/envoy:v1.31.3', resources: { requests: { cpu: '10m', memory: '32Mi' } } },
      ],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: {
      phase: 'Running',
      qosClass: 'Burstable',
      podIP: `10.1.${(index >> 8) & 255}.${index & 255}`,
      startTime: '2026-11-01T10:00:05Z',
      conditions: [{ type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 0, image: 'registry.example.com/legacy/app:1.0.3', containerID: `containerd://${hex(index, 16)}`, started: true, state: { running: { startedAt: '2026-11-01T10:00:07Z' } } },
        { name: 'proxy', ready: true, restartCount: 0, image: 'envoyproxy/envoy:v1.31.3', containerID: `containerd://${hex(index + 1, 16)}`, started: true, state: { running: { startedAt: '2026-11-01T10:00:07Z' } } },
      ],
    },
  };
}

function snapshotPods(nodes, busy) {
  const pods = [];
  let index = 0;
  let appIndex = 0;
  nodes.forEach((node, i) => {
    const appNode = !node.spec.unschedulable && !node.spec.taints?.length;
    if (appNode) for (let k = 0; k < busy; k++) pods.push(runningAppPod(node.metadata.name, appIndex++));
    const name = node.metadata.name;
    const suffix = hex(i, 5);
    pods.push(systemPod(`kube-proxy-${suffix}`, 'kube-system', name, { kind: 'DaemonSet', name: 'kube-proxy' }, { 'k8s-app': 'kube-proxy' },
      { name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.33.5', resources: { requests: { cpu: '100m' } } }, index++, TOLERATE_ALL));
    pods.push(systemPod(`aws-node-${suffix}`, 'kube-system', name, { kind: 'DaemonSet', name: 'aws-node' }, { 'k8s-app': 'aws-node' },
      { name: 'aws-node', image: 'amazon-k8s-cni:v1.18.5', resources: { requests: { cpu: '25m' } }, ports: [{ containerPort: 61678, hostPort: 61678, name: 'metrics', protocol: 'TCP' }] }, index++, TOLERATE_ALL));
    if (i % 50 === 7) {
      pods.push(systemPod(`coredns-5d78c9869d-${suffix}`, 'kube-system', name, { kind: 'ReplicaSet', name: 'coredns-5d78c9869d' }, { 'k8s-app': 'kube-dns', 'pod-template-hash': '5d78c9869d' },
        { name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3', resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } } }, index++));
    }
  });
  return pods;
}

function generateNodes(count, random) {
  const pools = nodePools(count, random);
  const cordonEvery = count >= 100 ? Math.round(count / Math.max(2, Math.round(count * 0.005))) : 0;
  const counters = {};
  return pools.map((pool, i) => {
    counters[pool] = (counters[pool] ?? 0) + 1;
    const zone = ZONES[i % ZONES.length];
    const name = `ip-10-${(i >> 16) & 255}-${(i >> 8) & 255}-${i & 255}.${pool}.ec2.internal`;
    const cordoned = pool !== 'control-plane' && cordonEvery > 0 && i % cordonEvery === cordonEvery - 1;
    return nodeObject(name, pool, zone, cordoned, i);
  });
}

// ---- workloads ----

function container(name, image, requests, random, ports) {
  const c = {
    name,
    image,
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, ...(ports ?? [])],
    resources: { requests: { ...requests }, limits: { memory: requests.memory } },
  };
  if (random.chance(0.85)) {
    c.readinessProbe = { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 10 };
    c.livenessProbe = { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 10 };
  }
  return c;
}

function daemonSets(random) {
  const list = [];
  list.push({
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'node-exporter', namespace: 'platform', labels: { app: 'node-exporter' } },
    spec: {
      selector: { matchLabels: { app: 'node-exporter' } },
      template: {
        metadata: { labels: { app: 'node-exporter' } },
        spec: {
          tolerations: TOLERATE_ALL,
          containers: [container('node-exporter', 'quay.io/prometheus/node-exporter:v1.8.2', { cpu: '50m', memory: '64Mi' }, random, [{ name: 'metrics', containerPort: 9100, hostPort: 9100, protocol: 'TCP' }])],
        },
      },
    },
  });
  list.push({
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'fluent-bit', namespace: 'platform', labels: { app: 'fluent-bit' } },
    spec: {
      selector: { matchLabels: { app: 'fluent-bit' } },
      template: {
        metadata: { labels: { app: 'fluent-bit' } },
        spec: {
          priorityClassName: 'system-node-critical',
          tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [container('fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit:3.1.9', { cpu: '100m', memory: '128Mi' }, random)],
        },
      },
    },
  });
  list.push({
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'nvidia-device-plugin', namespace: 'platform', labels: { app: 'nvidia-device-plugin' } },
    spec: {
      selector: { matchLabels: { app: 'nvidia-device-plugin' } },
      template: {
        metadata: { labels: { app: 'nvidia-device-plugin' } },
        spec: {
          nodeSelector: { 'nvidia.com/gpu.present': 'true' },
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [container('device-plugin', 'nvcr.io/nvidia/k8s-device-plugin:v0.16.2', { cpu: '50m', memory: '64Mi' }, random)],
        },
      },
    },
  });
  return list;
}

function replicaCount(random, max) {
  // Skewed: most workloads are small, a few are big (mean ~ 45 replicas).
  const u = random.next();
  return Math.min(max, 1 + Math.floor(199 * u * u * u));
}

function appWorkload(index, replicas, random, priorityClass) {
  const namespace = NAMESPACES[index % NAMESPACES.length];
  const name = `${random.pick(['api', 'worker', 'frontend', 'consumer', 'cache', 'indexer', 'gateway', 'scheduler'])}-${index}`;
  const stateful = random.chance(0.22);
  const gpu = random.chance(0.02);
  const labels = { app: name, 'app.kubernetes.io/part-of': namespace };
  const requests = gpu ? { cpu: '2', memory: '4Gi', 'nvidia.com/gpu': '1' } : { ...random.weighted(REQUESTS) };
  const spec = { containers: [] };
  const hostPort = !gpu && random.chance(0.01) ? [{ name: 'hostport', containerPort: 9000 + (index % 7), hostPort: 9000 + (index % 7), protocol: 'TCP' }] : undefined;
  spec.containers.push(container(name.split('-')[0], gpu ? IMAGES[5] : random.pick(IMAGES.slice(0, 5)), requests, random, hostPort));
  if (gpu) {
    spec.nodeSelector = { 'nvidia.com/gpu.present': 'true' };
    spec.tolerations = [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }];
  } else {
    const selector = random.weighted([[undefined, 70], ['compute', 12], ['memory', 10], ['large', 3], ['os', 5]]);
    if (selector === 'os') spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
    else if (selector) spec.nodeSelector = { 'berth.example.com/pool': selector };
    if (random.chance(0.05)) spec.tolerations = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }];
  }
  if (random.chance(0.08)) {
    spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: name } }, topologyKey: 'kubernetes.io/hostname' }] } };
  } else if (random.chance(0.05)) {
    spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: name } }, topologyKey: 'kubernetes.io/hostname' } }] } };
  }
  if (random.chance(0.15)) {
    spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: random.chance(0.7) ? 'DoNotSchedule' : 'ScheduleAnyway', labelSelector: { matchLabels: { app: name } } }];
  }
  if (priorityClass) spec.priorityClassName = 'business-critical';
  const workload = {
    apiVersion: 'apps/v1',
    kind: stateful ? 'StatefulSet' : 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      ...(stateful ? { serviceName: name, ...(random.chance(0.5) ? { podManagementPolicy: 'Parallel' } : {}) } : {}),
      template: { metadata: { labels }, spec },
    },
  };
  const service = !stateful && random.chance(0.5)
    ? { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } }
    : undefined;
  return { workload, service };
}

/** Pods a DaemonSet gets on the generated nodes (its nodeSelector and tolerations only; no affinity here). */
function daemonSetPodCount(ds, nodes) {
  const spec = ds.spec.template.spec;
  return nodes.filter((node) => {
    const labels = node.metadata.labels;
    if (Object.entries(spec.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return false;
    // The controller adds tolerations for unschedulable, not-ready etc.; it does not add control-plane or gpu ones.
    return (node.spec.taints ?? []).every((t) => t.key === 'node.kubernetes.io/unschedulable' || (spec.tolerations ?? []).some((tol) => tol.operator === 'Exists' && (tol.key === undefined || tol.key === t.key)));
  }).length;
}

// ---- YAML / JSON text ----

const PLAIN = /^[A-Za-z_./][A-Za-z0-9_./-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

function scalar(value) {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (PLAIN.test(value) && !RESERVED.test(value)) return value;
  return JSON.stringify(value);
}

/** Block-style YAML, two-space indent, sequences indented under their key (kubectl's style). */
function toYaml(value, indent = '') {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item) => {
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        const body = toYaml(item, indent + '  ');
        return `\n${indent}- ${body.slice(indent.length + 3)}`;
      }
      return `\n${indent}- ${scalar(item)}`;
    }).join('');
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return ' {}';
    return keys.map((key) => {
      const v = value[key];
      const k = scalar(key);
      if (v !== null && typeof v === 'object') return `\n${indent}${k}:${toYaml(v, indent + '  ')}`;
      return `\n${indent}${k}: ${scalar(v)}`;
    }).join('');
  }
  return ` ${scalar(value)}`;
}

function yamlDocuments(objects) {
  return objects.map((o) => `---${toYaml(o)}\n`).join('');
}

// ---- the whole scenario ----

/**
 * @param {{ nodes: number, pods: number, seed?: number, busy?: number, clusterFormat?: 'json' | 'yaml', workloadsPerFile?: number }} options
 */
export function generateScale(options) {
  const { nodes: nodeCount, pods: podTarget } = options;
  const random = prng(options.seed ?? 1);
  const nodes = generateNodes(nodeCount, random);
  const pods = snapshotPods(nodes, options.busy ?? 0);
  const clusterList = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [...nodes, ...pods] };
  const clusterFormat = options.clusterFormat ?? 'json';
  const cluster = {
    path: clusterFormat === 'json' ? 'cluster.json' : 'cluster.yaml',
    text: clusterFormat === 'json' ? `${JSON.stringify(clusterList, null, 4)}\n` : yamlDocuments([clusterList]),
  };

  const platform = [
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'business-critical' }, value: 100000, globalDefault: false, description: 'Revenue path services.' },
    ...NAMESPACES.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { team: name } } })),
  ];
  const files = [{ path: 'manifests/000-platform.yaml', objects: platform }];
  const stats = { nodes: nodeCount, snapshotPods: pods.length, pods: 0, workloads: 0, daemonSets: 0, deployments: 0, statefulSets: 0, services: 0, antiAffinity: 0, spread: 0, hostPorts: 0, gpu: 0, priority: 0 };

  const ds = daemonSets(random);
  const dsObjects = [];
  for (const d of ds) {
    const count = daemonSetPodCount(d, nodes);
    if (stats.pods + count > podTarget) continue;
    stats.pods += count;
    stats.daemonSets++;
    dsObjects.push(d);
  }
  files.push({ path: 'manifests/001-daemonsets.yaml', objects: dsObjects });

  const perFile = options.workloadsPerFile ?? 25;
  let current = [];
  let index = 0;
  while (stats.pods < podTarget) {
    const replicas = replicaCount(random, podTarget - stats.pods);
    const priority = random.chance(0.1);
    const { workload, service } = appWorkload(index, replicas, random, priority);
    stats.pods += replicas;
    stats.workloads++;
    if (workload.kind === 'StatefulSet') stats.statefulSets++;
    else stats.deployments++;
    const spec = workload.spec.template.spec;
    if (spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution) stats.antiAffinity++;
    if (spec.topologySpreadConstraints) stats.spread++;
    if (spec.containers.some((c) => c.ports.some((p) => p.hostPort))) stats.hostPorts++;
    if (spec.nodeSelector?.['nvidia.com/gpu.present']) stats.gpu++;
    if (priority) stats.priority++;
    current.push(workload);
    if (service) {
      current.push(service);
      stats.services++;
    }
    index++;
    if (index % perFile === 0) {
      files.push({ path: `manifests/${String(files.length).padStart(3, '0')}-apps.yaml`, objects: current });
      current = [];
    }
  }
  if (current.length > 0) files.push({ path: `manifests/${String(files.length).padStart(3, '0')}-apps.yaml`, objects: current });
  stats.workloads += stats.daemonSets;
  return { cluster, manifests: files.map((f) => ({ path: f.path, text: yamlDocuments(f.objects) })), stats };
}

/** Writes a generated scenario under `dir` (replacing what was there); returns the paths and stats. */
export function writeScale(dir, options) {
  const generated = generateScale(options);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'manifests'), { recursive: true });
  writeFileSync(join(dir, generated.cluster.path), generated.cluster.text);
  for (const f of generated.manifests) writeFileSync(join(dir, f.path), f.text);
  const bytes = generated.manifests.reduce((s, f) => s + Buffer.byteLength(f.text), 0);
  return { cluster: join(dir, generated.cluster.path), manifests: join(dir, 'manifests'), stats: { ...generated.stats, manifestBytes: bytes, clusterBytes: Buffer.byteLength(generated.cluster.text) } };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const nodes = Number(option('--nodes', '100'));
  const pods = Number(option('--pods', '3000'));
  const seed = Number(option('--seed', '1'));
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const out = resolve(option('--out', join(root, '.bench-out', `scale-${nodes}x${pods}`)));
  if (!Number.isInteger(nodes) || nodes < 1 || !Number.isInteger(pods) || pods < 0 || !Number.isInteger(seed)) {
    console.error('usage: node bench/generate.mjs --nodes N --pods P [--seed S] [--out DIR] [--cluster-format json|yaml] [--busy K]');
    process.exit(2);
  }
  const busy = Number(option('--busy', '0'));
  const written = writeScale(out, { nodes, pods, seed, busy, clusterFormat: option('--cluster-format', 'json') });
  console.log(JSON.stringify(written, null, 2));
}
