import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { afterBy, sortAll, sortFirst } from './sort.js';
import type { ArrayEntry } from './types.js';

function entries(values: readonly [number, number][]): ArrayEntry<bigint>[] {
  return values.map(([k, v]) => ({ keys: [BigInt(k)], value: BigInt(v) }));
}

const keysOf = (es: readonly ArrayEntry<bigint>[]) => es.map((e) => Number(e.keys[0]));
const byValue = (direction: 1 | -1) => afterBy<bigint>(0, direction, (v) => v);

describe('foreach sorting', () => {
  test('a full sort is stable in both directions', () => {
    const es = entries([
      [1, 5],
      [2, 3],
      [3, 5],
      [4, 3],
    ]);
    assert.deepEqual(keysOf(sortAll([...es], byValue(-1))), [1, 3, 2, 4]);
    assert.deepEqual(keysOf(sortAll([...es], byValue(1))), [2, 4, 1, 3]);
  });

  test('sorting by a key column compares strings bytewise', () => {
    const es: ArrayEntry<bigint>[] = ['b', 'a', 'B', 'é'].map((k) => ({ keys: [k], value: 0n }));
    const sorted = sortAll(
      es,
      afterBy<bigint>(1, 1, (v) => v),
    );
    assert.deepEqual(
      sorted.map((e) => e.keys[0]),
      ['B', 'a', 'b', 'é'],
    );
  });

  test('a limited sort of up to 30 leaves stap’s tie order behind', () => {
    const es = entries([
      [1, 5],
      [2, 9],
      [3, 9],
    ]);
    assert.deepEqual(keysOf(sortFirst([...es], 1, byValue(-1))), [2, 1, 3]);
    assert.deepEqual(keysOf(sortFirst([...es], 0, byValue(-1))), [2, 3, 1]);
    assert.deepEqual(keysOf(sortFirst([...es], 31, byValue(-1))), [2, 3, 1]);
  });

  test('a limited sort puts the right elements first', () => {
    const values: [number, number][] = [];
    for (let i = 0; i < 50; i++) values.push([i, (i * 37) % 101]);
    const top = keysOf(sortFirst(entries(values), 5, byValue(-1))).slice(0, 5);
    const expected = keysOf(sortAll(entries(values), byValue(-1))).slice(0, 5);
    assert.deepEqual(top, expected);
  });

  test('empty and single-element arrays', () => {
    assert.deepEqual(sortFirst([], 3, byValue(1)), []);
    assert.deepEqual(keysOf(sortFirst(entries([[7, 1]]), 3, byValue(1))), [7]);
  });
});
