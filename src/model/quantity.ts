/**
 * Kubernetes resource quantities, parsed as `resource.Quantity` does
 * (k8s.io/apimachinery/pkg/api/resource/quantity.go): a signed decimal number followed by a binary SI
 * suffix (Ki..Ei), a decimal SI suffix (n, u, m, "", k, M, G, T, P, E) or a decimal exponent (e3, E-2).
 * Values are kept exact as fractions so that `0.1` cpu is exactly 100m and rounding happens once, upward,
 * as the scheduler does (`MilliValue()`/`Value()` round up).
 */

export interface Quantity {
  /** value = numerator / denominator, exactly. */
  numerator: bigint;
  denominator: bigint;
}

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** Parses a quantity given as a YAML string or number; returns undefined when the API server would reject it. */
export function parseQuantity(input: unknown): Quantity | undefined {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    text = numberToPlainString(input);
  } else if (typeof input === 'string') {
    text = input.trim();
    if (text !== input) return undefined; // the API server does not trim
  } else {
    return undefined;
  }
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, digits, suffix = ''] = match as unknown as [string, string, string, string | undefined];
  const [whole = '', fraction = ''] = digits.split('.');
  let numerator = BigInt((whole || '0') + fraction);
  let denominator = 10n ** BigInt(fraction.length);
  if (suffix in BINARY) {
    numerator *= BINARY[suffix]!;
  } else {
    const exponent = suffix === '' ? 0 : suffix in DECIMAL_EXPONENT ? DECIMAL_EXPONENT[suffix]! : Number(suffix.slice(1));
    if (Math.abs(exponent) > 1000) return undefined;
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
  }
  if (sign === '-') numerator = -numerator;
  return { numerator, denominator };
}

function numberToPlainString(n: number): string {
  const s = String(n);
  // YAML `1e3` arrives as the number 1000; JS may print large/small numbers with an exponent, which the
  // grammar above accepts as a decimal exponent anyway.
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
