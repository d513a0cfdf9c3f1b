import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SimulationResult } from '../../src/schedule/result.js';
import { simulateYaml } from './helpers.js';

// Schedule sessions (src/schedule/schedule-session.ts) skip work between replicas of a template, and replicas
// share attempts (src/schedule/simulate.ts); both must give exactly what filtering and scoring every node for
// every pod gives. These clusters and workloads
// exercise every case a session handles or refuses: default and own ScheduleAnyway spread, zone
// DoNotSchedule spread (session-gate.ts), hostname anti-affinity (required and preferred), preferred node
// affinity and PreferNoSchedule taints (normalising scores), images, host ports, nodes without a zone.

interface NodeGen { cpu: number; memoryGi: number; pods: number; zone: 'a' | 'b' | 'c' | null; soft: boolean; hard: boolean; cordoned: boolean; image: boolean; ssd: boolean }
interface WorkloadGen {
  kind: 'Deployment' | 'StatefulSet';
  /** StatefulSet podManagementPolicy Parallel: every pod is created (with its own pod-name label). */
  parallel: boolean;
  replicas: number;
  cpu: number;
  memoryMi: number;
  service: boolean;
  spread: 'none' | 'DoNotSchedule' | 'ScheduleAnyway';
  maxSkew: number;
  antiAffinity: 'none' | 'required' | 'preferred';
  preferSsd: boolean;
  tolerateSoft: boolean;
  tolerateHard: boolean;
  zone: 'a' | 'b' | null;
  hostPort: boolean;
  image: boolean;
}

const nodeGen = fc.record<NodeGen>({
  cpu: fc.integer({ min: 1000, max: 8000 }),
  memoryGi: fc.integer({ min: 1, max: 16 }),
  pods: fc.integer({ min: 2, max: 12 }),
  zone: fc.constantFrom('a', 'b', 'c', 'a', 'b', null),
  soft: fc.boolean(),
  hard: fc.constantFrom(false, false, false, true),
  cordoned: fc.constantFrom(false, false, false, false, true),
  image: fc.boolean(),
  ssd: fc.boolean(),
});
const workloadGen = fc.record<WorkloadGen>({
  kind: fc.constantFrom('Deployment', 'Deployment', 'StatefulSet'),
  parallel: fc.boolean(),
  replicas: fc.integer({ min: 1, max: 14 }),
  cpu: fc.integer({ min: 0, max: 2500 }),
  memoryMi: fc.integer({ min: 0, max: 3000 }),
  service: fc.boolean(),
  spread: fc.constantFrom('none', 'none', 'DoNotSchedule', 'ScheduleAnyway'),
  maxSkew: fc.integer({ min: 1, max: 2 }),
  antiAffinity: fc.constantFrom('none', 'none', 'required', 'preferred'),
  preferSsd: fc.boolean(),
  tolerateSoft: fc.boolean(),
  tolerateHard: fc.boolean(),
  zone: fc.constantFrom('a', 'b', null, null),
  hostPort: fc.constantFrom(false, false, false, true),
  image: fc.boolean(),
});
const scenarioGen = fc.record({ nodes: fc.array(nodeGen, { minLength: 1, maxLength: 12 }), workloads: fc.array(workloadGen, { minLength: 1, maxLength: 5 }) });

function clusterYaml(nodes: readonly NodeGen[]): string {
  const items = nodes.map((n, i) => {
    const taints = [
      ...(n.soft ? ['{key: spot, value: "true", effect: PreferNoSchedule}'] : []),
      ...(n.hard ? ['{key: dedicated, value: x, effect: NoSchedule}'] : []),
    ];
    const labels = [`kubernetes.io/hostname: node-${i}`, ...(n.zone ? [`topology.kubernetes.io/zone: ${n.zone}`] : []), ...(n.ssd ? ['disk: ssd'] : [])];
    const images = n.image ? ', images: [{names: ["registry.example/app:1"], sizeBytes: 524288000}]' : '';
    return `- {apiVersion: v1, kind: Node, metadata: {name: node-${i}, labels: {${labels.join(', ')}}}, spec: {unschedulable: ${n.cordoned}, taints: [${taints.join(', ')}]}, status: {allocatable: {cpu: ${n.cpu}m, memory: ${n.memoryGi}Gi, pods: "${n.pods}"}${images}}}`;
  });
  return `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`;
}

function manifestsYaml(workloads: readonly WorkloadGen[]): string {
  return workloads.map((w, i) => {
    const app = `w${i}`;
    const lines = [
      'apiVersion: apps/v1', `kind: ${w.kind}`, `metadata: {name: ${app}}`, 'spec:', `  replicas: ${w.replicas}`,
      ...(w.kind === 'StatefulSet' && w.parallel ? ['  podManagementPolicy: Parallel'] : []),
      `  selector: {matchLabels: {app: ${app}}}`, '  template:', `    metadata: {labels: {app: ${app}}}`, '    spec:',
    ];
    const tolerations = [...(w.tolerateSoft ? ['{key: spot, operator: Exists, effect: PreferNoSchedule}'] : []), ...(w.tolerateHard ? ['{key: dedicated, operator: Exists}'] : [])];
    if (tolerations.length > 0) lines.push(`      tolerations: [${tolerations.join(', ')}]`);
    if (w.zone) lines.push(`      nodeSelector: {topology.kubernetes.io/zone: ${w.zone}}`);
    const affinity: string[] = [];
    const term = `{labelSelector: {matchLabels: {app: ${app}}}, topologyKey: kubernetes.io/hostname}`;
    if (w.antiAffinity === 'required') affinity.push(`podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [${term}]}`);
    if (w.antiAffinity === 'preferred') affinity.push(`podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, podAffinityTerm: ${term}}]}`);
    if (w.preferSsd) affinity.push('nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 40, preference: {matchExpressions: [{key: disk, operator: In, values: [ssd]}]}}]}');
    if (affinity.length > 0) lines.push(`      affinity: {${affinity.join(', ')}}`);
    if (w.spread !== 'none') {
      lines.push(`      topologySpreadConstraints: [{maxSkew: ${w.maxSkew}, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ${w.spread}, labelSelector: {matchLabels: {app: ${app}}}}]`);
    }
    const ports = w.hostPort ? ', ports: [{containerPort: 80, hostPort: 8080}]' : '';
    const image = w.image ? 'registry.example/app:1' : `registry.example/${app}:1`;
    lines.push(`      containers: [{name: c, image: ${image}, resources: {requests: {cpu: ${w.cpu}m, memory: ${w.memoryMi}Mi}}${ports}}]`);
    const service = w.service ? `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${app}}\nspec: {selector: {app: ${app}}, ports: [{port: 80}]}\n` : '';
    return lines.join('\n') + '\n' + service;
  }).join('---\n');
}

/** Everything the simulation decided per pod, scores and ties included. */
function outcomes(result: SimulationResult): unknown[] {
  return result.workloads.flatMap((w) =>
    w.pods.map((p) => {
      if (p.state === 'scheduled') return { pod: p.pod.name, node: p.node, pass: p.pass, feasible: p.feasibleNodes, scores: p.scores, tiedWith: p.tiedWith, tied: p.tied };
      if (p.state === 'pending') return { pod: p.pod.name, state: p.state, message: p.fullMessage };
      return { pod: p.pod.name, state: p.state };
    }),
  );
}

test('property: schedule sessions give every pod the node, scores, ties and messages of the full path', () => {
  fc.assert(
    fc.property(scenarioGen, ({ nodes, workloads }) => {
      const manifests = manifestsYaml(workloads);
      const cluster = clusterYaml(nodes);
      const incremental = simulateYaml(manifests, cluster);
      const reference = simulateYaml(manifests, cluster, '1.36', { incremental: false });
      assert.deepEqual(outcomes(incremental), outcomes(reference));
    }),
    { numRuns: 300 },
  );
});

test('a zone DoNotSchedule spread closes and reopens whole zones between replicas, as the full path does', () => {
  const nodes: NodeGen[] = ['a', 'a', 'b', 'b', 'c'].map((zone, i) => ({
    cpu: 4000 + 500 * i, memoryGi: 8, pods: 10, zone: zone as NodeGen['zone'], soft: i === 1, hard: false, cordoned: false, image: false, ssd: i === 2,
  }));
  const web: WorkloadGen = {
    kind: 'Deployment', parallel: false, replicas: 9, cpu: 300, memoryMi: 256, service: false, spread: 'DoNotSchedule', maxSkew: 1,
    antiAffinity: 'none', preferSsd: true, tolerateSoft: false, tolerateHard: false, zone: null, hostPort: false, image: false,
  };
  const incremental = simulateYaml(manifestsYaml([web]), clusterYaml(nodes));
  const reference = simulateYaml(manifestsYaml([web]), clusterYaml(nodes), '1.36', { incremental: false });
  assert.deepEqual(outcomes(incremental), outcomes(reference));
  // Three zones, maxSkew 1: the replicas go round the zones, 3 each.
  const perZone = { a: 0, b: 0, c: 0 };
  for (const p of incremental.workloads[0]!.pods) if (p.state === 'scheduled') perZone[(['a', 'a', 'b', 'b', 'c'] as const)[Number(p.node.slice(5))]!]++;
  assert.deepEqual(perZone, { a: 3, b: 3, c: 3 });
  // The first replica of each round sees every zone open, the second two zones (3 nodes), the third one (2).
  const feasible = incremental.workloads[0]!.pods.map((p) => (p.state === 'scheduled' ? p.feasibleNodes : -1));
  assert.deepEqual(feasible, [5, 3, 2, 5, 3, 2, 5, 3, 2]);
});
