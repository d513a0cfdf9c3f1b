import { readManifests } from '../../src/read/manifests.js';
import { readCluster } from '../../src/read/cluster.js';
import { toWorkload, type Workload } from '../../src/model/workload.js';
import { parseKubeVersion, type KubeVersion } from '../../src/model/kube-version.js';
import { simulate } from '../../src/schedule/index.js';
import type { SimulationResult } from '../../src/schedule/result.js';
import type { NodeInfo, Pod, PodTemplate } from '../../src/schedule/cluster.js';
import { newClusterState, place, type ClusterState } from '../../src/schedule/state.js';
import { behaviourFor } from '../../src/schedule/version.js';
import { newCycle, runFilters, runPreFilters, type Status } from '../../src/schedule/framework.js';
import { FILTERS } from '../../src/schedule/filters/index.js';
import { EVERYTHING } from '../../src/model/selector.js';

/** Manifests YAML + cluster snapshot YAML → the simulation, as `berth check --cluster` runs it. */
export function simulateYaml(manifests: string, cluster: string, version = '1.36', options: { incremental?: boolean } = {}): SimulationResult {
  const read = readManifests([{ path: 'manifests.yaml', text: manifests }]);
  const kubeVersion = parseKubeVersion(version)!;
  const snapshot = readCluster([{ path: 'cluster.yaml', text: cluster }], { kubeVersion });
  if (read.problems.length > 0 || snapshot.problems.length > 0) {
    throw new Error(`bad fixture: ${JSON.stringify([...read.problems, ...snapshot.problems])}`);
  }
  const workloads = read.objects.map(toWorkload).filter((w): w is Workload => w !== undefined);
  return simulate(workloads, snapshot.snapshot, { kubeVersion, objects: read.objects, ...options });
}

const GI = 2 ** 30;

export function node(name: string, extra: Partial<NodeInfo> = {}): NodeInfo {
  return {
    name,
    labels: { 'kubernetes.io/hostname': name, ...(extra.labels ?? {}) },
    taints: [],
    unschedulable: false,
    allocatable: { cpu: 2000, memory: 4 * GI, pods: 110 },
    ...extra,
    ...(extra.labels ? { labels: { 'kubernetes.io/hostname': name, ...extra.labels } } : {}),
  };
}

export function template(extra: Partial<PodTemplate> = {}): PodTemplate {
  return {
    namespace: 'default',
    labels: {},
    requests: {},
    nonZeroRequests: { cpu: 100, memory: 200 * 1024 * 1024 },
    hostPorts: [],
    tolerations: [],
    nodeSelector: {},
    preferredNodeAffinity: [],
    requiredAffinity: [],
    requiredAntiAffinity: [],
    preferredAffinity: [],
    preferredAntiAffinity: [],
    topologySpread: [],
    priority: 0,
    preemptionPolicy: 'PreemptLowerPriority',
    schedulerName: 'default-scheduler',
    schedulingGated: false,
    images: [],
    ...extra,
  };
}

export function pod(name: string, extra: Partial<PodTemplate> = {}, nodeName?: string): Pod {
  return { name, template: template(extra), ordinal: 0, ...(nodeName ? { nodeName } : {}) };
}

export function clusterState(nodes: NodeInfo[], existing: Pod[] = [], version = '1.36'): ClusterState {
  const state = newClusterState(nodes, new Map(), behaviourFor(parseKubeVersion(version)!));
  for (const p of existing) place(state, p, state.byName.get(p.nodeName!)!, 'snapshot');
  return state;
}

/** Runs PreFilter + the filters of the default profile for one pod on one node: the status, or 'pass'. */
export function filterOn(state: ClusterState, incoming: Pod, nodeName: string): Status | 'pass' {
  const cycle = newCycle(state, incoming);
  const pre = runPreFilters(cycle, FILTERS);
  if (pre.rejected) return pre.rejected;
  if (pre.nodeNames && !pre.nodeNames.has(nodeName)) throw new Error(`${nodeName} is outside the PreFilter subset`);
  return runFilters(cycle, state.byName.get(nodeName)!, FILTERS, pre) ?? 'pass';
}

/** [plugin, code, reasons] of a status, or 'pass': what the table tests compare. */
export function verdict(status: Status | 'pass'): 'pass' | [string, string, string[]] {
  return status === 'pass' ? 'pass' : [status.plugin, status.code, status.reasons];
}

export const selectAll = EVERYTHING;
