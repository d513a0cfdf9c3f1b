/**
 * The check pipeline's public entry point (package export "."): checkFiles always has the cluster stage,
 * so the language server, the ESLint plugin and tests can pass a snapshot synchronously. The CLI imports
 * src/check-core.ts instead, which loads the cluster stage only when a snapshot is asked for.
 */
import { clusterStage } from './check-cluster.js';
import { checkFilesWith, type CheckOptions, type CheckResult } from './check-core.js';
import type { InputFile, InputProblem } from './read/files.js';

export * from './check-core.js';

/** Runs the pipeline over files already in memory (the language server's open buffers, tests). */
export function checkFiles(files: readonly InputFile[], options: CheckOptions = {}, unreadable: readonly InputProblem[] = []): CheckResult {
  return checkFilesWith(clusterStage, files, options, unreadable);
}
