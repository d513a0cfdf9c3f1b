import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostPort } from '../../../src/schedule/cluster.js';
import { clusterState, filterOn, node, pod, verdict } from '../helpers.js';

// Mirrors pkg/scheduler/framework/plugins/nodeports/node_ports_test.go (TestNodePorts).
const CONFLICT = ['NodePorts', 'U', ["node(s) didn't have free ports for the requested pod ports"]];
const port = (hostIP: string, protocol: string, p: number): HostPort => ({ hostIP, protocol, port: p });

const cases: { name: string; used: HostPort[]; wanted: HostPort[]; want: unknown }[] = [
  { name: 'nothing wanted', used: [port('', 'TCP', 8080)], wanted: [], want: 'pass' },
  { name: 'other port', used: [port('', 'TCP', 8080)], wanted: [port('', 'TCP', 9090)], want: 'pass' },
  { name: 'same port, same protocol', used: [port('', 'TCP', 8080)], wanted: [port('', 'TCP', 8080)], want: CONFLICT },
  { name: 'empty protocol means TCP', used: [port('', '', 8080)], wanted: [port('', 'TCP', 8080)], want: CONFLICT },
  { name: 'UDP and TCP do not conflict', used: [port('', 'UDP', 8080)], wanted: [port('', 'TCP', 8080)], want: 'pass' },
  { name: 'different specific IPs do not conflict', used: [port('127.0.0.1', 'TCP', 8080)], wanted: [port('127.0.0.2', 'TCP', 8080)], want: 'pass' },
  { name: 'same specific IP conflicts', used: [port('127.0.0.1', 'TCP', 8080)], wanted: [port('127.0.0.1', 'TCP', 8080)], want: CONFLICT },
  { name: 'wanted 0.0.0.0 conflicts with any IP', used: [port('127.0.0.1', 'TCP', 8080)], wanted: [port('0.0.0.0', 'TCP', 8080)], want: CONFLICT },
  { name: 'used 0.0.0.0 conflicts with a specific IP', used: [port('0.0.0.0', 'TCP', 8080)], wanted: [port('10.0.0.1', 'TCP', 8080)], want: CONFLICT },
  { name: 'SCTP vs SCTP conflicts', used: [port('', 'SCTP', 3868)], wanted: [port('', 'SCTP', 3868)], want: CONFLICT },
];

for (const c of cases) {
  test(`NodePorts: ${c.name}`, () => {
    const state = clusterState([node('n1')], [pod('holder', { hostPorts: c.used }, 'n1')]);
    assert.deepEqual(verdict(filterOn(state, pod('p', { hostPorts: c.wanted }), 'n1')), c.want);
  });
}

test('NodePorts: the status says which port and which pod holds it', () => {
  const state = clusterState([node('n1')], [pod('holder', { hostPorts: [port('', 'TCP', 8080)] }, 'n1')]);
  const status = filterOn(state, pod('p', { hostPorts: [port('', 'TCP', 8080)] }), 'n1');
  assert.ok(status !== 'pass' && status.detail?.kind === 'ports');
  assert.deepEqual(status.detail.conflicts.map((c) => [c.port.port, c.heldBy.map((h) => h.pod.name)]), [[8080, ['holder']]]);
});

test('NodePorts: sidecar host ports count from 1.34 only', () => {
  const sidecar: HostPort = { hostIP: '', protocol: 'TCP', port: 8080, path: ['spec', 'initContainers', 0, 'ports', 0, 'hostPort'] };
  const holder = pod('holder', { hostPorts: [sidecar] }, 'n1');
  const incoming = pod('p', { hostPorts: [port('', 'TCP', 8080)] });
  assert.deepEqual(verdict(filterOn(clusterState([node('n1')], [holder], '1.33'), incoming, 'n1')), 'pass');
  assert.deepEqual(verdict(filterOn(clusterState([node('n1')], [holder], '1.34'), incoming, 'n1')), CONFLICT);
});
