import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yaml } from '../helpers/lint.js';

/** The compiled CLI next to this compiled test (dist/ or a private build directory alike). */
const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const ESCAPE = '\x1b[';
const STACK_LINE = /^ {4}at /m;

/** A pod that every static rule accepts: tagged image, requests, memory limit, readiness probe. */
const cleanPod = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    containers:
      - name: web
        image: registry.example/web:3.2.0
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {memory: 128Mi}
        readinessProbe:
          httpGet: {path: /healthz, port: 8080}
`;

/** The same pod on the host network: exactly one finding, host-network (a warning) at 6:3. */
const hostNetworkPod = cleanPod.replace('name: web\nspec:\n', 'name: agent\nspec:\n  hostNetwork: true\n');

/** A temp directory that is its own git repository root, so no config above it is ever picked up. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-cli-'));
  mkdirSync(join(root, '.git'));
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith('/')) mkdirSync(join(root, path), { recursive: true });
    else {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  }
  return root;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would; asynchronous so that tests can overlap on the machine's cores. */
async function berth(cwd: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'NO_COLOR' && key !== 'BERTH_DEBUG') env[key] = value;
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, env: { ...env, ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  const code = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', done);
  });
  // Whatever happens, berth answers in one-line messages, never with a stack trace.
  assert.doesNotMatch(stderr, STACK_LINE, `stack trace on stderr for ${args.join(' ')}:\n${stderr}`);
  return { code, stdout, stderr };
}

async function withProject(files: Record<string, string>, body: (root: string) => Promise<void>): Promise<void> {
  const root = project(files);
  try {
    await body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const codeOf = async (run: Promise<Run>) => (await run).code;

// Each case spawns berth; running a few at once keeps the file fast on a 2-core machine.
describe('berth check: exit codes and output', { concurrency: 3 }, () => {
  test('exit 0 when nothing is found', async () => {
    await withProject({ 'web.yaml': cleanPod }, async (root) => {
      const run = await berth(root, ['check', 'web.yaml']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '0 errors, 0 warnings, 0 notes in 1 object (1 file, 1 workload).\n');
      assert.equal(run.stderr, '');
    });
  });

  test('exit 1 only for findings at or above --fail-on (default error)', async () => {
    await withProject({ 'agent.yaml': hostNetworkPod }, async (root) => {
      const [byDefault, warning, note] = await Promise.all([
        berth(root, ['check', 'agent.yaml']),
        berth(root, ['check', 'agent.yaml', '--fail-on', 'warning']),
        berth(root, ['check', 'agent.yaml', '--fail-on', 'note']),
      ]);
      assert.equal(byDefault.code, 0, 'a warning does not fail the default --fail-on error');
      assert.match(byDefault.stdout, /^ {2}agent\.yaml:6:3 {2}warning {2}.* {2}host-network$/m);
      assert.equal(warning.code, 1);
      assert.equal(note.code, 1);
    });
  });

  test('--fail-on none exits 0 even with errors', async () => {
    await withProject({ 'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n' }, async (root) => {
      const [failing, none] = await Promise.all([berth(root, ['check', 'broken.yaml']), berth(root, ['check', 'broken.yaml', '--fail-on', 'none'])]);
      assert.equal(failing.code, 1);
      assert.equal(none.code, 0);
      assert.match(none.stdout, /error .* parse-error$/m);
    });
  });

  test('.berth.yaml sets failOn, levels and ignored paths; flags override it', async () => {
    await withProject({ 'agent.yaml': hostNetworkPod, '.berth.yaml': 'failOn: warning\n' }, async (root) => {
      assert.equal(await codeOf(berth(root, ['check', 'agent.yaml'])), 1);
      assert.equal(await codeOf(berth(root, ['check', 'agent.yaml', '--fail-on', 'error'])), 0);
    });
    await withProject({ 'agent.yaml': hostNetworkPod, 'ci.yaml': 'rules:\n  host-network: error\n' }, async (root) => {
      const run = await berth(root, ['check', 'agent.yaml', '--config', 'ci.yaml']);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /agent\.yaml:6:3 {2}error /);
    });
    const files = { 'deploy/agent.yaml': hostNetworkPod, 'vendor/agent.yaml': hostNetworkPod, '.berth.yaml': 'rules:\n  host-network: error\nignore: [vendor]\n' };
    await withProject(files, async (root) => {
      const run = await berth(join(root, 'deploy'), ['check', '.', '../vendor']);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^1 error, 0 warnings, 0 notes in 1 object \(1 file, 1 workload\)\.$/m);
      // Only ignored files given (as a pre-commit hook may): nothing to report, and not a usage error.
      assert.equal(await codeOf(berth(root, ['check', 'vendor/agent.yaml'])), 0);
    });
  });

  test('exit 2 for usage errors, each a one-line message', async () => {
    await withProject({ 'web.yaml': cleanPod, 'empty/': '', 'notes/readme.txt': 'not a manifest' }, async (root) => {
      const [missing, nothing, notes, noPath, badLevel, badFlag, noConfig] = await Promise.all([
        berth(root, ['check', 'web.yaml', 'nope.yaml']),
        berth(root, ['check', 'empty']),
        berth(root, ['check', 'notes']),
        berth(root, ['check']),
        berth(root, ['check', 'web.yaml', '--fail-on', 'sometimes']),
        berth(root, ['check', 'web.yaml', '--no-such-flag']),
        berth(root, ['check', 'web.yaml', '--config', 'nope.yaml']),
      ]);
      assert.equal(missing.code, 2);
      assert.equal(missing.stderr, 'berth: nope.yaml: no such file or directory\n');
      assert.equal(nothing.code, 2);
      assert.equal(nothing.stderr, 'berth: no manifests to check\n');
      assert.equal(notes.code, 2);
      assert.equal(noPath.code, 2, 'no path at all');
      assert.equal(badLevel.code, 2);
      assert.equal(badFlag.code, 2);
      assert.equal(noConfig.code, 2);
      assert.equal(noConfig.stderr, 'nope.yaml: config file: no such file\n');
    });
  });

  test('a broken config is a usage error: exit 2, one line per problem, no report', async () => {
    const config = 'rules:\n  host-network: warn\n  host-netwrk: off\nkubeVersion: 1.30\n';
    await withProject({ 'web.yaml': cleanPod, '.berth.yaml': config, 'sub/': '' }, async (root) => {
      const run = await berth(join(root, 'sub'), ['check', '../web.yaml']);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      const lines = run.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 3, run.stderr);
      assert.equal(lines[0], '../.berth.yaml:2:17: rules.host-network: "warn" is not one of off, error, warning, note');
      assert.match(lines[1]!, /^\.\.\/\.berth\.yaml:3:3: unknown rule "host-netwrk" \(did you mean "host-network"\?\); known rules: .*host-network/);
      assert.equal(lines[2], '../.berth.yaml:4:14: kubeVersion: quote the version: kubeVersion: "1.30" (unquoted, YAML reads 1.30 as the number 1.3)');
    });
  });

  test('--output writes the report to the file and nothing to stdout', async () => {
    await withProject({ 'agent.yaml': hostNetworkPod }, async (root) => {
      const [run, unwritable] = await Promise.all([
        berth(root, ['check', 'agent.yaml', '--format', 'json', '--output', 'report.json', '--fail-on', 'warning']),
        berth(root, ['check', 'agent.yaml', '--output', 'no/such/dir/report.txt']),
      ]);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      const report = JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')) as { diagnostics: { ruleId: string; location: { file: string; line: number } }[] };
      assert.deepEqual(report.diagnostics.map((d) => [d.ruleId, d.location.file, d.location.line]), [['host-network', 'agent.yaml', 6]]);
      assert.equal(unwritable.code, 2);
      assert.equal(unwritable.stderr, 'berth: no/such/dir/report.txt: cannot write the report (ENOENT)\n');
      assert.equal(existsSync(join(root, 'no')), false);
    });
  });

  test('- reads the manifests from standard input', async () => {
    await withProject({}, async (root) => {
      const [findings, clean] = await Promise.all([
        berth(root, ['check', '-', '--fail-on', 'warning'], { input: hostNetworkPod }),
        berth(root, ['check', '-'], { input: cleanPod }),
      ]);
      assert.equal(findings.code, 1);
      assert.match(findings.stdout, /^ {2}<stdin>:6:3 {2}warning /m);
      assert.equal(clean.code, 0);
    });
  });

  test('piped output and --no-color never carry escape codes', async () => {
    await withProject({ 'agent.yaml': hostNetworkPod }, async (root) => {
      for (const run of await Promise.all([berth(root, ['check', 'agent.yaml']), berth(root, ['check', 'agent.yaml', '--no-color'])])) {
        assert.match(run.stdout, /host-network/);
        assert.ok(!run.stdout.includes(ESCAPE));
      }
    });
  });

  /** util-linux `script` gives the CLI a real terminal; without it the TTY cases cannot be observed. */
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

  test('on a terminal: colour, unless NO_COLOR or --no-color', { skip: hasScript ? false : 'util-linux `script` is not installed' }, async () => {
    await withProject({ 'agent.yaml': hostNetworkPod }, async (root) => {
      const onTty = (extra: string, env: Record<string, string> = {}) => {
        const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} check agent.yaml ${extra}`;
        const environment: Record<string, string> = {};
        for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'NO_COLOR') environment[key] = value;
        const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, encoding: 'utf8', env: { ...environment, ...env } });
        assert.match(run.stdout, /host-network/, run.stderr);
        return run.stdout;
      };
      assert.ok(onTty('').includes(`${ESCAPE}33mwarning`), 'warnings are yellow on a terminal');
      assert.ok(!onTty('', { NO_COLOR: '1' }).includes(ESCAPE), 'NO_COLOR');
      assert.ok(!onTty('--no-color').includes(ESCAPE), '--no-color');
    });
  });
});
