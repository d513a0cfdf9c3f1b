import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotationCommand, escapeData, escapeProperty, fileCommandEntry } from '../../src/action/commands.js';
import { ANNOTATIONS_PER_LEVEL, annotationLines, findingAnnotation, workspacePath } from '../../src/action/annotations.js';
import { readInputs } from '../../src/action/inputs.js';
import type { Finding, Level } from '../../src/rules/rule.js';
import { RULES } from '../../rules/index.js';

test('messages escape %, CR and LF; properties also escape : and , (as actions/toolkit does)', () => {
  assert.equal(escapeData('50% of 2\r\nnodes: a,b'), '50%25 of 2%0D%0Anodes: a,b');
  assert.equal(escapeProperty('deploy/a:b,c%.yaml'), 'deploy/a%3Ab%2Cc%25.yaml');
  // A message trying to smuggle a second command stays on one line.
  assert.equal(annotationCommand('error', 'bad\n::add-mask::x', { file: 'k8s/a.yaml', line: 3, title: 'host-network' }), '::error file=k8s/a.yaml,line=3,title=host-network::bad%0A::add-mask::x');
  assert.equal(annotationCommand('notice', 'plain'), '::notice::plain');
});

test('a file command entry uses a delimiter that does not occur in the value', () => {
  const entry = fileCommandEntry('sarif-file', 'reports/berth.sarif');
  const match = /^sarif-file<<(ghadelimiter_[0-9a-f-]{36})\nreports\/berth\.sarif\n\1\n$/.exec(entry);
  assert.ok(match, entry);
});

function finding(level: Level, ruleId: string, line: number, extra: Partial<Finding['location']> = {}): Finding {
  return { ruleId, level, message: `${ruleId} at ${line}`, location: { file: 'k8s/app.yaml', line, column: 5, endLine: line, endColumn: 16, ...extra } };
}

const OPTIONS = { cwd: '/repo', workspace: '/repo', rules: RULES, summaryWritten: true };

test('an annotation carries file, line, columns and the rule id as title, relative to the workspace', () => {
  assert.equal(
    findingAnnotation(finding('warning', 'host-network', 12), { cwd: '/repo/deploy', workspace: '/repo' }),
    '::warning file=deploy/k8s/app.yaml,line=12,col=5,endLine=12,endColumn=16,title=host-network::host-network at 12',
  );
  // Multi-line: GitHub ignores columns there, so they are left out.
  assert.equal(findingAnnotation(finding('note', 'x', 3, { endLine: 5, endColumn: 2 }), OPTIONS), '::notice file=k8s/app.yaml,line=3,endLine=5,title=x::x at 3');
  // Nothing to point at outside the workspace, or on standard input.
  assert.equal(findingAnnotation({ ...finding('error', 'parse-error', 1), location: { file: '../other/a.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 } }, OPTIONS), '::error title=parse-error::parse-error at 1');
  assert.equal(workspacePath('<stdin>', OPTIONS), undefined);
});

test('at most 10 annotations per level: placement findings first, the 10th says how many more the summary lists', () => {
  const placementRule = RULES.find((rule) => rule.needs === 'cluster')?.id;
  const errors = Array.from({ length: 14 }, (_, i) => finding('error', 'schema', i + 1));
  if (placementRule) errors.push(finding('error', placementRule, 40));
  const warnings = Array.from({ length: 10 }, (_, i) => finding('warning', 'host-network', 100 + i));
  const lines = annotationLines([...warnings, ...errors, finding('note', 'latest-tag', 200)], OPTIONS);
  const errorLines = lines.filter((l) => l.startsWith('::error'));
  assert.equal(errorLines.length, ANNOTATIONS_PER_LEVEL);
  if (placementRule) assert.match(errorLines[0]!, new RegExp(`title=${placementRule}::`));
  assert.equal(errorLines.at(-1), `::error title=berth::${errors.length - 9} more errors: the job summary and the SARIF file list every finding.`);
  // Exactly 10 warnings fit: no overflow note.
  assert.equal(lines.filter((l) => l.startsWith('::warning')).length, 10);
  assert.ok(lines.filter((l) => l.startsWith('::warning')).every((l) => l.includes('title=host-network')));
  assert.deepEqual(lines.filter((l) => l.startsWith('::notice')), ['::notice file=k8s/app.yaml,line=200,col=5,endLine=200,endColumn=16,title=latest-tag::latest-tag at 200']);
  // Errors first, then warnings, then notices.
  assert.ok(lines.findIndex((l) => l.startsWith('::warning')) > lines.findLastIndex((l) => l.startsWith('::error')));
});

test('without a job summary, the overflow note points at the SARIF file only', () => {
  const lines = annotationLines(Array.from({ length: 11 }, (_, i) => finding('warning', 'host-network', i + 1)), { ...OPTIONS, summaryWritten: false });
  assert.equal(lines.at(-1), '::warning title=berth::2 more warnings: the SARIF file lists every finding.');
});

test('inputs: defaults when unset, multi-line paths, YAML booleans, clear errors for bad values', () => {
  const defaults = readInputs({});
  assert.deepEqual(defaults, {
    ok: true,
    inputs: { paths: ['.'], cluster: [], failOn: 'error', sarifFile: 'berth.sarif', annotations: true, summary: true, onlyChanged: false },
  });
  const given = readInputs({ INPUT_PATHS: 'k8s/\n  charts/*/templates/*.yaml\n\n', INPUT_CLUSTER: 'cluster.yaml', 'INPUT_FAIL-ON': 'warning', INPUT_ANNOTATIONS: 'False', 'INPUT_ONLY-CHANGED': 'TRUE', INPUT_CONFIG: '.ci/berth.yaml' });
  assert.deepEqual(given, {
    ok: true,
    inputs: { paths: ['k8s/', 'charts/*/templates/*.yaml'], cluster: ['cluster.yaml'], config: '.ci/berth.yaml', failOn: 'warning', sarifFile: 'berth.sarif', annotations: false, summary: true, onlyChanged: true },
  });
  assert.deepEqual(readInputs({ INPUT_SUMMARY: 'yes', 'INPUT_FAIL-ON': 'errors' }), {
    ok: false,
    problems: ['input fail-on: expected one of error, warning, note, none, got "errors"', 'input summary: expected true or false, got "yes"'],
  });
});
