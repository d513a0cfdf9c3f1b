/**
 * The bundled action (action.yml → dist-action/index.mjs) run as the runner runs it, in a child Node
 * process with a simulated GitHub environment (github-action-ts-run-api: INPUT_* variables with action.yml's
 * defaults, GITHUB_OUTPUT, GITHUB_EVENT_PATH), over fixture repositories in temporary directories.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { RunOptions, RunTarget } from 'github-action-ts-run-api';
import { PACKAGE_ROOT } from '../../src/meta.js';
import type { PlacementReport } from '../../src/schedule/types.js';
import { yaml } from '../helpers/lint.js';
import { AGENT, CLUSTER, SETTINGS, WEB, git, makeRepository, writeFiles } from './fixture.js';
import { multitoolProblems, multitoolSkip } from '../helpers/multitool.js';

const ACTION = RunTarget.mainJs(join(PACKAGE_ROOT, 'action.yml'));


/** `replica` is not a Deployment field (`replicas` is): a schema error at line 6, column 3. */
const TYPO = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: worker
  spec:
    replica: 2
    selector:
      matchLabels: { app: worker }
    template:
      metadata:
        labels: { app: worker }
      spec:
        containers:
          - name: worker
            image: example/worker:1.0
            resources:
              requests: { cpu: 100m, memory: 64Mi }
              limits: { memory: 64Mi }
            readinessProbe:
              exec: { command: [cat, /tmp/ready] }
`;

interface Annotation {
  level: string;
  properties: Record<string, string>;
  message: string;
}

/** Annotation commands of the step log, properties unescaped as the runner reads them. */
function annotations(stdout: string): Annotation[] {
  const unescape = (s: string) => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  return stdout
    .split('\n')
    .map((line) => /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      level: m[1]!,
      properties: Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))])),
      message: unescape(m[3]!),
    }));
}

function quietOptions(repo: string, summaryFile: string): RunOptions {
  return RunOptions.create()
    .setWorkingDir(repo)
    .setWorkspaceDir(repo)
    .setEnv({ GITHUB_STEP_SUMMARY: summaryFile })
    .setOutputOptions({ printStdout: false, printStderr: false, printRunnerWarnings: false });
}

test('pull request with a cluster snapshot: outputs, annotations, job summary with the placement report, SARIF', async () => {
  const repo = makeRepository({ 'k8s/web.yaml': WEB, 'k8s/agent.yaml': AGENT, 'k8s/worker.yaml': TYPO, 'k8s/settings.yaml': SETTINGS, 'cluster/nodes.yaml': CLUSTER });
  const scratch = mkdtempSync(join(tmpdir(), 'berth-action-run-'));
  try {
    const summaryFile = join(scratch, 'summary.md');
    const result = await ACTION.run(
      quietOptions(repo, summaryFile)
        .setInputs({ paths: 'k8s', cluster: 'cluster/nodes.yaml' })
        .setGithubContext({ eventName: 'pull_request', payload: { pull_request: { number: 7, base: { sha: git(repo, 'rev-parse', 'HEAD') } } } }),
    );
    assert.equal(result.runnerWarnings.length, 0, result.runnerWarnings.map((w) => w.message).join('\n'));

    // SARIF first: the other channels must agree with it.
    const sarif = JSON.parse(readFileSync(join(repo, 'berth.sarif'), 'utf8')) as Sarif.Log;
    const results = sarif.runs[0]!.results!;
    const byLevel = (level: string) => results.filter((r) => r.level === level).length;
    const hostNetwork = results.find((r) => r.ruleId === 'host-network')!;
    assert.equal(hostNetwork.locations![0]!.physicalLocation!.artifactLocation!.uri, 'k8s/agent.yaml');
    assert.equal(hostNetwork.locations![0]!.physicalLocation!.region!.startLine, 7);
    const placement = sarif.runs[0]!.properties!.placement as PlacementReport;
    const web = placement.workloads.find((w) => w.name === 'web')!;
    assert.deepEqual({ desired: web.desired, scheduled: web.scheduled, pending: web.pending, nodes: web.nodes }, { desired: 3, scheduled: 2, pending: 1, nodes: { worker232: 1, worker233: 1 } });

    assert.deepEqual(result.commands.outputs, {
      'sarif-file': 'berth.sarif',
      errors: String(byLevel('error')),
      warnings: String(byLevel('warning')),
      'pending-pods': '1',
    });
    assert.ok(byLevel('error') >= 1 && byLevel('warning') >= 2);
    // A schema error with fail-on: error (the default) fails the step.
    assert.equal(result.exitCode, 1);

    const printed = annotations(result.stdout!);
    assert.deepEqual(printed.find((a) => a.properties.title === 'schema'), {
      level: 'error',
      properties: { file: 'k8s/worker.yaml', line: '6', col: '3', endLine: '6', endColumn: '10', title: 'schema' },
      message: printed.find((a) => a.properties.title === 'schema')!.message,
    });
    assert.match(printed.find((a) => a.properties.title === 'schema')!.message, /replica/);
    const hostNetworkAnnotation = printed.find((a) => a.properties.title === 'host-network')!;
    assert.deepEqual(hostNetworkAnnotation.properties, { file: 'k8s/agent.yaml', line: '7', col: '3', endLine: '7', endColumn: '14', title: 'host-network' });
    assert.equal(hostNetworkAnnotation.level, 'warning');
    assert.equal(printed.filter((a) => a.level === 'error').length, byLevel('error'));
    assert.equal(printed.filter((a) => a.level === 'warning').length, Math.min(10, byLevel('warning')));

    const summary = readFileSync(summaryFile, 'utf8');
    assert.match(summary, /^## berth\n/);
    assert.match(summary, /1 pod would stay Pending\./);
    assert.match(summary, /- \*\*Deployment shop\/web\*\*: 1 of 3 pods would stay Pending\n  - 0\/3 nodes are available: 1 node\(s\) had untolerated taint\(s\), 2 node\(s\) didn't have free ports for the requested pod ports\./);
    // One collapsible section per node: its use against allocatable, then the workloads that landed there.
    assert.match(summary, /<details><summary><b>master231<\/b>: 0 new pods · cpu 0 \/ 2 \(0%\) · memory 0 \/ 3759112Ki \(0%\) · pods 0 \/ 110 \(0%\)<\/summary>\n\nNo pod of these manifests lands here\.\n\n<\/details>/);
    for (const node of ['worker232', 'worker233']) {
      const section = new RegExp(`<details><summary><b>${node}</b>: (\\d+) new pods? · cpu (\\d+m) / 2 \\((\\d+)%\\) · memory \\S+ / 3759112Ki \\(\\d+%\\) · pods \\d+ / 110 \\(\\d+%\\)</summary>\n\n\\| Workload \\| Pods \\|\n\\| --- \\| --- \\|\n([^]*?)\n\n</details>`).exec(summary);
      assert.ok(section, `no section for ${node}`);
      const requested = placement.nodes.find((n) => n.name === node)!.requested;
      assert.equal(section[2], requested.cpu);
      assert.equal(Number(section[3]), Math.round(parseInt(requested.cpu!, 10) / 20));
      assert.match(section[4]!, /^\| Deployment shop\/web \| 1 \|$/m);
    }
    assert.match(summary, /\| warning \| \[host-network\]\([^)]+\) \| `k8s\/agent\.yaml:7` \|/);
    // The messages are listed once, in full, in the Pending section.
    const portMessage = "didn't have free ports for the requested pod ports.";
    const findingsQuotingIt = results.filter((r) => r.message.text!.includes(portMessage)).length;
    assert.equal(summary.split(portMessage).length - 1, 1 + findingsQuotingIt);
    const order = ['### Pending pods', '### Findings', '### Predicted placement', '#### Nodes'].map((heading) => summary.indexOf(heading));
    assert.ok(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)), `sections out of order: ${order.join(', ')}`);
  } finally {
    rmSync(repo, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('the action\'s SARIF passes sarif-multitool with GitHub\'s ingestion rules', { skip: multitoolSkip }, async () => {
  const repo = makeRepository({ 'deploy/web app.yaml': WEB, 'deploy/agent.yaml': AGENT, 'deploy/worker.yaml': TYPO, 'cluster.yaml': CLUSTER });
  try {
    const result = await ACTION.run(
      quietOptions(repo, join(repo, '.summary.md')).setInputs({ paths: 'deploy', cluster: 'cluster.yaml', 'sarif-file': 'reports/berth.sarif', 'fail-on': 'none', summary: 'false', annotations: 'false' }),
    );
    assert.equal(result.exitCode, 0);
    // summary: false and annotations: false leave only the SARIF file and the outputs.
    assert.equal(existsSync(join(repo, '.summary.md')), false);
    assert.deepEqual(annotations(result.stdout!), []);
    assert.notEqual(result.commands.outputs.errors, '0');
    assert.equal(result.commands.outputs['sarif-file'], 'reports/berth.sarif');
    const file = join(repo, 'reports', 'berth.sarif');
    const log = JSON.parse(readFileSync(file, 'utf8')) as Sarif.Log;
    assert.ok(log.runs[0]!.results!.some((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri === 'deploy/web%20app.yaml'));
    assert.deepEqual(multitoolProblems(file, repo), []);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('only-changed on a pull request: findings on lines the PR did not touch are left out everywhere', async () => {
  const repo = makeRepository({ 'k8s/agent.yaml': AGENT, 'k8s/settings.yaml': SETTINGS });
  const scratch = mkdtempSync(join(tmpdir(), 'berth-action-run-'));
  try {
    const base = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', '-b', 'feature');
    // The PR adds a second host-network pod and edits the ConfigMap; agent.yaml is untouched.
    writeFiles(repo, {
      'k8s/collector.yaml': AGENT.replace('name: agent\n  namespace', 'name: collector\n  namespace'),
      'k8s/settings.yaml': SETTINGS.replace('LOG_LEVEL: info', 'LOG_LEVEL: debug'),
    });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'add the collector');
    const summaryFile = join(scratch, 'summary.md');
    const result = await ACTION.run(
      quietOptions(repo, summaryFile)
        .setInputs({ 'only-changed': 'true', 'fail-on': 'warning' })
        .setGithubContext({ eventName: 'pull_request', payload: { pull_request: { number: 8, base: { sha: base }, head: { sha: git(repo, 'rev-parse', 'HEAD') } } } }),
    );
    const printed = annotations(result.stdout!).filter((a) => a.properties.title === 'host-network');
    assert.deepEqual(printed.map((a) => a.properties.file), ['k8s/collector.yaml']);
    assert.equal(result.commands.outputs.warnings, '1');
    assert.equal(result.exitCode, 1);
    const sarif = JSON.parse(readFileSync(join(repo, 'berth.sarif'), 'utf8')) as Sarif.Log;
    assert.deepEqual(sarif.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri), ['k8s/collector.yaml']);
    assert.match(readFileSync(summaryFile, 'utf8'), /1 finding on lines this pull request did not change is not shown \(only-changed\)\./);
  } finally {
    rmSync(repo, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('only-changed without the base commit (a shallow checkout) warns and reports every finding', async () => {
  const repo = makeRepository({ 'k8s/agent.yaml': AGENT });
  try {
    const result = await ACTION.run(
      quietOptions(repo, join(repo, '.summary.md'))
        .setInputs({ 'only-changed': 'true', summary: 'false' })
        .setGithubContext({ eventName: 'pull_request', payload: { pull_request: { number: 9, base: { sha: 'f'.repeat(40) } } } }),
    );
    const printed = annotations(result.stdout!);
    assert.match(printed.find((a) => a.properties.title === 'berth')!.message, /^only-changed: git diff against the base commit failed .*fetch-depth: 0/);
    assert.deepEqual(printed.filter((a) => a.properties.title === 'host-network').map((a) => a.properties.file), ['k8s/agent.yaml']);
    assert.equal(result.exitCode, 0);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('a PR-controlled base sha never reaches git: anything but a hex object id is refused', async () => {
  const repo = makeRepository({ 'k8s/agent.yaml': AGENT });
  try {
    const result = await ACTION.run(
      quietOptions(repo, join(repo, '.summary.md'))
        .setInputs({ 'only-changed': 'true', summary: 'false' })
        .setGithubContext({ eventName: 'pull_request', payload: { pull_request: { number: 10, base: { sha: '--output=/tmp/pwned' } } } }),
    );
    const warning = annotations(result.stdout!).find((a) => a.properties.title === 'berth')!;
    assert.equal(warning.message, 'only-changed: the event payload has no valid pull_request.base.sha; reporting every finding.');
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('bad inputs and a missing path fail the step with exit status 2 and an error annotation', async () => {
  const repo = makeRepository({ 'k8s/settings.yaml': SETTINGS });
  try {
    const badFailOn = await ACTION.run(quietOptions(repo, join(repo, '.summary.md')).setInputs({ 'fail-on': 'fatal' }));
    assert.equal(badFailOn.exitCode, 2);
    assert.deepEqual(badFailOn.commands.errors, ['input fail-on: expected one of error, warning, note, none, got "fatal"']);
    const missing = await ACTION.run(quietOptions(repo, join(repo, '.summary.md')).setInputs({ paths: 'k8s\nmanifests/' }));
    assert.equal(missing.exitCode, 2);
    assert.deepEqual(missing.commands.errors, ['manifests/: no such file or directory']);
    const clean = await ACTION.run(quietOptions(repo, join(repo, '.summary.md')));
    assert.equal(clean.exitCode, 0);
    assert.deepEqual(clean.commands.outputs, { 'sarif-file': 'berth.sarif', errors: '0', warnings: '0', 'pending-pods': '0' });
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('.berth.yaml applies (a rule turned off), and a broken one is an error annotation at its line', async () => {
  const repo = makeRepository({ 'k8s/agent.yaml': AGENT, '.berth.yaml': 'rules:\n  host-network: off\n' });
  try {
    const quiet = await ACTION.run(quietOptions(repo, join(repo, '.summary.md')).setInputs({ 'fail-on': 'warning', summary: 'false' }));
    assert.equal(quiet.exitCode, 0, quiet.stdout);
    assert.deepEqual(annotations(quiet.stdout!), []);
    writeFiles(repo, { '.berth.yaml': 'rules:\n  host-netwrk: off\n' });
    const broken = await ACTION.run(quietOptions(repo, join(repo, '.summary.md')).setInputs({ summary: 'false' }));
    assert.equal(broken.exitCode, 2);
    const [problem, ...rest] = annotations(broken.stdout!);
    assert.deepEqual(rest, []);
    assert.deepEqual(problem!.properties, { file: '.berth.yaml', line: '2', col: '3', title: 'berth config' });
    assert.match(problem!.message, /^unknown rule "host-netwrk" \(did you mean "host-network"\?\)/);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
