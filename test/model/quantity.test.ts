import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareQuantities, formatAmount, milliValue, parseQuantity, resourceAmount, unitValue, type Quantity } from '../../src/model/quantity.js';

function parse(input: unknown): Quantity {
  const q = parseQuantity(input);
  assert.ok(q, `${JSON.stringify(input)} should parse`);
  return q;
}

/** The exact value as a fraction string, so tests read as arithmetic. */
function exact(input: unknown): string {
  const q = parse(input);
  return `${q.numerator}/${q.denominator}`;
}

function equal(a: unknown, b: unknown): boolean {
  return compareQuantities(parse(a), parse(b)) === 0;
}

test('the forms the issue lists parse to their exact values', () => {
  const bytes: [unknown, number][] = [
    ['128974848', 128974848],
    [128974848, 128974848],
    ['129e6', 129000000],
    ['129M', 129000000],
    ['123Mi', 128974848],
    ['1Ki', 1024],
    ['1e3', 1000], // YAML 1.1 reads 1e3 as a string, as Kubernetes does
    [1000, 1000],
    ['1.5Gi', 1610612736],
    ['2E', 2e18],
    ['+5', 5],
  ];
  for (const [input, value] of bytes) assert.equal(unitValue(parse(input)), value, String(input));
  assert.equal(milliValue(parse('100m')), 100);
  assert.equal(milliValue(parse('0.5')), 500);
  assert.equal(milliValue(parse(0.5)), 500);
  assert.equal(milliValue(parse('.5')), 500);
  assert.equal(milliValue(parse('1.')), 1000); // quantity.go: "we currently allow 1.G"
  assert.equal(milliValue(parse('250000u')), 250);
  assert.equal(milliValue(parse('5e-1')), 500);
  assert.equal(milliValue(parse(-1)), -1000);
});

test('numbers from YAML keep their value', () => {
  assert.ok(equal(0.1, '100m'));
  assert.ok(equal(1e21, '1e21'));
  assert.ok(equal(1e-7, '100n'));
});

test('MilliValue and Value round up, as the scheduler sees requests', () => {
  assert.equal(milliValue(parse('0.1m')), 1);
  assert.equal(milliValue(parse('1.0001')), 1001);
  assert.equal(unitValue(parse('100m')), 1);
  assert.equal(unitValue(parse('1.5')), 2);
  assert.equal(unitValue(parse('-1.5')), -1); // ceil, as ScaledValue does for negatives
  assert.equal(unitValue(parse('0.5Ki')), 512);
  assert.equal(unitValue(parse('1.0000001Ki')), 1025);
  assert.equal(resourceAmount('cpu', parse('1.5')), 1500);
  assert.equal(resourceAmount('memory', parse('1Gi')), 1073741824);
  assert.equal(resourceAmount('nvidia.com/gpu', parse('2')), 2);
});

test('parsing rounds non-zero values up, away from zero, to whole nano units (ParseQuantity)', () => {
  assert.equal(exact('1n'), '1/1000000000');
  assert.ok(equal('0.5n', '1n'));
  assert.ok(equal('1e-12', '1n'));
  assert.ok(equal('-0.5n', '-1n'));
  assert.ok(equal('1.0000000001', '1000000001n'));
  assert.ok(equal('0', '0n'));
});

test('binary amounts are capped at the largest int64, decimal ones are not', () => {
  assert.ok(equal('8Ei', '9223372036854775807'));
  assert.ok(equal('16Ei', '9223372036854775807'));
  assert.equal(compareQuantities(parse('10E'), parse('9223372036854775807')), 1);
});

test('comparison is exact across notations', () => {
  assert.ok(equal('1', '1000m'));
  assert.ok(equal('1k', '1e3'));
  assert.ok(equal('0.25Gi', '256Mi'));
  assert.equal(compareQuantities(parse('1Gi'), parse('1G')), 1);
  assert.equal(compareQuantities(parse('999m'), parse('1')), -1);
  assert.equal(compareQuantities(parse('1000000001n'), parse('1')), 1);
});

test('invalid quantities are undefined, never a throw or a guess', () => {
  const invalid: unknown[] = [
    '1.5.5', '1Kb', '--1', '1K', '1e', '1 Gi', '1Gb', '', '   ', 'abc', '1.5e3.2', '0x10', '1_000', '∞',
    '1e-2000', // beyond the exponents berth keeps exact
    'e-10', 'Pi', 'Ei', // a mantissa without digits on ParseQuantity's slow path
    true, null, undefined, {}, [], Number.NaN, Number.POSITIVE_INFINITY,
  ];
  for (const input of invalid) assert.equal(parseQuantity(input), undefined, JSON.stringify(input) ?? String(input));
});

test('surrounding whitespace is trimmed, as Quantity.UnmarshalJSON does before ParseQuantity', () => {
  // quantity.go: `ParseQuantity(strings.TrimSpace(string(value)))` ("TODO: Remove support for leading/trailing whitespace")
  assert.ok(equal(' 1', '1'));
  assert.ok(equal('500m\n', '500m'));
});

test('a mantissa without digits is zero where ParseQuantity takes its int64 fast path', () => {
  for (const input of ['-', '+', '.', 'Ki', 'Gi', 'Ti', 'm', 'e3', '-.e-5']) assert.ok(equal(input, '0'), input);
});

test('formatAmount prints scheduler amounts for people', () => {
  assert.equal(formatAmount('cpu', 1500), '1500m');
  assert.equal(formatAmount('cpu', 2000), '2');
  assert.equal(formatAmount('memory', 128974848), '123Mi');
  assert.equal(formatAmount('memory', 2 ** 30), '1Gi');
  assert.equal(formatAmount('pods', 110), '110');
});
