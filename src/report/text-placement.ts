import { formatKubeVersion } from '../model/kube-version.js';
import { amount } from '../rules/placement.js';
import type { NodeOutcome, SimulationResult } from '../schedule/result.js';
import { HIGH_USE_PERCENT, notRunningWorkloads, TIE_BREAK_NOTE, tieBreaks, usage } from './placement-lines.js';
import { admissionText } from './admission-section.js';

/**
 * The predicted placement in the text output, after the findings: one row per node (pods on it, how many
 * the manifests add, cpu and memory requested against allocatable), then every workload with pods that do
 * not run and the full scheduler message (`kubectl describe` text, the version's PostFilter/preemption part
 * included), then where berth's deterministic tie-break chose among equally scored nodes.
 */
export type Paint = (code: string, text: string) => string;

/** The codes text.ts uses: bold headings, dim secondary text, error red for pods that do not run, warning yellow for full nodes. */
export const PLACEMENT_COLORS = { heading: '\x1b[1m', dim: '\x1b[2m', pending: '\x1b[31m', full: '\x1b[33m' };

/** Tie-break notes shown per workload before "and N more". */
const MAX_TIE_NOTES = 3;
/** Workloads with tie-break notes shown before "and N more": the notes are context, not findings. */
const MAX_TIE_WORKLOADS = 10;

export function formatPlacementText(simulation: SimulationResult, paint: Paint): string {
  const sections = [nodeTable(simulation, paint), pendingList(simulation, paint), admissionText(simulation, paint), tieNotes(simulation, paint)].filter((s) => s !== '');
  return sections.join('\n\n');
}

interface Cell {
  text: string;
  /** Highlighted: node use at or above HIGH_USE_PERCENT. */
  high?: boolean;
  right?: boolean;
}

function nodeTable(simulation: SimulationResult, paint: Paint): string {
  const title = paint(PLACEMENT_COLORS.heading, `Predicted placement (Kubernetes ${formatKubeVersion(simulation.version)}, ${plural(simulation.nodes.length, 'node')})`);
  if (simulation.nodes.length === 0) return `${title}\n  The cluster snapshot has no nodes: every pod stays Pending.`;
  const header: Cell[] = [{ text: 'NODE' }, { text: 'PODS', right: true }, { text: 'NEW', right: true }, { text: 'CPU REQUESTED' }, { text: 'MEMORY REQUESTED' }];
  const rows: Cell[][] = simulation.nodes.map((node) => [
    { text: node.info.name },
    { text: String(node.podCount), right: true },
    { text: String(node.placed.length), right: true },
    use(node, 'cpu'),
    use(node, 'memory'),
  ]);
  const widths = header.map((h, i) => Math.max(h.text.length, ...rows.map((r) => r[i]!.text.length)));
  const line = (cells: readonly Cell[], style?: string) => {
    const padded = cells.map((cell, i) => {
      const text = cell.right ? cell.text.padStart(widths[i]!) : i === cells.length - 1 ? cell.text : cell.text.padEnd(widths[i]!);
      return cell.high ? paint(PLACEMENT_COLORS.full, text) : text;
    });
    const text = '  ' + padded.join('  ');
    return style ? paint(style, text) : text;
  };
  return [title, line(header, PLACEMENT_COLORS.dim), ...rows.map((r) => line(r))].join('\n');
}

function use(node: NodeOutcome, resource: string): Cell {
  const u = usage(node.requested[resource] ?? 0, node.info.allocatable[resource] ?? 0, (n) => amount(resource, n));
  return { text: u.text, high: u.percent !== undefined && u.percent >= HIGH_USE_PERCENT };
}

function pendingList(simulation: SimulationResult, paint: Paint): string {
  const workloads = notRunningWorkloads(simulation);
  if (workloads.length === 0) {
    // Pods admission refuses are listed apart (admission-section.ts): they never exist.
    return simulation.workloads.some((w) => (w.admission?.notCreated ?? 0) > 0) ? 'Every pod that gets created would be scheduled.' : 'Every pod would be scheduled.';
  }
  const total = workloads.reduce((sum, w) => sum + w.pods, 0);
  const lines = [paint(PLACEMENT_COLORS.heading, `Pending (${plural(total, 'pod')})`)];
  for (const w of workloads) {
    lines.push(`  ${paint(PLACEMENT_COLORS.heading, w.name)}: ${paint(PLACEMENT_COLORS.pending, w.headline)}`);
    for (const m of w.messages) lines.push(`    ${w.messages.length > 1 || m.pods > 1 ? `${m.pods} × ` : ''}${m.text}`);
  }
  return lines.join('\n');
}

function tieNotes(simulation: SimulationResult, paint: Paint): string {
  const workloads = tieBreaks(simulation);
  if (workloads.length === 0) return '';
  const lines = [paint(PLACEMENT_COLORS.heading, 'Ties') + paint(PLACEMENT_COLORS.dim, ` (${TIE_BREAK_NOTE})`)];
  for (const w of workloads.slice(0, MAX_TIE_WORKLOADS)) {
    const more = w.ties.length > MAX_TIE_NOTES ? `; and ${w.ties.length - MAX_TIE_NOTES} more` : '';
    lines.push(`  ${w.name}: ${w.ties.slice(0, MAX_TIE_NOTES).join('; ')}${more}`);
  }
  const hidden = workloads.length - MAX_TIE_WORKLOADS;
  if (hidden > 0) lines.push(paint(PLACEMENT_COLORS.dim, `  … and ${plural(hidden, 'more workload')}`));
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
