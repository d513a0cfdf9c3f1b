import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkPaths } from '../src/check.js';

/**
 * The whole pipeline over ../shared/corpus (real manifests from public projects, ~4,200 documents): no
 * crash, every finding located. Runtime is recorded, not asserted (bench/corpus.mjs measures it properly).
 */
const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');

test('berth check over the shared corpus: no crash, every finding has a file, line and column', async (t) => {
  if (!existsSync(CORPUS)) {
    t.skip(`${CORPUS} is absent: the corpus test needs the shared corpus next to the repository`);
    return;
  }
  const started = performance.now();
  const result = await checkPaths([CORPUS]);
  const seconds = (performance.now() - started) / 1000;

  assert.deepEqual(result.inputProblems, []);
  assert.ok(result.summary.files > 1000, `only ${result.summary.files} files read`);
  assert.ok(result.summary.objects > 3000, `only ${result.summary.objects} objects read`);
  for (const finding of result.findings) {
    const where = JSON.stringify(finding);
    assert.ok(finding.location.file.startsWith(CORPUS), where);
    assert.ok(Number.isInteger(finding.location.line) && finding.location.line >= 1, where);
    assert.ok(Number.isInteger(finding.location.column) && finding.location.column >= 1, where);
    assert.ok(finding.location.endLine > finding.location.line || (finding.location.endLine === finding.location.line && finding.location.endColumn >= finding.location.column), where);
    assert.doesNotMatch(finding.message, /\n|^\s+at /, where);
  }
  // Findings point at keys, not at the top of their document: most must sit below line 1.
  const atLineOne = result.findings.filter((f) => f.location.line === 1 && f.ruleId !== 'parse-error').length;
  assert.ok(atLineOne < result.findings.length / 20, `${atLineOne} of ${result.findings.length} findings at line 1`);

  const documents = result.summary.objects + result.summary.skippedDocuments;
  t.diagnostic(`${result.summary.files} files, ${documents} documents (${result.summary.objects} objects), ${result.findings.length} findings`);
  t.diagnostic(`checkPaths took ${seconds.toFixed(2)} s: ${Math.round(documents / seconds)} documents/s (in-process, after module load)`);
});
