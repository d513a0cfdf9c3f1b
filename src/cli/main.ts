#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Commander from 'commander';
import { checkPaths, worstLevel } from '../check-core.js';
import { parseTargetVersion } from '../schedule/version.js';
import { FORMATS, loadFormatter, type Format } from '../report/index.js';
import { RULE_LIST_FORMATS, formatRuleList, type RuleListFormat } from '../report/rule-docs.js';
import { levelRank, type Level } from '../rules/rule.js';
import { RULES } from '../../rules/index.js';
import { TOOL_VERSION } from '../meta.js';
import { formatConfigProblem, loadConfig } from '../read/config.js';
import { whatIfFromFlags, type WhatIfFlags } from '../whatif/flags.js';

// commander is CommonJS: require() skips the analysis Node runs to import it as an ES module (~4 ms of a cold start).
const { Command, Option, CommanderError } = createRequire(import.meta.url)('commander') as typeof Commander;

/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error or nothing readable. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

interface CheckFlags extends WhatIfFlags {
  format: Format;
  output?: string;
  /** Unset unless given: `failOn:` of `.berth.yaml` applies, then 'error'. */
  failOn?: Level | 'none';
  config?: string;
  color?: boolean;
  cluster?: string[];
  kubeVersion?: string;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('berth')
    .description('Kubernetes manifest linter and offline scheduler: finds what keeps pods Pending, before merge.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('check')
    .description('check manifests (files, directories, globs, or - for stdin)')
    .argument('<paths...>', 'manifests to check')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level (default: failOn of .berth.yaml, else error)').choices(['error', 'warning', 'note', 'none']))
    .option('--config <file>', 'configuration file (default: the nearest .berth.yaml from here up to the repository root)')
    .option('--no-color', 'never colour the text output')
    .option('-c, --cluster <path>', 'cluster snapshot: kubectl get nodes,pods -A -o yaml, or a berth inventory (repeatable)', collect)
    .option('--kube-version <version>', 'Kubernetes version whose scheduler messages to reproduce (e.g. 1.36)')
    .option('--cordon <node>', 'what if: cordon nodes (name or glob, repeatable; needs --cluster)', collect)
    .option('--drain <node>', 'what if: drain nodes as kubectl drain --ignore-daemonsets, honouring PodDisruptionBudgets (repeatable)', collect)
    .option('--remove-node <node>', 'what if: drain nodes, then delete them (repeatable)', collect)
    .option('--force', 'with --drain/--remove-node: delete pods that declare no controller instead of stopping')
    .option('--add-nodes <count>', 'what if: add nodes like --like NODE or from inventory --pool NAME')
    .option('--like <node>', 'with --add-nodes: copy this node')
    .option('--pool <name>', 'with --add-nodes: a node of this inventory pool')
    .option('--headroom <workload>', 'how many more replicas of kind/namespace/name, name or a workload file fit, and what stops the next (repeatable)', collect)
    .option('--scale-up <pool>', 'smallest number of nodes of this pool that makes every Pending pod schedulable')
    .action(async (paths: string[], flags: CheckFlags) => {
      exitCode = await runCheck(paths, flags);
    });

  program
    .command('rules')
    .description('list the rules berth checks')
    .addOption(new Option('-f, --format <format>', 'output format (markdown is docs/rules.md)').choices(RULE_LIST_FORMATS).default('text'))
    .action((flags: { format: RuleListFormat }) => {
      process.stdout.write(formatRuleList(RULES, flags.format));
    });

  program
    .command('lsp')
    .description('run the language server on stdin/stdout (for editors; see the README "Editor" section)')
    .option('--stdio', 'use stdin/stdout (the default and only transport; accepted because clients pass it)')
    // vscode-languageclient appends this; vscode-languageserver reads it from argv and exits with the editor.
    .option('--clientProcessId <pid>', 'exit when this process (the editor) exits')
    .action(async () => {
      // Loaded only here, so `berth check` never pays for the LSP libraries.
      const { runStdioServer } = await import('../lsp/server.js');
      runStdioServer();
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw error;
  }
  return exitCode;
}

async function runCheck(paths: string[], flags: CheckFlags): Promise<number> {
  const loaded = loadConfig({ cwd: process.cwd(), ...(flags.config !== undefined ? { configFile: flags.config } : {}) });
  if (loaded.problems.length > 0) {
    for (const problem of loaded.problems) process.stderr.write(`${formatConfigProblem(problem)}\n`);
    return EXIT_USAGE;
  }
  const config = loaded.config;
  // Flags override the config file; the config's paths are already relative to the working directory.
  const clusterPaths = flags.cluster ?? config?.cluster ?? [];
  const kubeVersion = flags.kubeVersion ?? config?.kubeVersion;
  const failOn = flags.failOn ?? config?.failOn ?? 'error';
  const whatIf = whatIfFromFlags(flags, clusterPaths.length > 0);
  if (whatIf.error) {
    process.stderr.write(`berth: ${whatIf.error}\n`);
    return EXIT_USAGE;
  }
  const target = parseTargetVersion(kubeVersion);
  if (!target.ok) {
    const source = flags.kubeVersion === undefined && config ? `${config.file}: kubeVersion` : '--kube-version';
    process.stderr.write(`berth: ${source}: ${target.message}\n`);
    return EXIT_USAGE;
  }
  const result = await checkPaths(paths, {
    ruleLevels: config?.rules ?? {},
    ...(config && config.ignore.length > 0 ? { ignorePaths: { baseDir: config.baseDir, patterns: config.ignore } } : {}),
    ...(clusterPaths.length > 0 ? { clusterPaths } : {}),
    ...(kubeVersion !== undefined ? { kubeVersion } : {}),
    ...(whatIf.options ? { whatIf: whatIf.options } : {}),
  });
  for (const problem of result.inputProblems) process.stderr.write(`berth: ${problem.path}: ${problem.message}\n`);
  for (const notice of result.notices ?? []) process.stderr.write(`berth: warning: ${notice}\n`);
  const useColor = flags.color !== false && !flags.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const report = await (await loadFormatter(flags.format))(result, { color: useColor });
  if (flags.output) {
    try {
      writeFileSync(flags.output, report);
    } catch (error) {
      process.stderr.write(`berth: ${flags.output}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
      return EXIT_USAGE;
    }
  } else process.stdout.write(report);
  const nothingRead = result.summary.files === 0 && result.ignoredFiles === 0;
  if (result.inputProblems.length > 0 || nothingRead) {
    if (nothingRead) process.stderr.write('berth: no manifests to check\n');
    return EXIT_USAGE;
  }
  if (failOn === 'none') return EXIT_OK;
  return worstLevel(result.findings) >= levelRank(failOn) ? EXIT_FINDINGS : EXIT_OK;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug in berth, not bad input: still one line, with a pointer to report it.
    process.stderr.write(`berth: internal error: ${(error as Error)?.message ?? String(error)} (please report this)\n`);
    if (process.env.BERTH_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
