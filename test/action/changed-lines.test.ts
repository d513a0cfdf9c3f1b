import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changedLines, keepChanged, parseUnifiedDiff, pullRequestBase } from '../../src/action/changed-lines.js';
import type { Finding } from '../../src/rules/rule.js';
import { git, makeRepository, writeFiles } from './fixture.js';

const DIFF = [
  'diff --git a/k8s/web.yaml b/k8s/web.yaml',
  'index 1111111..2222222 100644',
  '--- a/k8s/web.yaml',
  '+++ b/k8s/web.yaml',
  '@@ -7 +7 @@ spec:',
  '-  replicas: 2',
  '+  replicas: 3',
  '@@ -20,0 +21,3 @@ spec:',
  '+        ports:',
  '+          - containerPort: 80',
  '+            hostPort: 8080',
  '@@ -30,2 +33,0 @@',
  '-        a',
  '-        b',
  'diff --git a/old.yaml b/old.yaml',
  'deleted file mode 100644',
  '--- a/old.yaml',
  '+++ /dev/null',
  '@@ -1,3 +0,0 @@',
  '-x',
  'diff --git "a/k8s/caf\\303\\251 app.yaml" "b/k8s/caf\\303\\251 app.yaml"',
  'new file mode 100644',
  '--- /dev/null',
  '+++ "b/k8s/caf\\303\\251 app.yaml"',
  '@@ -0,0 +1,2 @@',
  '+a: 1',
  '+b: 2',
  '',
].join('\n');

test('a --unified=0 diff gives the new side\'s changed line ranges per file; pure deletions and deleted files add none', () => {
  assert.deepEqual([...parseUnifiedDiff(DIFF)], [
    ['k8s/web.yaml', [[7, 7], [21, 23]]],
    ['k8s/café app.yaml', [[1, 2]]],
  ]);
});

test('the base commit comes from pull_request.base.sha and must be a hex object id', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-event-'));
  try {
    const write = (payload: unknown) => {
      writeFileSync(join(dir, 'event.json'), JSON.stringify(payload));
      return pullRequestBase(join(dir, 'event.json'));
    };
    assert.deepEqual(write({ pull_request: { base: { sha: 'a'.repeat(40) } } }), { ok: true, base: 'a'.repeat(40) });
    assert.deepEqual(write({ ref: 'refs/heads/main' }), { ok: false, reason: 'the event is not a pull request', notPullRequest: true });
    assert.deepEqual(write({ pull_request: { base: { sha: 'HEAD; rm -rf /' } } }), { ok: false, reason: 'the event payload has no valid pull_request.base.sha' });
    assert.deepEqual(pullRequestBase(undefined), { ok: false, reason: 'GITHUB_EVENT_PATH is not set' });
    assert.match((pullRequestBase(join(dir, 'missing.json')) as { reason: string }).reason, /^cannot read the event payload .*missing\.json \(ENOENT\)$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function at(file: string, line: number, endLine = line): Finding {
  return { ruleId: 'host-network', level: 'warning', message: 'm', location: { file, line, column: 3, endLine, endColumn: 9 } };
}

test('against a real repository: findings are kept when they touch a line the branch changed since the merge base', async () => {
  const repo = makeRepository({ 'k8s/a.yaml': 'a: 1\nb: 2\nc: 3\nd: 4\n', 'k8s/b.yaml': 'x: 1\n' });
  try {
    const base = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFiles(repo, { 'k8s/a.yaml': 'a: 1\nb: 20\nc: 3\nd: 4\ne: 5\n', 'k8s/new.yaml': 'n: 1\n' });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'change');
    // The base branch moves on after the fork: its changes must not count as the PR's.
    git(repo, 'checkout', '-q', 'main');
    writeFiles(repo, { 'k8s/b.yaml': 'x: 2\n' });
    git(repo, 'commit', '-q', '-am', 'main moves');
    const mainTip = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', 'feature');

    const event = join(repo, '.git', 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { base: { sha: mainTip } } }));
    const changed = await changedLines(event, join(repo, 'k8s'));
    assert.equal(changed.ok, true);
    if (!changed.ok) return;
    assert.equal(changed.base, mainTip);
    assert.deepEqual([...changed.changed].sort(), [['k8s/a.yaml', [[2, 2], [5, 5]]], ['k8s/new.yaml', [[1, 1]]]]);
    const findings = [at('a.yaml', 1), at('a.yaml', 2), at('a.yaml', 3, 5), at('a.yaml', 3, 4), at('b.yaml', 1), at('new.yaml', 1), at('--kube-version', 1)];
    assert.deepEqual(
      keepChanged(findings, changed.changed, changed.root, join(repo, 'k8s')).map((f) => `${f.location.file}:${f.location.line}-${f.location.endLine}`),
      ['a.yaml:2-2', 'a.yaml:3-5', 'new.yaml:1-1', '--kube-version:1-1'],
    );
    assert.notEqual(base, mainTip);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
