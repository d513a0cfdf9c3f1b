/**
 * The job summary ($GITHUB_STEP_SUMMARY): Pending pods with their scheduler messages first, then the
 * findings table (src/report/markdown.ts), then the predicted placement (src/report/markdown-placement.ts)
 * with one collapsible section per node.
 */
import type { CheckResult } from '../check.js';
import { parseQuantity, resourceAmount } from '../model/quantity.js';
import { findingsSection } from '../report/markdown.js';
import { placementSection } from '../report/markdown-placement.js';
import { escapeText } from '../report/markdown-escape.js';
import { summaryLine } from '../report/text.js';
import type { PlacementReport, NodePlacement } from '../schedule/types.js';

/** GitHub refuses a step summary over 1 MiB; node sections and the Pending list stop well before that. */
export const MAX_NODE_SECTIONS = 100;
export const MAX_PENDING_WORKLOADS = 100;

export interface PendingGroup {
  workload: string;
  desired: number;
  pending: number;
  /** Distinct messages with how many pods got each, most common first. */
  messages: { text: string; pods: number }[];
}

export interface SummaryOptions {
  /** Findings that `only-changed` left out, mentioned under the summary line. */
  hiddenByOnlyChanged?: number;
}

export function jobSummary(result: CheckResult, options: SummaryOptions = {}): string {
  const pending = pendingGroups(result);
  const pendingPods = pending.reduce((sum, g) => sum + g.pending, 0);
  const head = [escapeText(summaryLine(result))];
  if (result.placement) head.push(`${pendingPods} pod${pendingPods === 1 ? '' : 's'} would stay Pending.`);
  if (options.hiddenByOnlyChanged) {
    head.push(`${options.hiddenByOnlyChanged} finding${options.hiddenByOnlyChanged === 1 ? '' : 's'} on lines this pull request did not change ${options.hiddenByOnlyChanged === 1 ? 'is' : 'are'} not shown (only-changed).`);
  }
  const sections = ['## berth', head.join(' ')];
  if (pending.length > 0) sections.push(pendingSection(pending));
  sections.push('### Findings', findingsSection(result.findings));
  if (result.placement) {
    // The Pending section above already gives every message in full; the shared section's shorter list would repeat it.
    const withoutReasons = { ...result.placement, workloads: result.placement.workloads.map((w) => ({ ...w, reasons: [] })) };
    sections.push(placementSection(pending.length > 0 ? withoutReasons : result.placement), nodeSections(result.placement));
  }
  return sections.filter((s) => s !== '').join('\n\n') + '\n';
}

/** Pending pods per workload, with the full scheduler message (`kubectl describe` text, preemption part included). */
export function pendingGroups(result: CheckResult): PendingGroup[] {
  if (result.simulation) {
    return result.simulation.workloads.flatMap((outcome) => {
      const counts = new Map<string, number>();
      for (const pod of outcome.pods) {
        const text = pod.state === 'pending' ? pod.fullMessage : pod.state === 'rejected' ? `rejected by the kubelet on ${pod.node}: ${pod.reason}: ${pod.message}` : undefined;
        if (text !== undefined) counts.set(text, (counts.get(text) ?? 0) + 1);
      }
      if (counts.size === 0) return [];
      const ref = outcome.workload.ref;
      const messages = [...counts].map(([text, pods]) => ({ text, pods })).sort((a, b) => b.pods - a.pods || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
      return [{ workload: workloadName(ref), desired: outcome.desired, pending: messages.reduce((s, m) => s + m.pods, 0), messages }];
    });
  }
  return (result.placement?.workloads ?? [])
    .filter((w) => w.pending > 0)
    .map((w) => ({ workload: workloadName(w), desired: w.desired, pending: w.pending, messages: w.reasons.map((text) => ({ text, pods: 0 })) }));
}

function pendingSection(groups: readonly PendingGroup[]): string {
  const lines = ['### Pending pods', ''];
  for (const g of groups.slice(0, MAX_PENDING_WORKLOADS)) {
    lines.push(`- **${escapeText(g.workload)}**: ${g.pending} of ${g.desired} pod${g.desired === 1 ? '' : 's'} would stay Pending`);
    for (const m of g.messages) lines.push(`  - ${m.pods > 0 && g.messages.length > 1 ? `${m.pods} × ` : ''}${escapeText(m.text)}`);
  }
  const hidden = groups.length - MAX_PENDING_WORKLOADS;
  if (hidden > 0) lines.push('', `… and ${hidden} more workload${hidden === 1 ? '' : 's'} with Pending pods: see the placement in the SARIF file (runs[0].properties.placement).`);
  return lines.join('\n');
}

function workloadName(ref: { kind: string; namespace: string; name: string }): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

/** One `<details>` per node: the headline shows use against allocatable, the body which workloads landed there. */
export function nodeSections(placement: PlacementReport): string {
  if (placement.nodes.length === 0) return '';
  const shown = placement.nodes.slice(0, MAX_NODE_SECTIONS);
  const parts = ['#### Nodes', ...shown.map((node) => nodeSection(node, placement))];
  const hidden = placement.nodes.length - shown.length;
  if (hidden > 0) parts.push(`… and ${hidden} more node${hidden === 1 ? '' : 's'}: see the placement in the SARIF file (runs[0].properties.placement).`);
  return parts.join('\n\n');
}

function nodeSection(node: NodePlacement, placement: PlacementReport): string {
  const here = placement.workloads
    .filter((w) => (w.nodes[node.name] ?? 0) > 0)
    .map((w) => ({ name: workloadName(w), pods: w.nodes[node.name]! }));
  const placed = here.reduce((sum, w) => sum + w.pods, 0);
  const usage = ['cpu', 'memory', 'pods'].map((resource) => usageText(resource, node)).filter((u) => u !== undefined);
  const headline = `<b>${html(node.name)}</b>: ${placed} new pod${placed === 1 ? '' : 's'}${usage.length > 0 ? ' · ' + usage.map(html).join(' · ') : ''}`;
  const body = here.length === 0
    ? 'No pod of these manifests lands here.'
    : ['| Workload | Pods |', '| --- | --- |', ...here.map((w) => `| ${escapeText(w.name)} | ${w.pods} |`)].join('\n');
  return `<details><summary>${headline}</summary>\n\n${body}\n\n</details>`;
}

/** `cpu 1200m / 2 (60%)`; undefined when the node does not report the resource. */
function usageText(resource: string, node: NodePlacement): string | undefined {
  const allocatable = node.allocatable[resource];
  if (allocatable === undefined) return undefined;
  const requested = node.requested[resource] ?? '0';
  const total = parseQuantity(allocatable);
  const used = parseQuantity(requested);
  const percent = total && used && resourceAmount(resource, total) > 0
    ? ` (${Math.round((100 * resourceAmount(resource, used)) / resourceAmount(resource, total))}%)`
    : '';
  return `${resource} ${requested} / ${allocatable}${percent}`;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
