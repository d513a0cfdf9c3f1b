/**
 * Microsoft's SARIF validator with GitHub's ingestion rules (GH1001-GH1007 switched to Error in the shared
 * configuration test/fixtures/sarif-validation-github.xml, which test/report/sarif.test.ts uses too).
 * The validator exits 0 whatever it finds: the verdict is read from its output log.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { PACKAGE_ROOT } from '../../src/meta.js';

export const MULTITOOL = join(PACKAGE_ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
const GITHUB_RULES_CONFIG = join(PACKAGE_ROOT, 'test', 'fixtures', 'sarif-validation-github.xml');

export const multitoolSkip = existsSync(MULTITOOL) ? false : `${MULTITOOL} is not installed (npm install installs @microsoft/sarif-multitool)`;

/** `RULE: message` of every error and warning the validator reports for the SARIF file at `input`. */
export function multitoolProblems(input: string, outputDir: string): string[] {
  const output = join(outputDir, 'multitool-verdict.sarif');
  rmSync(output, { force: true });
  // Called directly: the npm wrapper goes through a shell, which drops `;Gh`.
  const run = spawnSync(MULTITOOL, ['validate', input, '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning', '-c', GITHUB_RULES_CONFIG, '-o', output], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  assert.equal(run.error, undefined, `cannot run ${MULTITOOL}: ${run.error?.message}`);
  assert.ok(existsSync(output), `the validator wrote no output log:\n${run.stdout}\n${run.stderr}`);
  const verdict = JSON.parse(readFileSync(output, 'utf8').replace(/^\uFEFF/, '')) as Sarif.Log;
  const validatorRun = verdict.runs[0]!;
  const text = (result: Sarif.Result) => {
    const template = validatorRun.tool.driver.rules?.[result.ruleIndex ?? -1]?.messageStrings?.[result.message.id ?? '']?.text;
    const args = result.message.arguments ?? [];
    return result.message.text ?? template?.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? '') ?? JSON.stringify(result.message);
  };
  const problems = (validatorRun.results ?? [])
    .filter((r) => (r.level ?? 'warning') === 'error' || (r.level ?? 'warning') === 'warning')
    .map((r) => `${r.ruleId}: ${text(r)}`);
  const toolErrors = (validatorRun.invocations ?? []).flatMap((i) => i.toolExecutionNotifications ?? []).filter((n) => n.level === 'error');
  return [...problems, ...toolErrors.map((n) => `tool error: ${n.message.text}`)];
}
