import { erase, type FilterPlugin } from '../framework.js';
import { interPodAffinity } from './inter-pod-affinity.js';
import { nodeAffinity } from './node-affinity.js';
import { nodeName } from './node-name.js';
import { nodePorts } from './node-ports.js';
import { nodeResourcesFit } from './node-resources-fit.js';
import { nodeUnschedulable } from './node-unschedulable.js';
import { podTopologySpread } from './pod-topology-spread.js';
import { taintToleration } from './taint-toleration.js';

/**
 * The default profile's filters in profile order (pkg/scheduler/apis/config/v1/default_plugins.go). The
 * volume filters, DynamicResources and NodeDeclaredFeatures are not modelled: berth has no PVC/PV,
 * ResourceClaim or declared-feature data, and they pass every pod without those.
 */
export const FILTERS: readonly FilterPlugin<unknown>[] = [
  erase(nodeUnschedulable),
  erase(nodeName),
  erase(taintToleration),
  erase(nodeAffinity),
  erase(nodePorts),
  erase(nodeResourcesFit),
  erase(podTopologySpread),
  erase(interPodAffinity),
];
