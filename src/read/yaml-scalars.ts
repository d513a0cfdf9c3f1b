/**
 * Scalar rules of yaml (the npm package) with `version: '1.1'`, for the fast reader in yaml-fast.ts: plain
 * scalar resolution (schema/yaml-1.1/*), quoted-scalar folding and escapes (compose/resolve-flow-scalar.js),
 * for text without tabs or CRs. Inputs these functions do not handle throw UNSUPPORTED, and the fast
 * reader hands the file to yaml.
 */

export const UNSUPPORTED = Symbol('unsupported by the fast reader');

function unsupported(): never {
  throw UNSUPPORTED;
}

/** yaml's `unfoldLines`, for text without tabs or CRs. */
export function foldLines(text: string): string {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  let out = lines[0]!.replace(/ +$/, '');
  let sep = ' ';
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i]!.trim();
    if (line === '') {
      if (sep === '\n') out += sep;
      else sep = '\n';
    } else {
      out += sep + line;
      sep = ' ';
    }
  }
  return out + sep + lines[lines.length - 1]!.replace(/^ +/, '');
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

/** yaml's `doubleQuotedValue` for text without tabs or CRs; an invalid escape is left to yaml (an error). */
export function doubleQuoted(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('\n')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\n') {
      let fold = '';
      let next = raw[i + 1];
      while (next === ' ' || next === '\n') {
        if (next === '\n') fold += '\n';
        i++;
        next = raw[i + 1];
      }
      out += fold || ' ';
    } else if (ch === '\\') {
      const next = raw[++i];
      if (next === undefined) unsupported();
      const escaped = ESCAPES[next];
      if (escaped !== undefined) out += escaped;
      else if (next === '\n') {
        while (raw[i + 1] === ' ') i++;
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = raw.substr(i + 1, length);
        if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) unsupported();
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) unsupported();
        out += String.fromCodePoint(code);
        i += length;
      } else unsupported();
    } else if (ch === ' ') {
      const wsStart = i;
      while (raw[i + 1] === ' ') i++;
      if (raw[i + 1] !== '\n') out += raw.slice(wsStart, i + 1);
    } else out += ch;
  }
  return out;
}


/**
 * YAML 1.1 resolution of a plain scalar, as yaml's yaml-1.1 schema does it (and go-yaml, which Kubernetes
 * uses): null, booleans including yes/no/on/off, binary/octal/decimal/hex ints, floats. Sexagesimal numbers,
 * timestamps and `<<` are left to yaml.
 */
export function resolvePlain(text: string): unknown {
  const c = text.charCodeAt(0);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
    // `e5` is a float (NaN) to yaml's 1.1 schema: its float pattern makes the mantissa optional.
    if ((c === 101 || c === 69) && FLOAT_EXP.test(text)) return parseFloat(text.replace(/_/g, ''));
    if (text.length > 5) return text;
    return WORDS.has(text) ? WORDS.get(text) : text;
  }
  if (c === 126 /* ~ */ && text.length === 1) return null;
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 60 /* < */)) return text;
  if (text === '<<') unsupported();
  if (INT_BIN.test(text)) return intValue(text, 2, 2);
  if (INT_OCT.test(text)) return intValue(text, 1, 8);
  if (INT_DEC.test(text)) return intValue(text, 0, 10);
  if (INT_HEX.test(text)) return intValue(text, 2, 16);
  if (FLOAT_NAN.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text.replace(/_/g, ''));
  if (SEXAGESIMAL.test(text)) unsupported();
  if (TIMESTAMP_START.test(text)) return timestamp(text);
  return text;
}

const WORDS = new Map<string, unknown>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w) => [w, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w) => [w, false] as const),
  ...['null', 'Null', 'NULL'].map((w) => [w, null] as const),
]);
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT_DEC = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP_START = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
const TIMESTAMP = new RegExp(
  '^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' +
    '(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' +
    '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$',
);

/**
 * yaml's 1.1 `!!timestamp` (schema/yaml-1.1/timestamp.js): `toJS` keeps it a Date, so berth always has.
 */
function timestamp(text: string): unknown {
  const match = TIMESTAMP.exec(text);
  if (!match) return text;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
  let date = Date.UTC(year!, month! - 1, day!, hour || 0, minute || 0, second || 0, millisec);
  const zone = match[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0];
    const parts = zone.substring(1).split(':').reduce((total, p) => total * 60 + Number(p), 0);
    let d = sign === '-' ? -parts : parts;
    if (Math.abs(d) < 30) d *= 60;
    date -= 60000 * d;
  }
  return new Date(date);
}

/** yaml's intResolve without bigints. */
function intValue(text: string, offset: number, radix: number): number {
  const sign = text[0];
  if (sign === '-' || sign === '+') offset += 1;
  const n = parseInt(text.substring(offset).replace(/_/g, ''), radix);
  return sign === '-' ? -1 * n : n;
}
