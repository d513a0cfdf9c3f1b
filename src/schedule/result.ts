import type { KubeVersion } from '../model/kube-version.js';
import type { Workload } from '../model/workload.js';
import type { NodeInfo, Pod, PodTemplate, ResourceList } from './cluster.js';
import type { Diagnosis, PreemptionOutcome } from './fit-error.js';
import type { Status } from './framework.js';
import type { NodeScore } from './scores/index.js';
import type { SchedulerBehaviour } from './version.js';
import type { PlacementReport } from './types.js';
import type { WorkloadAdmission } from '../admission/index.js';

/**
 * What the simulation found, for the placement rules and reports. Every pod of every workload has one
 * outcome; pending pods carry the scheduler's message and, per node, the status (plugin, code, reasons and
 * berth's details: which taint, which port and who holds it, how much of a resource is requested, used and
 * allocatable).
 */
export interface SimulationResult {
  version: KubeVersion;
  behaviour: SchedulerBehaviour;
  nodes: NodeOutcome[];
  workloads: WorkloadOutcome[];
  /** What berth assumed about the snapshot (pods on unknown nodes, pods the manifests replace), one line each. */
  notes: string[];
  /** Snapshot pods (`namespace/name`) left out because a manifest workload owns them (src/schedule/snapshot-overlap.ts). */
  replacedSnapshotPods: string[];
  /** The `placement` JSON contract (src/schedule/types.ts). */
  toPlacementReport(): PlacementReport;
}

export interface NodeOutcome {
  info: NodeInfo;
  /** After the simulation, existing pods included. */
  requested: ResourceList;
  podCount: number;
  /** Pods this simulation put on the node (`namespace/name`), in placement order. */
  placed: string[];
}

export interface WorkloadOutcome {
  workload: Workload;
  template: PodTemplate;
  /** Pods the controller wants: replicas, Job parallelism, or the nodes a DaemonSet should run on. */
  desired: number;
  /** Outcomes of the pods admission let through (all of them unless `admission.notCreated` > 0). */
  pods: PodOutcome[];
  /** What admission did to the workload's pods (src/admission): rejections and where they come from. */
  admission?: WorkloadAdmission;
  /** Constraints of the pod spec that berth does not simulate (volumes, resource claims), one sentence each. */
  unmodelled?: string[];
}

/** A node's verdict for a pending pod, in snapshot node order. `status` undefined: the node passed every filter (it cannot, for a pending pod) or was not counted. */
export interface NodeVerdict {
  node: string;
  status?: Status;
  /** Outside the PreFilter node subset (DaemonSet pods, `metadata.name` affinity). */
  absent: boolean;
}

export type PodOutcome =
  | {
      state: 'scheduled';
      pod: Pod;
      node: string;
      /** `queue` = first pass in queue order; `retry` = placed when pending pods were re-evaluated (section 14). */
      pass: 'queue' | 'retry';
      /** How many nodes passed every filter. */
      feasibleNodes: number;
      /** The best-scored nodes (at most 3, chosen node first); empty when only one node was feasible (no scoring). */
      scores: NodeScore[];
      /** Feasible nodes with the same top score, the first 10 by name: upstream chooses among them at random. */
      tiedWith: string[];
      /** How many feasible nodes other than the chosen one have the top score. */
      tied: number;
    }
  | {
      /** Created with `spec.nodeName` and admitted by the kubelet. */
      state: 'bound';
      pod: Pod;
      node: string;
    }
  | {
      /** Created with `spec.nodeName`; the kubelet rejects it (the pod ends Failed). */
      state: 'rejected';
      pod: Pod;
      node: string;
      reason: string;
      message: string;
    }
  | PendingOutcome
  | {
      /** StatefulSet OrderedReady: not created while an earlier ordinal is not Running (section 15.1). */
      state: 'not-created';
      pod: Pod;
      /** The pending ordinal that holds it back. */
      waitingFor: string;
    }
  | {
      /** `schedulerName` is not default-scheduler: berth does not predict it. */
      state: 'other-scheduler';
      pod: Pod;
      schedulerName: string;
    };

export type PendingOutcome =
  | {
      state: 'pending';
      why: 'unschedulable';
      pod: Pod;
      /** FitError message without the PostFilter part (JSON `reasons`). */
      message: string;
      /** With the version's PostFilter part, as `kubectl describe` shows it. */
      fullMessage: string;
      diagnosis: Diagnosis;
      verdicts: NodeVerdict[];
      preFilterRejection?: Status;
      preemption: PreemptionOutcome;
      /** Preemption would find victims: upstream would evict them and retry; berth does not simulate that. */
      preemptionMayHelp: boolean;
    }
  | { state: 'pending'; why: 'no-nodes'; pod: Pod; message: string; fullMessage: string }
  | { state: 'pending'; why: 'gated'; pod: Pod; message: string; fullMessage: string }
  | { state: 'pending'; why: 'node-not-found'; pod: Pod; node: string; message: string; fullMessage: string };

export const SCHEDULING_GATED_MESSAGE = 'Scheduling is blocked due to non-empty scheduling gates';

export function nodeNotFoundMessage(node: string): string {
  return `spec.nodeName "${node}" is not a node of the cluster snapshot: the pod bypasses the scheduler and stays Pending`;
}
