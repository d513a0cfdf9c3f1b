import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitDocuments, substituteFor, updateLastGood } from '../../src/lsp/last-good.js';

test('splitDocuments: separators start the next document', () => {
  const chunks = splitDocuments('a: 1\n---\nb: 2\n--- # c\nc: 3\n');
  assert.deepEqual(chunks.map((c) => [c.startLine, c.endLine]), [[1, 1], [2, 3], [4, 6]]);
});

test('substituteFor: the broken document\'s last good version, with lines mapped around the edit', () => {
  const good = 'kind: A\n---\nkind: B\nx: 1\ny: 2\n';
  const lastGood = updateLastGood(undefined, good, []);
  // Two lines typed into document 2 (lines 4-5 now), which no longer parses.
  const now = 'kind: A\n---\nkind: B\nx: [\nz\nx: 1\ny: 2\n';
  const substitute = substituteFor(lastGood, now, [5])!;
  assert.equal(substitute.text, '---\nkind: B\nx: 1\ny: 2\n');
  // Substitute line 2 (`kind: B`) is buffer line 3; line 4 (`y: 2`) moved down to 7.
  assert.deepEqual([1, 2, 3, 4].map((line) => substitute.mapLine(line)), [2, 3, 6, 7]);
  assert.equal(substituteFor(lastGood, now + '---\nkind: C\n', [5]), undefined, 'a new document: old and new cannot be paired');
});

test('updateLastGood: keeps the old version of a document while it is broken', () => {
  const first = updateLastGood(undefined, 'a: 1\n---\nb: 2\n', [])!;
  const second = updateLastGood(first, 'a: 9\n---\nb: [\n', [3])!;
  assert.deepEqual(second.chunks.map((c) => c.lines.join('|')), ['a: 9', '---|b: 2|']);
});
