import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeRanges } from './stack-machinery.js';

test('mergeRanges sorts, joins touching and overlapping ranges, drops empty ones', () => {
  const r = (start: number, end: number) => ({ start: BigInt(start), end: BigInt(end) });
  assert.deepEqual(mergeRanges([r(30, 40), r(10, 20), r(20, 25), r(5, 5), r(32, 35), r(50, 60)]), [
    r(10, 25),
    r(30, 40),
    r(50, 60),
  ]);
  assert.deepEqual(mergeRanges([]), []);
});
