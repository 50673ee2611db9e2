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
 * What a comparator made by `afterBy` carries besides being one: the sort key of an entry and the
 * direction, so a sort can compute each key once and compare three-way.
 */
interface KeyedAfter<V> extends AfterFn<V> {
  readonly sortKey?: (e: ArrayEntry<V>) => Key;
  readonly direction?: 1 | -1;
}

/**
 * The comparator of a sort on `column` (0: the value, k: key column k) in `direction` (1 for
 * ascending `+`, -1 for descending `-`).
 */
export function afterBy<V>(column: number, direction: 1 | -1, valueKey: (v: V) => Key): AfterFn<V> {
  const key =
    column === 0 ? (e: ArrayEntry<V>) => valueKey(e.value) : (e: ArrayEntry<V>) => e.keys[column - 1]!;
  const after: AfterFn<V> =
    direction > 0 ? (a, b) => compareKeys(key(a), key(b)) > 0 : (a, b) => compareKeys(key(a), key(b)) < 0;
  return Object.assign(after, { sortKey: key, direction });
}

/** Each entry's sort key, computed once (undefined when `after` did not come from `afterBy`). */
function sortKeys<V>(entries: readonly ArrayEntry<V>[], after: AfterFn<V>): Key[] | undefined {
  const key = (after as KeyedAfter<V>).sortKey;
  if (key === undefined) return undefined;
  const ks = new Array<Key>(entries.length);
  for (let i = 0; i < entries.length; i++) ks[i] = key(entries[i]!);
  return ks;
}

/** `_stp_map_sort`: a stable sort (the merge sort's result is the unique stable order). */
export function sortAll<V>(entries: ArrayEntry<V>[], after: AfterFn<V>): ArrayEntry<V>[] {
  return permute(entries, sortAllOrder(entries, after));
}

/** The elements of `entries` in `order` (indices into it), written back into `entries`. */
function permute<V>(entries: ArrayEntry<V>[], order: readonly number[]): ArrayEntry<V>[] {
  const copy = entries.slice();
  for (let i = 0; i < order.length; i++) entries[i] = copy[order[i]!]!;
  entries.length = order.length;
  return entries;
}

/** `sortAll` as a permutation: the indices of `entries` in sorted order. */
export function sortAllOrder<V>(entries: readonly ArrayEntry<V>[], after: AfterFn<V>): number[] {
  const n = entries.length;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const ks = sortKeys(entries, after);
  // Array.prototype.sort is stable, so equal keys keep their original order.
  if (ks === undefined) {
    order.sort((i, j) => {
      const a = entries[i]!;
      const b = entries[j]!;
      return after(a, b) ? 1 : after(b, a) ? -1 : 0;
    });
  } else if ((after as KeyedAfter<V>).direction! > 0) {
    order.sort((i, j) => {
      const a = ks[i]!;
      const b = ks[j]!;
      return a < b ? -1 : a > b ? 1 : 0;
    });
  } else {
    order.sort((i, j) => {
      const a = ks[i]!;
      const b = ks[j]!;
      return a > b ? -1 : a < b ? 1 : 0;
    });
  }
  return order;
}

/**
 * `_stp_map_sortn(map, n, ...)`: for n == 0 or n > 30 a full sort, else the partial sort that
 * guarantees only the first n elements (in stap's exact tie order).
 */
export function sortFirst<V>(entries: ArrayEntry<V>[], n: number, after: AfterFn<V>): ArrayEntry<V>[] {
  return permute(entries, sortFirstOrder(entries, n, after));
}

/** `sortFirst` as a permutation: the indices of `entries` in their new order. */
export function sortFirstOrder<V>(entries: readonly ArrayEntry<V>[], n: number, after: AfterFn<V>): number[] {
  if (n === 0 || n > 30) return sortAllOrder(entries, after);
  const count = entries.length;
  if (count === 0) return [];
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
  const ks = sortKeys(entries, after);
  const dir = (after as KeyedAfter<V>).direction;
  const cmp =
    ks === undefined
      ? (x: number, y: number) => after(entries[x]!, entries[y]!)
      : dir! > 0
        ? (x: number, y: number) => ks[x]! > ks[y]!
        : (x: number, y: number) => ks[x]! < ks[y]!;

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

  const out: number[] = [];
  for (let i = next[head]!; i !== head; i = next[i]!) out.push(i);
  return out;
}
