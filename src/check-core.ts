/**
 * The check pipeline without the cluster stage: a run without a cluster snapshot never loads the cluster
 * reader, the scheduler, admission or what-if code (cold start, issue 6). checkPaths imports the cluster
 * stage (src/check-cluster.ts) only when a snapshot is asked for; src/check.ts is the full entry point
 * (checkFiles with the cluster stage always available) for the language server, ESLint plugin and tests.
 */
import { expandInputs, type InputFile, type InputProblem } from './read/files.js';
import { ignoreMatcher, type IgnorePaths } from './read/config.js';
import { readManifests } from './read/manifests.js';
import { toWorkload, type Workload } from './model/workload.js';
import { runRules } from './rules/run.js';
import { levelRank, type Finding, type Level, type Rule } from './rules/rule.js';
import { RULES } from '../rules/index.js';
import { countUnknownKinds } from './model/builtin-schema.js';
import type { PlacementReport } from './schedule/types.js';
import type { ClusterReadResult } from './read/cluster.js';
import type { SimulationResult } from './schedule/result.js';
import type { WhatIfOptions } from './whatif/index.js';
import type { ClusterStage } from './check-cluster.js';

export interface CheckOptions {
  /** Per-rule level overrides or 'off' (from `.berth.yaml`). */
  ruleLevels?: Readonly<Record<string, Level | 'off'>>;
  rules?: readonly Rule[];
  /** `ignore:` globs of `.berth.yaml`: matching input files are not read at all. */
  ignorePaths?: IgnorePaths;
  /** Cluster snapshot paths (--cluster, else `cluster:` of `.berth.yaml`). */
  clusterPaths?: readonly string[];
  /** Target Kubernetes version (--kube-version, else `kubeVersion:` of `.berth.yaml`). */
  kubeVersion?: string;
  /** A cluster snapshot already read (checkPaths reads `clusterPaths` into this; the LSP and tests pass it). */
  cluster?: ClusterReadResult;
  /** What-if scenarios over the simulation (`--drain`, `--headroom`...); need `cluster`. */
  whatIf?: WhatIfOptions;
  /** Filled with milliseconds per pipeline stage, summed over calls (bench/scale.mjs reads it). */
  timings?: StageTimings;
}

export type StageTimings = Partial<Record<'read' | 'model' | 'schedule' | 'rules', number>>;

function timed<T>(timings: StageTimings | undefined, stage: keyof StageTimings, run: () => T): T {
  if (!timings) return run();
  const start = performance.now();
  try {
    return run();
  } finally {
    timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
  }
}

export interface Summary {
  files: number;
  objects: number;
  workloads: number;
  /** Documents skipped because they are not Kubernetes objects. */
  skippedDocuments: number;
  /** Objects of kinds berth has no bundled schema for (CRDs, removed API versions): not schema-validated. */
  unknownKinds: number;
  errors: number;
  warnings: number;
  notes: number;
  suppressed: number;
}

export interface CheckResult {
  findings: Finding[];
  placement: PlacementReport | null;
  summary: Summary;
  /** The scheduler simulation, when a cluster snapshot was given. */
  simulation?: SimulationResult;
  /** Things about the cluster snapshot the user should know (`file:line:col: message`), for stderr. */
  notices?: string[];
}

/** Paths that could not be read at all (missing, a directory with nothing in it): usage errors. */
export interface InputCheckResult extends CheckResult {
  inputProblems: InputProblem[];
  /** Files left out by `ignore:` globs (so "nothing to check" is not a usage error when all were ignored). */
  ignoredFiles: number;
}

/** Runs the whole pipeline over command-line style inputs (files, directories, globs, `-`). */
export async function checkPaths(inputs: readonly string[], options: CheckOptions = {}): Promise<InputCheckResult> {
  const expanded = await expandInputs(inputs);
  const isIgnored = options.ignorePaths ? ignoreMatcher(options.ignorePaths, process.cwd()) : () => false;
  const files = expanded.files.filter((f) => !isIgnored(f.path));
  const missing = expanded.problems.filter((p) => p.message === 'no such file or directory' || p.message === 'no files match this pattern');
  // A binary or unreadable file under an ignored path is as ignored as a readable one.
  const unreadable = expanded.problems.filter((p) => !missing.includes(p) && !isIgnored(p.path));
  const clusterReadStart = performance.now();
  const wantsCluster = options.cluster !== undefined || (options.clusterPaths !== undefined && options.clusterPaths.length > 0);
  const stage = wantsCluster ? (await import('./check-cluster.js')).clusterStage : undefined;
  const cluster = options.cluster ?? (stage && options.clusterPaths ? await stage.readCluster(options.clusterPaths, options.kubeVersion) : undefined);
  if (options.timings) options.timings.read = (options.timings.read ?? 0) + performance.now() - clusterReadStart;
  const result = checkFilesWith(stage, files, cluster ? { ...options, cluster } : options, unreadable);
  const ignoredFiles = expanded.files.length - files.length + expanded.problems.length - missing.length - unreadable.length;
  return { ...result, inputProblems: missing, ignoredFiles };
}

/**
 * Runs the pipeline over files already in memory with the given cluster stage (src/check.ts passes it
 * statically; checkPaths after loading it). A snapshot in `options.cluster` without a stage is a caller bug.
 */
export function checkFilesWith(
  stage: ClusterStage | undefined,
  files: readonly InputFile[],
  options: CheckOptions = {},
  unreadable: readonly InputProblem[] = [],
): CheckResult {
  const read = timed(options.timings, 'read', () => readManifests(files));
  const readProblems = [
    ...unreadable.map((p) => ({ location: { file: p.path, line: 1, column: 1, endLine: 1, endColumn: 1 }, message: p.message })),
    ...read.problems,
  ];
  const workloads = timed(options.timings, 'model', () => read.objects.map(toWorkload).filter((w): w is Workload => w !== undefined));
  const cluster = options.cluster;
  if (cluster && !stage) throw new Error('checkFilesWith: a cluster snapshot needs the cluster stage (src/check-cluster.ts)');
  const placement = cluster && stage ? timed(options.timings, 'schedule', () => stage.simulate(cluster, options.kubeVersion, workloads, read.objects, readProblems, options.whatIf)) : undefined;
  const run = timed(options.timings, 'rules', () => runRules(options.rules ?? RULES, { objects: read.objects, workloads, readProblems, ...placement?.input }, {
    levels: options.ruleLevels ?? {},
    hasCluster: placement !== undefined,
  }));
  const findings = sortFindings(run.findings, [...unreadable.map((p) => p.path), ...files.map((f) => f.path)]);
  const count = (level: Level) => findings.filter((f) => f.level === level).length;
  return {
    findings,
    placement: placement && stage ? stage.placementReport(placement.input) : null,
    ...(placement ? { simulation: placement.input.simulation, notices: placement.notices } : {}),
    summary: {
      files: files.length + unreadable.length,
      objects: read.objects.length,
      workloads: workloads.length,
      skippedDocuments: read.skippedDocuments,
      unknownKinds: countUnknownKinds(read.objects),
      errors: count('error'),
      warnings: count('warning'),
      notes: count('note'),
      suppressed: run.suppressed,
    },
  };
}

/** File order as read, then position, then rule id: stable output for goldens and diffs. */
function sortFindings(findings: Finding[], filesInOrder: readonly string[]): Finding[] {
  const fileOrder = new Map<string, number>();
  for (const file of [...filesInOrder, ...findings.map((f) => f.location.file)]) if (!fileOrder.has(file)) fileOrder.set(file, fileOrder.size);
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) =>
      (fileOrder.get(a.f.location.file)! - fileOrder.get(b.f.location.file)!) ||
      a.f.location.line - b.f.location.line ||
      a.f.location.column - b.f.location.column ||
      (a.f.ruleId < b.f.ruleId ? -1 : a.f.ruleId > b.f.ruleId ? 1 : 0) ||
      a.i - b.i,
    )
    .map(({ f }) => f);
}

export function worstLevel(findings: readonly Finding[]): number {
  return findings.reduce((worst, f) => Math.max(worst, levelRank(f.level)), 0);
}
