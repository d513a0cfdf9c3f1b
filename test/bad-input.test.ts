import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPaths } from '../src/check.js';
import type { Finding } from '../src/rules/rule.js';
import { yaml } from './helpers/lint.js';

/**
 * Bad input never stops a run: each bad file yields one clear one-line finding at the right file:line (or
 * is skipped and counted, for files that are not Kubernetes objects), and a good file checked in the same
 * run still gets its findings.
 */

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const STACK_LINE = /^\s+at .+[:(]/m;

/** Checked alongside every bad file: exactly one host-network finding at 6:3. */
const GOOD = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: agent
  spec:
    hostNetwork: true
    containers:
      - name: agent
        image: registry.example/agent:1.0.0
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {memory: 64Mi}
        readinessProbe:
          httpGet: {path: /healthz, port: 8080}
`;

function aliasBomb(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const name = String.fromCharCode(97 + i);
    const previous = String.fromCharCode(96 + i);
    lines.push(`  ${name}: &${name} [${Array(9).fill('*' + previous).join(',')}]`);
  }
  return lines.join('\n') + '\n';
}

const BAD: Record<string, { text: string | Buffer; line?: number; message?: RegExp; rule?: string; skipped?: boolean }> = {
  'malformed.yaml': { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec:\n  containers: []\n', line: 5, message: /same column/ },
  'alias-bomb.yaml': { text: aliasBomb(), message: /alias/i },
  'binary.yaml': { text: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), line: 1, message: /binary/ },
  'empty.yaml': { text: '', skipped: true },
  'helm-template.yaml': {
    text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  a: b\n',
    line: 4,
    message: /helm template/,
  },
  'helm-block.yaml': { text: '{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n{{- end }}\n', line: 1, message: /helm template/ },
  'wrong-types.yaml': {
    text: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: counter
      spec:
        replicas: "three"
        selector:
          matchLabels: {app: counter}
        template:
          metadata:
            labels: {app: counter}
          spec:
            containers:
              - name: counter
                image: registry.example/counter:1.0.0
    `,
    line: 6,
    rule: 'schema',
    message: /replicas/,
  },
  'duplicate-keys.yaml': { text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\ndata: {}\n', line: 5, message: /unique/ },
  'kustomization.yaml': { text: 'resources:\n  - deployment.yaml\nnamePrefix: prod-\n', skipped: true },
  'unknown-kind.yaml': { text: 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3\n', skipped: true },
  'tabs.yaml': { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n\tcontainers: []\n', line: 6, message: /tab/i },
  'unterminated-quote.yaml': { text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x\nspec:\n  containers: []\n', line: 4, message: /quote/ },
};

function project(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-bad-'));
  mkdirSync(join(root, '.git'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

function findingsIn(findings: readonly Finding[], file: string): Finding[] {
  return findings.filter((f) => f.location.file.endsWith(`/${file}`));
}

for (const [name, bad] of Object.entries(BAD)) {
  test(`bad input: ${name} — ${bad.skipped ? 'skipped' : 'one clear finding'}, and the good file is still checked`, async () => {
    const root = project({ [name]: bad.text, 'good.yaml': GOOD });
    try {
      const result = await checkPaths([root]);
      assert.deepEqual(result.inputProblems, []);
      const good = findingsIn(result.findings, 'good.yaml');
      assert.deepEqual(good.map((f) => [f.ruleId, f.location.line, f.location.column]), [['host-network', 6, 3]]);
      assert.equal(result.summary.files, 2);
      const own = findingsIn(result.findings, name);
      if (bad.skipped) {
        assert.deepEqual(own, []);
        return;
      }
      const expected = own.filter((f) => f.ruleId === (bad.rule ?? 'parse-error'));
      assert.equal(expected.length, 1, JSON.stringify(own));
      const finding = expected[0]!;
      assert.match(finding.message, bad.message!);
      assert.doesNotMatch(finding.message, /\n/);
      assert.ok(finding.location.line >= 1 && finding.location.column >= 1);
      if (bad.line !== undefined) assert.equal(finding.location.line, bad.line, finding.message);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

test('non-Kubernetes documents are skipped and counted in the summary; empty files count as files', async () => {
  const root = project({ 'kustomization.yaml': BAD['kustomization.yaml']!.text, 'values.yaml': 'replicaCount: 2\nimage: {tag: x}\n', 'empty.yaml': '', 'good.yaml': GOOD });
  try {
    const result = await checkPaths([root]);
    assert.equal(result.summary.files, 4);
    assert.equal(result.summary.skippedDocuments, 2);
    assert.equal(result.summary.objects, 1);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a 20 MB file is read whole and its findings land on the right line', async () => {
  const deployment = (i: number) => yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: app-${i}
      labels: {app: app-${i}, tier: "backend"}
      annotations:
        description: >-
          Deployment number ${i} of a large generated file,
          folded over two lines.
    spec:
      replicas: ${1 + (i % 5)}
      selector:
        matchLabels: {app: app-${i}}
      template:
        metadata:
          labels: {app: app-${i}}
        spec:
          containers:
            - name: app
              image: "registry.example/app:${i}.0.0"
              args: ["--port", "8080", --verbose]
              resources:
                requests: {cpu: 100m, memory: 64Mi}
                limits: {memory: 64Mi}
              readinessProbe:
                httpGet: {path: /healthz, port: 8080}
  `;
  const parts: string[] = [];
  let size = 0;
  let lines = 0;
  for (let i = 0; size < 20 * 1024 * 1024; i++) {
    const text = deployment(i) + '---\n';
    parts.push(text);
    size += text.length;
    lines += text.split('\n').length - 1;
  }
  // The last document puts its pod on the host network: the finding must point into the last lines.
  parts.push(GOOD);
  const root = project({ 'big.yaml': parts.join('') });
  try {
    const result = await checkPaths([root]);
    const own = findingsIn(result.findings, 'big.yaml');
    assert.deepEqual(own.map((f) => [f.ruleId, f.location.line, f.location.column]), [['host-network', lines + 6, 3]]);
    assert.equal(result.summary.objects, parts.length);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the CLI reports every bad file on one line each, keeps going, and prints no stack trace', () => {
  const files: Record<string, string | Buffer> = { 'good.yaml': GOOD };
  for (const [name, bad] of Object.entries(BAD)) files[name] = bad.text;
  const root = project(files);
  try {
    const run = spawnSync(process.execPath, [MAIN, 'check', '.', '--format', 'text', '--no-color'], { cwd: root, encoding: 'utf8' });
    assert.doesNotMatch(run.stderr, STACK_LINE, run.stderr);
    assert.doesNotMatch(run.stdout, STACK_LINE);
    assert.equal(run.status, 1, run.stderr);
    for (const [name, bad] of Object.entries(BAD)) {
      if (bad.skipped || bad.line === undefined) continue;
      assert.match(run.stdout, new RegExp(`${name.replace('.', '\\.')}:${bad.line}:\\d+ +error `), name);
    }
    assert.match(run.stdout, /good\.yaml:6:3 +warning .*host-network/);

    const json = spawnSync(process.execPath, [MAIN, 'check', '.', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    assert.doesNotMatch(json.stderr, STACK_LINE, json.stderr);
    const report = JSON.parse(json.stdout) as { diagnostics: { ruleId: string; location: { file: string; line: number } }[] };
    const parseErrors = report.diagnostics.filter((d) => d.ruleId === 'parse-error').map((d) => d.location.file).sort();
    assert.deepEqual(parseErrors, ['alias-bomb.yaml', 'binary.yaml', 'duplicate-keys.yaml', 'helm-block.yaml', 'helm-template.yaml', 'malformed.yaml', 'tabs.yaml', 'unterminated-quote.yaml']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('bad input on stdin is one finding too', () => {
  const run = spawnSync(process.execPath, [MAIN, 'check', '-', '--format', 'json'], { input: 'kind: Pod\nmetadata:\n  name: "x\n', encoding: 'utf8' });
  assert.doesNotMatch(run.stderr, STACK_LINE, run.stderr);
  const report = JSON.parse(run.stdout) as { diagnostics: { ruleId: string; location: { file: string; line: number } }[] };
  assert.deepEqual(report.diagnostics.map((d) => [d.ruleId, d.location.file, d.location.line]), [['parse-error', '<stdin>', 3]]);
});
