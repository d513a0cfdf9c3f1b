import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeSelectorTerm } from '../../../src/schedule/cluster.js';
import { clusterState, filterOn, node, pod, verdict } from '../helpers.js';

// Mirrors pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go (TestNodeAffinity).
const NOT_MATCH = ['NodeAffinity', 'UU', ["node(s) didn't match Pod's node affinity/selector"]];
const expr = (key: string, operator: string, values: string[]): NodeSelectorTerm => ({ matchExpressions: [{ key, operator, values }], matchFields: [] });
const field = (operator: string, values: string[]): NodeSelectorTerm => ({ matchExpressions: [], matchFields: [{ key: 'metadata.name', operator, values }] });

const cases: { name: string; labels: Record<string, string>; nodeSelector?: Record<string, string>; required?: NodeSelectorTerm[]; want: unknown }[] = [
  { name: 'no selector, no affinity', labels: {}, want: 'pass' },
  { name: 'nodeSelector matches', labels: { disk: 'ssd' }, nodeSelector: { disk: 'ssd' }, want: 'pass' },
  { name: 'nodeSelector value differs', labels: { disk: 'hdd' }, nodeSelector: { disk: 'ssd' }, want: NOT_MATCH },
  { name: 'nodeSelector key missing', labels: {}, nodeSelector: { disk: 'ssd' }, want: NOT_MATCH },
  { name: 'In matches', labels: { zone: 'a' }, required: [expr('zone', 'In', ['a', 'b'])], want: 'pass' },
  { name: 'NotIn passes when the key is absent', labels: {}, required: [expr('zone', 'NotIn', ['a'])], want: 'pass' },
  { name: 'Gt compares integers', labels: { cores: '8' }, required: [expr('cores', 'Gt', ['4'])], want: 'pass' },
  { name: 'Gt with a non-integer label does not match', labels: { cores: 'eight' }, required: [expr('cores', 'Gt', ['4'])], want: NOT_MATCH },
  { name: 'terms are ORed', labels: { zone: 'b' }, required: [expr('zone', 'In', ['a']), expr('zone', 'In', ['b'])], want: 'pass' },
  { name: 'an empty term matches nothing', labels: { zone: 'a' }, required: [{ matchExpressions: [], matchFields: [] }], want: NOT_MATCH },
  { name: 'nodeSelector AND affinity', labels: { zone: 'a' }, nodeSelector: { disk: 'ssd' }, required: [expr('zone', 'In', ['a'])], want: NOT_MATCH },
  { name: 'matchFields metadata.name In', labels: {}, required: [field('In', ['n1'])], want: 'pass' },
  { name: 'matchFields metadata.name NotIn', labels: {}, required: [field('NotIn', ['n1'])], want: NOT_MATCH },
];

for (const c of cases) {
  test(`NodeAffinity: ${c.name}`, () => {
    const state = clusterState([node('n1', { labels: c.labels })]);
    const incoming = pod('p', { nodeSelector: c.nodeSelector ?? {}, ...(c.required ? { requiredNodeAffinity: c.required } : {}) });
    assert.deepEqual(verdict(filterOn(state, incoming, 'n1')), c.want);
  });
}

test('NodeAffinity PreFilter: metadata.name terms whose names do not intersect conflict (UU)', () => {
  const state = clusterState([node('n1'), node('n2')]);
  const incoming = pod('p', { requiredNodeAffinity: [{ matchExpressions: [], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }, { key: 'metadata.name', operator: 'In', values: ['n2'] }] }] });
  assert.deepEqual(verdict(filterOn(state, incoming, 'n1')), ['NodeAffinity', 'UU', ['pod affinity terms conflict']]);
});
