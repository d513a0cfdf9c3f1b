/**
 * The GitHub Action: reads the inputs, runs `berth check`'s pipeline, and hands the result to GitHub as a
 * SARIF file, a job summary, annotations, step outputs and the exit status. It only reads files: nothing
 * from the checked-out repository is executed, and PR-controlled text never reaches a shell.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { checkPaths, worstLevel, type InputCheckResult } from '../check.js';
import { formatConfigProblem, loadConfig } from '../read/config.js';
import { formatText } from '../report/text.js';
import { levelRank, type Finding } from '../rules/rule.js';
import { parseTargetVersion } from '../schedule/version.js';
import { RULES } from '../../rules/index.js';
import { annotationLines, workspacePath } from './annotations.js';
import { changedLines, keepChanged } from './changed-lines.js';
import { annotationCommand, fileCommandEntry } from './commands.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { sarifWithinUploadLimit } from './sarif-size.js';
import { jobSummary, pendingGroups } from './summary.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface ActionEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The step log (stdout): workflow commands and the text report. */
  write(text: string): void;
}

export async function runAction(io: ActionEnvironment): Promise<number> {
  const fail = (message: string) => {
    io.write(annotationCommand('error', message, { title: 'berth' }) + '\n');
    return EXIT_USAGE;
  };
  const read = readInputs(io.env);
  if (!read.ok) return read.problems.map(fail).at(-1)!;
  const inputs = read.inputs;

  const loaded = loadConfig({ cwd: io.cwd, ...(inputs.config ? { configFile: inputs.config } : {}) });
  if (loaded.problems.length > 0) {
    const workspace = io.env.GITHUB_WORKSPACE || io.cwd;
    for (const problem of loaded.problems) {
      const file = workspacePath(problem.file, { cwd: io.cwd, workspace });
      const where = file === undefined ? {} : { file, ...(problem.line ? { line: problem.line, col: problem.column ?? 1 } : {}) };
      io.write(annotationCommand('error', file === undefined ? formatConfigProblem(problem) : problem.message, { ...where, title: 'berth config' }) + '\n');
    }
    return EXIT_USAGE;
  }
  const config = loaded.config;
  const kubeVersion = config?.kubeVersion;
  const target = parseTargetVersion(kubeVersion);
  if (!target.ok) return fail(`${config?.file ?? '.berth.yaml'}: kubeVersion: ${target.message}`);
  const clusterPaths = inputs.cluster.length > 0 ? inputs.cluster : config?.cluster ?? [];

  const result = await inChdir(io.cwd, () =>
    checkPaths(inputs.paths, {
      ruleLevels: config?.rules ?? {},
      ...(config && config.ignore.length > 0 ? { ignorePaths: { baseDir: config.baseDir, patterns: config.ignore } } : {}),
      ...(clusterPaths.length > 0 ? { clusterPaths } : {}),
      ...(kubeVersion !== undefined ? { kubeVersion } : {}),
    }),
  );
  for (const problem of result.inputProblems) io.write(annotationCommand('error', `${problem.path}: ${problem.message}`, { title: 'berth' }) + '\n');

  const reported = await onlyChangedFilter(result, inputs, io);
  const hidden = result.findings.length - reported.findings.length;
  const workspace = io.env.GITHUB_WORKSPACE || io.cwd;

  logReport(reported, result.notices ?? [], io);

  const sarifPath = resolve(io.cwd, inputs.sarifFile);
  try {
    mkdirSync(dirname(sarifPath), { recursive: true });
    writeFileSync(sarifPath, sarifWithinUploadLimit(reported, { cwd: io.cwd, inputProblems: result.inputProblems }));
  } catch (error) {
    return fail(`${inputs.sarifFile}: cannot write the SARIF file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }

  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  const summaryWritten = inputs.summary && !!summaryFile;
  if (summaryWritten) appendFileSync(summaryFile!, jobSummary(reported, { hiddenByOnlyChanged: hidden }));
  if (inputs.annotations) {
    for (const line of annotationLines(reported.findings, { cwd: io.cwd, workspace, rules: RULES, summaryWritten })) io.write(line + '\n');
  }

  const pendingPods = pendingGroups(result).reduce((sum, g) => sum + g.pending, 0);
  const outputs = {
    'sarif-file': inputs.sarifFile,
    errors: String(reported.summary.errors),
    warnings: String(reported.summary.warnings),
    'pending-pods': String(pendingPods),
  };
  if (io.env.GITHUB_OUTPUT) appendFileSync(io.env.GITHUB_OUTPUT, Object.entries(outputs).map(([name, value]) => fileCommandEntry(name, value)).join(''));

  const nothingRead = result.summary.files === 0 && result.ignoredFiles === 0;
  if (nothingRead) return fail(`no manifests to check in ${inputs.paths.join(', ')}`);
  if (result.inputProblems.length > 0) return EXIT_USAGE;
  if (inputs.failOn === 'none') return EXIT_OK;
  return worstLevel(reported.findings) >= levelRank(inputs.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

/** With `only-changed` on a pull request: the findings on changed lines, with the summary counts recomputed. */
async function onlyChangedFilter(result: InputCheckResult, inputs: ActionInputs, io: ActionEnvironment): Promise<InputCheckResult> {
  if (!inputs.onlyChanged) return result;
  const changed = await changedLines(io.env.GITHUB_EVENT_PATH, io.cwd);
  if (!changed.ok && changed.notPullRequest) {
    io.write(`berth: only-changed: ${changed.reason}; reporting every finding.\n`);
    return result;
  }
  if (!changed.ok) {
    io.write(annotationCommand('warning', `only-changed: ${changed.reason}; reporting every finding.`, { title: 'berth' }) + '\n');
    return result;
  }
  const findings = keepChanged(result.findings, changed.changed, changed.root, io.cwd);
  const count = (level: Finding['level']) => findings.filter((f) => f.level === level).length;
  return { ...result, findings, summary: { ...result.summary, errors: count('error'), warnings: count('warning'), notes: count('note') } };
}

/**
 * The text report in the step log. Between stop-commands markers: file names and messages come from the
 * pull request, and a line of them starting with `::` must not be taken for a workflow command.
 */
function logReport(result: InputCheckResult, notices: readonly string[], io: ActionEnvironment): void {
  const token = `berth-${randomUUID()}`;
  io.write(`::stop-commands::${token}\n`);
  io.write(formatText(result, { color: false }));
  for (const notice of notices) io.write(`berth: warning: ${notice}\n`);
  io.write(`::${token}::\n`);
}

/** checkPaths resolves relative inputs against the process's working directory. */
async function inChdir<T>(dir: string, run: () => Promise<T>): Promise<T> {
  const previous = process.cwd();
  if (resolve(previous) === resolve(dir)) return run();
  process.chdir(dir);
  try {
    return await run();
  } finally {
    process.chdir(previous);
  }
}
