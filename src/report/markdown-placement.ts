import type { PlacementReport, WorkloadPlacement } from '../schedule/types.js';
import { escapeText as cell } from './markdown-escape.js';

/**
 * The predicted placement as Markdown, for the report's placement section: one row per workload,
 * workloads with Pending pods first, then each one's scheduler messages.
 */
export function placementSection(placement: PlacementReport): string {
  const workloads = [...placement.workloads].sort((a, b) => Number(b.pending > 0) - Number(a.pending > 0));
  const pendingPods = workloads.reduce((sum, w) => sum + w.pending, 0);
  const lines = [
    '### Predicted placement',
    '',
    `${placement.nodes.length} node${placement.nodes.length === 1 ? '' : 's'}, ${workloads.length} workload${workloads.length === 1 ? '' : 's'}, ` +
      `${pendingPods} pod${pendingPods === 1 ? '' : 's'} Pending.`,
  ];
  if (workloads.length > 0) {
    lines.push('', '| Workload | Desired | Scheduled | Pending | Nodes |', '| --- | --- | --- | --- | --- |');
    for (const w of workloads) lines.push(`| ${cell(workloadName(w))} | ${w.desired} | ${w.scheduled} | ${w.pending > 0 ? `**${w.pending}**` : '0'} | ${cell(nodeList(w))} |`);
  }
  const stuck = workloads.filter((w) => w.pending > 0 && w.reasons.length > 0);
  if (stuck.length > 0) {
    lines.push('', 'Why pods stay Pending:', '');
    for (const w of stuck) for (const reason of w.reasons) lines.push(`- ${cell(workloadName(w))}: ${cell(reason)}`);
  }
  return lines.join('\n');
}

function workloadName(w: WorkloadPlacement): string {
  return w.namespace ? `${w.kind} ${w.namespace}/${w.name}` : `${w.kind} ${w.name}`;
}

function nodeList(w: WorkloadPlacement): string {
  const entries = Object.entries(w.nodes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '-' : entries.map(([node, pods]) => `${node} (${pods})`).join(', ');
}
