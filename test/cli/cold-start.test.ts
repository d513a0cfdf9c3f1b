/**
 * Cold start (issue 6): `berth check pod.yaml` without a cluster must not load the scheduler, the what-if
 * engine, the cluster sections of the text report, minimatch or the validators of kinds it does not meet.
 * Each of those was once pulled in by a static import; this lists the modules a real run loads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yaml } from '../helpers/lint.js';

/** The compiled tree this test belongs to (dist/ or a private build directory alike). */
const BUILD = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(BUILD, 'src', 'cli', 'main.js');
const PRECOMPILED = existsSync(join(BUILD, 'src', 'model', 'kubernetes-validators.generated.cjs'));

/**
 * ES modules come through a loader hook, CommonJS ones from require.cache when the process exits. Both
 * append to a file synchronously: the hooks run on another thread, whose console output can be lost at exit.
 */
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.BERTH_MODULE_LOG, new URL(url).pathname + '\\n');
  return next(url, context);
}
`;
const REGISTER = `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register('./hooks.mjs', import.meta.url);
const require = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(process.env.BERTH_MODULE_LOG, Object.keys(require.cache).map((file) => file + '\\n').join('')));
`;

const POD = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    containers:
      - name: web
        image: nginx:1.25
`;

const NODES = yaml`
  apiVersion: v1
  kind: List
  items:
    - apiVersion: v1
      kind: Node
      metadata:
        name: worker-1
        labels: { kubernetes.io/hostname: worker-1 }
      status:
        allocatable: { cpu: "2", memory: 4Gi, pods: "110" }
        capacity: { cpu: "2", memory: 4Gi, pods: "110" }
        conditions: [{ type: Ready, status: "True" }]
`;

/** Runs the CLI with these arguments in a fresh directory; returns its exit code and loaded modules (relative to the build, or to node_modules). */
function loadedModules(args: readonly string[]): { status: number | null; stdout: string; modules: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cold-'));
  try {
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'pod.yaml'), POD);
    writeFileSync(join(dir, 'nodes.yaml'), NODES);
    writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(dir, 'register.mjs'), REGISTER);
    const log = join(dir, 'modules.log');
    const run = spawnSync(process.execPath, ['--import', './register.mjs', MAIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, BERTH_MODULE_LOG: log } });
    const modules = readFileSync(log, 'utf8')
      .split('\n')
      .filter((file) => file !== '' && !file.startsWith(dir))
      .map((file) => (file.includes('/node_modules/') ? `node_modules/${file.split('/node_modules/').pop()}` : relative(BUILD, file)));
    return { status: run.status, stdout: run.stdout, modules: [...new Set(modules)].sort() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const matching = (modules: readonly string[], pattern: RegExp) => modules.filter((m) => pattern.test(m));

test('cold start: a run without a cluster loads no scheduler, what-if, cluster report section or ignore-glob code', () => {
  const { status, stdout, modules } = loadedModules(['check', 'pod.yaml', '--fail-on', 'none', '--no-color']);
  assert.equal(status, 0);
  assert.match(stdout, /pod\.yaml:7:7 {2}warning {2}Pod web: container web has no memory limit/);
  // Every rule is loaded (the CLI lists them and runs the static ones) ...
  assert.ok(modules.includes('rules/drain-blocked.js') && modules.includes('rules/untolerated-taint.js'), modules.join('\n'));
  // ... but of src/schedule/ only the label-term helpers the affinity rules share and the version parser.
  assert.deepEqual(matching(modules, /^src\/schedule\//), ['src/schedule/pod-terms.js', 'src/schedule/version.js']);
  assert.deepEqual(matching(modules, /^src\/whatif\//), ['src/whatif/findings.js', 'src/whatif/flags.js']);
  assert.deepEqual(matching(modules, /^src\/report\//), ['src/report/index.js', 'src/report/rule-docs.js', 'src/report/text-findings.js']);
  assert.deepEqual(matching(modules, /^src\/check-cluster|^src\/read\/cluster|^node_modules\/(minimatch|brace-expansion|glob|yaml)\//), []);
  if (PRECOMPILED) {
    // The Pod's validators come precompiled: no ajv, and only the modules the Pod's definition needs.
    assert.deepEqual(matching(modules, /^node_modules\/ajv\//), []);
    const validators = matching(modules, /^src\/model\/kubernetes-validators\.generated\//);
    assert.ok(validators.includes('src/model/kubernetes-validators.generated/V1Pod.cjs'), validators.join('\n'));
    assert.deepEqual(matching(validators, /V1Deployment|V1Service\.|V1CustomResourceDefinition/), []);
  }
});

test('cold start: with a cluster, the same command loads the scheduler and the placement section it needs', () => {
  const { status, stdout, modules } = loadedModules(['check', 'pod.yaml', '--cluster', 'nodes.yaml', '--fail-on', 'none', '--no-color']);
  assert.equal(status, 0);
  assert.match(stdout, /^Predicted placement \(Kubernetes [\d.]+, 1 node\)$/m);
  for (const module of ['src/check-cluster.js', 'src/schedule/schedule-one.js', 'src/whatif/world.js', 'src/report/text-placement.js']) {
    assert.ok(modules.includes(module), `${module} not loaded:\n${modules.join('\n')}`);
  }
  // No what-if scenario was asked for: its text section stays unloaded.
  assert.deepEqual(matching(modules, /^src\/report\/whatif-text/), []);
});
