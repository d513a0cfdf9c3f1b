import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import plugin from '../../src/eslint/plugin.js';
import { findingsFor } from '../../src/eslint/findings.js';
import { RULES } from '../../rules/index.js';
import { checkFiles } from '../../src/check.js';
import { PACKAGE_ROOT } from '../../src/meta.js';

/** Real ESLint 10 with a flat config, on fixture files, as a user's `eslint.config.js` would run it. */
const FIXTURES = join(PACKAGE_ROOT, 'test', 'eslint', 'fixtures');

async function lint(files: string[], config: Linter.Config[]) {
  const eslint = new ESLint({ cwd: FIXTURES, overrideConfigFile: true, overrideConfig: config });
  return eslint.lintFiles(files);
}

const where = (messages: Linter.LintMessage[]) =>
  messages.map((m) => ({ ruleId: m.ruleId, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, severity: m.severity }));

test('recommended: berth findings at their exact positions, with berth\'s own messages', async () => {
  const [result] = await lint(['node-agent.yaml'], plugin.configs.recommended as Linter.Config[]);
  assert.equal(result!.fatalErrorCount, 0, JSON.stringify(result!.messages));
  assert.deepEqual(where(result!.messages), [
    { ruleId: 'berth/host-network', line: 26, column: 7, endLine: 26, endColumn: 18, severity: 1 },
    { ruleId: 'berth/host-pid', line: 27, column: 7, endLine: 27, endColumn: 14, severity: 1 },
    { ruleId: 'berth/privileged', line: 41, column: 13, endLine: 41, endColumn: 23, severity: 1 },
  ]);
  // The same text `berth check` prints: one set of message templates for both.
  const path = join(FIXTURES, 'node-agent.yaml');
  const cli = checkFiles([{ path, text: readFileSync(path, 'utf8') }]).findings.map((f) => f.message);
  assert.deepEqual(result!.messages.map((m) => m.message), cli);
  assert.equal(result!.messages[0]!.messageId, 'hostNetwork');
});

test('a clean manifest gets no reports', async () => {
  const [result] = await lint(['clean.yaml'], plugin.configs.recommended as Linter.Config[]);
  assert.deepEqual(result!.messages, []);
});

test('ignore.berth/<rule> annotations suppress in ESLint too', async () => {
  const [result] = await lint(['suppressed.yaml'], plugin.configs.recommended as Linter.Config[]);
  assert.deepEqual(result!.messages, []);
});

test('all: every berth rule is enabled; error-level rules report as errors', async () => {
  const config = plugin.configs.all as Linter.Config[];
  assert.deepEqual(Object.keys(config[0]!.rules!).sort(), RULES.map((rule) => `berth/${rule.id}`).sort());
  const [result] = await lint(['selector-mismatch.yaml'], config);
  assert.deepEqual(where(result!.messages), [{ ruleId: 'berth/selector-mismatch', line: 8, column: 3, endLine: 8, endColumn: 11, severity: 2 }]);
  assert.match(result!.messages[0]!.message, /^Deployment api: spec\.selector does not match the template labels/);
});

test('a single rule can be turned on alone, and only it reports', async () => {
  const only: Linter.Config[] = [{ ...(plugin.configs.recommended[0] as Linter.Config), rules: { 'berth/host-pid': 'error' } }];
  const [result] = await lint(['node-agent.yaml'], only);
  assert.deepEqual(where(result!.messages), [{ ruleId: 'berth/host-pid', line: 27, column: 7, endLine: 27, endColumn: 14, severity: 2 }]);
});

test('rule metadata comes from berth\'s: docs URL, description, messages', () => {
  for (const rule of RULES) {
    const eslintRule = plugin.rules[rule.id]!;
    assert.equal(eslintRule.meta.docs?.url, rule.helpUri);
    assert.equal(eslintRule.meta.docs?.description, rule.description);
    for (const [id, text] of Object.entries(rule.messages as Record<string, string>)) assert.equal(eslintRule.meta.messages[id], text);
  }
});

test('the package exports the plugin as berth/eslint-plugin', async () => {
  const specifier = 'berth/eslint-plugin';
  const resolved = import.meta.resolve(specifier);
  assert.equal(resolved, pathToFileURL(join(PACKAGE_ROOT, 'dist', 'src', 'eslint', 'plugin.js')).href);
  // After `npm run build` (as `npm test` does) the export is importable and is this plugin.
  if (existsSync(fileURLToPath(resolved))) {
    const exported = ((await import(specifier)) as { default: typeof plugin }).default;
    assert.deepEqual(Object.keys(exported.rules), Object.keys(plugin.rules));
    assert.deepEqual(Object.keys(exported.configs), ['recommended', 'all']);
  }
});

test('settings.berth.cluster: the snapshot is read (a missing one is reported at the top of the file, not ignored)', async () => {
  const config: Linter.Config[] = [
    ...(plugin.configs.recommended as Linter.Config[]),
    { settings: { berth: { cluster: 'no-such-snapshot.yaml' } } },
  ];
  const [result] = await lint(['clean.yaml'], config);
  assert.deepEqual(where(result!.messages), [{ ruleId: 'berth/parse-error', line: 1, column: 1, endLine: 1, endColumn: 1, severity: 2 }]);
  assert.equal(result!.messages[0]!.message, `${join(FIXTURES, 'no-such-snapshot.yaml')}:1:1: cluster snapshot: no such file or directory`);
  // A readable snapshot: nothing to report about it.
  const [withCluster] = await lint(['clean.yaml'], [...(plugin.configs.recommended as Linter.Config[]), { settings: { berth: { cluster: 'cluster.yaml' } } }]);
  assert.deepEqual(withCluster!.messages, []);
});

const placementRule = RULES.find((rule) => rule.id === 'host-port-conflict');

test('placement rules run with settings.berth.cluster, and only then', { skip: placementRule ? false : 'the host-port-conflict rule is not in RULES yet' }, async () => {
  const recommended = plugin.configs.recommended as Linter.Config[];
  const [withCluster] = await lint(['host-port.yaml'], [...recommended, { settings: { berth: { cluster: 'cluster.yaml' } } }]);
  assert.deepEqual(where(withCluster!.messages), [
    { ruleId: 'berth/host-port', line: 22, column: 15, endLine: 22, endColumn: 23, severity: 1 },
    { ruleId: 'berth/host-port-conflict', line: 22, column: 15, endLine: 22, endColumn: 23, severity: 2 },
  ]);
  assert.match(withCluster!.messages[1]!.message, /^Deployment web: 1 of 3 replicas would stay Pending: 0\/3 nodes are available: 1 node\(s\) had untolerated taint\(s\), 2 node\(s\) didn't have free ports for the requested pod ports\./);
  const [without] = await lint(['host-port.yaml'], recommended);
  assert.deepEqual(without!.messages.map((m) => m.ruleId), ['berth/host-port']);
});

test('one pipeline run per file: every berth rule reads the same cached findings', () => {
  const path = join(FIXTURES, 'node-agent.yaml');
  const sourceCode = { text: readFileSync(path, 'utf8') };
  const first = findingsFor(sourceCode, path, FIXTURES, {});
  assert.equal(findingsFor(sourceCode, path, FIXTURES, {}), first, 'the second rule gets the first run\'s result');
  assert.notEqual(findingsFor({ text: sourceCode.text }, path, FIXTURES, {}), first, 'another lint pass (a new SourceCode) runs again');
  assert.notEqual(findingsFor(sourceCode, path, FIXTURES, { berth: { cluster: 'cluster.yaml' } }), first, 'other settings run again');
});
