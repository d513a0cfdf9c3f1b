/**
 * berth as a pre-commit hook, with the real tool (Debian's `pre-commit`; CI: `apt-get install -y pre-commit`)
 * against a consumer repository whose .pre-commit-config.yaml points at this repository by path and commit.
 * pre-commit installs the hook the way it installs every node hook: `npm install` in a clone, `npm pack`
 * (whose stdout must be only the tarball name: see .npmrc) and `npm install -g` of the tarball, into a
 * throwaway PRE_COMMIT_HOME. The install needs the npm registry and takes minutes: run with
 * `npm run test:tools`, not in the unit suite.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/meta.js';
import { yaml } from '../helpers/lint.js';
import { AGENT, CLUSTER, WEB, git, makeRepository, writeFiles } from '../action/fixture.js';

const preCommitOnPath = (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, 'pre-commit')));
/** Set by `npm run test:tools`; there a missing pre-commit is a failure, not a reason to skip. */
const toolRun = process.env.BERTH_TOOL_TESTS === '1';
const skip = !toolRun ? 'slow real-tool test: run npm run test:tools' : false;

test('pre-commit is installed', { skip }, () => {
  assert.ok(preCommitOnPath, 'pre-commit is not on PATH (apt-get install -y pre-commit)');
});

/** A Deployment no rule objects to: pinned image, requests, memory limit, readiness probe, no host access. */
const API = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: api
    namespace: shop
  spec:
    replicas: 2
    selector:
      matchLabels: { app: api }
    template:
      metadata:
        labels: { app: api }
      spec:
        containers:
          - name: api
            image: example/api:4.2.1
            resources:
              requests: { cpu: 200m, memory: 256Mi }
              limits: { memory: 256Mi }
            readinessProbe:
              httpGet: { path: /ready, port: 8080 }
`;


/** pre-commit clones the hook repository at a commit: this checkout's HEAD (uncommitted changes are not seen). */
const REV = git(PACKAGE_ROOT, 'rev-parse', 'HEAD');

let consumer = '';
let home = '';

function preCommitConfig(rev: string): string {
  return yaml`
    repos:
      - repo: ${PACKAGE_ROOT}
        rev: ${rev}
        hooks:
          - id: berth
            files: ^k8s/
            args: [--fail-on, warning]
          - id: berth-placement
            files: ^(k8s|cluster)/
            args: [--cluster, cluster/nodes.yaml, k8s/]
  `;
}

/** `git commit` in the consumer repository, with its pre-commit hook and the throwaway PRE_COMMIT_HOME. */
function commit(message: string): SpawnSyncReturns<string> {
  return spawnSync('git', ['commit', '-m', message], {
    cwd: consumer,
    encoding: 'utf8',
    env: {
      ...process.env,
      PRE_COMMIT_HOME: home,
      NO_COLOR: '1',
      GIT_AUTHOR_NAME: 'berth test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'berth test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
}

function commitCount(): number {
  return Number(git(consumer, 'rev-list', '--count', 'HEAD'));
}

before(() => {
  if (skip || !preCommitOnPath) return;
  home = mkdtempSync(join(tmpdir(), 'berth-pre-commit-home-'));
  consumer = makeRepository({ '.pre-commit-config.yaml': preCommitConfig(REV), 'cluster/nodes.yaml': CLUSTER }, 'berth-pre-commit-consumer-');
  const install = spawnSync('pre-commit', ['install'], { cwd: consumer, encoding: 'utf8', env: { ...process.env, PRE_COMMIT_HOME: home } });
  assert.equal(install.status, 0, install.stderr + install.stdout);
});

after(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
  if (home) rmSync(home, { recursive: true, force: true });
});

test('pre-commit installs berth from this repository and lets a clean manifest through', { skip }, () => {
  writeFiles(consumer, { 'k8s/api.yaml': API });
  git(consumer, 'add', 'k8s/api.yaml');
  const run = commit('add the api');
  const output = run.stdout + run.stderr;
  assert.equal(run.status, 0, output);
  assert.match(output, /^berth\.+Passed$/m);
  assert.match(output, /^berth placement\.+Passed$/m);
  assert.equal(commitCount(), 2);
});

test('a hostNetwork: true manifest blocks the commit, with the finding printed', { skip }, () => {
  const before = commitCount();
  writeFiles(consumer, { 'k8s/agent.yaml': AGENT });
  git(consumer, 'add', 'k8s/agent.yaml');
  const run = commit('add the agent');
  const output = run.stdout + run.stderr;
  assert.equal(run.status, 1, output);
  assert.match(output, /^berth\.+Failed$/m);
  assert.match(output, /^ {2}k8s\/agent\.yaml:7:3 {2}warning {2}Pod agent runs on the host network; each of its container ports is also taken on the node {2}host-network$/m);
  assert.equal(commitCount(), before);
  git(consumer, 'rm', '-q', '--cached', 'k8s/agent.yaml');
  rmSync(join(consumer, 'k8s', 'agent.yaml'));
});

/** The rule list of the commit pre-commit installs, not of the working tree. */
const hostPortRule = git(PACKAGE_ROOT, 'show', `${REV}:rules/index.ts`).includes("'./host-port-conflict.js'") ? false : 'the host-port-conflict placement rule is not registered at HEAD yet';

test('with a cluster snapshot, replicas that cannot all get their host port block the commit', { skip: skip || hostPortRule }, () => {
  const before = commitCount();
  // Three replicas want host port 8080; only the two workers can take one each (the master is tainted).
  writeFiles(consumer, { 'k8s/web.yaml': WEB });
  git(consumer, 'add', 'k8s/web.yaml');
  const run = commit('add the web tier');
  const output = run.stdout + run.stderr;
  assert.notEqual(run.status, 0, output);
  assert.match(output, /^berth placement\.+Failed$/m);
  assert.match(output, /k8s\/web\.yaml:\d+:\d+ {2}error {2}.*host-port-conflict$/m);
  assert.equal(commitCount(), before);
});
