import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFiles, type CheckResult } from '../../src/check.js';
import { findingsSection, formatMarkdown } from '../../src/report/markdown.js';
import { codeSpan, escapeText } from '../../src/report/markdown-escape.js';
import { placementSection } from '../../src/report/markdown-placement.js';
import type { Finding, Level } from '../../src/rules/rule.js';
import type { PlacementReport } from '../../src/schedule/types.js';
import { RULES } from '../../rules/index.js';

function finding(level: Level, line: number, message = `${level} on line ${line}`, ruleId = level === 'error' ? 'parse-error' : 'host-network'): Finding {
  return { ruleId, level, message, location: { file: 'deploy/web.yaml', line, column: 3, endLine: line, endColumn: 9 } };
}

function resultOf(findings: Finding[], placement: PlacementReport | null = null): CheckResult {
  const count = (level: Level) => findings.filter((f) => f.level === level).length;
  return {
    findings,
    placement,
    // Every field the pipeline fills (whatever it gains later), with the counts this report shows.
    summary: { ...checkFiles([], { rules: [] }).summary, files: 1, objects: 3, workloads: 2, errors: count('error'), warnings: count('warning'), notes: count('note') },
  };
}

/** The table's data rows, split into cells (GFM splits on unescaped pipes only). */
function rows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Level') && !line.startsWith('| ---'))
    .map((line) => line.slice(2, -2).split(/(?<!\\)\| /).map((cell) => cell.trim()));
}

test('a summary line, then one table row per finding with the rule linked to its docs', () => {
  const markdown = formatMarkdown(resultOf([finding('warning', 14, 'Deployment web runs on the host network'), finding('error', 3, 'bad YAML')]));
  const lines = markdown.split('\n');
  assert.equal(lines[0], '## berth check');
  assert.equal(lines[2], '1 error, 1 warning, 0 notes in 3 objects (1 file, 2 workloads).');
  const hostNetwork = RULES.find((r) => r.id === 'host-network')!;
  assert.deepEqual(rows(markdown), [
    ['**error**', `[parse-error](${RULES.find((r) => r.id === 'parse-error')!.helpUri})`, '`deploy/web.yaml:3`', 'bad YAML'],
    ['warning', `[host-network](${hostNetwork.helpUri})`, '`deploy/web.yaml:14`', 'Deployment web runs on the host network'],
  ]);
  assert.ok(markdown.endsWith('|\n'));
});

test('pipes, newlines and HTML in messages cannot break the table', () => {
  const message = 'expected a | b\n  at line 2 <script>alert(1)</script> *not emphasis* [not a link]';
  const markdown = findingsSection([finding('error', 2, message)]);
  const cells = rows(markdown)[0]!;
  assert.equal(cells.length, 4);
  assert.equal(cells[3], 'expected a \\| b<br>  at line 2 &lt;script&gt;alert(1)&lt;/script&gt; \\*not emphasis\\* \\[not a link\\]');
  assert.equal(markdown.split('\n').length, 3);
});

test('file names go in code spans, with pipes escaped and backticks fenced', () => {
  assert.equal(codeSpan('a|b.yaml:3'), '`a\\|b.yaml:3`');
  assert.equal(codeSpan('we`ird.yaml:1'), '``we`ird.yaml:1``');
  assert.equal(codeSpan('`x.yaml:1'), '`` `x.yaml:1 ``');
  assert.equal(escapeText('`helm template` & more'), '`helm template` &amp; more');
});

test('a rule without metadata is shown as code, not as a dead link', () => {
  const markdown = findingsSection([finding('note', 1, 'something', 'from-a-plugin')]);
  assert.equal(rows(markdown)[0]![1], '`from-a-plugin`');
});

test('over the cap, errors come first and a closing line counts the rest by level', () => {
  const findings = [finding('note', 1), finding('warning', 2), finding('error', 3), finding('warning', 4), finding('error', 5), finding('note', 6)];
  const markdown = findingsSection(findings, { maxFindings: 3 });
  assert.deepEqual(rows(markdown).map((cells) => cells[3]), ['error on line 3', 'error on line 5', 'warning on line 2']);
  assert.match(markdown, /\n\n… and 3 more \(1 warning, 2 notes\): run `berth check` locally for the full list\.$/);
  assert.doesNotMatch(findingsSection(findings, { maxFindings: 6 }), /more/);
});

test('no findings says so', () => {
  const markdown = formatMarkdown(resultOf([]));
  assert.match(markdown, /0 errors, 0 warnings, 0 notes in 3 objects/);
  assert.match(markdown, /\n\nNo findings\.\n$/);
  assert.doesNotMatch(markdown, /\| Level/);
});

const PLACEMENT: PlacementReport = {
  nodes: [
    { name: 'node-a', allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, requested: { cpu: '1500m', memory: '1Gi', pods: '3' } },
    { name: 'node-b', allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, requested: { cpu: '500m', memory: '1Gi', pods: '1' } },
  ],
  workloads: [
    { kind: 'Deployment', namespace: 'shop', name: 'api', desired: 2, scheduled: 2, pending: 0, nodes: { 'node-b': 1, 'node-a': 1 }, reasons: [] },
    {
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      desired: 3,
      scheduled: 2,
      pending: 1,
      nodes: { 'node-a': 2 },
      reasons: ["0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't have free ports for the requested pod ports."],
    },
  ],
};

test('the placement section follows the findings when a cluster snapshot was given, Pending workloads first', () => {
  assert.doesNotMatch(formatMarkdown(resultOf([finding('warning', 2)])), /Predicted placement/);
  const markdown = formatMarkdown(resultOf([finding('warning', 2)], PLACEMENT));
  assert.ok(markdown.indexOf('### Predicted placement') > markdown.indexOf('| warning |'));
  const section = placementSection(PLACEMENT);
  assert.match(section, /^### Predicted placement\n\n2 nodes, 2 workloads, 1 pod Pending\.\n/);
  const table = section.split('\n').filter((line) => line.startsWith('| Deployment'));
  assert.deepEqual(table, ['| Deployment shop/web | 3 | 2 | **1** | node-a (2) |', '| Deployment shop/api | 2 | 2 | 0 | node-a (1), node-b (1) |']);
  assert.match(section, /Why pods stay Pending:\n\n- Deployment shop\/web: 0\/2 nodes are available: 1 Insufficient cpu, 1 node\(s\) didn't have free ports for the requested pod ports\.$/);
});

test('long rows stop the table at its size budget, always showing at least one row', () => {
  const long = 'x'.repeat(300);
  const findings = Array.from({ length: 10 }, (_, i) => finding('warning', i + 1, `${long} ${i}`));
  const markdown = findingsSection(findings, { maxTableChars: 1_000 });
  assert.equal(rows(markdown).length, 2);
  assert.ok(markdown.split('\n\n')[0]!.length <= 1_000);
  assert.match(markdown, /… and 8 more \(8 warnings\)/);
  assert.equal(rows(findingsSection(findings, { maxTableChars: 10 })).length, 1);
});
