import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFiles, type CheckResult } from '../../src/check.js';
import { PACKAGE_ROOT } from '../../src/meta.js';
import { FORMATS } from '../../src/report/index.js';
import { formatJson } from '../../src/report/json.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import { RULES } from '../../rules/index.js';

/**
 * Golden files of every output format over one realistic set of manifests. `UPDATE_GOLDEN=1` rewrites them;
 * review the diff before committing. The rule list is fixed so that rules added later do not change the goldens.
 */
const FIXTURES = 'test/report/fixtures/manifests';
const EXPECTED = join(PACKAGE_ROOT, 'test', 'report', 'fixtures', 'expected');
const GOLDEN_RULE_IDS = [
  'parse-error',
  'duplicate-object',
  'selector-mismatch',
  'host-network',
  'host-port',
  'host-pid',
  'privileged',
  'requests-exceed-limits',
  'latest-tag',
];
const GOLDEN_RULES = GOLDEN_RULE_IDS.map((id) => {
  const rule = RULES.find((r) => r.id === id);
  assert.ok(rule, `golden rule ${id} is not in rules/index.ts`);
  return rule;
});

function checkFixtures(): CheckResult {
  const names = readdirSync(join(PACKAGE_ROOT, FIXTURES)).sort();
  const files = names.map((name) => ({ path: `${FIXTURES}/${name}`, text: readFileSync(join(PACKAGE_ROOT, FIXTURES, name), 'utf8') }));
  return checkFiles(files, { rules: GOLDEN_RULES });
}

const VERSION_PLACEHOLDER = '<version>';

/** Fields that change with the release or the machine, replaced by placeholders. */
function normaliseJson(report: string): string {
  const parsed = JSON.parse(report) as { tool: { version: string } };
  parsed.tool.version = VERSION_PLACEHOLDER;
  return JSON.stringify(parsed, null, 2) + '\n';
}

function normaliseSarif(report: string): string {
  const log = JSON.parse(report) as {
    runs: {
      tool: { driver: { version: string; semanticVersion: string } };
      invocations: { workingDirectory: { uri: string } }[];
      originalUriBaseIds: Record<string, { uri: string }>;
    }[];
  };
  for (const run of log.runs) {
    run.tool.driver.version = VERSION_PLACEHOLDER;
    run.tool.driver.semanticVersion = VERSION_PLACEHOLDER;
    for (const invocation of run.invocations) invocation.workingDirectory.uri = 'file:///checkout/';
    for (const base of Object.values(run.originalUriBaseIds)) base.uri = 'file:///checkout/';
  }
  return JSON.stringify(log, null, 2) + '\n';
}

const result = checkFixtures();
const GOLDENS: { file: string; render: () => string }[] = [
  { file: 'report.txt', render: () => formatText(result, { color: false }) },
  { file: 'report.json', render: () => normaliseJson(formatJson(result)) },
  { file: 'report.sarif', render: () => normaliseSarif(formatSarif(result, { cwd: PACKAGE_ROOT, root: PACKAGE_ROOT, rules: GOLDEN_RULES })) },
  { file: 'report.md', render: () => formatMarkdown(result, { rules: GOLDEN_RULES }) },
];

test('the fixtures exercise findings of several rules, a suppression and a skipped document', () => {
  assert.deepEqual([...new Set(result.findings.map((f) => f.ruleId))].sort(), [
    'duplicate-object',
    'host-network',
    'host-pid',
    'host-port',
    'parse-error',
    'privileged',
    'requests-exceed-limits',
    'selector-mismatch',
    'latest-tag',
  ].sort());
  assert.equal(result.summary.suppressed, 1);
  assert.equal(result.summary.skippedDocuments, 1);
});

test('every registered format has a golden file', () => {
  assert.deepEqual([...FORMATS].sort(), ['json', 'markdown', 'sarif', 'text']);
});

for (const golden of GOLDENS) {
  test(`${golden.file} matches its golden file`, () => {
    const actual = golden.render();
    const path = join(EXPECTED, golden.file);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(EXPECTED, { recursive: true });
      writeFileSync(path, actual);
      return;
    }
    const expected = readFileSync(path, 'utf8');
    assert.equal(actual, expected, `${golden.file} differs from test/report/fixtures/expected/${golden.file}; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff`);
  });
}
