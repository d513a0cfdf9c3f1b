import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCluster } from '../../src/read/cluster.js';
import { parseKubeVersion } from '../../src/model/kube-version.js';
import { formatText } from '../../src/report/text.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';
import { lintYaml, yaml } from '../helpers/lint.js';
import { THREE_NODES } from '../rules/placement-table.js';

const MANIFESTS = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    replicas: 3
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers:
        - name: nginx
          image: nginx:1.27.3
          ports: [{containerPort: 80, hostPort: 8080}]
          resources:
            requests: {cpu: 500m, memory: 1Gi}
  ---
  apiVersion: batch/v1
  kind: Job
  metadata: {name: migrate, namespace: shop}
  spec:
    template:
      spec:
        restartPolicy: Never
        containers:
        - name: m
          image: ghcr.io/example/migrate:1.0.0
          resources:
            requests: {cpu: 1400m, memory: 2Gi}
`;

function check(version = '1.36') {
  const kubeVersion = parseKubeVersion(version)!;
  const cluster = readCluster([{ path: 'cluster.yaml', text: THREE_NODES }], { kubeVersion });
  return lintYaml(MANIFESTS, { cluster, kubeVersion: version });
}

const WEB_MESSAGE = "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't have free ports for the requested pod ports.";

test('text: after the findings and before the summary, the node table, the Pending list with the full upstream message, and tie-break notes', () => {
  const text = formatText(check(), { color: false });
  const start = text.indexOf('Predicted placement');
  assert.ok(start > text.indexOf('host-port-conflict'), 'after the findings');
  assert.equal(text.slice(start), [
    'Predicted placement (Kubernetes 1.36, 3 nodes)',
    '  NODE     PODS  NEW  CPU REQUESTED    MEMORY REQUESTED',
    '  master      0    0  0 / 2 (0%)       0 / 4Gi (0%)',
    '  worker1     2    2  1900m / 2 (95%)  3Gi / 4Gi (75%)',
    '  worker2     1    1  500m / 2 (25%)   1Gi / 4Gi (25%)',
    '',
    'Pending (1 pod)',
    '  Deployment shop/web: 1 of 3 replicas would stay Pending',
    `    ${WEB_MESSAGE} no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    '',
    'Ties (equal scores: upstream picks at random, berth takes the node name that sorts first)',
    '  Deployment shop/web: web-0 → worker1 over worker2',
    '  Job shop/migrate: migrate-0 → worker1 over worker2',
    '',
    '1 error, 4 warnings, 0 notes in 2 objects (1 file, 2 workloads).',
    '',
  ].join('\n'));
});

test("text: the Pending message carries the target version's PostFilter part", () => {
  const text = formatText(check('1.33'), { color: false });
  assert.ok(text.includes(`    ${WEB_MESSAGE.replace('untolerated taint(s)', 'untolerated taint {node-role.kubernetes.io/control-plane: }')} preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.\n`));
});

test('text: colours as the findings: bold headings, red pending counts, yellow nearly full nodes; none without colour', () => {
  const text = formatText(check(), { color: true });
  assert.ok(text.includes('\x1b[1mPredicted placement (Kubernetes 1.36, 3 nodes)\x1b[0m'));
  assert.ok(text.includes('\x1b[31m1 of 3 replicas would stay Pending\x1b[0m'));
  assert.ok(text.includes('\x1b[33m1900m / 2 (95%)\x1b[0m'));
  assert.doesNotMatch(formatText(check(), { color: false }), /\x1b/);
});

test('text: no placement section without a cluster snapshot', () => {
  assert.doesNotMatch(formatText(lintYaml(MANIFESTS), { color: false }), /Predicted placement|Pending \(/);
});

test('markdown: Pending pods first with the full message, then workloads, nodes and one <details> per node', () => {
  const markdown = formatMarkdown(check());
  const section = markdown.slice(markdown.indexOf('### Predicted placement'));
  const order = ['#### Pending pods', '#### Workloads', '#### Nodes', '<details>', 'Decided by the tie-break'].map((h) => section.indexOf(h));
  assert.deepEqual([...order].sort((a, b) => a - b), order);
  assert.ok(order.every((i) => i >= 0));
  assert.ok(section.startsWith('### Predicted placement\n\n3 nodes, 2 workloads, 1 pod Pending. Simulated as the Kubernetes 1.36 default scheduler.\n\n#### Pending pods\n\n'));
  assert.ok(section.includes(`- **Deployment shop/web**: 1 of 3 replicas would stay Pending\n  - ${WEB_MESSAGE} no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.\n`));
  assert.ok(section.includes('| worker1 | 2 | 2 | **1900m / 2 (95%)** | 3Gi / 4Gi (75%) |'));
  assert.ok(section.includes('<details><summary><b>worker1</b>: 2 new pods, 0 already running</summary>\n\n- shop/'));
  assert.ok(section.includes('<details><summary><b>master</b>: 0 new pods, 0 already running</summary>\n\nNo pod of these manifests lands here.\n\n</details>'));
});

test('markdown: long Pending lists and tie notes stop with "and N more" so a PR comment stays within its size', () => {
  const replicas = Array.from({ length: 60 }, (_, i) => yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web-${i}, namespace: shop}
    spec:
      replicas: 3
      selector: {matchLabels: {app: web-${i}}}
      template:
        metadata: {labels: {app: web-${i}}}
        spec:
          containers:
          - name: nginx
            image: nginx:1.27.3
            ports: [{containerPort: 80, hostPort: ${8000 + i}}]
  `).join('---\n');
  const kubeVersion = parseKubeVersion('1.36')!;
  const cluster = readCluster([{ path: 'cluster.yaml', text: THREE_NODES }], { kubeVersion });
  const markdown = formatMarkdown(lintYaml(replicas, { cluster }));
  assert.equal(markdown.match(/^- \*\*Deployment shop\/web-\d+\*\*: 1 of 3 replicas would stay Pending$/gm)?.length, 50);
  assert.match(markdown, /^- … and 10 more workloads with 10 pods that would not run: run `berth check` locally for the full list\.$/m);
  assert.match(markdown, /^- … and 50 more workloads$/m);
  const text = formatText(lintYaml(replicas, { cluster }), { color: false });
  assert.match(text, /^ {2}… and 50 more workloads$/m);
});

test('JSON and SARIF carry the same placement object (runs[0].properties.placement)', () => {
  const result = check();
  const json = JSON.parse(formatJson(result)) as { placement: unknown };
  const sarif = JSON.parse(formatSarif(result, { inputProblems: [] })) as { runs: { properties?: { placement?: unknown } }[] };
  assert.deepEqual(sarif.runs[0]!.properties?.placement, json.placement);
  assert.equal((json.placement as { workloads: { name: string; pending: number }[] }).workloads.find((w) => w.name === 'web')?.pending, 1);
});
