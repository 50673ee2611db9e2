import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_NAN,
  f32ToF64,
  f64Add,
  f64Div,
  f64Eq,
  f64Le,
  f64Lt,
  f64Mul,
  f64Rem,
  f64Sqrt,
  f64Sub,
  f64ToI64,
  f64ToString,
  fromBits,
  i64ToF64,
  stringToF64,
  toBits,
} from './softfloat.js';

const fp = (value: number) => toBits(value);
const str = (text: string, precision: number) => {
  const bits = stringToF64(text);
  assert.notEqual(bits, undefined, text);
  return f64ToString(bits as bigint, precision, 512);
};

describe('softfloat arithmetic', () => {
  test('the four operations and sqrt round like binary64', () => {
    assert.equal(fromBits(f64Add(fp(0.1), fp(0.2))), 0.30000000000000004);
    assert.equal(fromBits(f64Sub(fp(1), fp(3))), -2);
    assert.equal(fromBits(f64Mul(fp(1.5), fp(-4))), -6);
    assert.equal(fromBits(f64Div(fp(1), fp(3))), 1 / 3);
    assert.equal(fromBits(f64Sqrt(fp(2))), Math.SQRT2);
  });
  test('invalid operations give the default NaN, NaN operands propagate (quieted)', () => {
    assert.equal(f64Div(fp(0), fp(0)), DEFAULT_NAN);
    assert.equal(f64Sub(fp(Infinity), fp(Infinity)), DEFAULT_NAN);
    assert.equal(f64Sqrt(fp(-1)), DEFAULT_NAN);
    const signaling = 0x7ff0000000000001n;
    const quiet = -0x7ff0000000000001n; // 0x800ffffffffffff, a negative quiet NaN
    assert.equal(f64Add(signaling, fp(1)), 0x7ff8000000000001n);
    assert.equal(f64Mul(fp(1), quiet), quiet);
  });
  test('remainder is IEEE (quotient rounded to even)', () => {
    assert.equal(fromBits(f64Rem(fp(7), fp(2))), -1);
    assert.equal(fromBits(f64Rem(fp(5), fp(2))), 1);
    assert.equal(fromBits(f64Rem(fp(5.5), fp(2))), -0.5);
    assert.equal(fromBits(f64Rem(fp(2 ** 100), fp(3))), 1);
    assert.equal(f64Rem(fp(-4), fp(2)), fp(-0));
    assert.equal(f64Rem(fp(1), fp(0)), DEFAULT_NAN);
    assert.equal(fromBits(f64Rem(fp(3), fp(Infinity))), 3);
  });
  test('comparisons: NaN is unordered, zeros are equal', () => {
    assert.equal(f64Eq(fp(0), fp(-0)), true);
    assert.equal(f64Eq(DEFAULT_NAN, DEFAULT_NAN), false);
    assert.equal(f64Le(fp(1), fp(1)), true);
    assert.equal(f64Lt(fp(1), fp(1)), false);
    assert.equal(f64Lt(DEFAULT_NAN, fp(1)), false);
  });
  test('conversions from integers and binary32', () => {
    assert.equal(fromBits(i64ToF64(-3n)), -3);
    assert.equal(fromBits(i64ToF64((1n << 63n) - 1n)), 2 ** 63);
    assert.equal(fromBits(f32ToF64(0x3fc00000n)), 1.5);
    assert.equal(f32ToF64(0xffc00001n), BigInt.asIntN(64, 0xfff8000020000000n));
  });
});

describe('f64_to_i64 rounding modes', () => {
  const rows: [number, bigint[]][] = [
    // value: near_even, minMag, min, max, near_maxMag, 5 (truncates), odd (built without: truncates)
    [2.5, [2n, 2n, 2n, 3n, 3n, 2n, 2n]],
    [3.5, [4n, 3n, 3n, 4n, 4n, 3n, 3n]],
    [-2.5, [-2n, -2n, -3n, -2n, -3n, -2n, -2n]],
    [-0.3, [0n, 0n, -1n, 0n, 0n, 0n, 0n]],
  ];
  for (const [value, expected] of rows) {
    test(String(value), () => {
      assert.deepEqual(
        expected.map((_, mode) => f64ToI64(fp(value), BigInt(mode))),
        expected,
      );
    });
  }
  test('NaN is 0, out of range saturates', () => {
    assert.equal(f64ToI64(DEFAULT_NAN, 0n), 0n);
    assert.equal(f64ToI64(fp(1e30), 0n), (1n << 63n) - 1n);
    assert.equal(f64ToI64(fp(-Infinity), 0n), -(1n << 63n));
    assert.equal(f64ToI64(fp(-(2 ** 63)), 0n), -(1n << 63n));
  });
});

describe('text conversions', () => {
  test('digits, fraction and the e suffix for 1e18 and more', () => {
    assert.equal(str('0.00001', 8), '0.00001000');
    assert.equal(str('-0.00001', 8), '-0.00001000');
    assert.equal(str('3.14159', 5), '3.14159');
    assert.equal(str('89898298323423423423987293485342893.00000001', 10), '898982983234234624.0000000000e17');
    assert.equal(str('9223372036854775807', 0), '922337203685477760e1');
    assert.equal(str('+12e-1', 1), '1.2');
    assert.equal(str('1.5E2', 0), '150');
  });
  test('the last digit is rounded without carry', () => {
    assert.equal(str('0.96', 1), '0.10');
    assert.equal(str('2.25', 1), '2.3');
  });
  test('specials and a small buffer', () => {
    assert.equal(f64ToString(fp(Infinity), 2, 512), 'Infinity');
    assert.equal(f64ToString(fp(-Infinity), 2, 512), '-Infinity');
    assert.equal(f64ToString(DEFAULT_NAN, 2, 512), 'NaN');
    assert.equal(f64ToString(fp(-0), 1, 512), '-0.0');
    assert.equal(f64ToString(fp(123.456), 3, 5), '123.');
  });
  test('invalid strings', () => {
    assert.equal(stringToF64('1.2.3'), undefined);
    assert.equal(stringToF64('abc'), undefined);
    assert.equal(stringToF64('0e400'), undefined);
    assert.equal(fromBits(stringToF64('1e400') as bigint), Infinity);
    assert.equal(fromBits(stringToF64('') as bigint), 0);
  });
});
