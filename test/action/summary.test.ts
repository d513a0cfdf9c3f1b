import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckResult } from '../../src/check.js';
import { MAX_NODE_SECTIONS, MAX_PENDING_WORKLOADS, jobSummary, nodeSections, pendingGroups } from '../../src/action/summary.js';
import type { PlacementReport, WorkloadPlacement } from '../../src/schedule/types.js';
import { checkFiles } from '../../src/check.js';
import { readCluster } from '../../src/read/cluster.js';
import { CLUSTER, SETTINGS, WEB } from './fixture.js';

/** The summary of a real clean run over one ConfigMap (so new summary fields need no change here). */
function summaryOf(): CheckResult['summary'] {
  return checkFiles([{ path: 'k8s/settings.yaml', text: SETTINGS }]).summary;
}

function workload(name: string, pending: number, reasons: string[] = []): WorkloadPlacement {
  return { kind: 'Deployment', namespace: 'shop', name, desired: 3, scheduled: 3 - pending, pending, nodes: pending < 3 ? { 'worker-1': 3 - pending } : {}, reasons };
}

test('from the simulation: each pending pod\'s full scheduler message, grouped and counted per workload', () => {
  const result = checkFiles([{ path: 'k8s/web.yaml', text: WEB.replace('replicas: 3', 'replicas: 4') }], { cluster: readCluster([{ path: 'cluster.yaml', text: CLUSTER }]) });
  const groups = pendingGroups(result);
  assert.equal(groups.length, 1);
  assert.deepEqual({ workload: groups[0]!.workload, desired: groups[0]!.desired, pending: groups[0]!.pending }, { workload: 'Deployment shop/web', desired: 4, pending: 2 });
  assert.equal(groups[0]!.messages.length, 1);
  assert.equal(groups[0]!.messages[0]!.pods, 2);
  // The full text, as `kubectl describe pod` shows it: the JSON reason plus the PostFilter (preemption) part.
  const reason = result.placement!.workloads.find((w) => w.name === 'web')!.reasons[0]!;
  assert.ok(groups[0]!.messages[0]!.text.startsWith(reason), groups[0]!.messages[0]!.text);
  assert.match(groups[0]!.messages[0]!.text, /preemption: /);
});

test('without a simulation (a report read back), the placement report\'s reasons are listed', () => {
  const placement: PlacementReport = { nodes: [], workloads: [workload('web', 1, ['0/3 nodes are available: 3 Insufficient cpu.']), workload('api', 0)] };
  const summary = jobSummary({ findings: [], placement, summary: summaryOf() });
  assert.match(summary, /### Pending pods\n\n- \*\*Deployment shop\/web\*\*: 1 of 3 pods would stay Pending\n {2}- 0\/3 nodes are available: 3 Insufficient cpu\.\n/);
  assert.doesNotMatch(summary, /shop\/api\*\*/);
  assert.match(summary, /^0 errors, 0 warnings, 0 notes in 1 object \(1 file, 0 workloads\)\. 1 pod would stay Pending\.$/m);
});

test('no placement: no Pending section, no placement section, and the findings table still comes', () => {
  const summary = jobSummary({ findings: [], placement: null, summary: summaryOf() }, { hiddenByOnlyChanged: 3 });
  assert.equal(
    summary,
    '## berth\n\n0 errors, 0 warnings, 0 notes in 1 object (1 file, 0 workloads). 3 findings on lines this pull request did not change are not shown (only-changed).\n\n### Findings\n\nNo findings.\n',
  );
});

test('node sections: HTML in node names is escaped, and the list stops after MAX_NODE_SECTIONS nodes', () => {
  const nodes = Array.from({ length: MAX_NODE_SECTIONS + 2 }, (_, i) => ({ name: i === 0 ? 'gpu<a>&b' : `node-${i}`, allocatable: { cpu: '4', memory: '8Gi' }, requested: { cpu: '1500m' } }));
  const text = nodeSections({ nodes, workloads: [] });
  assert.match(text, /^#### Nodes\n\n<details><summary><b>gpu&lt;a&gt;&amp;b<\/b>: 0 new pods · cpu 1500m \/ 4 \(38%\) · memory 0 \/ 8Gi \(0%\)<\/summary>/);
  assert.equal(text.match(/<details>/g)!.length, MAX_NODE_SECTIONS);
  assert.match(text, /… and 2 more nodes: see the placement in the SARIF file \(runs\[0\]\.properties\.placement\)\.$/);
});

test('the Pending list stops after MAX_PENDING_WORKLOADS workloads and says how many more', () => {
  const workloads = Array.from({ length: MAX_PENDING_WORKLOADS + 5 }, (_, i) => workload(`w${i}`, 1, ['0/1 nodes are available: 1 Too many pods.']));
  const summary = jobSummary({ findings: [], placement: { nodes: [], workloads }, summary: summaryOf() });
  const pending = summary.slice(summary.indexOf('### Pending pods'), summary.indexOf('### Findings'));
  assert.equal(pending.match(/^- \*\*/gm)!.length, MAX_PENDING_WORKLOADS);
  assert.match(pending, /… and 5 more workloads with Pending pods/);
});
