import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { firstUntoleratedTaint, toleratesAny } from '../../src/model/taints.js';
import { matchesRequiredNodeAffinity } from '../../src/model/node-affinity.js';
import { matchesSelector } from '../../src/model/selector.js';
import type { Pod } from '../../src/schedule/cluster.js';
import type { SimulationResult } from '../../src/schedule/result.js';
import { simulateYaml } from './helpers.js';

interface NodeGen { cpu: number; pods: number; zone: 'a' | 'b'; taint: boolean; cordoned: boolean }
interface WorkloadGen {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  replicas: number;
  cpu: number;
  hostPort: boolean;
  tolerate: boolean;
  antiAffinity: boolean;
  affinityTo: number | null;
  zone: 'a' | 'b' | null;
  spread: boolean;
  high: boolean;
}

const nodeGen = fc.record<NodeGen>({
  cpu: fc.integer({ min: 500, max: 4000 }),
  pods: fc.integer({ min: 1, max: 6 }),
  zone: fc.constantFrom('a', 'b'),
  taint: fc.boolean(),
  cordoned: fc.boolean(),
});
const workloadGen = fc.record<WorkloadGen>({
  kind: fc.constantFrom('Deployment', 'Deployment', 'StatefulSet', 'DaemonSet'),
  affinityTo: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  high: fc.boolean(),
  replicas: fc.integer({ min: 1, max: 5 }),
  cpu: fc.integer({ min: 0, max: 1500 }),
  hostPort: fc.boolean(),
  tolerate: fc.boolean(),
  antiAffinity: fc.boolean(),
  zone: fc.constantFrom('a', 'b', null),
  spread: fc.boolean(),
});
const scenarioGen = fc.record({ nodes: fc.array(nodeGen, { minLength: 1, maxLength: 5 }), workloads: fc.array(workloadGen, { minLength: 1, maxLength: 4 }) });

function clusterYaml(nodes: readonly NodeGen[], order: readonly number[]): string {
  const items = order.map((i) => {
    const n = nodes[i]!;
    const taints = n.taint ? '[{key: dedicated, value: x, effect: NoSchedule}]' : '[]';
    return `- {apiVersion: v1, kind: Node, metadata: {name: node-${i}, uid: u${i}, labels: {kubernetes.io/hostname: node-${i}, topology.kubernetes.io/zone: ${n.zone}}}, spec: {unschedulable: ${n.cordoned}, taints: ${taints}}, status: {allocatable: {cpu: ${n.cpu}m, memory: 4Gi, pods: "${n.pods}"}}}`;
  });
  return `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`;
}

const PRIORITY_CLASS = 'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: high}\nvalue: 1000\n';

function manifestsYaml(workloads: readonly WorkloadGen[]): string {
  return [PRIORITY_CLASS, ...workloads.map((w, i) => {
    const lines = [
      `apiVersion: apps/v1`, `kind: ${w.kind}`, `metadata: {name: w${i}}`, `spec:`,
      ...(w.kind === 'DaemonSet' ? [] : [`  replicas: ${w.replicas}`]),
      `  selector: {matchLabels: {app: w${i}}}`, `  template:`, `    metadata: {labels: {app: w${i}}}`, `    spec:`,
    ];
    if (w.high) lines.push(`      priorityClassName: high`);
    if (w.tolerate) lines.push(`      tolerations: [{key: dedicated, operator: Exists}]`);
    if (w.zone) lines.push(`      nodeSelector: {topology.kubernetes.io/zone: ${w.zone}}`);
    const affinity: string[] = [];
    if (w.antiAffinity) affinity.push(`podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: w${i}}}, topologyKey: kubernetes.io/hostname}]}`);
    if (w.affinityTo !== null) affinity.push(`podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: w${w.affinityTo}}}, topologyKey: topology.kubernetes.io/zone}]}`);
    if (affinity.length > 0) lines.push(`      affinity: {${affinity.join(', ')}}`);
    if (w.spread) lines.push(`      topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: w${i}}}}]`);
    const ports = w.hostPort ? ', ports: [{containerPort: 80, hostPort: 8080}]' : '';
    lines.push(`      containers: [{name: c, image: c:1, resources: {requests: {cpu: ${w.cpu}m}}${ports}}]`);
    return lines.join('\n') + '\n';
  })].join('---\n');
}

function assertEveryPendingPodHasAMessage(result: SimulationResult): void {
  for (const w of result.workloads) {
    for (const p of w.pods) if (p.state === 'pending') assert.match(p.message, /^0\/\d+ nodes are available: |^no nodes available/);
  }
}

function placements(result: SimulationResult): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const w of result.workloads) for (const p of w.pods) if (p.state === 'scheduled') byNode.set(p.node, [...(byNode.get(p.node) ?? []), p.pod]);
  return byNode;
}

/** Every filter, checked on the final state: what a node holds must have passed its filters. */
function assertEveryPlacementPassesTheFilters(result: SimulationResult): void {
  const byNode = placements(result);
  for (const node of result.nodes) {
    const pods = byNode.get(node.info.name) ?? [];
    const info = node.info;
    const cpu = pods.reduce((sum, p) => sum + (p.template.requests.cpu ?? 0), 0);
    assert.ok(cpu <= (info.allocatable.cpu ?? 0), `${info.name}: ${cpu}m requested > ${info.allocatable.cpu}m allocatable`);
    assert.ok(pods.length <= (info.allocatable.pods ?? 0), `${info.name}: too many pods`);
    const ports = pods.flatMap((p) => p.template.hostPorts.map((h) => `${h.protocol}/${h.port}`));
    assert.equal(new Set(ports).size, ports.length, `${info.name}: host port used twice`);
    for (const p of pods) {
      const unschedulableTaint = { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' as const };
      assert.ok(!info.unschedulable || toleratesAny(p.template.tolerations, unschedulableTaint), `${p.name} on cordoned ${info.name}`);
      assert.equal(firstUntoleratedTaint(info.taints, p.template.tolerations), undefined, `${p.name} on tainted ${info.name}`);
      assert.ok(matchesRequiredNodeAffinity(p.template, info), `${p.name} outside its nodeSelector on ${info.name}`);
      for (const term of p.template.requiredAntiAffinity) {
        const others = pods.filter((o) => o !== p && matchesSelector(term.selector, o.template.labels));
        assert.deepEqual(others.map((o) => o.name), [], `${p.name} shares ${info.name} with pods its anti-affinity excludes`);
      }
    }
  }
}

test('property: no pod is placed on a node its filters reject; requests never exceed allocatable', () => {
  fc.assert(
    fc.property(scenarioGen, ({ nodes, workloads }) => {
      const result = simulateYaml(manifestsYaml(workloads), clusterYaml(nodes, nodes.map((_, i) => i)));
      assertEveryPlacementPassesTheFilters(result);
      assertEveryPendingPodHasAMessage(result);
    }),
    { numRuns: 150 },
  );
});

test('property: results are identical across runs and do not depend on the order of nodes in the snapshot', () => {
  fc.assert(
    fc.property(scenarioGen, fc.integer({ min: 0, max: 1000 }), ({ nodes, workloads }, seed) => {
      const manifests = manifestsYaml(workloads);
      const order = nodes.map((_, i) => i);
      const shuffled = [...order].sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b);
      const first = simulateYaml(manifests, clusterYaml(nodes, order)).toPlacementReport();
      const again = simulateYaml(manifests, clusterYaml(nodes, order)).toPlacementReport();
      assert.deepEqual(again, first);
      // Ties break by node name, never by snapshot position, so only the `nodes` list order may change.
      const reordered = simulateYaml(manifests, clusterYaml(nodes, shuffled)).toPlacementReport();
      assert.deepEqual(reordered.workloads, first.workloads);
      const byName = (r: typeof first) => [...r.nodes].sort((a, b) => (a.name < b.name ? -1 : 1));
      assert.deepEqual(byName(reordered), byName(first));
    }),
    { numRuns: 100 },
  );
});
