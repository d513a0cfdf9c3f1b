import type { WhatIfReport } from '../whatif/report.js';
import { escapeText as cell } from './markdown-escape.js';
import { changedNodes, changesNodes, headroomLine, scaleUpLines, unchangedNote, podsCell, scenarioTitle, transition } from './whatif-lines.js';

/** Node rows before "and N more". */
export const MAX_WHATIF_NODES = 100;

/** Pods listed per kind before "and N more": a PR comment holds 65,536 characters. */
export const MAX_WHATIF_PODS = 50;

/**
 * The what-if section for a PR comment or job summary (`berth check -f markdown`), from `placement.whatIf`:
 * nodes before → after, then moves, Pending pods, refused evictions, lost pods, headroom and scale-up.
 */
export function whatIfSection(report: WhatIfReport): string {
  const parts = [`### ${cell(scenarioTitle(report))}`];
  if (changesNodes(report)) {
    const rows = changedNodes(report).map((n) => `| ${cell(n.name)} | ${n.change ?? ''} | ${podsCell(n)} | ${cell(transition(n, 'cpu'))} | ${cell(transition(n, 'memory'))} |`);
    const note = unchangedNote(report);
    parts.push([...['| Node | Change | Pods | CPU requested | Memory requested |', '| --- | --- | --- | --- | --- |', ...rows].slice(0, 2 + MAX_WHATIF_NODES), ...(rows.length > MAX_WHATIF_NODES ? ['', `… and ${rows.length - MAX_WHATIF_NODES} more changed nodes`] : []), ...(note ? ['', `${note}.`] : [])].join('\n'));
  }
  const owner = (o: string | null) => (o ? ` (${o})` : '');
  const list = (title: string, items: string[]) => {
    if (items.length === 0) return;
    const shown = items.slice(0, MAX_WHATIF_PODS).map((i) => `- ${cell(i)}`);
    if (items.length > shown.length) shown.push(`- … and ${items.length - shown.length} more`);
    parts.push([`**${title} (${items.length})**`, '', ...shown].join('\n'));
  };
  list('Pending pods that now fit', report.scheduled.map((s) => `${s.pod} → ${s.node}${owner(s.owner)}`));
  list('Moves', report.moves.map((m) => `${m.pod}: ${m.from} → ${m.to}${owner(m.owner)}`));
  list('Pending after eviction', report.pending.map((p) => `${p.pod} from ${p.from}${owner(p.owner)}: ${p.message}`));
  list('Eviction refused', report.blocked.map((b) => `${b.pod} on ${b.node}${b.budget ? ` by PodDisruptionBudget ${b.budget}` : ''}: ${b.message}`));
  list('Lost', report.lost.map((l) => `${l.pod} from ${l.from}: ${l.message}`));
  list('Headroom', report.headroom.map(headroomLine));
  list('Notes', report.notes);
  if (report.scaleUp) list('Scale-up', scaleUpLines(report.scaleUp));
  return parts.join('\n\n');
}
