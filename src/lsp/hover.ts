import { locate, type KubeObject } from '../model/object.js';
import { toWorkload } from '../model/workload.js';
import type { CheckResult } from '../check.js';
import type { Finding } from '../rules/rule.js';
import type { WorkloadPlacement } from '../schedule/types.js';

/**
 * Hover text for a workload's `kind:` line or the line that sets its pod count (`replicas:`, `parallelism:`):
 * where its pods would run according to the last analysis, or, without a cluster snapshot, its findings.
 * Undefined anywhere else, so berth stays out of the way of other hover providers.
 */
export function hoverText(object: KubeObject, line: number, result: CheckResult, findings: readonly Finding[]): string | undefined {
  const workload = toWorkload(object);
  if (!workload) return undefined;
  const kindLine = locate(object, ['kind']).line;
  const countPath = workload.replicasPath;
  const setsCount = countPath[countPath.length - 1] === 'replicas' || countPath[countPath.length - 1] === 'parallelism';
  if (line !== kindLine && !(setsCount && line === locate(object, countPath).line)) return undefined;
  const title = `**berth** · ${object.ref.kind} ${object.ref.namespace ? `${object.ref.namespace}/` : ''}${object.ref.name}`;
  if (result.placement) {
    const placement = result.placement.workloads.find((w) => w.kind === object.ref.kind && w.namespace === object.ref.namespace && w.name === object.ref.name);
    return placement ? `${title}\n\n${describePlacement(placement)}` : `${title}\n\nNot in the placement report.`;
  }
  const own = findings.filter((f) => f.object && f.object.kind === object.ref.kind && f.object.namespace === object.ref.namespace && f.object.name === object.ref.name);
  const summary = own.length === 0 ? 'No findings.' : `${plural(own.length, 'finding')}: ${[...new Set(own.map((f) => f.ruleId))].join(', ')}.`;
  return `${title}\n\n${summary}\n\nNo cluster snapshot: name one under \`cluster:\` in \`.berth.yaml\` to see where its pods would run.`;
}

/** "3 replicas → worker232 ×1, worker233 ×1; 1 Pending: 0/3 nodes are available: ..." */
export function describePlacement(placement: WorkloadPlacement): string {
  const nodes = Object.entries(placement.nodes)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([node, count]) => `${node} ×${count}`);
  const placed = nodes.length > 0 ? nodes.join(', ') : 'no node';
  const head = `${plural(placement.desired, placement.kind === 'DaemonSet' ? 'pod' : 'replica')} → ${placed}`;
  if (placement.pending === 0) return head;
  return `${head}; ${placement.pending} Pending: ${placement.reasons.join(' / ')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
