import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterYaml, deployment } from './helpers.js';

/** The compiled CLI next to this compiled test (dist/ or a private build directory alike). */
const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

function berth(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [MAIN, 'check', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-whatif-'));
  writeFileSync(join(dir, 'app.yaml'), deployment('web', 2, 'containers: [{name: web, image: "web:1", resources: {requests: {cpu: 1500m}}}]'));
  writeFileSync(join(dir, 'cluster.yaml'), clusterYaml([{ name: 'w1' }, { name: 'w2' }]));
  return dir;
}

test('every what-if flag without --cluster is a one-line usage error, exit 2', () => {
  const dir = workspace();
  try {
    for (const flags of [['--cordon', 'w1'], ['--drain', 'w1'], ['--remove-node', 'w1'], ['--add-nodes', '2', '--like', 'w1'], ['--headroom', 'web'], ['--scale-up', 'general']]) {
      const run = berth(['app.yaml', ...flags], dir);
      assert.equal(run.code, 2, flags.join(' '));
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `berth: ${flags[0]} needs a cluster snapshot: add --cluster PATH\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--add-nodes needs exactly one of --like and --pool, and a count', () => {
  const dir = workspace();
  try {
    const cases: [string[], string][] = [
      [['--add-nodes', '2'], '--add-nodes needs exactly one of --like NODE or --pool NAME'],
      [['--add-nodes', '2', '--like', 'w1', '--pool', 'general'], '--add-nodes needs exactly one of --like NODE or --pool NAME'],
      [['--add-nodes', 'two', '--like', 'w1'], '--add-nodes two: expected a whole number from 1 to 5000'],
      [['--like', 'w1'], '--like needs --add-nodes N'],
      [['--force'], '--force applies to --drain and --remove-node only'],
    ];
    for (const [flags, message] of cases) {
      const run = berth(['app.yaml', '--cluster', 'cluster.yaml', ...flags], dir);
      assert.deepEqual([run.code, run.stderr], [2, `berth: ${message}\n`], flags.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('berth check --drain: the finding, the what-if section and exit 1', () => {
  const dir = workspace();
  try {
    const run = berth(['app.yaml', '--cluster', 'cluster.yaml', '--drain', 'w1'], dir);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /app\.yaml:4:3 {2}error {2}Deployment default\/web: pod default\/web-0 evicted from w1 would stay Pending: 0\/2 nodes are available: 1 Insufficient cpu, 1 node\(s\) were unschedulable\./);
    assert.match(run.stdout, /What if: drain w1/);
    const json = JSON.parse(berth(['app.yaml', '--cluster', 'cluster.yaml', '--drain', 'w1', '-f', 'json'], dir).stdout) as { placement: { whatIf: { pending: unknown[] } } };
    assert.equal(json.placement.whatIf.pending.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
