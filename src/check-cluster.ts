/**
 * The cluster stage of the check pipeline: reading a snapshot, the scheduler simulation and what-if
 * scenarios. Kept apart from src/check-core.ts so a run without a cluster never loads any of it.
 */
import type { Workload } from './model/workload.js';
import type { KubeObject } from './model/object.js';
import type { ReadProblem } from './read/manifests.js';
import { readClusterPaths, type ClusterReadResult } from './read/cluster.js';
import { simulate } from './schedule/index.js';
import type { PlacementReport } from './schedule/types.js';
import { parseTargetVersion } from './schedule/version.js';
import { hasWhatIf, runWhatIf, type WhatIfOptions } from './whatif/index.js';
import { toWhatIfReport } from './whatif/report.js';

export interface ClusterStage {
  readCluster(paths: readonly string[], kubeVersionText: string | undefined): Promise<ClusterReadResult>;
  simulate: typeof simulateCluster;
  placementReport(input: PlacementInput): PlacementReport;
}

export type PlacementInput = NonNullable<ReturnType<typeof simulateCluster>>['input'];

export const clusterStage: ClusterStage = {
  readCluster(paths, kubeVersionText) {
    const kubeVersion = parseTargetVersion(kubeVersionText);
    return readClusterPaths(paths, kubeVersion.ok ? { kubeVersion: kubeVersion.version } : {});
  },
  simulate: simulateCluster,
  placementReport: (input) => withWhatIf(input.simulation.toPlacementReport(), input.whatIf),
};

/**
 * Runs the scheduler simulation over the snapshot. Problems reading the snapshot (and an unsupported
 * `--kube-version`) become parse-error findings; its warnings (e.g. kubelets newer than the target
 * version) become notices for stderr. No simulation when the snapshot yielded no node because of its problems.
 */
export function simulateCluster(
  cluster: ClusterReadResult,
  kubeVersionText: string | undefined,
  workloads: readonly Workload[],
  objects: readonly KubeObject[],
  readProblems: ReadProblem[],
  whatIfOptions?: WhatIfOptions,
) {
  const version = parseTargetVersion(kubeVersionText);
  if (!version.ok) readProblems.push({ location: { file: '--kube-version', line: 1, column: 1, endLine: 1, endColumn: 1 }, message: version.message });
  readProblems.push(...cluster.problems);
  // A snapshot that could not be read at all would make every pod "Pending: no nodes": report the problem only.
  if (cluster.problems.length > 0 && cluster.snapshot.nodes.length === 0) return undefined;
  const simulation = simulate(workloads, cluster.snapshot, { ...(version.ok ? { kubeVersion: version.version } : {}), objects });
  const notices = [...cluster.warnings.map((w) => `${w.location.file}:${w.location.line}:${w.location.column}: ${w.message}`), ...simulation.notes];
  const whatIf = hasWhatIf(whatIfOptions) ? runWhatIf({ snapshot: cluster.snapshot, simulation, objects }, whatIfOptions!) : undefined;
  for (const problem of whatIf?.problems ?? []) readProblems.push({ location: { file: problem.flag, line: 1, column: 1, endLine: 1, endColumn: 1 }, message: problem.message });
  return { input: { cluster: cluster.snapshot, simulation, ...(whatIf?.whatIf ? { whatIf: whatIf.whatIf } : {}) }, notices };
}

function withWhatIf(report: PlacementReport, whatIf: Parameters<typeof toWhatIfReport>[0] | undefined): PlacementReport {
  return whatIf ? { ...report, whatIf: toWhatIfReport(whatIf) } : report;
}

