import { test } from 'node:test';
import assert from 'node:assert/strict';
import { best, newRanking, rebuild, remove, top, update } from '../../src/schedule/node-ranking.js';
import { clusterState, node } from './helpers.js';

// Nodes named so that snapshot order and name order differ: the tie-break is by name.
const names = ['n5', 'n1', 'n4', 'n2', 'n3', 'n0'];

function ranking(bases: number[], keys: string[]) {
  const state = clusterState(names.map((n) => node(n)));
  const r = newRanking(state, new Float64Array(names.length));
  bases.forEach((b, i) => (r.base[i] = b));
  rebuild(r, state.nodes, (n) => keys[n.index]!);
  return { r, name: (i: number) => names[i]! };
}

test('ranking: best total across groups, ties counted and named in name order, top k merged', () => {
  const { r, name } = ranking([10, 30, 30, 20, 30, 5], ['a', 'a', 'b', 'b', 'a', 'b']);
  r.groups.get('a')!.bonus = 0;
  r.groups.get('b')!.bonus = 0;
  const tied = best(r, 2);
  assert.equal(tied.total, 30);
  assert.equal(tied.count, 3);
  assert.deepEqual(tied.first.map(name), ['n1', 'n3']);
  assert.deepEqual(top(r, 4).map(name), ['n1', 'n3', 'n4', 'n2']);
  // A group's bonus lifts every member; a closed group is left out.
  r.groups.get('b')!.bonus = 15;
  assert.deepEqual(top(r, 3).map(name), ['n4', 'n2', 'n1']);
  r.groups.get('b')!.closed = true;
  assert.deepEqual(best(r, 10), { total: 30, count: 2, first: [1, 4] });
});

test('ranking: a node moves when its base or group changes and leaves when removed', () => {
  const { r, name } = ranking([10, 30, 30, 20, 30, 5], ['a', 'a', 'b', 'b', 'a', 'b']);
  update(r, 5, 40, 'a');
  assert.deepEqual(top(r, 2).map(name), ['n0', 'n1']);
  remove(r, 5);
  remove(r, 1);
  assert.deepEqual(best(r, 5).first.map(name), ['n3', 'n4']);
  update(r, 0, 50, 'c');
  assert.deepEqual(top(r, 1).map(name), ['n5']);
  assert.equal(r.size, 4);
});
