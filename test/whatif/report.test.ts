import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatText } from '../../src/report/text.js';
import { clusterYaml, deployment, runScenario } from './helpers.js';

const web = deployment('web', 2, 'containers: [{name: web, image: "web:1", resources: {requests: {cpu: 1500m}}}]');

test('text: the what-if section shows nodes before → after and the pods that become Pending', () => {
  const { result } = runScenario(web, clusterYaml([{ name: 'w1' }, { name: 'w2' }]), { drain: ['w1'], headroom: ['web'] });
  const text = formatText(result, { color: false });
  const section = text.slice(text.indexOf('What if:'));
  const lines = section.split('\n');
  assert.equal(lines[0], 'What if: drain w1; headroom of Deployment/default/web');
  // Only the nodes that changed; the others are counted.
  assert.deepEqual(lines.slice(1, 4), [
    '  NODE  CHANGE   PODS   CPU REQUESTED         MEMORY REQUESTED',
    '  w1    drained  1 → 0  1500m (75%) → 0 (0%)  0 (0%)',
    '  (1 other node unchanged)',
  ]);
  assert.equal(lines[4], '  Pending after eviction (1)');
  assert.match(lines[5]!, /^ {4}default\/web-0 from w1 \(Deployment\/default\/web\): 0\/2 nodes are available: 1 Insufficient cpu, 1 node\(s\) were unschedulable\./);
  assert.match(lines[7]!, /^ {4}Deployment\/default\/web: 0 more replicas fit; the next one would stay Pending: 0\/2 nodes are available/);
});

test('markdown: the what-if section is a table and lists, escaped for GitHub', () => {
  const pdb = `---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 2\n  selector: {matchLabels: {app: web}}\n`;
  const { result } = runScenario(web + pdb, clusterYaml([{ name: 'w1' }, { name: 'w2' }]), { drain: ['w1'] });
  const markdown = formatMarkdown(result);
  const section = markdown.slice(markdown.indexOf('### What if'));
  assert.match(section, /^### What if: drain w1\n\n\| Node \| Change \| Pods \| CPU requested \| Memory requested \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| w1 \| drained \| 1 \| 1500m \(75%\) \| 0 \(0%\) \|\n\n1 other node unchanged\.\n/);
  assert.match(section, /\*\*Eviction refused \(1\)\*\*\n\n- default\/web-0 on w1 by PodDisruptionBudget default\/web: Cannot evict pod as it would violate the pod's disruption budget\. The disruption budget web needs 2 healthy pods and has 2 currently\n/);
});

test('text: the scale-up answer, then where each Pending pod goes', () => {
  const inventory = 'apiVersion: berth.dev/v1alpha1\nkind: Inventory\npools:\n  - name: general\n    count: 2\n    allocatable: {cpu: "2", memory: 4Gi}\n';
  const api = deployment('api', 4, `
containers: [{name: api, image: "api:1", resources: {requests: {cpu: 100m}}}]
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: api}}
        topologyKey: kubernetes.io/hostname
`);
  const { result } = runScenario(api, inventory, { scaleUp: 'general' });
  const text = formatText(result, { color: false });
  assert.equal(text.slice(text.indexOf('What if:'), text.lastIndexOf('\n\n')), [
    'What if: scale-up of pool general',
    '  Scale-up (3)',
    '    pool general: 2 more nodes (general-3, general-4) make every Pending pod schedulable (2 pods placed)',
    '    default/api-2 → general-3',
    '    default/api-3 → general-4',
  ].join('\n'));
});
