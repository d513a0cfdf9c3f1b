/**
 * Kubernetes resource quantities, parsed as `resource.Quantity` does
 * (k8s.io/apimachinery/pkg/api/resource/quantity.go): a signed decimal number followed by a binary SI
 * suffix (Ki..Ei), a decimal SI suffix (n, u, m, "", k, M, G, T, P, E) or a decimal exponent (e3, E-2).
 * Values are kept exact as fractions so that `0.1` cpu is exactly 100m; the only rounding is ParseQuantity's
 * own (up to whole nano units) and the scheduler's, upward (`MilliValue()`/`Value()` round up).
 */

export interface Quantity {
  /** value = numerator / denominator, exactly. */
  numerator: bigint;
  denominator: bigint;
}

/**
 * parseQuantityString's grammar: optional sign, digits, optional `.digits`, optional suffix. Go's scanner also
 * accepts a mantissa without digits (`-`, `.`, `Ki` are zero); see parseQuantity for when that still fails.
 */
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

const BINARY_EXPONENT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** Exponents beyond this are not resource amounts; refusing them keeps the exact arithmetic small. */
const MAX_DECIMAL_EXPONENT = 1000;
const NANO = 10n ** 9n;
/** BinarySI amounts are capped at the largest int64 (quantity.go `maxAllowed`). */
const MAX_INT64 = (1n << 63n) - 1n;

/**
 * Parses a quantity given as a YAML string or number; returns undefined when the API server would reject it.
 * Mirrors `Quantity.UnmarshalJSON` (which trims surrounding whitespace before `ParseQuantity`) and
 * `ParseQuantity` (k8s.io/apimachinery/pkg/api/resource/quantity.go): non-zero values are rounded up, away
 * from zero, to a multiple of 1n, and binary amounts are capped at 2^63-1.
 */
export function parseQuantity(input: unknown): Quantity | undefined {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    text = numberToPlainString(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return undefined;
  }
  if (text === '') return undefined;
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = match;
  const binary = BINARY_EXPONENT[suffix];
  const exponent = binary !== undefined ? 0 : suffix === '' ? 0 : DECIMAL_EXPONENT[suffix] ?? Number(suffix.slice(1));
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_DECIMAL_EXPONENT) return undefined;
  if (whole === '' && fraction === '' && takesSlowPath(exponent, binary)) return undefined;
  let numerator = BigInt((whole || '0') + fraction);
  let denominator = 10n ** BigInt(fraction.length);
  if (binary !== undefined) numerator <<= BigInt(binary);
  else if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);
  const scaled = numerator * NANO;
  if (scaled % denominator !== 0n) {
    numerator = scaled / denominator + 1n;
    denominator = NANO;
  }
  if (binary !== undefined && numerator > MAX_INT64 * denominator) {
    numerator = MAX_INT64;
    denominator = 1n;
  }
  if (sign === '-') numerator = -numerator;
  return { numerator, denominator };
}

/**
 * A mantissa without digits is zero on ParseQuantity's int64 fast path, but the slow path hands it to
 * inf.Dec, which rejects it. The fast path needs a scale of at least 1n (decimal) or enough int64 headroom
 * for the binary multiplier (`15 - 1 - exponent*3/10 - 1 >= 0`, so not Pi or Ei).
 */
function takesSlowPath(decimalExponent: number, binaryExponent: number | undefined): boolean {
  if (binaryExponent !== undefined) return 15 - 1 - Math.trunc((binaryExponent * 3) / 10) - 1 < 0;
  return decimalExponent < -9;
}

function numberToPlainString(n: number): string {
  const s = String(n);
  // A YAML float such as `1.5e3` arrives as a number; JS prints very large or small numbers with an
  // exponent (`1e+21`, `1e-7`), which the grammar above accepts as a decimal exponent.
  return s.replace('e+', 'e');
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? q + 1n : q;
}

/** Value in thousandths, rounded up (Quantity.MilliValue). */
export function milliValue(q: Quantity): number {
  return Number(ceilDiv(q.numerator * 1000n, q.denominator));
}

/** Value in whole units, rounded up (Quantity.Value). */
export function unitValue(q: Quantity): number {
  return Number(ceilDiv(q.numerator, q.denominator));
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The scheduler's integer view of a resource: cpu in millicores, everything else in whole units (bytes,
 * pods, devices). Mirrors `framework.Resource` in pkg/scheduler/framework/types.go.
 */
export function resourceAmount(resourceName: string, q: Quantity): number {
  return resourceName === 'cpu' ? milliValue(q) : unitValue(q);
}

/** Formats a scheduler amount for people: `1200m`/`2` for cpu, `620Mi` for bytes, plain integers otherwise. */
export function formatAmount(resourceName: string, amount: number): string {
  if (resourceName === 'cpu') return amount % 1000 === 0 ? String(amount / 1000) : `${amount}m`;
  if (resourceName === 'memory' || resourceName === 'ephemeral-storage' || resourceName.startsWith('hugepages-')) {
    for (const [suffix, factor] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
      if (amount !== 0 && amount % factor === 0) return `${amount / factor}${suffix}`;
    }
    if (amount >= 2 ** 20) return `${(amount / 2 ** 20).toFixed(1)}Mi`;
  }
  return String(amount);
}
