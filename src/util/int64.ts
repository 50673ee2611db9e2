/** 64-bit integer helpers: script values are signed 64-bit and wrap like C. */

const TWO_64 = 1n << 64n;

/** Wraps any bigint into the signed 64-bit range (two's complement). */
export function toInt64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

/**
 * Parses an integer literal by C `strtoull(s, 0, 0)` rules: `0x` hex, leading-`0` octal, else decimal.
 * Returns undefined when the text is not entirely a valid number or exceeds 2^64-1.
 */
export function parseIntegerLiteral(text: string): bigint | undefined {
  let digits: string;
  let radix: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) {
    digits = text.slice(2);
    radix = 16;
  } else if (/^0[0-7]*$/.test(text)) {
    digits = text;
    radix = 8;
  } else if (/^[1-9][0-9]*$/.test(text)) {
    digits = text;
    radix = 10;
  } else {
    return undefined;
  }
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : '';
  const value = BigInt(prefix + digits);
  return value < TWO_64 ? value : undefined;
}
