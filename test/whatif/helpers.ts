import { checkFiles, type CheckResult } from '../../src/check.js';
import { readCluster } from '../../src/read/cluster.js';
import type { WhatIfOptions } from '../../src/whatif/index.js';
import type { WhatIfReport } from '../../src/whatif/report.js';

export interface NodeSpec {
  name: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
}

/** A `kubectl get nodes,pods -A -o yaml`-like List; `pods` are list items (already indented as `- ...`). */
export function clusterYaml(nodes: readonly NodeSpec[], pods: readonly string[] = []): string {
  const items = nodes.map((n) => {
    const labels = JSON.stringify({ 'kubernetes.io/hostname': n.name, ...(n.labels ?? {}) });
    return `- {apiVersion: v1, kind: Node, metadata: {name: ${n.name}, uid: ${n.name}, labels: ${labels}}, spec: {}, status: {allocatable: {cpu: "${n.cpu ?? '2'}", memory: ${n.memory ?? '4Gi'}, pods: "110"}}}`;
  });
  return `apiVersion: v1\nkind: List\nitems:\n${[...items, ...pods].join('\n')}\n`;
}

/** A running pod of the snapshot: `owner` is `Kind/name` of its controller, or undefined for a bare pod. */
export function snapshotPod(name: string, node: string, cpu: string, labels: Record<string, string>, owner?: string): string {
  const ownerRefs = owner ? `, ownerReferences: [{apiVersion: apps/v1, kind: ${owner.split('/')[0]}, name: ${owner.split('/')[1]}, uid: u-${owner.split('/')[1]}, controller: true}]` : '';
  return `- {apiVersion: v1, kind: Pod, metadata: {name: ${name}, namespace: default, uid: ${name}, labels: ${JSON.stringify(labels)}${ownerRefs}}, spec: {nodeName: ${node}, containers: [{name: c, image: "c:1", resources: {requests: {cpu: ${cpu}}}}]}, status: {phase: Running}}`;
}

export function deployment(name: string, replicas: number, podSpec: string): string {
  const indented = podSpec.trim().split('\n').map((l) => `      ${l}`).join('\n');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n${indented}\n`;
}

export function runScenario(manifests: string, cluster: string, whatIf: WhatIfOptions): { result: CheckResult; whatIf: WhatIfReport } {
  const read = readCluster([{ path: 'cluster.yaml', text: cluster }]);
  if (read.problems.length > 0) throw new Error(read.problems.map((p) => p.message).join('\n'));
  const result = checkFiles([{ path: 'app.yaml', text: manifests }], { cluster: read, whatIf });
  const report = result.placement?.whatIf;
  if (!report) throw new Error(`no what-if report: ${result.findings.map((f) => f.message).join('\n')}`);
  return { result, whatIf: report };
}

export function findingsOf(result: CheckResult, ruleId: string) {
  return result.findings.filter((f) => f.ruleId === ruleId);
}
