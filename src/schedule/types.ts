import type { WhatIfReport } from '../whatif/report.js';

/**
 * The placement part of berth's JSON contract (`placement` in `berth check --format json`).
 * Fields may be added, never renamed or removed: other tools read this.
 */
export interface PlacementReport {
  nodes: NodePlacement[];
  workloads: WorkloadPlacement[];
  /** Present when a what-if scenario was asked for (`--drain`, `--headroom`...; src/whatif/report.ts). */
  whatIf?: WhatIfReport;
}

export interface NodePlacement {
  name: string;
  /** Quantities as Kubernetes prints them (`2`, `3759112Ki`, `110`). */
  allocatable: Record<string, string>;
  /** Sum of the requests of every pod on the node after simulation, existing pods included. */
  requested: Record<string, string>;
}

export interface WorkloadPlacement {
  kind: string;
  namespace: string;
  name: string;
  desired: number;
  scheduled: number;
  pending: number;
  /** Pods per node name. */
  nodes: Record<string, number>;
  /** Sorted distinct FitError messages of the pending pods, without the PostFilter (preemption) suffix. */
  reasons: string[];
  /**
   * Pods admission rejects, so they never exist (desired = scheduled + pending + notCreated). berth always
   * sets it (0 when none); optional only so that reports built by hand before it existed still type-check.
   */
  notCreated?: number;
  /** Sorted distinct admission rejection messages of those pods (e.g. `exceeded quota: ...`); always set by berth. */
  admission?: string[];
}
