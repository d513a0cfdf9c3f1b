import { asRecord, asStringMap, type KubeObject } from '../model/object.js';
import { parseLabelSelector, type Requirement } from '../model/selector.js';
import type { PodTemplate, TopologySpreadConstraint } from './cluster.js';

/**
 * PodTopologySpread's system default constraints (`defaultingType: System`,
 * pkg/scheduler/framework/plugins/podtopologyspread/plugin.go; selector from `DefaultSelector`,
 * pkg/scheduler/framework/plugins/helper/spread.go): for a pod without any topologySpreadConstraints,
 * `kubernetes.io/hostname` maxSkew 3 and `topology.kubernetes.io/zone` maxSkew 5, both ScheduleAnyway,
 * selecting the pods selected by the Services in the pod's namespace that select it, ANDed with its
 * controller's selector when the controller is a ReplicaSet (Deployments), ReplicationController or
 * StatefulSet. An empty merged selector means no default constraints. They only score.
 */

export interface ServiceSelector {
  namespace: string;
  selector: Record<string, string>;
}

/** Services with a selector (a Service without one selects nothing by labels and is skipped upstream). */
export function servicesFrom(objects: readonly KubeObject[]): ServiceSelector[] {
  return objects
    .filter((o) => o.ref.kind === 'Service' && o.ref.apiVersion === 'v1' && asRecord(o.raw.spec).selector !== undefined)
    .map((o) => ({ namespace: o.ref.namespace, selector: asStringMap(asRecord(o.raw.spec).selector) }));
}

const cache = new WeakMap<PodTemplate, TopologySpreadConstraint[]>();

export function defaultSpreadConstraints(template: PodTemplate, services: readonly ServiceSelector[]): TopologySpreadConstraint[] {
  let found = cache.get(template);
  if (!found) cache.set(template, (found = compute(template, services)));
  return found;
}

function compute(template: PodTemplate, services: readonly ServiceSelector[]): TopologySpreadConstraint[] {
  const labels = template.labels;
  const merged: Record<string, string> = {};
  for (const service of servicesThatMaySelect(template, services)) {
    if (Object.entries(service.selector).every(([k, v]) => labels[k] === v)) Object.assign(merged, service.selector);
  }
  const requirements: Requirement[] = Object.entries(merged).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
  requirements.push(...controllerRequirements(template));
  if (requirements.length === 0) return [];
  const selector = { requirements, matchesNothing: false };
  const constraint = (topologyKey: string, maxSkew: number): TopologySpreadConstraint => ({
    maxSkew,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    selector,
    minDomains: 1,
    nodeAffinityPolicy: 'Honor',
    nodeTaintsPolicy: 'Ignore',
  });
  return [constraint('kubernetes.io/hostname', 3), constraint('topology.kubernetes.io/zone', 5)];
}

const indexes = new WeakMap<readonly ServiceSelector[], Map<string, number[]>>();

/**
 * The services in the template's namespace whose selector's first entry is one of its labels, in their
 * order: thousands of templates × thousands of Services would otherwise be compared one by one.
 */
function servicesThatMaySelect(template: PodTemplate, services: readonly ServiceSelector[]): ServiceSelector[] {
  let index = indexes.get(services);
  if (!index) {
    index = new Map();
    services.forEach((service, i) => {
      const first = Object.entries(service.selector)[0];
      const key = first ? `${service.namespace}\u0000${first[0]}=${first[1]}` : `${service.namespace}\u0000`;
      const list = index!.get(key);
      if (list) list.push(i);
      else index!.set(key, [i]);
    });
    indexes.set(services, index);
  }
  const found = [...(index.get(`${template.namespace}\u0000`) ?? [])];
  for (const [k, v] of Object.entries(template.labels)) found.push(...(index.get(`${template.namespace}\u0000${k}=${v}`) ?? []));
  return found.sort((a, b) => a - b).map((i) => services[i]!);
}

/**
 * The controller's selector, for workloads whose pods are owned by a ReplicaSet, ReplicationController or
 * StatefulSet: the replicated long-running workloads (never DaemonSets, Jobs or bare Pods). A Deployment's
 * ReplicaSet also selects its `pod-template-hash`.
 */
function controllerRequirements(template: PodTemplate): Requirement[] {
  const workload = template.workload;
  if (!workload || !workload.longRunning || workload.perNode || workload.templatePath.length === 0) return [];
  const parsed = workload.selector ? parseLabelSelector(workload.selector.value) : { requirements: Object.entries(workload.labels).map(([key, v]) => ({ key, operator: 'In' as const, values: [v] })), matchesNothing: false };
  if (!parsed || parsed.matchesNothing) return [];
  const requirements = [...parsed.requirements];
  const hash = template.labels['pod-template-hash'];
  if (hash !== undefined && !workload.labels['pod-template-hash']) requirements.push({ key: 'pod-template-hash', operator: 'In', values: [hash] });
  return requirements;
}
