import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { findConfigFile, formatConfigProblem, ignoreMatcher, loadConfig, parseConfig } from '../../src/read/config.js';
import { checkPaths } from '../../src/check.js';
import { lintYaml, yaml } from '../helpers/lint.js';
import { PACKAGE_ROOT } from '../../src/meta.js';

const RULE_IDS = ['parse-error', 'host-network', 'host-port'];

/** A throwaway tree: `files` maps relative paths to contents (a trailing `/` makes a directory). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-config-'));
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith('/')) mkdirSync(join(root, path), { recursive: true });
    else {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  }
  return root;
}

function parse(text: string) {
  const result = parseConfig(text, { file: '.berth.yaml', baseDir: '/repo', cwd: '/repo', ruleIds: RULE_IDS });
  return { config: result.config, lines: result.problems.map(formatConfigProblem) };
}

const hostNetworkPod = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: agent
  spec:
    hostNetwork: true
    containers:
      - name: agent
        image: registry.example/agent:1.4.2
`;

test('a valid config: every key, paths resolved against the config directory', () => {
  const result = parseConfig(yaml`
    # berth settings for this repository
    rules:
      host-network: off
      host-port: note
    ignore:
      - charts/**/templates/**
    cluster:
      - clusters/prod.yaml
    kubeVersion: "1.34"
    failOn: warning
  `, { file: '.berth.yaml', baseDir: '/repo', cwd: '/repo/deploy', ruleIds: RULE_IDS });
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.config, {
    file: '.berth.yaml',
    baseDir: '/repo',
    rules: { 'host-network': 'off', 'host-port': 'note' },
    ignore: ['charts/**/templates/**'],
    cluster: ['../clusters/prod.yaml'],
    kubeVersion: '1.34',
    failOn: 'warning',
  });
});

test('an empty config (or one with only comments) is valid and changes nothing', () => {
  for (const text of ['', '# nothing yet\n']) {
    const { config, lines } = parse(text);
    assert.deepEqual(lines, []);
    assert.deepEqual(config?.rules, {});
    assert.deepEqual(config?.cluster, []);
    assert.equal(config?.failOn, undefined);
  }
});

test('every schema error is one line with the exact position of the offending key or value', () => {
  const { config, lines } = parse(yaml`
    rules:
      host-network: warn
      host-port: 3
    ignore: vendor
    cluster:
      - prod.yaml
      - ""
    failOn: sometimes
    colour: true
  `);
  assert.equal(config, undefined);
  assert.deepEqual(lines, [
    '.berth.yaml:2:17: rules.host-network: "warn" is not one of off, error, warning, note',
    '.berth.yaml:3:14: rules.host-port: number 3 is not one of off, error, warning, note',
    '.berth.yaml:4:9: ignore: must be a list, not "vendor"',
    '.berth.yaml:7:5: cluster[1]: must not be empty',
    '.berth.yaml:8:9: failOn: "sometimes" is not one of error, warning, note, none',
    '.berth.yaml:9:1: unknown key "colour"; allowed keys: rules, ignore, cluster, kubeVersion, failOn',
  ]);
});

test('kubeVersion must be quoted: 1.30 unquoted would silently become 1.3', () => {
  assert.deepEqual(parse('failOn: error\nkubeVersion: 1.30\n').lines, [
    '.berth.yaml:2:14: kubeVersion: quote the version: kubeVersion: "1.30" (unquoted, YAML reads 1.30 as the number 1.3)',
  ]);
  assert.deepEqual(parse('kubeVersion: "one-thirty"\n').lines, ['.berth.yaml:1:14: kubeVersion: "one-thirty" is not a Kubernetes version such as "1.34"']);
  assert.equal(parse('kubeVersion: "1.30.2"\n').config?.kubeVersion, '1.30.2');
});

test('an unknown rule id is an error naming the known ids, with a suggestion when one is close', () => {
  assert.deepEqual(parse('rules:\n  host-network: error\n  host-netwrk: off\n  no-such-thing: off\n').lines, [
    '.berth.yaml:3:3: unknown rule "host-netwrk" (did you mean "host-network"?); known rules: parse-error, host-network, host-port',
    '.berth.yaml:4:3: unknown rule "no-such-thing"; known rules: parse-error, host-network, host-port',
  ]);
});

test('unknown rule ids default to the rules berth ships', () => {
  const root = tree({ '.git/': '', '.berth.yaml': 'rules:\n  not-a-berth-rule: off\n' });
  try {
    const { problems } = loadConfig({ cwd: root });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /^unknown rule "not-a-berth-rule"; known rules: .*\bhost-network\b/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('YAML errors, a non-mapping and a second document are reported at their lines', () => {
  assert.deepEqual(parse('rules:\n  host-network: off\n  host-network: error\n').lines.map((l) => l.split(': ')[0]), ['.berth.yaml:3:3']);
  assert.deepEqual(parse('- host-network\n').lines, ['.berth.yaml:1:1: the config: must be a mapping (key: value), not a list']);
  assert.deepEqual(parse('failOn: error\n---\nfailOn: note\n').lines, ['.berth.yaml:3:1: a config file holds one YAML document; remove the `---` and what follows']);
  assert.match(parse('rules: [unclosed\n').lines[0]!, /^\.berth\.yaml:\d+:\d+: /);
});

test('found by walking up from the working directory, shown relative to it', () => {
  const root = tree({ '.git/': '', '.berth.yaml': 'failOn: note\ncluster: [snapshots/prod.yaml]\n', 'deploy/apps/': '' });
  try {
    const { config, problems } = loadConfig({ cwd: join(root, 'deploy', 'apps') });
    assert.deepEqual(problems, []);
    assert.equal(config?.file, join('..', '..', '.berth.yaml'));
    assert.equal(config?.baseDir, root);
    assert.equal(config?.failOn, 'note');
    assert.deepEqual(config?.cluster, [join('..', '..', 'snapshots', 'prod.yaml')]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the nearest config wins; .berth.yml is accepted; both names in one directory is an error', () => {
  const root = tree({ '.git/': '', '.berth.yaml': 'failOn: note\n', 'team/.berth.yml': 'failOn: warning\n', 'both/.berth.yaml': '', 'both/.berth.yml': '' });
  try {
    assert.equal(loadConfig({ cwd: join(root, 'team') }).config?.failOn, 'warning');
    assert.equal(loadConfig({ cwd: root }).config?.failOn, 'note');
    const both = loadConfig({ cwd: join(root, 'both') });
    assert.equal(both.config, undefined);
    assert.match(both.problems[0]!.message, /^both \.berth\.yaml and \.berth\.yml exist in .*; keep one$/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the walk stops at the git repository root, after checking it', () => {
  const root = tree({ '.berth.yaml': 'failOn: note\n', 'repo/.git/': '', 'repo/src/': '' });
  try {
    assert.equal(findConfigFile(join(root, 'repo', 'src')), undefined);
    assert.deepEqual(loadConfig({ cwd: join(root, 'repo', 'src') }), { problems: [] });
    // Without the .git marker the same walk reaches the config above.
    rmSync(join(root, 'repo', '.git'), { recursive: true });
    assert.deepEqual(findConfigFile(join(root, 'repo', 'src')), { path: join(root, '.berth.yaml') });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--config names the file as given; its paths are relative to it; a missing file is a problem', () => {
  const root = tree({ '.git/': '', '.berth.yaml': 'failOn: note\n', 'ci/berth.yaml': 'cluster: [cluster.yaml]\nfailOn: warning\n' });
  try {
    const { config } = loadConfig({ cwd: root, configFile: 'ci/berth.yaml' });
    assert.equal(config?.file, 'ci/berth.yaml');
    assert.equal(config?.failOn, 'warning');
    assert.deepEqual(config?.cluster, [join('ci', 'cluster.yaml')]);
    const missing = loadConfig({ cwd: root, configFile: 'ci/nope.yaml' });
    assert.deepEqual(missing.problems.map(formatConfigProblem), ['ci/nope.yaml: config file: no such file']);
    const broken = loadConfig({ cwd: root, configFile: 'ci' });
    assert.deepEqual(broken.problems.map(formatConfigProblem), ['ci: config file: is a directory, not a config file']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('levels from the config change a finding\'s level, and off removes the rule', () => {
  const hostNetwork = (options: Parameters<typeof lintYaml>[1]) =>
    lintYaml(hostNetworkPod, options).findings.filter((f) => f.ruleId === 'host-network').map((f) => [f.level, f.location.line, f.location.column]);
  assert.deepEqual(hostNetwork({}), [['warning', 6, 3]]);
  assert.deepEqual(hostNetwork({ ruleLevels: parse('rules:\n  host-network: error\n').config!.rules }), [['error', 6, 3]]);
  assert.deepEqual(hostNetwork({ ruleLevels: parse('rules:\n  host-network: note\n').config!.rules }), [['note', 6, 3]]);
  const off = parse('rules:\n  host-network: off\n').config!;
  assert.deepEqual(hostNetwork({ ruleLevels: off.rules }), []);
  assert.equal(lintYaml(hostNetworkPod, { ruleLevels: off.rules }).summary.suppressed, 0);
});

test('ignore globs: relative to the config directory, any depth without a slash, directories cover their files', () => {
  const isIgnored = ignoreMatcher({ baseDir: '/repo', patterns: ['vendor', 'charts/*/templates', '*.tmpl.yaml', '/generated.yaml', './build/'] }, '/repo/deploy');
  const table: [string, boolean][] = [
    ['app.yaml', false],
    ['vendor/redis.yaml', true], // /repo/deploy/vendor: a name pattern matches at any depth
    ['../vendor/x/y.yaml', true],
    ['../charts/web/templates/deployment.yaml', true],
    ['../charts/web/values.yaml', false],
    ['../charts/web/sub/templates/x.yaml', false], // `*` stops at a slash
    ['base/service.tmpl.yaml', true],
    ['../generated.yaml', true],
    ['generated.yaml', false], // anchored to the config directory
    ['../build/out.yaml', true],
    ['/repo/vendor/a.yaml', true],
    ['/elsewhere/vendor/a.yaml', false], // outside the config directory
    ['<stdin>', false],
  ];
  for (const [file, expected] of table) assert.equal(isIgnored(file), expected, file);
});

test('checkPaths leaves ignored files unread and counts them', async () => {
  const root = tree({ 'deploy/agent.yaml': hostNetworkPod, 'vendor/agent.yaml': hostNetworkPod, 'vendor/blob.yaml': '\u0000binary' });
  try {
    const result = await checkPaths([root], { ignorePaths: { baseDir: root, patterns: ['vendor'] } });
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'host-network').map((f) => f.location.file), [join(root, 'deploy/agent.yaml')]);
    assert.ok(result.findings.every((f) => !f.location.file.includes('vendor')));
    assert.equal(result.summary.files, 1);
    assert.equal(result.ignoredFiles, 2);
    const all = await checkPaths([root]);
    assert.equal(all.summary.files, 3);
    assert.equal(all.ignoredFiles, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the schema is valid draft-07 and documents every key, for editor completion', () => {
  const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'config.schema.json'), 'utf8')) as { properties: Record<string, { description?: string }> };
  const AjvClass = (Ajv as unknown as { default?: typeof Ajv }).default ?? Ajv;
  const ajv = new (AjvClass as unknown as new (o: object) => { validateSchema(s: object): boolean; errors: unknown })({ strict: true });
  assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
  assert.deepEqual(Object.keys(schema.properties), ['rules', 'ignore', 'cluster', 'kubeVersion', 'failOn']);
  for (const [key, property] of Object.entries(schema.properties)) assert.ok(property.description && property.description.length > 20, key);
});
