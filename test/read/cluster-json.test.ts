import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCluster } from '../../src/read/cluster.js';
import { readManifests } from '../../src/read/manifests.js';
import { parseKubeVersion } from '../../src/model/kube-version.js';

/**
 * Cluster snapshots in JSON (`kubectl get nodes,pods -A -o json`) are read with JSON.parse; positions come
 * from the YAML reader only when something points into the file. Results must be those of the YAML reader.
 */

const SNAPSHOT = `{
    "apiVersion": "v1",
    "items": [
        {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {
                "labels": {
                    "kubernetes.io/hostname": "worker-1",
                    "topology.kubernetes.io/zone": "eu-west-1a"
                },
                "name": "worker-1",
                "uid": "0d5cbe0e-6b5e-4a4f-8f6a-1b2c3d4e5f60"
            },
            "spec": {},
            "status": {
                "allocatable": {
                    "cpu": "3920m",
                    "memory": "15214324Ki",
                    "pods": "58"
                },
                "nodeInfo": {
                    "kubeletVersion": "v1.36.1"
                }
            }
        },
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": "kube-proxy-7xk2p",
                "namespace": "kube-system",
                "uid": "4b1f0c1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f"
            },
            "spec": {
                "nodeName": "worker-1",
                "containers": [
                    {
                        "name": "kube-proxy",
                        "image": "registry.k8s.io/kube-proxy:v1.36.1",
                        "resources": { "requests": { "cpu": "100m" } }
                    }
                ]
            },
            "status": { "phase": "Running" }
        }
    ],
    "kind": "List",
    "metadata": { "resourceVersion": "" }
}
`;

test('a JSON snapshot reads as the YAML reader reads it, warnings at the same line and column', () => {
  const kubeVersion = parseKubeVersion('1.35')!;
  const asJson = readCluster([{ path: 'cluster.json', text: SNAPSHOT }], { kubeVersion });
  // The same text under a .yaml name takes the YAML reader (JSON is YAML).
  const asYaml = readCluster([{ path: 'cluster.yaml', text: SNAPSHOT }], { kubeVersion });
  assert.deepEqual(asJson.problems, []);
  assert.deepEqual(asJson.snapshot.nodes.map((n) => [n.name, n.allocatable, n.labels]), asYaml.snapshot.nodes.map((n) => [n.name, n.allocatable, n.labels]));
  assert.deepEqual(asJson.snapshot.pods.map((p) => [p.name, p.nodeName, p.template.requests]), [['kube-proxy-7xk2p', 'worker-1', { cpu: 100 }]]);
  // The kubelet is newer than the target version: the warning points at the kubeletVersion value, line 23.
  assert.equal(asJson.warnings.length, 1);
  assert.deepEqual(
    { file: asJson.warnings[0]!.location.file, line: asJson.warnings[0]!.location.line, column: asJson.warnings[0]!.location.column },
    { file: 'cluster.json', line: 23, column: 39 },
  );
  assert.deepEqual(asJson.warnings.map((w) => ({ ...w.location, file: 'x' })), asYaml.warnings.map((w) => ({ ...w.location, file: 'x' })));
  assert.match(asJson.warnings[0]!.message, /runs kubelet v1\.36\.1, newer than the target Kubernetes 1\.35/);
});

test('a .json snapshot JSON.parse refuses goes to the YAML reader, which reports where it breaks', () => {
  const broken = SNAPSHOT.replace('"pods": "58"', '"pods": "58",,');
  const read = readCluster([{ path: 'cluster.json', text: broken }]);
  assert.equal(read.snapshot.nodes.length, 0);
  assert.equal(read.problems.length > 0, true);
  assert.equal(read.problems[0]!.location.file, 'cluster.json');
  assert.equal(read.problems[0]!.location.line, 20);
});

test('manifests keep the YAML reader for .json files (duplicate keys stay a problem there)', () => {
  const text = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "name": "b"}}\n';
  const manifests = readManifests([{ path: 'cm.json', text }]);
  assert.equal(manifests.problems.length, 1);
  assert.match(manifests.problems[0]!.message, /[Dd]uplicate|unique/);
  // A snapshot is machine-written: JSON.parse keeps the last key, as Go's encoding/json does.
  const snapshot = readManifests([{ path: 'cm.json', text }], 0, { machineJson: true });
  assert.deepEqual(snapshot.problems, []);
  assert.equal(snapshot.objects[0]!.ref.name, 'b');
});
