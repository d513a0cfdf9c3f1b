import type { Rule } from '../src/rules/rule.js';
import drainBlocked from './drain-blocked.js';
import drainLeavesPending from './drain-leaves-pending.js';
import parseError from './parse-error.js';
import hostNetwork from './host-network.js';
import duplicateObject from './duplicate-object.js';
import selectorMismatch from './selector-mismatch.js';
import hostPort from './host-port.js';
import hostPid from './host-pid.js';
import hostIpc from './host-ipc.js';
import privileged from './privileged.js';
import missingRequests from './missing-requests.js';
import missingMemoryLimit from './missing-memory-limit.js';
import requestsExceedLimits from './requests-exceed-limits.js';
import missingProbes from './missing-probes.js';
import latestTag from './latest-tag.js';
import schema from './schema.js';
import requestsExceedAllocatable from './requests-exceed-allocatable.js';
import insufficientCapacity from './insufficient-capacity.js';
import hostPortConflict from './host-port-conflict.js';
import untoleratedTaint from './untolerated-taint.js';
import nodeSelectorUnsatisfiable from './node-selector-unsatisfiable.js';
import antiAffinityUnsatisfiable from './anti-affinity-unsatisfiable.js';
import podAffinityUnsatisfiable from './pod-affinity-unsatisfiable.js';
import topologySpreadUnsatisfiable from './topology-spread-unsatisfiable.js';
import nodeNameUnknown from './node-name-unknown.js';
import unschedulableNode from './unschedulable-node.js';
import namespaceMissing from './namespace-missing.js';
import priorityClassUnknown from './priority-class-unknown.js';
import runtimeClassUnknown from './runtime-class-unknown.js';
import runtimeClassConflict from './runtime-class-conflict.js';
import limitRangeViolation from './limit-range-violation.js';
import quotaExceeded from './quota-exceeded.js';
import nodeAllocatableExceedsCapacity from './node-allocatable-exceeds-capacity.js';
import nodeMissingPodsAllocatable from './node-missing-pods-allocatable.js';
import nodeNotReady from './node-not-ready.js';
import nodePodCidrTooSmall from './node-pod-cidr-too-small.js';
import podOnUnknownNode from './pod-on-unknown-node.js';

/** Every rule berth ships, in the order `berth rules` lists them. */
export const RULES: readonly Rule[] = [parseError, schema, duplicateObject, selectorMismatch, hostNetwork,
  hostPort, hostPid, hostIpc, privileged, missingRequests, missingMemoryLimit, requestsExceedLimits, missingProbes, latestTag,
  // Placement rules (need a cluster snapshot).
  requestsExceedAllocatable, insufficientCapacity, hostPortConflict, untoleratedTaint, nodeSelectorUnsatisfiable,
  antiAffinityUnsatisfiable, podAffinityUnsatisfiable, topologySpreadUnsatisfiable, nodeNameUnknown, unschedulableNode,
  // Admission before the scheduler (need a cluster snapshot).
  namespaceMissing, priorityClassUnknown, runtimeClassUnknown, runtimeClassConflict, limitRangeViolation, quotaExceeded,
  // Sanity of the cluster snapshot itself.
  nodeAllocatableExceedsCapacity, nodeMissingPodsAllocatable, nodeNotReady, nodePodCidrTooSmall, podOnUnknownNode,
  // What-if scenarios (--drain, --remove-node).
  drainBlocked, drainLeavesPending] as Rule[];
