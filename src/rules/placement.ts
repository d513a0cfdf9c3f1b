import { formatAmount } from '../model/quantity.js';
import { matchesRequiredNodeAffinity } from '../model/node-affinity.js';
import { firstUntoleratedTaint, formatTaint, toleratesAny, TAINT_UNSCHEDULABLE } from '../model/taints.js';
import type { Selector } from '../model/selector.js';
import type { Path } from '../read/source.js';
import type { NodeInfo, PodTemplate, Taint } from '../schedule/cluster.js';
import type { Status } from '../schedule/framework.js';
import type { PendingOutcome, PodOutcome, SimulationResult, WorkloadOutcome } from '../schedule/result.js';
import type { PlacedPod } from '../schedule/state.js';
import type { RuleContext } from './rule.js';

/**
 * Shared by the placement rules (rules/<id>.ts with `needs: 'cluster'`). Each rule reads the simulation's
 * pending pods, picks the ones its scheduler plugin explains (a pending pod's nodes may be rejected by
 * several plugins: each rule explains the nodes of its own plugin), and reports one finding per workload
 * at the manifest key that causes it, with the scheduler's message, the counts and what berth knows beyond
 * the message (which taint, which port held by whom, how much is short, how many topology domains).
 */

export type Unschedulable = Extract<PendingOutcome, { why: 'unschedulable' }>;
export type Rejected = Extract<PodOutcome, { state: 'rejected' }>;

/** A node of a pending pod's verdicts with the status that rejected it. */
export interface Rejection {
  node: string;
  status: Status;
}

/** Every message of a placement rule: the pending pods, the scheduler's text, then berth's explanation. */
export const PENDING_MESSAGE = '{{workload}}: {{pods}} would stay Pending: {{schedulerMessage}} {{explanation}}';
/** Pods created with `spec.nodeName` that the node's kubelet refuses (they end Failed). */
export const REJECTED_MESSAGE = '{{workload}}: {{pods}} would be rejected by the kubelet of {{node}} (spec.nodeName bypasses the scheduler): {{kubeletMessage}}. {{explanation}}';

export function unschedulablePods(outcome: WorkloadOutcome): Unschedulable[] {
  return outcome.pods.filter((p): p is Unschedulable => p.state === 'pending' && p.why === 'unschedulable');
}

export function rejectedPods(outcome: WorkloadOutcome, reasons: (reason: string) => boolean): Rejected[] {
  return outcome.pods.filter((p): p is Rejected => p.state === 'rejected' && reasons(p.reason));
}

/** The nodes a pending pod was rejected from by a status that `matches` (absent nodes excluded). */
export function rejections(pod: Unschedulable, matches: (status: Status) => boolean): Rejection[] {
  const out: Rejection[] = [];
  for (const verdict of pod.verdicts) if (!verdict.absent && verdict.status && matches(verdict.status)) out.push({ node: verdict.node, status: verdict.status });
  return out;
}

/**
 * The pending pods a rule explains, with what it found for each. Replicas that met the same cluster share
 * one scheduling attempt (the simulator reuses it), hence one diagnosis and the same verdicts: `explain`
 * runs once per diagnosis, not once per pod (thousands of Pending replicas × thousands of nodes).
 */
export function explainEach<T>(pods: readonly Unschedulable[], explain: (pod: Unschedulable) => T[]): { pod: Unschedulable; found: T[] }[] {
  const cache = new Map<object, T[]>();
  const out: { pod: Unschedulable; found: T[] }[] = [];
  for (const pod of pods) {
    let found = cache.get(pod.diagnosis);
    if (!found) cache.set(pod.diagnosis, (found = explain(pod)));
    if (found.length > 0) out.push({ pod, found });
  }
  return out;
}

export const byPlugin = (...plugins: string[]) => (status: Status): boolean => plugins.includes(status.plugin);

/** `Deployment web` (namespaced objects keep their namespace out: the file already says where they are). */
export function workloadName(outcome: WorkloadOutcome): string {
  return `${outcome.workload.ref.kind} ${outcome.workload.ref.name}`;
}

/** `2 of 5 replicas` (DaemonSets: `pods`). */
export function podCount(outcome: WorkloadOutcome, count: number): string {
  const unit = outcome.workload.perNode ? 'pod' : 'replica';
  return `${count} of ${outcome.desired} ${unit}${outcome.desired === 1 ? '' : 's'}`;
}

/**
 * The scheduler message of the first explained pod; when the explained pods got different messages (a
 * later replica met a fuller cluster), how many others there are.
 */
export function schedulerMessage(pods: readonly { message: string }[]): string {
  const first = sentence(pods[0]!.message);
  const others = new Set(pods.map((p) => sentence(p.message)).filter((m) => m !== first)).size;
  return others === 0 ? first : `${first} (${others} other message${others === 1 ? '' : 's'} for the other pods; see the placement report)`;
}

/** Ends a message with a period (the FitError text has one; berth's own nodeName message does not). */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** SimulationResult's `preemptionMayHelp`: upstream would evict lower-priority pods; berth does not simulate that. */
export function preemptionNote(pods: readonly { preemptionMayHelp?: boolean }[]): string {
  const helped = pods.filter((p) => p.preemptionMayHelp).length;
  if (helped === 0) return '';
  return ` Preemption may place ${helped === pods.length ? (helped === 1 ? 'it' : 'them') : `${helped} of them`}: ` +
    'they have a higher priority than pods that block them, which the scheduler would evict (berth does not simulate preemption).';
}

/**
 * StatefulSet ordinals an OrderedReady controller never creates because an explained pod does not run:
 * they stay Pending for the same reason (the placement JSON counts them as pending too).
 */
function heldBack(outcome: WorkloadOutcome, pods: readonly { pod?: { name: string } }[]): number {
  const names = new Set(pods.flatMap((p) => (p.pod ? [p.pod.name] : [])));
  return outcome.pods.filter((p) => p.state === 'not-created' && names.has(p.waitingFor)).length;
}

/** Reports the pending pods a rule explains, at `path` of the workload's object. */
export function reportPending(
  context: RuleContext<string>,
  outcome: WorkloadOutcome,
  pods: readonly { message: string; preemptionMayHelp?: boolean; pod?: { name: string } }[],
  explanation: string,
  path: Path,
  part: 'key' | 'value' = 'key',
): void {
  const held = heldBack(outcome, pods);
  const waiting = held === 0 ? '' : ` (${held} of them not created until an earlier ordinal runs: OrderedReady)`;
  context.report(
    'pending',
    {
      workload: workloadName(outcome),
      pods: podCount(outcome, pods.length + held) + waiting,
      schedulerMessage: schedulerMessage(pods),
      explanation: explanation + preemptionNote(pods),
    },
    { object: outcome.workload.object, path, part },
  );
}

/** Reports pods the kubelet rejects (grouped by node, first node first). */
export function reportRejected(context: RuleContext<string>, outcome: WorkloadOutcome, pods: readonly Rejected[], explanation: string, path: Path, part: 'key' | 'value' = 'key'): void {
  const first = pods[0]!;
  context.report(
    'rejected',
    {
      workload: workloadName(outcome),
      pods: podCount(outcome, pods.length),
      node: first.node,
      kubeletMessage: first.message,
      explanation,
    },
    { object: outcome.workload.object, path, part },
  );
}

/** `a, b and c`, at most `max` names then `and N more`. */
export function listNames(names: readonly string[], max = 5): string {
  const unique = [...new Set(names)];
  if (unique.length <= 1) return unique.join('');
  const shown = unique.slice(0, Math.min(max, unique.length - 1));
  const rest = unique.slice(shown.length);
  return rest.length === 1 ? `${shown.join(', ')} and ${rest[0]}` : `${shown.join(', ')} and ${rest.length} more`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `app=api`, `tier in (web, api)`, `!legacy`; `everything` for an empty selector. */
export function describeSelector(selector: Selector): string {
  if (selector.matchesNothing) return 'nothing';
  if (selector.requirements.length === 0) return 'every pod';
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(', ')})`;
        case 'NotIn':
          return r.values.length === 1 ? `${r.key}!=${r.values[0]}` : `${r.key} notin (${r.values.join(', ')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
        default:
          return `${r.key} ${r.operator} ${r.values.join(',')}`;
      }
    })
    .join(', ');
}

export function describePod(pod: PlacedPod): string {
  const where = pod.origin === 'snapshot' ? 'running' : 'placed by these manifests';
  return `${pod.namespace}/${pod.pod.name} (${where})`;
}

/** For people: exact quantities as Kubernetes writes them (`2`, `250m`, `2Gi`), other byte counts rounded (`993.0Mi`, `3.6Gi`). */
export function amount(resource: string, value: number): string {
  const exact = formatAmount(resource, value);
  const bytes = resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-');
  if (!bytes || /^\d+(Gi|Mi)$/.test(exact) || value < 2 ** 20) return exact;
  return value >= 2 ** 30 ? `${Number((value / 2 ** 30).toFixed(1))}Gi` : `${Number((value / 2 ** 20).toFixed(1))}Mi`;
}

// --- Node facts that do not depend on what is placed ---------------------------------------------------

/** Taints the node lifecycle controller sets from node state (NotReady, pressure, cordon): unschedulable-node explains them. */
const NODE_STATE_TAINT_PREFIX = 'node.kubernetes.io/';

export function isNodeStateTaint(taint: Taint): boolean {
  return taint.key.startsWith(NODE_STATE_TAINT_PREFIX);
}

/** kubeadm's control-plane taints: a node role nobody expects workloads to tolerate. */
export function isControlPlaneTaint(taint: Taint): boolean {
  return taint.key === 'node-role.kubernetes.io/control-plane' || taint.key === 'node-role.kubernetes.io/master';
}

const nodeInfoMaps = new WeakMap<SimulationResult, Map<string, NodeInfo>>();

/** Nodes by name, built once per simulation (rules ask per workload: thousands × thousands of nodes). */
export function nodeInfos(simulation: SimulationResult): Map<string, NodeInfo> {
  let map = nodeInfoMaps.get(simulation);
  if (!map) nodeInfoMaps.set(simulation, (map = new Map(simulation.nodes.map((n) => [n.info.name, n.info]))));
  return map;
}

export function matchesNodeSelection(template: PodTemplate, node: NodeInfo): boolean {
  return matchesRequiredNodeAffinity(template, node);
}

function toleratesCordon(template: PodTemplate): boolean {
  return toleratesAny(template.tolerations, { key: TAINT_UNSCHEDULABLE, value: '', effect: 'NoSchedule' });
}

/** Why a node is closed to a template whatever is placed: cordon, an untolerated taint, node selection. */
export function staticBlocker(template: PodTemplate, node: NodeInfo, options: { ignoreNodeState?: boolean } = {}): string | undefined {
  if (!options.ignoreNodeState && node.unschedulable && !toleratesCordon(template)) return 'cordoned';
  const taints = options.ignoreNodeState ? node.taints.filter((t) => !isNodeStateTaint(t)) : node.taints;
  const taint = firstUntoleratedTaint(taints, template.tolerations);
  if (taint) return `untolerated taint ${formatTaint(taint)}`;
  if (!matchesNodeSelection(template, node)) return "nodeSelector/affinity doesn't match";
  return undefined;
}

/**
 * Nodes the template may use whatever is placed: not cordoned, every NoSchedule/NoExecute taint tolerated,
 * nodeSelector and required node affinity matched. `ignoreNodeState` treats cordons and node-state taints
 * (NotReady, pressure) as passing: "could go to once the node is back".
 */
export function eligibleNodes(simulation: SimulationResult, template: PodTemplate, options: { ignoreNodeState?: boolean } = {}): NodeInfo[] {
  return simulation.nodes.map((n) => n.info).filter((node) => staticBlocker(template, node, options) === undefined);
}

/** Distinct values of `key` over `nodes`, in node order (nodes without the label are left out). */
export function topologyDomains(nodes: readonly NodeInfo[], key: string): string[] {
  const values: string[] = [];
  for (const node of nodes) {
    if (!Object.prototype.hasOwnProperty.call(node.labels, key)) continue;
    const value = node.labels[key]!;
    if (!values.includes(value)) values.push(value);
  }
  return values;
}

/** Where the pod spec is (the finding's fallback location). */
export function podSpecPath(outcome: WorkloadOutcome): Path {
  return outcome.workload.specPath.length === 0 ? ['spec'] : outcome.workload.specPath;
}

/** The request that decides resource `name`, or the pod spec when berth has no path for it. */
export function requestPath(outcome: WorkloadOutcome, name: string): { path: Path; part: 'key' | 'value' } {
  const path = outcome.template.requestPaths?.[name];
  return path ? { path, part: 'value' } : { path: podSpecPath(outcome), part: 'key' };
}

/** Groups rejections by a label (e.g. the taint) keeping first-seen order: `label on node-a, node-b`. */
export function groupNodes<T>(items: readonly { node: string; key: T }[], label: (key: T) => string): string[] {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const text = label(item.key);
    const list = groups.get(text);
    if (list) list.push(item.node);
    else groups.set(text, [item.node]);
  }
  return [...groups].map(([text, nodes]) => `${text} on ${listNames(nodes)}`);
}

// --- Resources ----------------------------------------------------------------------------------------

/** The resources whose request alone exceeds the allocatable of every node in `nodes` (cpu, memory, ... order). */
const smallestAllocatables = new WeakMap<SimulationResult, Map<string, number>>();

/**
 * Whether some request of the template is larger than the smallest allocatable of that resource in the
 * cluster — necessary for `exceedingResources` to find anything among any non-empty set of its nodes, and
 * cheap enough to ask before working out the template's candidate nodes.
 */
export function mayExceedAllocatable(simulation: SimulationResult, template: PodTemplate): boolean {
  let smallest = smallestAllocatables.get(simulation);
  if (!smallest) smallestAllocatables.set(simulation, (smallest = new Map()));
  for (const [name, requested] of Object.entries(template.requests)) {
    if (name === 'pods' || requested <= 0) continue;
    let min = smallest.get(name);
    if (min === undefined) {
      min = Infinity;
      for (const node of simulation.nodes) min = Math.min(min, node.info.allocatable[name] ?? 0);
      smallest.set(name, min);
    }
    if (requested > min) return true;
  }
  return false;
}

export function exceedingResources(template: PodTemplate, nodes: readonly NodeInfo[]): string[] {
  if (nodes.length === 0) return [];
  return Object.entries(template.requests)
    .filter(([name, requested]) => name !== 'pods' && requested > 0 && nodes.every((n) => requested > (n.allocatable[name] ?? 0)))
    .map(([name]) => name);
}

/**
 * The nodes whose allocatable a request is weighed against: those the pod could go to (selection and
 * permanent taints allow it; cordons and node state are temporary), or every node when none qualifies
 * (then the selection rules explain the pod, and the request still has to fit somewhere).
 */
export function resourceCandidates(simulation: SimulationResult, template: PodTemplate): { nodes: NodeInfo[]; all: boolean } {
  const eligible = eligibleNodes(simulation, template, { ignoreNodeState: true });
  return eligible.length > 0 ? { nodes: eligible, all: false } : { nodes: simulation.nodes.map((n) => n.info), all: true };
}

/** `OutOfcpu` → `cpu` (kubelet admission reasons, pkg/kubelet/lifecycle/predicate.go). */
export function outOfResource(reason: string): string | undefined {
  return reason.startsWith('OutOf') ? reason.slice('OutOf'.length) : undefined;
}

/**
 * Kubelet `OutOf<resource>` rejections, split by whether the request alone exceeds that node's allocatable
 * (requests-exceed-allocatable) or other pods use the room (insufficient-capacity); with the explanation.
 */
export function resourceRejections(simulation: SimulationResult, outcome: WorkloadOutcome, exceeds: boolean): { pods: Rejected[]; resource?: string; explanation: string } {
  const nodes = nodeInfos(simulation);
  const pods = rejectedPods(outcome, () => true).filter((p) => {
    const resource = outOfResource(p.reason);
    const node = nodes.get(p.node);
    if (resource === undefined || !node) return false;
    const requested = resource === 'pods' ? 1 : outcome.template.requests[resource] ?? 0;
    return (requested > (node.allocatable[resource] ?? 0)) === exceeds;
  });
  const first = pods[0];
  if (!first) return { pods, explanation: '' };
  const resource = outOfResource(first.reason)!;
  const total = nodes.get(first.node)!.allocatable[resource] ?? 0;
  const requested = resource === 'pods' ? 1 : outcome.template.requests[resource] ?? 0;
  const explanation = exceeds
    ? `It requests ${amount(resource, requested)} ${resource}; ${first.node} has ${amount(resource, total)} allocatable in total.`
    : `The pods already on ${first.node} leave too little of its ${amount(resource, total)} ${resource} allocatable.`;
  return { pods, resource, explanation };
}
