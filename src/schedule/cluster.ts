import type { KubeObject } from '../model/object.js';
import type { Path } from '../read/source.js';
import type { Workload } from '../model/workload.js';
import type { Selector } from '../model/selector.js';

/**
 * The scheduler's view of nodes and pods. Producers: src/read/cluster.ts (snapshots, inventory) and
 * src/model/pod.ts (pods derived from workloads). Consumer: src/schedule (filters, scores, simulator).
 */

/** Amounts as the scheduler counts them: cpu in millicores, memory/storage/hugepages in bytes, pods and extended resources in units. */
export type ResourceList = Record<string, number>;

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value: string;
  effect: TaintEffect;
}

export interface Toleration {
  key: string;
  /** '' or 'Equal', 'Exists' (and the alpha 'Lt'/'Gt', which tolerate nothing while their gate is off). */
  operator: string;
  value: string;
  /** '' matches every effect. */
  effect: string;
  /** Where it is declared, relative to the workload's object (absent for tolerations added by admission or controllers). */
  path?: Path;
}

export interface HostPort {
  hostIP: string;
  protocol: string;
  port: number;
  /** Where it is declared, relative to the workload's object (for findings). */
  path?: Path;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

export interface NodeSelectorTerm {
  matchExpressions: NodeSelectorRequirement[];
  matchFields: NodeSelectorRequirement[];
  /** Where the term is declared, relative to the workload's object. */
  path?: Path;
}

export interface PreferredSchedulingTerm {
  weight: number;
  term: NodeSelectorTerm;
}

export interface PodAffinityTerm {
  /** Effective selector (matchLabelKeys/mismatchLabelKeys already merged, section 10.1). */
  selector: Selector;
  /** Explicit namespaces; empty with no namespaceSelector means the owner pod's namespace. */
  namespaces: string[];
  namespaceSelector?: Selector;
  topologyKey: string;
  path?: Path;
}

export interface WeightedPodAffinityTerm {
  weight: number;
  term: PodAffinityTerm;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  /** Effective selector: labelSelector AND matchLabelKeys (section 11.1). */
  selector: Selector;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
  path?: Path;
}

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  allocatable: ResourceList;
  /** `status.nodeInfo.kubeletVersion`, e.g. v1.33.2. */
  kubeletVersion?: string;
  /** `status.images` for ImageLocality: normalised names → size in bytes. */
  images?: Map<string, number>;
  /** Where the node came from (snapshot object, or an inventory pool entry). */
  source?: KubeObject;
  /** The inventory pool it was expanded from, if any. */
  pool?: string;
}

/**
 * Everything about a pod that depends only on its template: computed once per workload and shared by all
 * its replicas (the performance issue relies on this).
 */
export interface PodTemplate {
  namespace: string;
  /** Template labels plus the labels controllers add (pod-template-hash, job-name...). */
  labels: Record<string, string>;
  /** Effective requests (section 9: max(sum containers + sidecars, init max) + overhead, requests defaulted from limits). */
  requests: ResourceList;
  /**
   * Per resource name, the value that decides the effective request (the biggest contributor's
   * `resources.requests.<name>`, or the limit it defaults from, or `spec.resources`/`spec.overhead`), relative
   * to the workload's object, for findings.
   */
  requestPaths?: Record<string, Path>;
  /** cpu/memory with the scoring defaults of section 9.3 (100m / 200Mi for containers without a request). */
  nonZeroRequests: { cpu: number; memory: number };
  hostPorts: HostPort[];
  tolerations: Toleration[];
  nodeSelector: Record<string, string>;
  /** undefined = no required node affinity. */
  requiredNodeAffinity?: NodeSelectorTerm[];
  preferredNodeAffinity: PreferredSchedulingTerm[];
  requiredAffinity: PodAffinityTerm[];
  requiredAntiAffinity: PodAffinityTerm[];
  preferredAffinity: WeightedPodAffinityTerm[];
  preferredAntiAffinity: WeightedPodAffinityTerm[];
  topologySpread: TopologySpreadConstraint[];
  priority: number;
  /** `spec.priorityClassName`, or the globalDefault class that supplied the priority. */
  priorityClassName?: string;
  /** The named PriorityClass exists nowhere (manifests, snapshot, built-ins): the API server would reject the pod; priority is 0 here. */
  unknownPriorityClass?: boolean;
  preemptionPolicy: 'PreemptLowerPriority' | 'Never';
  hostNetwork?: boolean;
  /** StatefulSet `spec.podManagementPolicy` (default OrderedReady); absent for other kinds. */
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /** `spec.nodeName` of the template, if set (bypasses the scheduler). */
  nodeName?: string;
  schedulerName: string;
  schedulingGated: boolean;
  images: string[];
  /** The workload it came from (absent for existing snapshot pods). */
  workload?: Workload;
}

export interface Pod {
  name: string;
  template: PodTemplate;
  /** Per-pod labels on top of the template's (e.g. statefulset.kubernetes.io/pod-name); usually empty. */
  extraLabels?: Record<string, string>;
  /** Replica ordinal within its workload (queue order tie-break). */
  ordinal: number;
  /** Set for pods already bound in the snapshot. */
  nodeName?: string;
  terminating?: boolean;
}

export interface PriorityClassInfo {
  name: string;
  value: number;
  globalDefault: boolean;
  preemptionPolicy: 'PreemptLowerPriority' | 'Never';
}

export interface ClusterSnapshot {
  nodes: NodeInfo[];
  /** Non-terminal pods bound to nodes (terminal ones are dropped when reading). */
  pods: Pod[];
  priorityClasses: Map<string, PriorityClassInfo>;
  /** Namespace name → labels (from Namespace objects; `kubernetes.io/metadata.name` always present). */
  namespaces: Map<string, Record<string, string>>;
  /**
   * LimitRange and RuntimeClass objects of the snapshot: the admission they drive applies to the pods
   * berth creates from manifests (model/admission-defaults.ts, together with the manifests' own).
   */
  admissionObjects?: KubeObject[];
  /** Every object read from the snapshot files, in read order (admission: ResourceQuotas, Namespaces, all Pods; snapshot sanity rules). */
  objects?: readonly KubeObject[];
}
