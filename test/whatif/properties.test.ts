import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseQuantity, milliValue } from '../../src/model/quantity.js';
import { clusterYaml, runScenario, snapshotPod } from './helpers.js';

interface PodGen { node: number; cpu: number; owner: 'ReplicaSet' | 'DaemonSet' | 'none'; app: number }

const scenarioGen = fc.record({
  nodes: fc.array(fc.integer({ min: 500, max: 4000 }), { minLength: 2, maxLength: 5 }),
  pods: fc.array(
    fc.record<PodGen>({
      node: fc.nat(4),
      cpu: fc.integer({ min: 50, max: 1500 }),
      owner: fc.constantFrom('ReplicaSet', 'ReplicaSet', 'DaemonSet', 'none'),
      app: fc.nat(2),
    }),
    { maxLength: 12 },
  ),
  drained: fc.nat(4),
  minAvailable: fc.option(fc.nat(3), { nil: null }),
  remove: fc.boolean(),
  force: fc.boolean(),
});

const cpuOf = (text: string) => milliValue(parseQuantity(text)!);

test('drains and removals account for every pod of the node and never overfill a node', () => {
  fc.assert(
    fc.property(scenarioGen, (s) => {
      const names = s.nodes.map((_, i) => `n${i}`);
      const drained = names[s.drained % names.length]!;
      const pods = s.pods.map((p, i) =>
        snapshotPod(`p${i}`, names[p.node % names.length]!, `${p.cpu}m`, { app: `a${p.app}` }, p.owner === 'none' ? undefined : `${p.owner}/${p.owner === 'DaemonSet' ? 'ds' : `rs${p.app}`}`));
      const cluster = clusterYaml(s.nodes.map((cpu, i) => ({ name: names[i]!, cpu: `${cpu}m` })), pods);
      const pdb = s.minAvailable === null ? '' : `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: a0}\nspec:\n  minAvailable: ${s.minAvailable}\n  selector: {matchLabels: {app: a0}}\n`;
      const { whatIf } = runScenario(pdb, cluster, s.remove ? { removeNodes: [drained], force: s.force } : { drain: [drained], force: s.force });

      const onNode = s.pods.filter((p) => names[p.node % names.length] === drained);
      const accounted = whatIf.moves.length + whatIf.pending.length + whatIf.lost.length + whatIf.blocked.length;
      const ignored = onNode.filter((p) => p.owner === 'DaemonSet').length;
      assert.equal(accounted + ignored, onNode.length, 'every pod of the drained node is moved, Pending, lost, blocked or a DaemonSet pod');
      for (const move of whatIf.moves) assert.notEqual(move.to, drained);
      if (!s.force) assert.deepEqual(whatIf.lost, []);
      for (const node of whatIf.nodes) {
        if (!node.after) continue;
        const allocatable = s.nodes[names.indexOf(node.name)]!;
        // Snapshot pods may overcommit a node already (the kubelet admitted them); a scenario never adds to that.
        const before = node.before ? cpuOf(node.before.cpu) : 0;
        assert.ok(cpuOf(node.after.cpu) <= Math.max(allocatable, before), `${node.name}: ${node.after.cpu} > ${allocatable}m`);
      }
      if (s.remove) assert.equal(whatIf.nodes.find((n) => n.name === drained)?.after, null);
    }),
    { numRuns: 60, seed: 20261122 },
  );
});
