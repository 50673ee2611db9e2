import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strverscmp } from './strverscmp.js';

// Each expected sign was taken from glibc's strverscmp.
const CASES: readonly (readonly [string, string, number])[] = [
  ['2.6.9', '2.6.10', -1],
  ['2.6.32', '2.6.9', 1],
  ['3.10', '3.10', 0],
  ['3.10.0', '3.10', 1],
  ['6.8.0', '6.8', 1],
  ['1.01', '1.1', -1],
  ['1.001', '1.01', -1],
  ['000', '00', -1],
  ['00', '0', -1],
  ['009', '09', -1],
  ['09', '0', -1],
  ['0', '1', -1],
  ['a', 'b', -1],
  ['abc', 'ab', 1],
  ['1.0a', '1.0b', -1],
  ['5.6', '5.10', -1],
  ['4.19.0-rc3', '4.19.0', 1],
  ['2.6.18-8.el5', '2.6.18', 1],
  ['1.9', '1.10', -1],
  ['1.010', '1.09', -1],
  ['1.0', '1.00', 1],
  ['x10', 'x9', 1],
  ['1a2', '1a10', -1],
  ['', '1', -1],
  ['', '', 0],
];

describe('strverscmp', () => {
  it('orders like glibc', () => {
    for (const [a, b, sign] of CASES) {
      assert.equal(Math.sign(strverscmp(a, b)), sign, `${a} vs ${b}`);
      assert.equal(Math.sign(strverscmp(b, a)), 0 - sign, `${b} vs ${a}`);
    }
  });
});
