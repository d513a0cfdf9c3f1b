import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCluster } from '../../src/read/cluster.js';
import { readManifests } from '../../src/read/manifests.js';
import { toWorkload, type Workload } from '../../src/model/workload.js';
import { simulate } from '../../src/schedule/index.js';
import { headroom } from '../../src/whatif/headroom.js';
import { buildState, residentPods } from '../../src/whatif/world.js';
import { clusterYaml, deployment, snapshotPod } from './helpers.js';

const mixedCluster = clusterYaml(
  [
    { name: 'small', cpu: '1', memory: '2Gi' },
    { name: 'medium', cpu: '4', memory: '8Gi' },
    { name: 'large', cpu: '16', memory: '8Gi' },
    { name: 'busy', cpu: '4', memory: '16Gi' },
  ],
  [snapshotPod('db-0', 'busy', '3500m', { app: 'db' }, 'StatefulSet/db')],
);

function bothWays(manifest: string) {
  const cluster = readCluster([{ path: 'cluster.yaml', text: mixedCluster }]);
  const objects = readManifests([{ path: 'app.yaml', text: manifest }]).objects;
  const workloads = objects.map(toWorkload).filter((w): w is Workload => w !== undefined);
  const simulation = simulate(workloads, cluster.snapshot, { objects });
  const context = { snapshot: cluster.snapshot, simulation, objects };
  const state = buildState(cluster.snapshot.nodes, residentPods(context), context);
  const strip = ({ workload: _workload, ...rest }: ReturnType<typeof headroom>) => rest;
  return { nodeByNode: strip(headroom(state, simulation.workloads[0]!)), exhaustive: strip(headroom(state, simulation.workloads[0]!, { exhaustive: true })) };
}

test('filling node by node gives what one scheduling attempt per replica gives: cpu and memory bound', () => {
  const { nodeByNode, exhaustive } = bothWays(deployment('api', 2, 'containers: [{name: api, image: "api:1", resources: {requests: {cpu: 700m, memory: 1Gi}}}]'));
  assert.deepEqual(nodeByNode, exhaustive);
  // small: 1 (1 cpu), medium: 5 (cpu), large: 8 (memory), busy: 0 (500m left); minus the 2 replicas already placed.
  assert.equal(nodeByNode.fits, 1 + 5 + 8 - 2);
  assert.match(nodeByNode.stoppedBy!, /^0\/4 nodes are available: 1 Insufficient memory, 3 Insufficient cpu\./);
});

test('filling node by node gives what one scheduling attempt per replica gives: a hostPort', () => {
  const { nodeByNode, exhaustive } = bothWays(deployment('edge', 1, 'containers: [{name: e, image: "e:1", ports: [{containerPort: 80, hostPort: 80}], resources: {requests: {cpu: 100m}}}]'));
  assert.deepEqual(nodeByNode, exhaustive);
  assert.equal(nodeByNode.fits, 3);
  assert.match(nodeByNode.stoppedBy!, /^0\/4 nodes are available: 4 node\(s\) didn't have free ports for the requested pod ports\./);
});
