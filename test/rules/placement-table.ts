import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule } from '../../src/rules/rule.js';
import { readCluster } from '../../src/read/cluster.js';
import { parseKubeVersion } from '../../src/model/kube-version.js';
import { lintYaml, yaml } from '../helpers/lint.js';
import type { Expected } from './table.js';

/**
 * Tables for the placement rules: manifests + a small cluster snapshot (inline YAML) → the rule's findings,
 * message in full with exact line/column. Every case is also checked without the snapshot: placement rules
 * never fire then.
 */
export interface PlacementCase {
  name: string;
  manifests: string;
  cluster?: string;
  kubeVersion?: string;
}

export interface InvalidPlacementCase extends PlacementCase {
  errors: Expected[];
}

/** A master tainted like kubeadm's, two 2-CPU/4-GiB workers in two zones. */
export const THREE_NODES = yaml`
  apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Node
    metadata:
      name: master
      uid: 0b6f0c1e-0000-4000-8000-000000000001
      labels: {kubernetes.io/hostname: master, node-role.kubernetes.io/control-plane: "", topology.kubernetes.io/zone: zone-a}
    spec:
      taints:
      - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
  - apiVersion: v1
    kind: Node
    metadata:
      name: worker1
      uid: 0b6f0c1e-0000-4000-8000-000000000002
      labels: {kubernetes.io/hostname: worker1, topology.kubernetes.io/zone: zone-b}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
  - apiVersion: v1
    kind: Node
    metadata:
      name: worker2
      uid: 0b6f0c1e-0000-4000-8000-000000000003
      labels: {kubernetes.io/hostname: worker2, topology.kubernetes.io/zone: zone-c}
    status:
      allocatable: {cpu: "2", memory: 4Gi, pods: "110"}
`;

export function findings(rule: Rule, c: PlacementCase, withCluster = true) {
  const kubeVersion = parseKubeVersion(c.kubeVersion ?? '1.36')!;
  const cluster = readCluster([{ path: 'cluster.yaml', text: c.cluster ?? THREE_NODES }], { kubeVersion });
  assert.deepEqual(cluster.problems, [], 'the cluster fixture reads cleanly');
  const result = lintYaml(c.manifests, { rules: [rule], ...(withCluster ? { cluster } : {}), ...(c.kubeVersion ? { kubeVersion: c.kubeVersion } : {}) });
  return result.findings.map((f) => ({ ruleId: f.ruleId, line: f.location.line, column: f.location.column, message: f.message }));
}

export function placementTable(rule: Rule, cases: { valid: PlacementCase[]; invalid: InvalidPlacementCase[] }): void {
  for (const c of cases.valid) {
    test(`${rule.id} valid: ${c.name}`, () => assert.deepEqual(findings(rule, c), []));
  }
  for (const c of cases.invalid) {
    test(`${rule.id} invalid: ${c.name}`, () => {
      assert.deepEqual(findings(rule, c), c.errors.map((e) => ({ ruleId: rule.id, line: e.line, column: e.column, message: e.message })));
    });
    test(`${rule.id} without a cluster snapshot: ${c.name}`, () => assert.deepEqual(findings(rule, c, false), []));
  }
}
