/**
 * binary64 arithmetic on bit patterns, with the results stap's runtime gets from Berkeley
 * SoftFloat (runtime/softfloat.c) in its default configuration: round to nearest even, NaNs as
 * its specialization makes them. JavaScript numbers are binary64 with the same rounding, so only
 * NaN bit patterns, integer conversion and the two text conversions need care here.
 *
 * NaNs: an operation with a NaN operand returns the first NaN operand if neither is signaling,
 * else the signaling one quieted (bit 51 set); an invalid operation on non-NaNs (0/0, ∞-∞,
 * sqrt(-1)) returns the default NaN 0x7FF8000000000000.
 */

const scratch = new DataView(new ArrayBuffer(8));

/** The binary64 value whose bits are the long `bits`. */
export function fromBits(bits: bigint): number {
  scratch.setBigUint64(0, BigInt.asUintN(64, bits));
  return scratch.getFloat64(0);
}

/** The bits of `value` as a signed long. Never called with NaN (see `nanResult`). */
export function toBits(value: number): bigint {
  scratch.setFloat64(0, value);
  return scratch.getBigInt64(0);
}

export const DEFAULT_NAN = 0x7ff8000000000000n;
const QUIET_BIT = 0x0008000000000000n;
const EXPONENT_MASK = 0x7ff0000000000000n;
const FRACTION_MASK = 0x000fffffffffffffn;

export function isNaNBits(bits: bigint): boolean {
  const u = BigInt.asUintN(64, bits);
  return (u & EXPONENT_MASK) === EXPONENT_MASK && (u & FRACTION_MASK) !== 0n;
}

function isSignalingBits(bits: bigint): boolean {
  const u = BigInt.asUintN(64, bits);
  return (u & 0x7ff8000000000000n) === EXPONENT_MASK && (u & 0x0007ffffffffffffn) !== 0n;
}

/** softfloat_propagateNaNF64UI: at least one of `a`, `b` is a NaN. */
function propagateNaN(a: bigint, b: bigint): bigint {
  const signalingA = isSignalingBits(a);
  if (signalingA || isSignalingBits(b)) return BigInt.asIntN(64, (signalingA ? a : b) | QUIET_BIT);
  return isNaNBits(a) ? a : b;
}

/** The bits of an operation's result: NaN operands propagate, an invalid operation gives the default NaN. */
function nanResult(result: number, a: bigint, b: bigint): bigint {
  if (!Number.isNaN(result)) return toBits(result);
  if (isNaNBits(a) || isNaNBits(b)) return propagateNaN(a, b);
  return DEFAULT_NAN;
}

export function f64Add(a: bigint, b: bigint): bigint {
  return nanResult(fromBits(a) + fromBits(b), a, b);
}

export function f64Sub(a: bigint, b: bigint): bigint {
  return nanResult(fromBits(a) - fromBits(b), a, b);
}

export function f64Mul(a: bigint, b: bigint): bigint {
  return nanResult(fromBits(a) * fromBits(b), a, b);
}

export function f64Div(a: bigint, b: bigint): bigint {
  return nanResult(fromBits(a) / fromBits(b), a, b);
}

export function f64Sqrt(a: bigint): bigint {
  return nanResult(Math.sqrt(fromBits(a)), a, 0n);
}

/** IEEE remainder: `a - n*b` with n the integer nearest `a/b` (ties to even); always exact. */
export function f64Rem(a: bigint, b: bigint): bigint {
  const x = fromBits(a);
  const y = fromBits(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return propagateNaN(a, b);
  if (!Number.isFinite(x) || y === 0) return DEFAULT_NAN;
  if (!Number.isFinite(y) || x === 0) return a;
  const [mx, ex] = decompose(x);
  const [my, ey] = decompose(y);
  const e = Math.min(ex, ey);
  const X = mx << BigInt(ex - e);
  const Y = my << BigInt(ey - e);
  let n = X / Y; // truncated
  const r = X - n * Y;
  const twice = 2n * (r < 0n ? -r : r);
  const absY = Y < 0n ? -Y : Y;
  const sameSign = X < 0n === Y < 0n;
  if (twice > absY || (twice === absY && (n & 1n) !== 0n)) n += sameSign ? 1n : -1n;
  const rem = X - n * Y;
  if (rem === 0n) return toBits(x < 0 ? -0 : 0);
  return toBits(Number(rem) * 2 ** e);
}

/** `value` = mantissa * 2^exponent with an integer mantissa (value finite, non-zero). */
function decompose(value: number): [bigint, number] {
  const bits = BigInt.asUintN(64, toBits(value));
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & FRACTION_MASK;
  if (biased !== 0) mantissa |= 1n << 52n;
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  return [value < 0 ? -mantissa : mantissa, exponent];
}

export function f64Eq(a: bigint, b: bigint): boolean {
  return fromBits(a) === fromBits(b);
}

export function f64Le(a: bigint, b: bigint): boolean {
  return fromBits(a) <= fromBits(b);
}

export function f64Lt(a: bigint, b: bigint): boolean {
  return fromBits(a) < fromBits(b);
}

/** i64_to_f64: the nearest binary64, ties to even. */
export function i64ToF64(value: bigint): bigint {
  return toBits(Number(BigInt.asIntN(64, value)));
}

/** f32_to_f64 of the low 32 bits; a NaN keeps its sign and payload, quieted. */
export function f32ToF64(value: bigint): bigint {
  const bits = Number(BigInt.asUintN(32, value));
  const exponent = (bits >>> 23) & 0xff;
  const fraction = bits & 0x7fffff;
  if (exponent === 0xff && fraction !== 0) {
    const sign = BigInt(bits >>> 31) << 63n;
    return BigInt.asIntN(64, sign | DEFAULT_NAN | (BigInt(fraction) << 29n));
  }
  scratch.setUint32(0, bits);
  return toBits(scratch.getFloat32(0));
}

/** softfloat's rounding modes, as `fp_to_long`'s second argument numbers them. */
export const ROUND_NEAR_EVEN = 0;
export const ROUND_MIN_MAG = 1;
export const ROUND_MIN = 2;
export const ROUND_MAX = 3;
export const ROUND_NEAR_MAX_MAG = 4;

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * f64_to_i64: rounded in `mode` (its low 8 bits); NaN gives 0, a result outside int64
 * saturates. Any other mode truncates: stap's softfloat is built without round-to-odd, so mode 6
 * does too.
 */
export function f64ToI64(bits: bigint, mode: bigint): bigint {
  const value = fromBits(bits);
  if (Number.isNaN(value)) return 0n;
  if (!Number.isFinite(value)) return value < 0 ? INT64_MIN : INT64_MAX;
  const rounded = BigInt(roundToInteger(value, Number(BigInt.asUintN(8, mode))));
  if (rounded > INT64_MAX) return INT64_MAX;
  if (rounded < INT64_MIN) return INT64_MIN;
  return rounded;
}

/** Every binary64 of magnitude 2^52 or more is an integer, and below that these are exact. */
function roundToInteger(value: number, mode: number): number {
  const truncated = Math.trunc(value);
  if (truncated === value) return value;
  const away = truncated + Math.sign(value);
  const fraction = Math.abs(value - truncated);
  switch (mode) {
    case ROUND_NEAR_EVEN:
      return fraction > 0.5 || (fraction === 0.5 && truncated % 2 !== 0) ? away : truncated;
    case ROUND_NEAR_MAX_MAG:
      return fraction >= 0.5 ? away : truncated;
    case ROUND_MIN:
      return Math.floor(value);
    case ROUND_MAX:
      return Math.ceil(value);
    default:
      return truncated;
  }
}

const ONE_E18 = 1e18;

/**
 * f64_to_str: `[-]digits[.fraction][eN]` into a buffer of `capacity` bytes (the result keeps at
 * most capacity-1). Magnitudes of 1e18 and more are divided by ten until below it, and the count
 * becomes the `e` suffix. The fraction has `precision` digits taken one at a time by multiplying
 * by ten and truncating; the last one is rounded up by the digit after it without any carry (a
 * 9 becomes "10"). `Infinity`, `-Infinity` and `NaN` are spelled out.
 */
export function f64ToString(bits: bigint, precision: number, capacity: number): string {
  if (capacity <= 0) return '';
  const max = capacity - 1;
  let out = '';
  const append = (text: string) => {
    if (out.length < max) out += text.slice(0, max - out.length);
  };
  const u = BigInt.asUintN(64, bits);
  const negative = u >> 63n === 1n;
  if ((u & EXPONENT_MASK) === EXPONENT_MASK) {
    append((u & FRACTION_MASK) === 0n ? (negative ? '-Infinity' : 'Infinity') : 'NaN');
    return out;
  }
  if (negative) append('-');
  let value = Math.abs(fromBits(bits));
  let e10 = 0;
  while (ONE_E18 <= value) {
    value /= 10;
    e10++;
  }
  const integer = Math.trunc(value);
  append(BigInt(integer).toString());
  let fraction = value - integer;
  if (precision > 0) {
    append('.');
    for (let i = 0; i < precision - 1 && out.length < max; i++) {
      fraction *= 10;
      const digit = Math.trunc(fraction);
      append(String(digit));
      fraction -= digit;
    }
    fraction *= 10;
    let last = Math.trunc(fraction);
    fraction -= last;
    fraction *= 10;
    if (Math.trunc(fraction) >= 5) last++;
    append(String(last));
  }
  if (e10 !== 0) append(`e${e10}`);
  return out;
}

/**
 * str_to_f64: `[+-]digits[.digits][(e|E)[+-]digits]` accumulated digit by digit in binary64
 * (value = value*10 + d; the power of ten likewise), then `sign * (value / power)`. Anything
 * else in the string makes it invalid: undefined (the tapset raises "invalid format").
 */
export function stringToF64(text: string): bigint | undefined {
  let i = 0;
  const sign = text[i] === '-' ? -1 : 1;
  if (text[i] === '-' || text[i] === '+') i++;
  let value = 0;
  for (; isDigit(text, i); i++) value = value * 10 + digitAt(text, i);
  if (text[i] === '.') i++;
  let power = 1;
  for (; isDigit(text, i); i++) {
    value = value * 10 + digitAt(text, i);
    power *= 10;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    const negativeExponent = text[i] === '-';
    if (text[i] === '-' || text[i] === '+') i++;
    let exponent = 0;
    for (; isDigit(text, i); i++) exponent = exponent * 10 + digitAt(text, i);
    // Counted down one at a time as the runtime does; once the power is 0 or infinite it stays so.
    for (; exponent !== 0 && power !== 0 && Number.isFinite(power); exponent--) {
      power = negativeExponent ? power * 10 : power / 10;
    }
  }
  if (i !== text.length) return undefined;
  const result = sign * (value / power);
  // 0/0 (as in "0e400") is the default NaN, which the tapset reports as an invalid format.
  return Number.isNaN(result) ? undefined : toBits(result);
}

function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

function digitAt(text: string, i: number): number {
  return text.charCodeAt(i) - 0x30;
}
