/**
 * Admission before the scheduler: which of the manifests' pods the API server would create at all.
 *
 *   admitPods(entries, input) → { rejected: entry → message, byWorkload: workload → WorkloadAdmission }
 *
 * Applied per pod in upstream's plugin order (kube-apiserver's AllOrderedPlugins; mutating plugins run
 * before validating ones): NamespaceLifecycle, LimitRanger (defaults), Priority, RuntimeClass, then
 * LimitRanger (min/max/ratio) and ResourceQuota last. The first rejection wins and the pod is never
 * created: the controller reports FailedCreate and `kubectl get pods` does not list it. Everything that
 * depends only on the template is computed once per workload; quota is charged pod by pod in queue order
 * (priority, then manifest order, then ordinal), after the snapshot's own usage.
 *
 * The mutations that change what the scheduler sees (LimitRange default requests, RuntimeClass overhead,
 * nodeSelector and tolerations, DefaultTolerationSeconds, priority) are applied in model/pod.ts; this
 * module only decides creation and explains rejections.
 */
import type { Path } from '../read/source.js';
import { limitRangeDefaultsFrom, runtimeClassesFrom } from '../model/admission-defaults.js';
import { asRecord, asStringMap, type KubeObject } from '../model/object.js';
import type { Workload } from '../model/workload.js';
import type { ClusterSnapshot, Pod } from '../schedule/cluster.js';
import { queueOrder } from '../schedule/queue.js';
import { containerDefaults, limitRangesByNamespace, limitRangeViolations } from './limit-range.js';
import { existingNamespaces, namespaceNotFound } from './namespaces.js';
import { knownPriorityClasses, priorityClassNotFound } from './priority.js';
import { admitToQuotas, chargeSnapshotPods, podQuotaResources, podQuotaView, quotaPath, quotasFrom, type PodQuotaView, type Quota } from './resource-quota.js';
import { knownRuntimeClasses, nodeSelectorConflict, runtimeClassNotFound } from './runtime-class.js';
import { admittedContainers, formatQuantity, type AdmittedContainer } from './resources.js';

export type AdmissionRuleId = 'namespace-missing' | 'priority-class-unknown' | 'runtime-class-unknown' | 'runtime-class-conflict' | 'limit-range-violation' | 'quota-exceeded';

/** One reason the API server refuses a workload's pods, located in the workload's object. */
export interface AdmissionProblem {
  rule: AdmissionRuleId;
  /** Upstream's error, as the FailedCreate event shows it after `pods "<name>" is forbidden: `. */
  message: string;
  path: Path;
  part: 'key' | 'value';
  /** Pods this problem keeps from being created (a later problem of the same pod still counts them: fixing the first uncovers it). */
  pods: number;
  /** What berth knows beyond the message (which LimitRange/quota, usage before the manifests). */
  explanation: string;
}

export interface WorkloadAdmission {
  /** Pods admission rejects (desired = scheduled + pending + notCreated). */
  notCreated: number;
  /** Sorted distinct rejection messages of those pods. */
  messages: string[];
  problems: AdmissionProblem[];
  /** Per container name, the resources whose request the LimitRanger filled in. */
  requestsFromLimitRange: Record<string, string[]>;
}

export interface AdmissionEntry {
  pod: Pod;
  order: number;
}

export interface AdmissionInput {
  snapshot: ClusterSnapshot;
  /** Every object of the manifests. */
  objects: readonly KubeObject[];
  /** Snapshot pods (`namespace/name`) that manifest workloads replace: their quota usage goes away. */
  replaced?: readonly string[];
}

export interface AdmissionResult {
  rejected: Map<AdmissionEntry, string>;
  byWorkload: Map<Workload, WorkloadAdmission>;
}

interface TemplateVerdict {
  workload: Workload;
  /** The first template-level rejection (namespace, priority, RuntimeClass, LimitRange), if any. */
  rejection?: string;
  problems: AdmissionProblem[];
  quota: PodQuotaView;
  containers: AdmittedContainer[];
}

export function admitPods(entries: readonly AdmissionEntry[], input: AdmissionInput): AdmissionResult {
  const snapshotObjects = input.snapshot.objects ?? [];
  const admissionObjects = [...(input.snapshot.admissionObjects ?? []), ...input.objects];
  const context = {
    namespaces: existingNamespaces(snapshotObjects, input.objects),
    priorityClasses: knownPriorityClasses(snapshotObjects),
    runtimeClasses: knownRuntimeClasses(snapshotObjects),
    runtimeClassInfo: runtimeClassesFrom(admissionObjects),
    limitRanges: limitRangesByNamespace(admissionObjects),
    requestDefaults: limitRangeDefaultsFrom(admissionObjects),
  };
  const quotas = quotasFrom(input.objects, snapshotObjects);
  chargeSnapshotPods(quotas, snapshotObjects, new Set(input.replaced ?? []));

  const verdicts = new Map<Workload, TemplateVerdict>();
  const rejected = new Map<AdmissionEntry, string>();
  const quotaProblems = new Map<Workload, Map<string, QuotaProblem>>();
  /** OrderedReady workloads whose ordinal was rejected: the controller retries it and creates none after it. */
  const orderedRejected = new Map<Workload, string>();
  for (const entry of queueOrder(entries) as AdmissionEntry[]) {
    const workload = entry.pod.template.workload;
    if (!workload) continue;
    let verdict = verdicts.get(workload);
    if (!verdict) verdicts.set(workload, (verdict = templateVerdict(workload, entry.pod, context)));
    if (verdict.rejection !== undefined) {
      rejected.set(entry, verdict.rejection);
      continue;
    }
    const byMessage = quotaProblems.get(workload) ?? new Map<string, QuotaProblem>();
    quotaProblems.set(workload, byMessage);
    const held = orderedRejected.get(workload);
    if (held !== undefined) {
      rejected.set(entry, held);
      byMessage.get(held)!.pods++;
      continue;
    }
    const quotaRejection = admitToQuotas(quotas.get(workload.ref.namespace) ?? [], verdict.quota);
    if (!quotaRejection) continue;
    rejected.set(entry, quotaRejection.message);
    if (entry.pod.template.podManagementPolicy === 'OrderedReady') orderedRejected.set(workload, quotaRejection.message);
    const seen = byMessage.get(quotaRejection.message);
    if (seen) seen.pods++;
    else byMessage.set(quotaRejection.message, { quota: quotaRejection.quota, resource: quotaRejection.resources[0]!, kind: quotaRejection.kind, pods: 1 });
  }

  const byWorkload = new Map<Workload, WorkloadAdmission>();
  const counts = new Map<Workload, { total: number; rejected: number; messages: Set<string> }>();
  for (const entry of entries) {
    const workload = entry.pod.template.workload;
    if (!workload) continue;
    const count = counts.get(workload) ?? { total: 0, rejected: 0, messages: new Set<string>() };
    counts.set(workload, count);
    count.total++;
    const message = rejected.get(entry);
    if (message !== undefined) {
      count.rejected++;
      count.messages.add(message);
    }
  }
  for (const [workload, verdict] of verdicts) {
    const count = counts.get(workload)!;
    const problems = verdict.problems.map((p) => ({ ...p, pods: count.total }));
    for (const [message, q] of quotaProblems.get(workload) ?? []) {
      const where = quotaPath(q.resource, verdict.containers, workload.replicasPath, workload.specPath);
      problems.push({ rule: 'quota-exceeded', message, ...where, pods: q.pods, explanation: quotaExplanation(q.quota, q.kind) });
    }
    const requestsFromLimitRange: Record<string, string[]> = {};
    for (const c of verdict.containers) if (c.requestsFromLimitRange.size > 0) requestsFromLimitRange[c.name] = [...c.requestsFromLimitRange].sort();
    byWorkload.set(workload, {
      notCreated: count.rejected,
      messages: [...count.messages].sort(),
      problems,
      requestsFromLimitRange,
    });
  }
  return { rejected, byWorkload };
}

/** A quota rejection of a workload's pods, by message. */
interface QuotaProblem {
  quota: Quota;
  /** The first failed resource, where the finding points. */
  resource: string;
  kind: 'exceeded' | 'must-specify';
  pods: number;
}

type Context = {
  namespaces: Set<string> | undefined;
  priorityClasses: ReturnType<typeof knownPriorityClasses>;
  runtimeClasses: ReturnType<typeof knownRuntimeClasses>;
  runtimeClassInfo: ReturnType<typeof runtimeClassesFrom>;
  limitRanges: ReturnType<typeof limitRangesByNamespace>;
  requestDefaults: ReturnType<typeof limitRangeDefaultsFrom>;
};

function templateVerdict(workload: Workload, pod: Pod, context: Context): TemplateVerdict {
  const template = pod.template;
  const namespace = workload.ref.namespace;
  const spec = workload.spec;
  const problems: AdmissionProblem[] = [];
  const add = (rule: AdmissionRuleId, message: string, path: Path, part: 'key' | 'value', explanation: string) =>
    problems.push({ rule, message, path, part, pods: 0, explanation });

  if (context.namespaces && !context.namespaces.has(namespace)) {
    const hasKey = typeof asRecord(workload.object.raw.metadata).namespace === 'string';
    add('namespace-missing', namespaceNotFound(namespace), hasKey ? ['metadata', 'namespace'] : ['metadata', 'name'], 'value',
      `The cluster snapshot lists its Namespaces and "${namespace}" is not among them, nor among the manifests' Namespace objects: create it first (or apply its Namespace with the manifests).`);
  }
  const className = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  if (template.unknownPriorityClass && context.priorityClasses.complete && !context.priorityClasses.usedByPods.has(className)) {
    add('priority-class-unknown', priorityClassNotFound(className), [...workload.specPath, 'priorityClassName'], 'value',
      'The class is neither in the manifests nor in the cluster snapshot (nor one of the built-in system-cluster-critical and system-node-critical).');
  }
  const runtimeClass = typeof spec.runtimeClassName === 'string' ? spec.runtimeClassName : '';
  if (runtimeClass) {
    const info = context.runtimeClassInfo.get(runtimeClass);
    if (!info && context.runtimeClasses.complete && !context.runtimeClasses.usedByPods.has(runtimeClass)) {
      add('runtime-class-unknown', runtimeClassNotFound(runtimeClass), [...workload.specPath, 'runtimeClassName'], 'value',
        'The RuntimeClass is neither in the manifests nor in the cluster snapshot.');
    }
    const conflict = info ? nodeSelectorConflict(info, asStringMap(spec.nodeSelector)) : undefined;
    if (conflict) add('runtime-class-conflict', conflict, [...workload.specPath, 'nodeSelector'], 'key', `RuntimeClass ${runtimeClass} requires that node label value.`);
  }

  const ranges = context.limitRanges.get(namespace) ?? [];
  const containers = admittedContainers(workload, containerDefaults(ranges, context.requestDefaults.get(namespace)));
  const violations = limitRangeViolations(ranges, containers, workload.specPath);
  for (const v of violations) add('limit-range-violation', v.message, v.path, v.part, `LimitRange ${v.limitRange} in namespace ${namespace}.`);
  const limitRangeMessage = violations.length === 0 ? undefined : violations.length === 1 ? violations[0]!.message : `[${violations.map((v) => v.message).join(', ')}]`;

  // The pod's first rejection in plugin order; the LimitRanger's errors come aggregated.
  const first = problems.find((p) => p.rule !== 'limit-range-violation');
  const rejection = first?.message ?? limitRangeMessage;
  return { workload, ...(rejection !== undefined ? { rejection } : {}), problems, quota: podQuotaView(template, spec, containers), containers };
}

function quotaExplanation(quota: Quota, kind: QuotaProblem['kind']): string {
  if (kind === 'must-specify') {
    return `ResourceQuota ${quota.name} tracks cpu/memory, so every container must set them (a LimitRange with defaults would do it).`;
  }
  const names = podQuotaResources(quota.hard.keys()).sort();
  const usage = names.map((n) => `${n} ${formatQuantity(n, quota.usedBefore.get(n) ?? 0n)}/${formatQuantity(n, quota.hard.get(n)!)}`).join(', ');
  const source = quota.usedFrom === 'status' ? 'its status.used in the snapshot' : "the snapshot's pods";
  const replaced = quota.replacedPods > 0 ? `, without the ${quota.replacedPods} pod${quota.replacedPods === 1 ? '' : 's'} these manifests replace` : '';
  return `ResourceQuota ${quota.name} in namespace ${quota.namespace}: used before these manifests (${source}${replaced}): ${usage}.`;
}
