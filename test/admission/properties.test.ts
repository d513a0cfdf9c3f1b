import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { yaml } from '../helpers/lint.js';
import { simulateYaml } from '../schedule/helpers.js';

const NODE = yaml`
  apiVersion: v1
  kind: Node
  metadata: {name: n1, uid: u1, labels: {kubernetes.io/hostname: n1}}
  status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
`;

/** Deployments of `replicas` × `cpu` millicores in namespace default. */
function deployments(workloads: readonly { replicas: number; cpu: number }[]): string {
  return workloads.map((w, i) => yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: d${i}}
    spec:
      replicas: ${w.replicas}
      selector: {matchLabels: {app: d${i}}}
      template:
        metadata: {labels: {app: d${i}}}
        spec: {containers: [{name: c, image: c:1, resources: {requests: {cpu: ${w.cpu}m}}}]}
  `).join('---\n');
}

test('property: every desired pod is scheduled, pending or not created; a pods quota admits exactly hard - used', () => {
  fc.assert(fc.property(
    fc.array(fc.record({ replicas: fc.integer({ min: 0, max: 6 }), cpu: fc.integer({ min: 1, max: 900 }) }), { minLength: 1, maxLength: 4 }),
    fc.integer({ min: 0, max: 12 }),
    fc.integer({ min: 0, max: 12 }),
    (workloads, hard, usedRaw) => {
      const used = Math.min(usedRaw, hard);
      const cluster = NODE + yaml`
        ---
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: q, namespace: default}
        spec: {hard: {pods: "${hard}"}}
        status: {used: {pods: "${used}"}}
      `;
      const report = simulateYaml(deployments(workloads), cluster).toPlacementReport();
      for (const w of report.workloads) assert.equal(w.scheduled + w.pending + (w.notCreated ?? 0), w.desired);
      const desired = workloads.reduce((sum, w) => sum + w.replicas, 0);
      const created = report.workloads.reduce((sum, w) => sum + w.desired - (w.notCreated ?? 0), 0);
      assert.equal(created, Math.min(desired, hard - used));
      // Manifest order: a workload gets pods only once every earlier one got all of its pods.
      let short = false;
      for (const w of report.workloads) {
        if (short) assert.equal(w.notCreated, w.desired);
        if ((w.notCreated ?? 0) > 0) short = true;
      }
    },
  ), { numRuns: 60, seed: 8 });
});

test('property: a requests.cpu quota never lets the charged cpu exceed hard', () => {
  fc.assert(fc.property(
    fc.array(fc.record({ replicas: fc.integer({ min: 0, max: 5 }), cpu: fc.integer({ min: 1, max: 1500 }) }), { minLength: 1, maxLength: 4 }),
    fc.integer({ min: 0, max: 4000 }),
    (workloads, hardMilli) => {
      const cluster = NODE + `---\napiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec: {hard: {requests.cpu: ${hardMilli}m}}\n`;
      const report = simulateYaml(deployments(workloads), cluster).toPlacementReport();
      const charged = report.workloads.reduce((sum, w, i) => sum + (w.desired - (w.notCreated ?? 0)) * workloads[i]!.cpu, 0);
      assert.ok(charged <= hardMilli, `${charged}m charged over ${hardMilli}m`);
      // Every refused pod really would not fit what was left when its turn came (pods are charged in order).
      let left = hardMilli;
      report.workloads.forEach((w, i) => {
        const cpu = workloads[i]!.cpu;
        const admitted = w.desired - (w.notCreated ?? 0);
        left -= admitted * cpu;
        if ((w.notCreated ?? 0) > 0) assert.ok(cpu > left, `a ${cpu}m pod refused with ${left}m left`);
      });
    },
  ), { numRuns: 60, seed: 9 });
});
