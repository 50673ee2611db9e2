/**
 * `foreach` sorting exactly as stap's runtime does it (runtime/map.c): `_stp_map_sort` is a
 * stable merge sort, and `_stp_map_sortn` (used for `limit N` with 0 < N <= 30) bubble-sorts the
 * first N elements and then insertion-sorts the rest into them. The two give different orders
 * among ties, so both are reproduced; sortn is simulated on a circular doubly-linked list with
 * the same pointer moves as the C code.
 */
import { div64, type StatData } from '../format/stats.js';
import type { ArrayEntry, Key } from './types.js';

/** stap's `_stp_cmp`: does `a` belong after `b`? */
export type AfterFn<V> = (a: ArrayEntry<V>, b: ArrayEntry<V>) => boolean;

/** Statistics arrays sort by one aggregate of their value (`A @sum-`); `@count` by default. */
export type StatSortKind = 'count' | 'sum' | 'min' | 'max' | 'avg';

function compareKeys(a: Key, b: Key): number {
  // Strings hold bytes as char codes 0–255, so JS comparison is strcmp's unsigned comparison.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function statSortValue(sd: StatData, kind: StatSortKind): bigint {
  switch (kind) {
    case 'count':
      return sd.count;
    case 'sum':
      return sd.sum;
    case 'min':
      return sd.min;
    case 'max':
      return sd.max;
    case 'avg':
      return div64(sd.sum, sd.count);
  }
}

/**
 * The comparator of a sort on `column` (0: the value, k: key column k) in `direction` (1 for
 * ascending `+`, -1 for descending `-`).
 */
export function afterBy<V>(column: number, direction: 1 | -1, valueKey: (v: V) => Key): AfterFn<V> {
  const key =
    column === 0 ? (e: ArrayEntry<V>) => valueKey(e.value) : (e: ArrayEntry<V>) => e.keys[column - 1]!;
  return direction > 0
    ? (a, b) => compareKeys(key(a), key(b)) > 0
    : (a, b) => compareKeys(key(a), key(b)) < 0;
}

/** `_stp_map_sort`: a stable sort (the merge sort's result is the unique stable order). */
export function sortAll<V>(entries: ArrayEntry<V>[], after: AfterFn<V>): ArrayEntry<V>[] {
  return entries.sort((a, b) => (after(a, b) ? 1 : after(b, a) ? -1 : 0));
}

/**
 * `_stp_map_sortn(map, n, ...)`: for n == 0 or n > 30 a full sort, else the partial sort that
 * guarantees only the first n elements (in stap's exact tie order).
 */
export function sortFirst<V>(entries: ArrayEntry<V>[], n: number, after: AfterFn<V>): ArrayEntry<V>[] {
  if (n === 0 || n > 30) return sortAll(entries, after);
  const count = entries.length;
  if (count === 0) return entries;
  const head = count;
  const next = new Int32Array(count + 1);
  const prev = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) {
    next[i] = i + 1;
    prev[i] = i === 0 ? head : i - 1;
  }
  next[head] = 0;
  prev[head] = count - 1;
  const unlink = (a: number) => {
    next[prev[a]!] = next[a]!;
    prev[next[a]!] = prev[a]!;
  };
  // mlist_add(a, b): insert a right after b.
  const linkAfter = (a: number, b: number) => {
    const n2 = next[b]!;
    next[a] = n2;
    prev[a] = b;
    prev[n2] = a;
    next[b] = a;
  };
  const cmp = (x: number, y: number) => after(entries[x]!, entries[y]!);

  let a = 0;
  let swaps = 1;
  while (swaps) {
    let num = n;
    swaps = 0;
    a = next[head]!;
    let c = next[next[a]!]!;
    while (next[a] !== head && --num > 0) {
      const b = next[a]!;
      if (cmp(a, b)) {
        swaps++;
        unlink(a);
        linkAfter(a, b);
      }
      a = prev[c]!;
      c = next[c]!;
    }
  }

  let last = a;
  a = next[a]!;
  while (a !== head) {
    const tmp = next[a]!;
    let c = last;
    while (c !== head && cmp(c, a)) c = prev[c]!;
    if (c !== last) {
      unlink(a);
      linkAfter(a, c);
      last = prev[last]!;
    }
    a = tmp;
  }

  const out: ArrayEntry<V>[] = [];
  for (let i = next[head]!; i !== head; i = next[i]!) out.push(entries[i]!);
  return out;
}
