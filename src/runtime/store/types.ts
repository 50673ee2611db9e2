/**
 * The global store: one object per script global, through which every handler reads and writes
 * it. The generated code only sees these interfaces, so the in-memory implementation here can be
 * swapped for one over BPF maps (one ARRAY slot per scalar, a HASH / LRU_HASH map per array, a
 * PERCPU map per aggregate) without touching the code generator.
 *
 * Array keys reach the store already encoded as a `MapKey` (see `encodeKey`): the key value itself
 * for a one-column array, one composite string for several columns. Iteration yields the decoded
 * key tuple with each entry.
 */
import type { StatData, StatSpec } from '../format/stats.js';

/** One array index value: a long or a string. */
export type Key = bigint | string;

/** An array index tuple as the store keys it: see `encodeKey`. */
export type MapKey = bigint | string;

export type KeyType = 'long' | 'string';
export type ScalarType = 'long' | 'string';

/** One element of an array, as iteration returns it. */
export interface ArrayEntry<V> {
  readonly keys: readonly Key[];
  readonly value: V;
}

/** What the store needs to know about one global. */
export type GlobalLayout =
  | { readonly kind: 'scalar'; readonly name: string; readonly type: ScalarType }
  | { readonly kind: 'stats'; readonly name: string; readonly spec: StatSpec }
  | {
      readonly kind: 'array';
      readonly name: string;
      readonly type: ScalarType;
      readonly keyTypes: readonly KeyType[];
      /** `global a[N]`; undefined means MAXMAPENTRIES. */
      readonly maxEntries: number | undefined;
      /** `global a%`: evict the oldest entry instead of failing when full. */
      readonly wrap: boolean;
    }
  | {
      readonly kind: 'stat-array';
      readonly name: string;
      readonly spec: StatSpec;
      readonly keyTypes: readonly KeyType[];
      readonly maxEntries: number | undefined;
      readonly wrap: boolean;
    };

export interface ScalarVar<V extends Key> {
  readonly kind: V extends bigint ? 'long' : 'string';
  get(): V;
  set(value: V): void;
  /** `delete x`: back to 0 or "". */
  reset(): void;
}

export interface ArrayVar<V extends Key> {
  readonly kind: V extends bigint ? 'long-array' : 'string-array';
  readonly layout: Extract<GlobalLayout, { kind: 'array' }>;
  /** Number of elements. */
  size(): number;
  /** The element's value, 0 or "" when absent (reading never creates an element). */
  get(key: MapKey): V;
  has(key: MapKey): boolean;
  /** Creates the element if needed; fails with stap's `Array overflow` error when full. */
  set(key: MapKey, value: V): void;
  delete(key: MapKey): void;
  clear(): void;
  /** A snapshot of the elements in iteration order (insertion order unless re-sorted). */
  entries(): ArrayEntry<V>[];
  /**
   * Records a new iteration order after an in-place sort (stap's `_stp_map_sort` relinks its
   * element list, so a later unsorted `foreach` sees the sorted order). `order` holds exactly
   * the current elements. A store that cannot keep an order may ignore this.
   */
  reorder(order: readonly ArrayEntry<V>[]): void;
  /**
   * `entries()` and `reorder` in one step, for a store that can relink its elements cheaply:
   * `order` gets the elements and returns their new order as indices into that list (a
   * permutation); the store adopts it and returns the elements in it.
   */
  sortBy?(order: (entries: readonly ArrayEntry<V>[]) => readonly number[]): ArrayEntry<V>[];
}

export interface StatVar {
  readonly kind: 'stats';
  add(value: bigint): void;
  /** The aggregate over all CPUs' copies. */
  read(): StatData;
  clear(): void;
}

export interface StatArrayVar {
  readonly kind: 'stat-array';
  readonly layout: Extract<GlobalLayout, { kind: 'stat-array' }>;
  size(): number;
  add(key: MapKey, value: bigint): void;
  /** The aggregated element, undefined when absent. */
  read(key: MapKey): StatData | undefined;
  has(key: MapKey): boolean;
  delete(key: MapKey): void;
  clear(): void;
  /** Aggregated elements in iteration order. */
  entries(): ArrayEntry<StatData>[];
}

export type GlobalVar =
  | ScalarVar<bigint>
  | ScalarVar<string>
  | ArrayVar<bigint>
  | ArrayVar<string>
  | StatVar
  | StatArrayVar;

/** All globals of a program, in layout order. */
export interface GlobalStore {
  readonly layouts: readonly GlobalLayout[];
  /** The variable of `layouts[index]`. */
  variable(index: number): GlobalVar;
}

/** The error text for inserting into a full array (translate.cxx STAP_T_01). */
export function overflowMessage(maxEntries: number | undefined): string {
  return maxEntries !== undefined && maxEntries > 0
    ? `Array overflow, check size limit (${maxEntries})`
    : 'Array overflow, check MAXMAPENTRIES';
}

/**
 * Separates the columns of a composite key. Script strings hold bytes (char codes 0–255), so a
 * char above 255 can never occur inside a column.
 */
export const KEY_SEPARATOR = '\u0100';

/** The MapKey of an index tuple. */
export function encodeKey(keys: readonly Key[]): MapKey {
  if (keys.length === 1) return keys[0]!;
  let s = '';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) s += KEY_SEPARATOR;
    s += String(keys[i]);
  }
  return s;
}

/** The index tuple of a MapKey, given the column types. */
export function decodeKey(key: MapKey, keyTypes: readonly KeyType[]): Key[] {
  if (keyTypes.length === 1) return [key];
  const parts = String(key).split(KEY_SEPARATOR);
  return parts.map((p, i) => (keyTypes[i] === 'long' ? BigInt(p) : p));
}
