import type { PlacementReport, WorkloadPlacement } from '../schedule/types.js';
import type { NodeOutcome, SimulationResult } from '../schedule/result.js';
import { formatKubeVersion } from '../model/kube-version.js';
import { amount } from '../rules/placement.js';
import { escapeText as cell } from './markdown-escape.js';
import { HIGH_USE_PERCENT, notRunningWorkloads, TIE_BREAK_NOTE, tieBreaks, usage } from './placement-lines.js';

/**
 * The predicted placement as Markdown, for the report's placement section: one row per workload,
 * workloads with Pending pods first, then each one's scheduler messages. Works from the `placement` JSON
 * alone (the GitHub Action's job summary uses it); `placementReport` is the full report from the simulation.
 */
export function placementSection(placement: PlacementReport): string {
  const workloads = pendingFirst(placement);
  const lines = [heading(placement)];
  if (workloads.length > 0) lines.push('', workloadTable(workloads));
  const stuck = workloads.filter((w) => w.pending > 0 && w.reasons.length > 0);
  if (stuck.length > 0) {
    lines.push('', 'Why pods stay Pending:', '');
    for (const w of stuck) for (const reason of w.reasons) lines.push(`- ${cell(workloadName(w))}: ${cell(reason)}`);
  }
  return lines.join('\n');
}

/** Nodes with a `<details>` section, and pods listed in one, before "and N more": a PR comment holds 65,536 characters. */
export const MAX_NODE_DETAILS = 50;
export const MAX_PODS_PER_NODE = 30;
/** Workloads in "Pending pods" before "and N more" (each carries the full scheduler messages). */
export const MAX_PENDING_WORKLOADS = 50;
/** Workloads listed under the tie-break note. */
export const MAX_TIE_WORKLOADS = 10;

/**
 * The full PR-comment / job-summary report from the simulation (`berth check -f markdown --cluster ...`):
 * Pending pods first with the full scheduler message (the version's preemption part included), the
 * per-workload table, the per-node table (pods, cpu and memory requested against allocatable), one
 * collapsible `<details>` per node listing the pods the manifests put there, and where the deterministic
 * tie-break chose.
 */
export function placementReport(simulation: SimulationResult): string {
  const placement = simulation.toPlacementReport();
  const workloads = pendingFirst(placement);
  const parts = [`${heading(placement)} Simulated as the Kubernetes ${formatKubeVersion(simulation.version)} default scheduler.`];
  parts.push(pendingPods(simulation));
  if (workloads.length > 0) parts.push(['#### Workloads', '', workloadTable(workloads)].join('\n'));
  parts.push(nodeTable(simulation), nodeDetails(simulation), tieSection(simulation));
  return parts.filter((p) => p !== '').join('\n\n');
}

function heading(placement: PlacementReport): string {
  const pendingPodCount = placement.workloads.reduce((sum, w) => sum + w.pending, 0);
  return [
    '### Predicted placement',
    '',
    `${plural(placement.nodes.length, 'node')}, ${plural(placement.workloads.length, 'workload')}, ${plural(pendingPodCount, 'pod')} Pending.`,
  ].join('\n');
}

function pendingFirst(placement: PlacementReport): WorkloadPlacement[] {
  return [...placement.workloads].sort((a, b) => Number(b.pending > 0) - Number(a.pending > 0));
}

function workloadTable(workloads: readonly WorkloadPlacement[]): string {
  const lines = ['| Workload | Desired | Scheduled | Pending | Nodes |', '| --- | --- | --- | --- | --- |'];
  for (const w of workloads) lines.push(`| ${cell(workloadName(w))} | ${w.desired} | ${w.scheduled} | ${w.pending > 0 ? `**${w.pending}**` : '0'} | ${cell(nodeList(w))} |`);
  return lines.join('\n');
}

function pendingPods(simulation: SimulationResult): string {
  const workloads = notRunningWorkloads(simulation);
  if (workloads.length === 0) return 'Every pod would be scheduled.';
  const lines = ['#### Pending pods', ''];
  for (const w of workloads.slice(0, MAX_PENDING_WORKLOADS)) {
    lines.push(`- **${cell(w.name)}**: ${w.headline}`);
    for (const m of w.messages) lines.push(`  - ${w.messages.length > 1 || m.pods > 1 ? `${m.pods} × ` : ''}${cell(m.text)}`);
  }
  const hidden = workloads.slice(MAX_PENDING_WORKLOADS);
  if (hidden.length > 0) {
    const pods = hidden.reduce((sum, w) => sum + w.pods, 0);
    lines.push(`- … and ${plural(hidden.length, 'more workload')} with ${plural(pods, 'pod')} that would not run: run \`berth check\` locally for the full list.`);
  }
  return lines.join('\n');
}

function nodeTable(simulation: SimulationResult): string {
  if (simulation.nodes.length === 0) return 'The cluster snapshot has no nodes: every pod stays Pending.';
  const rows = simulation.nodes.map((n) => `| ${cell(n.info.name)} | ${n.podCount} | ${n.placed.length} | ${use(n, 'cpu')} | ${use(n, 'memory')} |`);
  return ['#### Nodes', '', '| Node | Pods | New | CPU requested | Memory requested |', '| --- | ---: | ---: | --- | --- |', ...rows].join('\n');
}

/** `700m / 2 (35%)`, bold when the node is nearly full. */
function use(node: NodeOutcome, resource: string): string {
  const u = usage(node.requested[resource] ?? 0, node.info.allocatable[resource] ?? 0, (n) => amount(resource, n));
  return u.percent !== undefined && u.percent >= HIGH_USE_PERCENT ? `**${u.text}**` : u.text;
}

function nodeDetails(simulation: SimulationResult): string {
  const shown = simulation.nodes.slice(0, MAX_NODE_DETAILS);
  const sections = shown.map((node) => {
    const existing = node.podCount - node.placed.length;
    const summary = `<b>${html(node.info.name)}</b>: ${plural(node.placed.length, 'new pod')}, ${existing} already running`;
    const pods = node.placed.slice(0, MAX_PODS_PER_NODE).map((name) => `- ${cell(name)}`);
    if (node.placed.length > MAX_PODS_PER_NODE) pods.push(`- … and ${node.placed.length - MAX_PODS_PER_NODE} more`);
    const body = pods.length > 0 ? pods.join('\n') : 'No pod of these manifests lands here.';
    return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
  });
  const hidden = simulation.nodes.length - shown.length;
  if (hidden > 0) sections.push(`… and ${plural(hidden, 'more node')} (see \`placement\` in the JSON or SARIF output).`);
  return sections.join('\n\n');
}

function tieSection(simulation: SimulationResult): string {
  const workloads = tieBreaks(simulation);
  if (workloads.length === 0) return '';
  const lines = workloads.slice(0, MAX_TIE_WORKLOADS).map((w) => `- ${cell(w.name)}: ${plural(w.ties.length, 'placement')} (e.g. ${cell(w.ties[0]!)})`);
  if (workloads.length > MAX_TIE_WORKLOADS) lines.push(`- … and ${plural(workloads.length - MAX_TIE_WORKLOADS, 'more workload')}`);
  return [`Decided by the tie-break (${TIE_BREAK_NOTE}):`, '', ...lines].join('\n');
}

function workloadName(w: WorkloadPlacement): string {
  return w.namespace ? `${w.kind} ${w.namespace}/${w.name}` : `${w.kind} ${w.name}`;
}

function nodeList(w: WorkloadPlacement): string {
  const entries = Object.entries(w.nodes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '-' : entries.map(([node, pods]) => `${node} (${pods})`).join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
