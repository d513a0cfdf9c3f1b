import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVERYTHING, NOTHING, isEmptySelector, isLabelKey, isLabelValue, matchesRequirement, matchesSelector, parseInt64, parseLabelSelector, type Selector } from '../../src/model/selector.js';

function parse(value: unknown): Selector {
  const selector = parseLabelSelector(value);
  assert.ok(selector, `${JSON.stringify(value)} should parse`);
  return selector;
}

const pod = { app: 'web', tier: 'frontend', track: '' };

test('matchLabels and matchExpressions are ANDed', () => {
  const selector = parse({
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['frontend', 'edge'] },
      { key: 'canary', operator: 'DoesNotExist' },
    ],
  });
  assert.equal(selector.requirements.length, 3);
  assert.equal(matchesSelector(selector, pod), true);
  assert.equal(matchesSelector(selector, { ...pod, canary: 'true' }), false);
  assert.equal(matchesSelector(selector, { ...pod, app: 'api' }), false);
});

test('each operator', () => {
  const cases: [unknown, Record<string, string>, boolean][] = [
    [{ key: 'tier', operator: 'In', values: ['frontend'] }, pod, true],
    [{ key: 'tier', operator: 'In', values: ['backend'] }, pod, false],
    [{ key: 'missing', operator: 'In', values: ['x'] }, pod, false],
    [{ key: 'tier', operator: 'NotIn', values: ['backend'] }, pod, true],
    [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }, pod, false],
    [{ key: 'missing', operator: 'NotIn', values: ['x'] }, pod, true], // NotIn also matches an absent key
    [{ key: 'track', operator: 'Exists' }, pod, true], // an empty value still exists
    [{ key: 'missing', operator: 'Exists' }, pod, false],
    [{ key: 'missing', operator: 'DoesNotExist' }, pod, true],
    [{ key: 'app', operator: 'DoesNotExist' }, pod, false],
  ];
  for (const [expression, labels, expected] of cases) {
    assert.equal(matchesSelector(parse({ matchExpressions: [expression] }), labels), expected, JSON.stringify(expression));
  }
});

test('an empty matchLabels value selects an empty label value only', () => {
  const selector = parse({ matchLabels: { track: '' } });
  assert.equal(matchesSelector(selector, pod), true);
  assert.equal(matchesSelector(selector, { app: 'web' }), false);
});

test('a nil selector matches nothing, an empty one everything', () => {
  assert.equal(parseLabelSelector(null), NOTHING);
  assert.equal(parseLabelSelector(undefined), NOTHING);
  assert.equal(matchesSelector(NOTHING, pod), false);
  const empty = parse({});
  assert.equal(isEmptySelector(empty), true);
  assert.equal(matchesSelector(empty, {}), true);
  assert.equal(matchesSelector(EVERYTHING, pod), true);
  assert.equal(isEmptySelector(parse({ matchLabels: { app: 'web' } })), false);
});

test('invalid selectors are undefined (LabelSelectorAsSelector errors)', () => {
  const invalid: unknown[] = [
    'app=web',
    [{ app: 'web' }],
    { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] },
    { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, // Gt/Lt are node selector operators only
    { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
    { matchExpressions: [{ key: 'app', operator: 'NotIn' }] },
    { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] },
    { matchExpressions: [{ operator: 'Exists' }] },
    { matchLabels: { '-app': 'web' } },
    { matchLabels: { app: 'web server' } },
    { matchLabels: { app: 'x'.repeat(64) } },
    { matchExpressions: [{ key: 'app', operator: 'In', values: ['ok', 'not ok'] }] },
  ];
  for (const value of invalid) assert.equal(parseLabelSelector(value), undefined, JSON.stringify(value));
});

test('label keys: optional DNS subdomain prefix and a 63-character name', () => {
  for (const key of ['app', 'app.kubernetes.io/name', 'example.com/Tier_1', 'a', 'A-b.c_d']) assert.equal(isLabelKey(key), true, key);
  for (const key of ['', '/app', 'example.com/', 'Example.com/app', 'a/b/c', '-app', 'app-', 'x'.repeat(64), `${'a'.repeat(254)}/app`]) {
    assert.equal(isLabelKey(key), false, key);
  }
});

test('label values: empty, or up to 63 alphanumerics with - _ . inside', () => {
  for (const value of ['', 'v1.2.3', 'a_b-c', 'x'.repeat(63)]) assert.equal(isLabelValue(value), true, value);
  for (const value of ['-v1', 'v1-', 'a b', 'a/b', 'x'.repeat(64)]) assert.equal(isLabelValue(value), false, value);
});

test('Gt and Lt requirements (node selectors) compare integers', () => {
  assert.equal(matchesRequirement({ key: 'cores', operator: 'Gt', values: ['4'] }, { cores: '16' }), true);
  assert.equal(matchesRequirement({ key: 'cores', operator: 'Gt', values: ['16'] }, { cores: '16' }), false);
  assert.equal(matchesRequirement({ key: 'cores', operator: 'Lt', values: ['8'] }, { cores: '4' }), true);
  assert.equal(matchesRequirement({ key: 'cores', operator: 'Gt', values: ['4'] }, { cores: 'many' }), false);
  assert.equal(matchesRequirement({ key: 'cores', operator: 'Gt', values: ['4'] }, {}), false);
  assert.equal(parseInt64('-9223372036854775808'), -9223372036854775808n);
  assert.equal(parseInt64('9223372036854775808'), undefined);
  assert.equal(parseInt64('1.5'), undefined);
});
