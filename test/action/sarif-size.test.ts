import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import type * as Sarif from 'sarif';
import { checkFiles, type CheckResult } from '../../src/check.js';
import { sarifWithinUploadLimit } from '../../src/action/sarif-size.js';
import type { Finding } from '../../src/rules/rule.js';

/** 300 findings whose messages do not compress (random hex), a tenth of them errors. */
function bulkyResult(): CheckResult {
  const findings: Finding[] = Array.from({ length: 300 }, (_, i) => ({
    ruleId: i % 10 === 0 ? 'schema' : 'host-network',
    level: i % 10 === 0 ? 'error' : 'warning',
    message: `finding ${i}: ${randomBytes(200).toString('hex')}`,
    location: { file: `k8s/app-${i}.yaml`, line: 3, column: 3, endLine: 3, endColumn: 14 },
  }));
  const clean = checkFiles([]);
  return { ...clean, findings, summary: { ...clean.summary, errors: 30, warnings: 270 } };
}

test('a SARIF file over the compressed size limit keeps the most severe results and says how many were left out', () => {
  const result = bulkyResult();
  const options = { cwd: '/repo', root: '/repo' };
  const limit = 40_000;
  const uncapped = sarifWithinUploadLimit(result, options, 10 * 1024 * 1024);
  assert.ok(gzipSync(uncapped).length > limit, 'the fixture must exceed the test limit');
  assert.equal((JSON.parse(uncapped) as Sarif.Log).runs[0]!.results!.length, 300);

  const text = sarifWithinUploadLimit(result, options, limit);
  assert.ok(gzipSync(text).length <= limit);
  const run = (JSON.parse(text) as Sarif.Log).runs[0]!;
  const kept = run.results!.length;
  assert.ok(kept > 0 && kept < 300);
  // Halving from 300: the first count that fits; every error is kept before any warning.
  assert.equal(run.results!.filter((r) => r.level === 'error').length, Math.min(30, kept));
  assert.match(run.invocations![0]!.toolExecutionNotifications!.at(-1)!.message.text!, new RegExp(`^${300 - kept} of 300 results were left out`));
});
