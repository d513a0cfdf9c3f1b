import type { NodeUsageReport, WhatIfReport } from '../whatif/report.js';

/**
 * What the text and Markdown what-if sections share: the scenario in words, node use before → after, and
 * one line per headroom and scale-up answer. Both render from `placement.whatIf` alone.
 */

export function scenarioTitle(report: WhatIfReport): string {
  const s = report.scenario;
  const parts: string[] = [];
  if (s.addedNodes.length > 0) parts.push(`add ${s.addedNodes.length} node${s.addedNodes.length === 1 ? '' : 's'} (${s.addedNodes.join(', ')})`);
  if (s.cordon.length > 0) parts.push(`cordon ${s.cordon.join(', ')}`);
  if (s.drain.length > 0) parts.push(`drain ${s.drain.join(', ')}${s.force ? ' --force' : ''}`);
  if (s.removeNodes.length > 0) parts.push(`remove ${s.removeNodes.join(', ')}${s.force ? ' --force' : ''}`);
  for (const h of report.headroom) parts.push(`headroom of ${h.workload}`);
  if (report.scaleUp) parts.push(`scale-up of pool ${report.scaleUp.pool}`);
  return `What if: ${parts.join('; ')}`;
}

/** Rows of the before → after table: nodes the scenario changed or whose pods changed (a big cluster's other nodes would drown them). */
export function changedNodes(report: WhatIfReport): WhatIfReport['nodes'] {
  return report.nodes.filter((n) => n.change !== null || JSON.stringify(n.before) !== JSON.stringify(n.after));
}

export function unchangedNote(report: WhatIfReport): string | undefined {
  const unchanged = report.nodes.length - changedNodes(report).length;
  return unchanged > 0 ? `${unchanged} other node${unchanged === 1 ? '' : 's'} unchanged` : undefined;
}

/** True when the scenario changed nodes (the before/after table is worth showing). */
export function changesNodes(report: WhatIfReport): boolean {
  return report.nodes.some((n) => n.change !== null);
}

export function usageCell(usage: NodeUsageReport | null, resource: 'cpu' | 'memory'): string {
  if (!usage) return '—';
  return resource === 'cpu' ? `${usage.cpu} (${usage.cpuPercent}%)` : `${usage.memory} (${usage.memoryPercent}%)`;
}

export function podsCell(node: WhatIfReport['nodes'][number]): string {
  const before = node.before ? String(node.before.pods) : '—';
  const after = node.after ? String(node.after.pods) : '—';
  return before === after ? before : `${before} → ${after}`;
}

export function transition(node: WhatIfReport['nodes'][number], resource: 'cpu' | 'memory'): string {
  const before = usageCell(node.before, resource);
  const after = usageCell(node.after, resource);
  return before === after ? before : `${before} → ${after}`;
}

export function headroomLine(h: WhatIfReport['headroom'][number]): string {
  const where = Object.entries(h.nodes).map(([node, n]) => `${node}: ${n}`).join(', ');
  const fits = `${h.fits} more replica${h.fits === 1 ? '' : 's'} fit${h.fits === 1 ? 's' : ''}${where ? ` (${where})` : ''}`;
  return h.stoppedBy === null ? `${h.workload}: at least ${fits}; berth stopped counting` : `${h.workload}: ${fits}; the next one would stay Pending: ${h.stoppedBy}`;
}

export function scaleUpLine(s: NonNullable<WhatIfReport['scaleUp']>): string {
  if (s.pods.length === 0) return `pool ${s.pool}: nothing is Pending, no node needed`;
  if (s.nodes === null) return `pool ${s.pool}: even ${s.limit} more node${s.limit === 1 ? '' : 's'} leave pods Pending`;
  return `pool ${s.pool}: ${s.nodes} more node${s.nodes === 1 ? '' : 's'} (${s.newNodes.join(', ')}) make${s.nodes === 1 ? 's' : ''} every Pending pod schedulable (${s.pods.length} pod${s.pods.length === 1 ? '' : 's'} placed)`;
}

/** The answer, then where each Pending pod goes with that many nodes (or its message when none works). */
export function scaleUpLines(s: NonNullable<WhatIfReport['scaleUp']>): string[] {
  return [scaleUpLine(s), ...s.pods.map((p) => (p.node !== null ? `${p.pod} → ${p.node}` : `${p.pod}: ${p.message}`))];
}
