import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkFiles, type CheckResult } from '../../src/check.js';
import { readCluster } from '../../src/read/cluster.js';
import { formatJson } from '../../src/report/json.js';
import type { InputFile } from '../../src/read/files.js';

/**
 * Scale guard (issue 6): the benchmark's generated cluster at 1,000 nodes / 30,000 pods goes through the
 * whole pipeline, and the invariants that must hold at any size are checked. Not timed: bench/scale.mjs
 * measures; this only makes sure that making berth fast never makes it wrong.
 */

interface Generated {
  cluster: InputFile;
  manifests: InputFile[];
  stats: { nodes: number; pods: number; snapshotPods: number; workloads: number };
}

/** bench/generate.mjs, found from the compiled test (dist/ or a private outDir) by walking up to the package root. */
async function generator(): Promise<(options: { nodes: number; pods: number; seed: number }) => Generated> {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'bench', 'generate.mjs')) || !existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    assert.notEqual(parent, dir, 'bench/generate.mjs not found above the test');
    dir = parent;
  }
  assert.equal(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, 'berth');
  const module = (await import(pathToFileURL(join(dir, 'bench', 'generate.mjs')).href)) as { generateScale: (o: object) => Generated };
  return (options) => module.generateScale(options);
}

function run(generated: Generated): CheckResult {
  const cluster = readCluster([generated.cluster]);
  assert.deepEqual(cluster.problems, []);
  return checkFiles(generated.manifests, { cluster });
}

test('1,000 nodes / 30,000 pods: nothing over allocatable, every Pending pod explained, same output twice', async () => {
  const generate = await generator();
  const generated = generate({ nodes: 1000, pods: 30000, seed: 1 });
  assert.equal(generated.stats.pods, 30000);
  const first = run(generated);
  const simulation = first.simulation!;
  assert.ok(simulation, 'a cluster snapshot was given, so there is a simulation');

  // Every pod the generator asked for exists as exactly one outcome.
  const desired = simulation.workloads.reduce((sum, w) => sum + w.desired, 0);
  assert.equal(desired, 30000);
  assert.equal(simulation.workloads.reduce((sum, w) => sum + w.pods.length, 0), 30000);

  // No node holds more than it can: every requested resource and the pod count within allocatable.
  assert.equal(simulation.nodes.length, 1000);
  for (const node of simulation.nodes) {
    const allocatable = node.info.allocatable;
    assert.ok(node.podCount <= (allocatable.pods ?? 0), `${node.info.name}: ${node.podCount} pods, allocatable ${allocatable.pods}`);
    for (const [resource, amount] of Object.entries(node.requested)) {
      if (amount === 0) continue;
      assert.ok(amount <= (allocatable[resource] ?? 0), `${node.info.name}: ${resource} requested ${amount} > allocatable ${allocatable[resource] ?? 0}`);
    }
  }

  // Every Pending pod has the scheduler's message; a StatefulSet ordinal that was never created names the
  // pending ordinal that holds it back, and that one has a message.
  let scheduled = 0;
  let pending = 0;
  for (const workload of simulation.workloads) {
    const byName = new Map(workload.pods.map((o) => [o.pod.name, o]));
    for (const outcome of workload.pods) {
      if (outcome.state === 'scheduled') {
        scheduled++;
        assert.ok(simulation.nodes.some((n) => n.info.name === outcome.node));
      } else if (outcome.state === 'pending') {
        pending++;
        assert.match(outcome.message, /^0\/1000 nodes are available: .+\.$/, `${outcome.pod.name}`);
        assert.ok(outcome.fullMessage.startsWith(outcome.message));
      } else if (outcome.state === 'not-created') {
        pending++;
        const holder = byName.get(outcome.waitingFor);
        assert.equal(holder?.state, 'pending', `${outcome.pod.name} waits for ${outcome.waitingFor}`);
      } else {
        assert.fail(`unexpected outcome ${outcome.state} for ${outcome.pod.name}`);
      }
    }
  }
  // The generated cluster has room for most of it, not for all of it (hostname anti-affinity, spread, GPUs).
  assert.ok(scheduled > 27000, `only ${scheduled} pods scheduled`);
  assert.ok(pending > 0, 'some pods stay Pending');
  const report = first.placement!;
  for (const w of report.workloads) if (w.pending > 0) assert.ok(w.reasons.length > 0, `${w.kind} ${w.namespace}/${w.name} has Pending pods without a reason`);

  // Deterministic: a second run from scratch gives byte-identical JSON (placement and findings).
  const second = run(generate({ nodes: 1000, pods: 30000, seed: 1 }));
  assert.equal(formatJson(second), formatJson(first));
});
