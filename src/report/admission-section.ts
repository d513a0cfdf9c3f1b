/**
 * The pods admission refuses, for the text and Markdown placement reports: shown apart from Pending pods,
 * because they never exist (`kubectl get pods` does not list them; the controller reports FailedCreate).
 *
 *   admissionText(simulation, paint) → '' or a "Not created" block (text output)
 *   admissionMarkdown(placement, simulation?) → '' or the same as Markdown (from the placement JSON)
 *
 * Both also say which requests a LimitRange filled in, since those silently change what the scheduler
 * sees (Markdown only when given the simulation).
 */
import type { SimulationResult, WorkloadOutcome } from '../schedule/result.js';
import type { PlacementReport, WorkloadPlacement } from '../schedule/types.js';
import { escapeText as cell } from './markdown-escape.js';

export type Paint = (code: string, text: string) => string;

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';

export function admissionText(simulation: SimulationResult, paint: Paint): string {
  const blocks: string[] = [];
  let total = 0;
  for (const outcome of simulation.workloads) {
    const admission = outcome.admission;
    if (!admission || admission.notCreated === 0) continue;
    total += admission.notCreated;
    const lines = [`  ${paint(BOLD, nameOf(outcome))}: ${paint(RED, `${admission.notCreated} of ${outcome.desired}`)} ${unit(outcome)} never created`];
    for (const message of admission.messages) lines.push(`    ${message}`);
    blocks.push(lines.join('\n'));
  }
  const defaulted = limitRangeDefaults(simulation).map(({ workload, containers }) => `  ${workload}: ${containers}`);
  const sections: string[] = [];
  if (blocks.length > 0) {
    const head = paint(BOLD, `Not created (${total} pod${total === 1 ? '' : 's'})`) + paint(DIM, ' (admission refuses them: not Pending, kubectl get pods would not list them)');
    sections.push([head, ...blocks].join('\n'));
  }
  if (defaulted.length > 0) {
    sections.push([paint(BOLD, 'Requests from LimitRange defaults') + paint(DIM, ' (containers without a request get the namespace\'s defaultRequest)'), ...defaulted].join('\n'));
  }
  return sections.join('\n\n');
}

/** With the simulation at hand, also the requests LimitRanges filled in (the JSON does not carry them). */
export function admissionMarkdown(placement: PlacementReport, simulation?: SimulationResult): string {
  const sections: string[] = [];
  const refused = placement.workloads.filter((w) => (w.notCreated ?? 0) > 0);
  if (refused.length > 0) {
    const total = refused.reduce((sum, w) => sum + (w.notCreated ?? 0), 0);
    const lines = [
      '#### Not created',
      '',
      `${total} pod${total === 1 ? '' : 's'} never created: admission refuses them, so they are not Pending and \`kubectl get pods\` would not list them.`,
      '',
    ];
    for (const w of refused) {
      lines.push(`- ${cell(workloadName(w))}: **${w.notCreated}** of ${w.desired}`);
      for (const message of w.admission ?? []) lines.push(`  - ${cell(message)}`);
    }
    sections.push(lines.join('\n'));
  }
  const defaulted = limitRangeDefaults(simulation);
  if (defaulted.length > 0) {
    sections.push(['Requests from LimitRange defaults (containers without a request get the namespace\'s `defaultRequest`):', '',
      ...defaulted.map(({ workload, containers }) => `- ${cell(workload)}: ${cell(containers)}`)].join('\n'));
  }
  return sections.join('\n\n');
}

function limitRangeDefaults(simulation: SimulationResult | undefined): { workload: string; containers: string }[] {
  return (simulation?.workloads ?? []).flatMap((outcome) => {
    const filled = Object.entries(outcome.admission?.requestsFromLimitRange ?? {});
    if (filled.length === 0) return [];
    return [{ workload: nameOf(outcome), containers: filled.map(([container, names]) => `${container} (${names.join(', ')})`).join('; ') }];
  });
}

function nameOf(outcome: WorkloadOutcome): string {
  return `${outcome.workload.ref.kind} ${outcome.workload.ref.namespace}/${outcome.workload.ref.name}`;
}

function unit(outcome: WorkloadOutcome): string {
  return `${outcome.workload.perNode ? 'pod' : 'replica'}${outcome.desired === 1 ? '' : 's'}`;
}

function workloadName(w: WorkloadPlacement): string {
  return w.namespace ? `${w.kind} ${w.namespace}/${w.name}` : `${w.kind} ${w.name}`;
}
