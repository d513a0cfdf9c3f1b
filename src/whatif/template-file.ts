import { readFileSync, statSync } from 'node:fs';
import { limitRangeDefaultsFrom, runtimeClassesFrom } from '../model/admission-defaults.js';
import { podTemplateOf } from '../model/pod.js';
import { priorityClassesFrom } from '../model/priority.js';
import { toWorkload } from '../model/workload.js';
import { readManifests } from '../read/manifests.js';
import type { WorkloadOutcome } from '../schedule/result.js';
import type { WorldContext } from './world.js';

/**
 * `--headroom FILE`: a workload that is not among the manifests (a pod template or any workload kind in a
 * file), sized against the scenario's cluster as a new workload with no replicas yet. Its pod gets what the
 * simulator gives the manifests' pods: priority, LimitRange defaults and RuntimeClass overhead from the
 * snapshot and the manifests. Returns undefined when `path` is not a file, a message when the file has no
 * workload or cannot be read.
 */
export function workloadFromFile(path: string, context: WorldContext): WorkloadOutcome | string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
  } catch {
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `--headroom ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  const read = readManifests([{ path, text }]);
  if (read.problems.length > 0) {
    const first = read.problems[0]!;
    return `--headroom ${path}:${first.location.line}:${first.location.column}: ${first.message}`;
  }
  const workload = read.objects.map(toWorkload).find((w) => w !== undefined);
  if (!workload) return `--headroom ${path}: no Pod, Deployment or other workload in it`;
  const admission = [...(context.snapshot.admissionObjects ?? []), ...context.objects];
  const template = podTemplateOf(workload, {
    kubeVersion: context.simulation.version,
    priorityClasses: priorityClassesFrom([...context.objects, ...read.objects], context.snapshot.priorityClasses),
    limitRangeDefaults: limitRangeDefaultsFrom(admission),
    runtimeClasses: runtimeClassesFrom(admission),
  });
  return { workload, template, desired: 0, pods: [] };
}
