import type { WhatIfReport } from '../whatif/report.js';
import { changedNodes, changesNodes, headroomLine, scaleUpLines, unchangedNote, podsCell, scenarioTitle, transition } from './whatif-lines.js';

export type Paint = (code: string, text: string) => string;

/** As the placement section (text-placement.ts): bold headings, dim table header, red for pods that do not run. */
const PLACEMENT_COLORS = { heading: '\x1b[1m', dim: '\x1b[2m', pending: '\x1b[31m' };

/**
 * The what-if section of the text output, after the predicted placement: the nodes before → after (when
 * the scenario changed nodes), pods that move, that become Pending (full scheduler message), whose
 * eviction is refused and that are lost, then the headroom and scale-up answers.
 */
export function formatWhatIfText(report: WhatIfReport, paint: Paint): string {
  const lines = [paint(PLACEMENT_COLORS.heading, scenarioTitle(report))];
  if (changesNodes(report)) lines.push(nodeTable(report, paint));
  const list = (title: string, items: string[], style?: string) => {
    if (items.length === 0) return;
    lines.push(`  ${paint(PLACEMENT_COLORS.heading, `${title} (${items.length})`)}`);
    for (const item of items) lines.push(`    ${style ? paint(style, item) : item}`);
  };
  const owner = (o: string | null) => (o ? ` (${o})` : '');
  list('Pending pods that now fit', report.scheduled.map((s) => `${s.pod} → ${s.node}${owner(s.owner)}`));
  list('Moves', report.moves.map((m) => `${m.pod}: ${m.from} → ${m.to}${owner(m.owner)}`));
  list('Pending after eviction', report.pending.map((p) => `${p.pod} from ${p.from}${owner(p.owner)}: ${p.message}`), PLACEMENT_COLORS.pending);
  list('Eviction refused', report.blocked.map((b) => `${b.pod} on ${b.node}${b.budget ? ` by PodDisruptionBudget ${b.budget}` : ''}: ${b.message}`), PLACEMENT_COLORS.pending);
  list('Lost', report.lost.map((l) => `${l.pod} from ${l.from}: ${l.message}`));
  if (changesNodes(report) && report.moves.length + report.pending.length + report.blocked.length + report.lost.length === 0 && report.scenario.drain.length + report.scenario.removeNodes.length > 0) {
    lines.push('  Nothing to evict: only DaemonSet or mirror pods ran there.');
  }
  list('Headroom', report.headroom.map(headroomLine));
  list('Notes', report.notes);
  if (report.scaleUp) list('Scale-up', scaleUpLines(report.scaleUp));
  return lines.join('\n');
}

function nodeTable(report: WhatIfReport, paint: Paint): string {
  const header = ['NODE', 'CHANGE', 'PODS', 'CPU REQUESTED', 'MEMORY REQUESTED'];
  const rows = changedNodes(report).map((n) => [n.name, n.change ?? '', podsCell(n), transition(n, 'cpu'), transition(n, 'memory')]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const note = unchangedNote(report);
  return [paint(PLACEMENT_COLORS.dim, line(header)), ...rows.map(line), ...(note ? [paint(PLACEMENT_COLORS.dim, `  (${note})`)] : [])].join('\n');
}
