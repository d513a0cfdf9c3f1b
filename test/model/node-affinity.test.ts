import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matchesSelector, parseLabelSelector } from '../../src/model/selector.js';
import {
  matchesNodeSelectorTerms, matchesRequiredNodeAffinity, nodeNamesFromAffinity, parseNodeSelectorTerms,
  parsePreferredTerms, preferredNodeAffinityScore, termParseError,
} from '../../src/model/node-affinity.js';

const node = {
  name: 'worker-1',
  labels: { 'kubernetes.io/hostname': 'worker-1', 'topology.kubernetes.io/zone': 'eu-west-1a', 'gpu-count': '4', disk: 'ssd', empty: '' },
};

const terms = (value: unknown) => parseNodeSelectorTerms(value, ['nodeSelectorTerms']);
const expr = (key: string, operator: string, values?: unknown[]) => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });

// Section 7, in the spirit of TestNodeSelectorMatch (component-helpers nodeaffinity_test.go).
const TABLE: [string, unknown, boolean][] = [
  ['In with the node value', [expr('disk', 'In', ['hdd', 'ssd'])], true],
  ['In without the value', [expr('disk', 'In', ['hdd'])], false],
  ['In with a missing key', [expr('missing', 'In', ['x'])], false],
  ['NotIn with a missing key matches', [expr('missing', 'NotIn', ['x'])], true],
  ['NotIn with the node value', [expr('disk', 'NotIn', ['ssd'])], false],
  ['Exists', [expr('empty', 'Exists')], true],
  ['DoesNotExist', [expr('disk', 'DoesNotExist')], false],
  ['Gt compares int64', [expr('gpu-count', 'Gt', ['3'])], true],
  ['Gt not greater', [expr('gpu-count', 'Gt', ['4'])], false],
  ['Lt compares int64', [expr('gpu-count', 'Lt', ['10'])], true],
  ['Gt on a non-integer label never matches', [expr('disk', 'Gt', ['1'])], false],
  ['Gt with a non-integer value is a parse error', [expr('gpu-count', 'Gt', ['three'])], false],
  ['Gt with two values is a parse error', [expr('gpu-count', 'Gt', ['1', '2'])], false],
  ['In without values is a parse error', [expr('disk', 'In', [])], false],
  ['Exists with values is a parse error', [expr('disk', 'Exists', ['ssd'])], false],
  ['unknown operator is a parse error', [expr('disk', 'Equals', ['ssd'])], false],
  ['invalid label value is a parse error', [expr('disk', 'NotIn', ['not a label value'])], false],
  ['expressions inside a term are ANDed', [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }, { key: 'gpu-count', operator: 'Lt', values: ['2'] }] }], false],
  ['terms are ORed', [expr('disk', 'In', ['hdd']), expr('disk', 'In', ['ssd'])], true],
  ['an empty term matches nothing', [{}], false],
  ['an empty term does not stop a later one', [{}, expr('disk', 'Exists')], true],
  ['a parse error only fails its own term', [expr('disk', 'Bogus'), expr('disk', 'Exists')], true],
  ['no terms match nothing', [], false],
  ['matchFields metadata.name In', [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1'] }] }], true],
  ['matchFields metadata.name NotIn', [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['worker-1'] }] }], false],
  ['matchFields In with two values is a parse error', [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1', 'worker-2'] }] }], false],
  ['matchFields Exists is a parse error', [{ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }], false],
  ['matchFields and matchExpressions are ANDed', [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1'] }], ...expr('disk', 'In', ['hdd']) }], false],
];

for (const [name, value, expected] of TABLE) {
  test(`required node affinity: ${name}`, () => assert.equal(matchesNodeSelectorTerms(terms(value), node), expected));
}

test('parse errors are explained', () => {
  assert.equal(termParseError(terms([expr('gpu-count', 'Gt', ['three'])])[0]!), 'the value of Gt/Lt must be an integer');
  assert.equal(termParseError(terms([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a', 'b'] }] }])[0]!), 'matchFields values must have one element');
  assert.equal(termParseError(terms([expr('disk', 'In', ['ssd'])])[0]!), undefined);
});

test('nodeSelector AND required affinity; absent affinity is no constraint, empty terms match nothing', () => {
  assert.equal(matchesRequiredNodeAffinity({ nodeSelector: {} }, node), true);
  assert.equal(matchesRequiredNodeAffinity({ nodeSelector: { disk: 'ssd' } }, node), true);
  assert.equal(matchesRequiredNodeAffinity({ nodeSelector: { disk: 'hdd' } }, node), false);
  assert.equal(matchesRequiredNodeAffinity({ nodeSelector: { 'missing': '' } }, node), false);
  assert.equal(matchesRequiredNodeAffinity({ nodeSelector: { empty: '' } }, node), true);
  assert.equal(matchesRequiredNodeAffinity({ nodeSelector: { disk: 'ssd' }, requiredNodeAffinity: terms([expr('disk', 'In', ['hdd'])]) }, node), false);
  assert.equal(matchesRequiredNodeAffinity({ nodeSelector: {}, requiredNodeAffinity: [] }, node), false);
});

test('preferred terms: weights of matching terms add up; weight 0 and empty terms are dropped', () => {
  const preferred = parsePreferredTerms([
    { weight: 10, preference: expr('disk', 'In', ['ssd']) },
    { weight: 5, preference: expr('topology.kubernetes.io/zone', 'In', ['eu-west-1a']) },
    { weight: 7, preference: expr('disk', 'In', ['hdd']) },
    { weight: 0, preference: expr('disk', 'Exists') },
    { weight: 3, preference: {} },
  ], ['preferred']);
  assert.equal(preferred.length, 3);
  assert.deepEqual(preferred[1]!.term.path, ['preferred', 1, 'preference']);
  assert.equal(preferredNodeAffinityScore(preferred, node), 15);
});

test('PreFilter node subset from matchFields metadata.name In (section 4)', () => {
  const names = (value: unknown) => {
    const set = nodeNamesFromAffinity(terms(value));
    return set === undefined ? undefined : [...set].sort();
  };
  assert.equal(nodeNamesFromAffinity(undefined), undefined);
  const pin = (...values: string[]) => ({ matchFields: [{ key: 'metadata.name', operator: 'In', values }] });
  assert.deepEqual(names([pin('b'), pin('a')]), ['a', 'b']);
  // A term without a name requirement makes every node eligible.
  assert.equal(names([pin('a'), expr('disk', 'Exists')]), undefined);
  // Requirements inside one term intersect; an empty result is the `pod affinity terms conflict` case.
  assert.deepEqual(names([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a', 'b'] }, { key: 'metadata.name', operator: 'In', values: ['b'] }] }]), ['b']);
  assert.deepEqual(names([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }, { key: 'metadata.name', operator: 'In', values: ['b'] }] }]), []);
});

test('property: label requirements match exactly as label selectors do (apimachinery shares the operators)', () => {
  const keys = ['zone', 'disk', 'example.com/tier'];
  const values = ['a', 'b', 'c'];
  const labelsArb = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 3 });
  const requirementArb = fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1 }) }),
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('Exists', 'DoesNotExist'), values: fc.constant([] as string[]) }),
  );
  fc.assert(fc.property(labelsArb, fc.array(requirementArb, { minLength: 1, maxLength: 4 }), (labels, requirements) => {
    const viaNodeAffinity = matchesNodeSelectorTerms(terms([{ matchExpressions: requirements }]), { name: 'n', labels });
    const selector = parseLabelSelector({ matchExpressions: requirements });
    assert.ok(selector);
    assert.equal(viaNodeAffinity, matchesSelector(selector, labels));
  }));
});
