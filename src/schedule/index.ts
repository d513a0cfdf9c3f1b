/**
 * berth's offline kube-scheduler. `simulate(workloads, snapshot, options)` predicts where every pod of the
 * manifests lands and why the others stay Pending; `result.toPlacementReport()` is the `placement` JSON.
 *
 * Layout (after pkg/scheduler): framework.ts (PreFilter/Filter runner), filters/<plugin>.ts and
 * scores/<plugin>.ts (one per upstream plugin, reason strings as constants), fit-error.ts (the message),
 * preemption.ts (the PostFilter's verdict), schedule-one.ts (one attempt), queue.ts + simulate.ts (the
 * queue and the retry loop), daemonset.ts, kubelet-admission.ts (`spec.nodeName` pods), version.ts
 * (`--kube-version` switches), state.ts (the incremental cluster state).
 */
export { simulate, type SimulateOptions } from './simulate.js';
export type { SimulationResult, WorkloadOutcome, PodOutcome, PendingOutcome, NodeVerdict, NodeOutcome } from './result.js';
export { placedOn, reasonOf, toPlacementReport } from './placement-report.js';
export { behaviourFor, parseTargetVersion, type SchedulerBehaviour } from './version.js';
export type { Status, FilterDetail, InsufficientResource, Code } from './framework.js';
export type { Diagnosis, PreemptionOutcome } from './fit-error.js';
export { nodesByPlugin, untoleratedTaints, takenPorts, closestFits, nodesShortOnResources, type Shortfall } from './explain.js';
