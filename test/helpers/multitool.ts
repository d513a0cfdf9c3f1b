/**
 * Microsoft's SARIF validator with GitHub's ingestion rules (GH1001-GH1007 switched to Error in the shared
 * configuration test/fixtures/sarif-validation-github.xml), shared by the report and Action tests.
 * The validator exits 0 whatever it finds: the verdict is read from its output log. It is called directly,
 * not through the npm wrapper, which passes arguments through a shell that eats `;Gh`.
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

export interface MultitoolVerdict {
  /** `RULE: message` of every error and warning the validator reported, and its own error notifications. */
  problems: string[];
  executionSuccessful: boolean;
}

/** Validates the SARIF file at `input`; the validator's log goes to `outputDir`. */
export function multitoolVerdict(input: string, outputDir: string): MultitoolVerdict {
  const output = join(outputDir, 'multitool-verdict.sarif');
  // The validator keeps an existing output file rather than overwrite it: never read a previous verdict.
  rmSync(output, { force: true });
  const run = spawnSync(MULTITOOL, ['validate', input, '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning', '-c', GITHUB_RULES_CONFIG, '-o', output], {
    encoding: 'utf8',
    // The .NET runtime needs libicu unless told to use invariant globalization; berth's logs need no culture data.
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
  return {
    problems: [...problems, ...toolErrors.map((n) => `tool error: ${n.message.text}`)],
    executionSuccessful: (validatorRun.invocations ?? []).every((i) => i.executionSuccessful),
  };
}

/** The problems alone (see multitoolVerdict). */
export function multitoolProblems(input: string, outputDir: string): string[] {
  return multitoolVerdict(input, outputDir).problems;
}
