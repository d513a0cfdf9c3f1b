import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import type * as Sarif from 'sarif';
import { checkFiles, type CheckResult } from '../../src/check.js';
import { PACKAGE_ROOT } from '../../src/meta.js';
import { FINGERPRINT_KEY, SRCROOT, artifactLocation, findRepositoryRoot, formatSarif, toSarifLog } from '../../src/report/sarif.js';
import type { Finding } from '../../src/rules/rule.js';
import type { PlacementReport } from '../../src/schedule/types.js';
import { RULES } from '../../rules/index.js';
import { yaml } from '../helpers/lint.js';
import { multitoolSkip, multitoolVerdict, type MultitoolVerdict } from '../helpers/multitool.js';

const WEB = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: shop
  spec:
    replicas: 2
    selector:
      matchLabels: { app: web }
    template:
      metadata:
        labels: { app: web }
      spec:
        hostNetwork: true
        containers:
          - name: nginx
            image: nginx:1.27
  ---
  apiVersion: v1
  kind: Service
  metadata:
    name: web
    namespace: shop
  spec:
    selector: { app: web }
    ports:
      - port: 80
`;

const AGENT = yaml`
  apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    name: node-agent
  spec:
    selector:
      matchLabels: { app: agent }
    template:
      metadata:
        labels: { app: agent }
      spec:
        hostNetwork: true
        containers:
          - name: agent
            image: example/agent:2.1
`;

const HELM_TEMPLATE = yaml`
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: {{ .Release.Name }}-config
`;

/** A checkout: a directory holding `.git`, with manifests below it. */
function makeRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-sarif-'));
  mkdirSync(join(root, '.git'));
  return root;
}

/** The rules these tests assert on; other rules join berth over time and must not shift the expectations. */
const TEST_RULES = RULES.filter((rule) => rule.id === 'host-network' || rule.id === 'parse-error');

function check(files: { path: string; text: string }[]): CheckResult {
  return checkFiles(files, { rules: TEST_RULES });
}

function checkRepositoryFiles(): CheckResult {
  return check([
    { path: 'deploy/web app.yaml', text: WEB },
    { path: 'deploy/agent.yaml', text: AGENT },
    { path: 'charts/config.yaml', text: HELM_TEMPLATE },
  ]);
}

function compileSarifSchema(): (data: unknown) => boolean {
  const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as new (options: object) => {
    addFormat(name: string, validate: (value: string) => boolean): void;
    compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
  };
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The schema's three formats, checked as RFC 3986 / RFC 3339 require (ajv-formats is not a dependency).
  ajv.addFormat('uri', (value) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value) => !/[\s<>"{}|\\^`]/.test(value) && URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value));
  const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const validate = ajv.compile(schema);
  return (data) => {
    const ok = validate(data);
    if (!ok) assert.fail(`SARIF schema errors: ${JSON.stringify(validate.errors, null, 2)}`);
    return ok;
  };
}

const validateSarif = compileSarifSchema();

test('the SARIF log is valid against the OASIS SARIF 2.1.0 schema', () => {
  const root = makeRepository();
  try {
    const log = toSarifLog(checkRepositoryFiles(), { cwd: root });
    assert.equal(validateSarif(log), true);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    assert.equal(log.runs[0]!.columnKind, 'utf16CodeUnits');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the schema check can fail: an unknown level is rejected', () => {
  const log = toSarifLog(checkRepositoryFiles(), { cwd: '/work/repo', root: '/work/repo' }) as unknown as { runs: { results: { level: string }[] }[] };
  log.runs[0]!.results[0]!.level = 'fatal';
  assert.throws(() => validateSarif(log), /SARIF schema errors/);
});

test('tool.driver describes berth and lists every rule from the metadata', () => {
  const log = toSarifLog(checkRepositoryFiles(), { cwd: '/work/repo', root: '/work/repo' });
  const driver = log.runs[0]!.tool.driver;
  assert.equal(driver.name, 'berth');
  assert.match(driver.version!, /^\d+\.\d+\.\d+/);
  assert.equal(driver.semanticVersion, driver.version);
  assert.match(driver.informationUri!, /^https:\/\//);
  assert.deepEqual(driver.rules!.map((r) => r.id), RULES.map((r) => r.id));
  const hostNetwork = driver.rules!.find((r) => r.id === 'host-network')!;
  const rule = RULES.find((r) => r.id === 'host-network')!;
  assert.equal(hostNetwork.name, 'HostNetwork');
  assert.equal(hostNetwork.shortDescription!.text, rule.description);
  assert.equal(hostNetwork.fullDescription!.text, rule.details);
  assert.equal(hostNetwork.helpUri, rule.helpUri);
  assert.match(hostNetwork.helpUri!, /docs\/rules\.md#host-network$/);
  assert.deepEqual(hostNetwork.defaultConfiguration, { level: rule.level });
  assert.match(hostNetwork.help!.markdown!, /\[Documentation\]\(.*#host-network\)/);
});

test('results point at the exact key, relative to the repository root, with the object as logical location', () => {
  const root = makeRepository();
  try {
    const log = toSarifLog(checkRepositoryFiles(), { cwd: root });
    const run = log.runs[0]!;
    const driverRules = run.tool.driver.rules!;
    for (const result of run.results!) assert.equal(driverRules[result.ruleIndex!]!.id, result.ruleId);

    const web = run.results!.find((r) => r.locations![0]!.logicalLocations?.[0]?.fullyQualifiedName === 'Deployment/shop/web')!;
    assert.equal(web.ruleId, 'host-network');
    assert.equal(web.level, 'warning');
    assert.match(web.message.text!, /Deployment web runs on the host network/);
    const physical = web.locations![0]!.physicalLocation!;
    assert.equal(physical.artifactLocation!.uri, 'deploy/web%20app.yaml');
    assert.equal(physical.artifactLocation!.uriBaseId, SRCROOT);
    // `hostNetwork:` is on line 14, columns 7..17; SARIF's endColumn is the column after the last character.
    assert.deepEqual(physical.region, { startLine: 14, startColumn: 7, endLine: 14, endColumn: 18 });
    assert.deepEqual(web.locations![0]!.logicalLocations![0], {
      name: 'web',
      fullyQualifiedName: 'Deployment/shop/web',
      kind: 'object',
      properties: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop' },
    });

    const agent = run.results!.find((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri === 'deploy/agent.yaml')!;
    assert.equal(agent.locations![0]!.logicalLocations![0]!.fullyQualifiedName, 'DaemonSet/default/node-agent');

    const parse = run.results!.find((r) => r.ruleId === 'parse-error')!;
    assert.equal(parse.level, 'error');
    assert.equal(parse.locations![0]!.physicalLocation!.artifactLocation!.uri, 'charts/config.yaml');
    assert.equal(parse.locations![0]!.physicalLocation!.region!.startLine, 4);
    assert.equal(parse.locations![0]!.logicalLocations, undefined);

    assert.deepEqual(run.originalUriBaseIds, { [SRCROOT]: { uri: `file://${root}/` } });
    assert.deepEqual(
      run.artifacts!.map((a) => a.location!.uri),
      ['deploy/web%20app.yaml', 'deploy/agent.yaml', 'charts/config.yaml'],
    );
    for (const result of run.results!) {
      const location = result.locations![0]!.physicalLocation!.artifactLocation!;
      assert.equal(run.artifacts![location.index!]!.location!.uri, location.uri);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the repository root is the git top-level above the working directory, else the working directory', () => {
  const root = makeRepository();
  try {
    mkdirSync(join(root, 'k8s', 'prod'), { recursive: true });
    assert.equal(findRepositoryRoot(join(root, 'k8s', 'prod')), root);
    // Run from a subdirectory: names stay relative to it, URIs become relative to the checkout.
    assert.deepEqual(artifactLocation('web.yaml', join(root, 'k8s', 'prod'), root), { uri: 'k8s/prod/web.yaml', uriBaseId: SRCROOT });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const plain = mkdtempSync(join(tmpdir(), 'berth-sarif-nogit-'));
  try {
    assert.equal(findRepositoryRoot(plain), plain);
  } finally {
    rmSync(plain, { recursive: true, force: true });
  }
});

test('URIs are percent-encoded; files outside the root get an absolute file URI; stdin has no URI', () => {
  assert.deepEqual(artifactLocation('a b/c#1%.yaml', '/repo', '/repo'), { uri: 'a%20b/c%231%25.yaml', uriBaseId: SRCROOT });
  assert.deepEqual(artifactLocation('x:y.yaml', '/repo', '/repo'), { uri: 'x%3Ay.yaml', uriBaseId: SRCROOT });
  assert.deepEqual(artifactLocation('../elsewhere/web.yaml', '/repo', '/repo'), { uri: 'file:///elsewhere/web.yaml' });
  assert.deepEqual(artifactLocation('/etc/kube/pod.yaml', '/repo', '/repo'), { uri: 'file:///etc/kube/pod.yaml' });
  assert.deepEqual(artifactLocation('<stdin>', '/repo', '/repo'), { description: { text: 'standard input' } });
  const log = toSarifLog(check([{ path: '<stdin>', text: AGENT }, { path: 'pod.JSON', text: JSON.stringify(JSON.parse('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"hostNetwork":true,"containers":[]}}')) }]), { cwd: '/repo', root: '/repo' });
  assert.equal(validateSarif(log), true);
  assert.deepEqual(log.runs[0]!.artifacts!.map((a) => [a.location!.uri ?? a.location!.description!.text, a.mimeType]), [
    ['standard input', 'application/yaml'],
    ['pod.JSON', 'application/json'],
  ]);
});

test('fingerprints do not change when unrelated lines move, and differ between objects', () => {
  const fingerprintsOf = (files: { path: string; text: string }[]) =>
    new Map(
      toSarifLog(check(files), { cwd: '/repo', root: '/repo' }).runs[0]!.results!.map((r) => [
        r.locations![0]!.logicalLocations?.[0]?.fullyQualifiedName ?? r.ruleId,
        { fingerprint: r.partialFingerprints![FINGERPRINT_KEY]!, line: r.locations![0]!.physicalLocation!.region!.startLine! },
      ]),
    );
  const before = fingerprintsOf([{ path: 'all.yaml', text: `${WEB}---\n${AGENT}` }]);
  const moved = fingerprintsOf([
    {
      path: 'all.yaml',
      text: `# a comment\n${AGENT.replace('metadata:\n', 'metadata:\n  labels: { tier: system }\n')}---\n${WEB.replace('replicas: 2', 'replicas: 5\n  minReadySeconds: 10')}`,
    },
  ]);
  const web = 'Deployment/shop/web';
  const agent = 'DaemonSet/default/node-agent';
  assert.notEqual(before.get(web)!.line, moved.get(web)!.line);
  assert.notEqual(before.get(agent)!.line, moved.get(agent)!.line);
  assert.equal(before.get(web)!.fingerprint, moved.get(web)!.fingerprint);
  assert.equal(before.get(agent)!.fingerprint, moved.get(agent)!.fingerprint);
  assert.notEqual(before.get(web)!.fingerprint, before.get(agent)!.fingerprint);
  // The same object in another file is another finding.
  const elsewhere = fingerprintsOf([{ path: 'other.yaml', text: WEB }]);
  assert.notEqual(elsewhere.get(web)!.fingerprint, before.get(web)!.fingerprint);
});

test('identical findings still get distinct fingerprints', () => {
  const finding: Finding = { ruleId: 'host-network', level: 'warning', message: 'same', location: { file: 'a.yaml', line: 3, column: 1, endLine: 3, endColumn: 5 } };
  const result: CheckResult = { findings: [finding, { ...finding, location: { ...finding.location, line: 9, endLine: 9 } }], placement: null, summary: emptySummary() };
  const [first, second] = toSarifLog(result, { cwd: '/repo', root: '/repo' }).runs[0]!.results!;
  assert.notEqual(first!.partialFingerprints![FINGERPRINT_KEY], second!.partialFingerprints![FINGERPRINT_KEY]);
});

test('over the results cap, the most severe are kept and a notification says how many were dropped', () => {
  const at = (line: number, level: Finding['level'], ruleId: string): Finding => ({
    ruleId,
    level,
    message: `${level} at ${line}`,
    location: { file: 'a.yaml', line, column: 1, endLine: line, endColumn: 2 },
  });
  const findings = [at(1, 'note', 'host-network'), at(2, 'warning', 'host-network'), at(3, 'error', 'parse-error'), at(4, 'warning', 'host-network'), at(5, 'error', 'parse-error')];
  const result: CheckResult = { findings, placement: null, summary: emptySummary() };
  const log = toSarifLog(result, { cwd: '/repo', root: '/repo', maxResults: 3 });
  const run = log.runs[0]!;
  assert.deepEqual(run.results!.map((r) => r.message.text), ['warning at 2', 'error at 3', 'error at 5']);
  const notifications = run.invocations![0]!.toolExecutionNotifications!;
  assert.equal(notifications.length, 1);
  assert.equal(notifications[0]!.level, 'warning');
  assert.match(notifications[0]!.message.text!, /^2 of 5 results were left out to stay within 3 results per run/);
  assert.equal(run.invocations![0]!.executionSuccessful, true);
  assert.equal(validateSarif(log), true);

  const uncapped = toSarifLog(result, { cwd: '/repo', root: '/repo' }).runs[0]!;
  assert.equal(uncapped.results!.length, 5);
  assert.equal(uncapped.invocations![0]!.toolExecutionNotifications, undefined);
});

test('unreadable inputs become error notifications and mark the run unsuccessful', () => {
  const log = toSarifLog(checkRepositoryFiles(), { cwd: '/repo', root: '/repo', inputProblems: [{ path: 'missing.yaml', message: 'no such file or directory' }] });
  const invocation = log.runs[0]!.invocations![0]!;
  assert.equal(invocation.executionSuccessful, false);
  assert.deepEqual(invocation.toolExecutionNotifications, [{ level: 'error', message: { text: 'missing.yaml: no such file or directory' } }]);
  assert.equal(validateSarif(log), true);
});

test('the placement report goes into runs[0].properties.placement when there is one', () => {
  const placement: PlacementReport = {
    nodes: [{ name: 'node-a', allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, requested: { cpu: '1500m', memory: '1Gi', pods: '3' } }],
    workloads: [{ kind: 'Deployment', namespace: 'shop', name: 'web', desired: 3, scheduled: 1, pending: 2, nodes: { 'node-a': 1 }, reasons: ['0/1 nodes are available: 1 node(s) didn\'t have free ports for the requested pod ports.'] }],
  };
  const without = toSarifLog(checkRepositoryFiles(), { cwd: '/repo', root: '/repo' });
  assert.equal(without.runs[0]!.properties, undefined);
  const withPlacement = toSarifLog({ ...checkRepositoryFiles(), placement }, { cwd: '/repo', root: '/repo' });
  assert.deepEqual(withPlacement.runs[0]!.properties, { placement });
  assert.equal(validateSarif(withPlacement), true);
});

test('a clean run is still a complete log', () => {
  const log = JSON.parse(formatSarif(check([{ path: 'ok.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n' }]), { cwd: '/repo', root: '/repo' })) as Sarif.Log;
  assert.deepEqual(log.runs[0]!.results, []);
  assert.deepEqual(log.runs[0]!.artifacts, []);
  assert.equal(validateSarif(log), true);
});

// ---- Microsoft's validator with GitHub's ingestion rules ------------------------------------------------------

/** Writes `log` to `dir` and runs Microsoft's validator with GitHub's rules on it. */
function runMultitool(log: Sarif.Log, dir: string): MultitoolVerdict {
  const input = join(dir, 'berth.sarif');
  writeFileSync(input, JSON.stringify(log, null, 2));
  return multitoolVerdict(input, dir);
}


test('sarif-multitool with GitHub\'s rules finds no error or warning in berth\'s SARIF', { skip: multitoolSkip }, () => {
  const root = makeRepository();
  try {
    const placement: PlacementReport = { nodes: [], workloads: [] };
    const log = toSarifLog({ ...checkRepositoryFiles(), placement }, { cwd: root });
    assert.ok(log.runs[0]!.results!.length >= 3);
    const verdict = runMultitool(log, root);
    assert.deepEqual(verdict.problems, []);
    assert.equal(verdict.executionSuccessful, true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('sarif-multitool does report GitHub problems: a file outside the checkout is GH1006', { skip: multitoolSkip }, () => {
  const root = makeRepository();
  try {
    const log = toSarifLog(check([{ path: '../outside/agent.yaml', text: AGENT }]), { cwd: root });
    const verdict = runMultitool(log, root);
    assert.equal(verdict.problems.length, 1, verdict.problems.join('\n'));
    assert.match(verdict.problems[0]!, /^GH1006: /);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('sarif-multitool flags more than 1,000 results per run (GH1004); maxResults: 1000 keeps a log clean', { skip: multitoolSkip }, () => {
  const root = makeRepository();
  try {
    const findings: Finding[] = Array.from({ length: 1_050 }, (_, i) => ({
      ruleId: i % 7 === 0 ? 'parse-error' : 'host-network',
      level: i % 7 === 0 ? 'error' : 'warning',
      message: `finding ${i}`,
      location: { file: `deploy/app-${i % 40}.yaml`, line: 1 + i, column: 3, endLine: 1 + i, endColumn: 14 },
    }));
    const result: CheckResult = { findings, placement: null, summary: emptySummary() };
    const uncapped = runMultitool(toSarifLog(result, { cwd: root }), root);
    assert.deepEqual(uncapped.problems.map((p) => p.slice(0, 7)), ['GH1004:']);
    const capped = toSarifLog(result, { cwd: root, maxResults: 1_000 });
    assert.equal(capped.runs[0]!.results!.filter((r) => r.level === 'error').length, 150);
    assert.match(capped.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!.message.text!, /^50 of 1050 results were left out/);
    assert.deepEqual(runMultitool(capped, root).problems, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** The compiled CLI next to this compiled test (dist/ or a private build directory alike). */
const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

test('berth check -f sarif from a subdirectory of a checkout: URIs relative to the checkout, clean under sarif-multitool', { skip: multitoolSkip }, () => {
  const root = makeRepository();
  try {
    mkdirSync(join(root, 'k8s', 'system'), { recursive: true });
    writeFileSync(join(root, 'k8s', 'system', 'agent.yaml'), AGENT);
    const run = spawnSync(process.execPath, [MAIN, 'check', '.', 'missing.yaml', '--format', 'sarif', '--output', join(root, 'berth.sarif')], {
      cwd: join(root, 'k8s'),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(run.status, 2, run.stderr);
    const log = JSON.parse(readFileSync(join(root, 'berth.sarif'), 'utf8')) as Sarif.Log;
    assert.equal(validateSarif(log), true);
    const sarifRun = log.runs[0]!;
    const hostNetwork = sarifRun.results!.find((r) => r.ruleId === 'host-network')!;
    assert.deepEqual(hostNetwork.locations![0]!.physicalLocation!.artifactLocation, { uri: 'k8s/system/agent.yaml', uriBaseId: SRCROOT, index: 0 });
    assert.equal(hostNetwork.locations![0]!.physicalLocation!.region!.startLine, 12);
    assert.equal(sarifRun.invocations![0]!.executionSuccessful, false);
    assert.deepEqual(sarifRun.invocations![0]!.toolExecutionNotifications, [{ level: 'error', message: { text: 'missing.yaml: no such file or directory' } }]);
    assert.deepEqual(runMultitool(log, root).problems, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** A summary with every field the pipeline fills, whatever fields it gains later. */
function emptySummary(): CheckResult['summary'] {
  return checkFiles([{ path: 'empty.yaml', text: '' }], { rules: [] }).summary;
}
