/**
 * Where each script global lives when the program has kernel probes, and the byte layouts of
 * its map keys and values. The code generator lays them out; the runtime's BPF-backed store
 * reads and writes them through bpf(2):
 *
 * - a scalar: a one-slot ARRAY (key u32 0), the value a long (8 bytes) or a string buffer;
 * - an aggregate: a one-slot PERCPU_ARRAY of stats.ts records;
 * - an array: a HASH keyed by its index columns laid end to end (a long as 8 bytes, a string
 *   as a zero-padded buffer sized from what flows into that column: 16 bytes for execname());
 * - an array of aggregates: a PERCPU_HASH with the same keys.
 *
 * Strings are byte strings, one char per byte, NUL-terminated unless they fill their buffer
 * (then they are `capacity - 1` bytes at most: the last byte is always NUL).
 */
import type { StatShape } from './stats.js';

/** `lru_*` for `global a%` arrays, which evict their oldest element instead of overflowing. */
export type MapKind =
  | 'array'
  | 'hash'
  | 'lru_hash'
  | 'percpu_array'
  | 'percpu_hash'
  | 'lru_percpu_hash'
  | 'ringbuf';

/** One map the programs use; `symbol` is how instructions name it (see bpf's MapSymbol). */
export interface MapDecl {
  readonly symbol: string;
  /** What `bpftool map` shows (15 characters at most). */
  readonly name: string;
  readonly kind: MapKind;
  readonly keyBytes: number;
  readonly valueBytes: number;
  /** Entries; for a ring buffer its size in bytes. */
  readonly maxEntries: number;
  /** Entries (of an array, by index) the runtime writes before attaching: lookup tables. */
  readonly contents?: readonly { readonly key: number; readonly value: Uint8Array }[];
}

export type ValueSlot = { readonly kind: 'long' } | { readonly kind: 'string'; readonly capacity: number };

export type KeyColumn =
  | { readonly kind: 'long'; readonly offset: number }
  | { readonly kind: 'string'; readonly offset: number; readonly capacity: number };

export interface KeyLayout {
  readonly columns: readonly KeyColumn[];
  readonly keyBytes: number;
}

export type GlobalStorage =
  | { readonly kind: 'scalar'; readonly map: string; readonly value: ValueSlot }
  | { readonly kind: 'stats'; readonly map: string; readonly shape: StatShape }
  | {
      readonly kind: 'array';
      readonly map: string;
      readonly key: KeyLayout;
      readonly value: ValueSlot;
      /** The map's max_entries: the declared size, else MAXMAPENTRIES. */
      readonly maxEntries: number;
      /** `global a[N]`: N (for the overflow message), undefined otherwise. */
      readonly declaredSize: number | undefined;
    }
  | {
      readonly kind: 'stat-array';
      readonly map: string;
      readonly key: KeyLayout;
      readonly shape: StatShape;
      readonly maxEntries: number;
      readonly declaredSize: number | undefined;
    };

export function valueBytes(v: ValueSlot): number {
  return v.kind === 'long' ? 8 : v.capacity;
}

/** Lays index columns end to end; string capacities are rounded up to 8 bytes. */
export function layoutKey(kinds: readonly ValueSlot[]): KeyLayout {
  let at = 0;
  const columns = kinds.map((k): KeyColumn => {
    const offset = at;
    if (k.kind === 'long') {
      at += 8;
      return { kind: 'long', offset };
    }
    const capacity = (k.capacity + 7) & ~7;
    at += capacity;
    return { kind: 'string', offset, capacity };
  });
  return { columns, keyBytes: Math.max(at, 1) };
}

/**
 * Writes an index tuple into `into` (zeroed first, `keyBytes` long). False when a string is too
 * long for its column: no element can have that key.
 */
export function encodeKey(layout: KeyLayout, keys: readonly (bigint | string)[], into: Uint8Array): boolean {
  into.fill(0);
  const view = new DataView(into.buffer, into.byteOffset, into.byteLength);
  for (let i = 0; i < layout.columns.length; i++) {
    const c = layout.columns[i]!;
    const k = keys[i];
    if (c.kind === 'long') view.setBigInt64(c.offset, typeof k === 'bigint' ? k : 0n, true);
    else if (!writeString(into, c.offset, c.capacity, typeof k === 'string' ? k : '')) return false;
  }
  return true;
}

export function decodeKey(layout: KeyLayout, bytes: Uint8Array, offset = 0): (bigint | string)[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return layout.columns.map((c) =>
    c.kind === 'long'
      ? view.getBigInt64(offset + c.offset, true)
      : readString(bytes, offset + c.offset, c.capacity),
  );
}

/** Writes `s` NUL-terminated; false (nothing written) when it needs more than `capacity` bytes. */
export function writeString(into: Uint8Array, offset: number, capacity: number, s: string): boolean {
  const n = s.indexOf('\0') < 0 ? s.length : s.indexOf('\0');
  if (n > capacity - 1) return false;
  for (let i = 0; i < n; i++) into[offset + i] = s.charCodeAt(i) & 0xff;
  into[offset + n] = 0;
  return true;
}

/** The string in a buffer: up to the first NUL, at most `capacity` bytes. */
export function readString(bytes: Uint8Array, offset: number, capacity: number): string {
  let s = '';
  for (let i = 0; i < capacity; i++) {
    const b = bytes[offset + i] ?? 0;
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}
