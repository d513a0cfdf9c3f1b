import type { HostPort } from '../cluster.js';
import type { FilterPlugin } from '../framework.js';
import { wantedPorts, type PlacedPod, type UsedPort } from '../state.js';

/** pkg/scheduler/framework/plugins/nodeports/node_ports.go */
export const NAME = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

/**
 * `HostPortInfo.CheckConflict` (staging/src/k8s.io/kube-scheduler/framework/types.go): a wanted 0.0.0.0
 * port conflicts with the same protocol/port on any IP; a specific IP conflicts with that IP or 0.0.0.0.
 * Both sides are already sanitised (empty IP = 0.0.0.0, empty protocol = TCP).
 */
export function conflictsWith(wanted: HostPort, used: HostPort): boolean {
  if (wanted.port <= 0 || wanted.port !== used.port || wanted.protocol !== used.protocol) return false;
  return wanted.hostIP === '0.0.0.0' || used.hostIP === '0.0.0.0' || used.hostIP === wanted.hostIP;
}

export function portConflicts(wanted: readonly HostPort[], used: readonly UsedPort[]): { port: HostPort; heldBy: PlacedPod[] }[] {
  const conflicts: { port: HostPort; heldBy: PlacedPod[] }[] = [];
  for (const port of wanted) {
    const heldBy = used.filter((u) => conflictsWith(port, u.port)).map((u) => u.pod);
    if (heldBy.length > 0) conflicts.push({ port, heldBy });
  }
  return conflicts;
}

export const nodePorts: FilterPlugin<HostPort[]> = {
  name: NAME,
  preFilter(cycle) {
    const wanted = wantedPorts(cycle.template, cycle.state.behaviour);
    return wanted.length === 0 ? { kind: 'skip' } : { kind: 'ok', state: wanted };
  },
  filter(_cycle, node, wanted) {
    const conflicts = portConflicts(wanted, node.usedPorts);
    if (conflicts.length === 0) return undefined;
    return { plugin: NAME, code: 'U', reasons: [ERR_REASON], detail: { kind: 'ports', conflicts } };
  },
};
