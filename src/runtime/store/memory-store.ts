/**
 * The in-memory global store (user-space handlers only, or before BPF maps exist). Arrays are JS
 * Maps keyed by `MapKey`, which iterate in insertion order exactly as stap's map element list
 * does: a new element goes to the tail, overwriting keeps its place, a `%` array evicts the head
 * when full. Aggregates keep one CPU's copy (handlers run on one thread) and are read through the
 * same merge functions stap uses, so `@variance` matches digit for digit.
 */
import { ScriptError } from '../context.js';
import {
  aggregateArrayElement,
  aggregateScalar,
  newStatData,
  type StatData,
  type StatSpec,
  statAdd,
} from '../format/stats.js';
import {
  type ArrayEntry,
  type ArrayVar,
  decodeKey,
  encodeKey,
  type GlobalLayout,
  type GlobalStore,
  type GlobalVar,
  type Key,
  type MapKey,
  overflowMessage,
  type ScalarVar,
  type StatArrayVar,
  type StatVar,
} from './types.js';

export interface MemoryStoreOptions {
  /** `-D MAXMAPENTRIES` (2048 by default). */
  readonly maxMapEntries: number;
}

interface Slot<V> {
  keys: readonly Key[] | undefined;
  value: V;
}

class MemoryScalar<V extends Key> implements ScalarVar<V> {
  private value: V;
  constructor(
    readonly kind: ScalarVar<V>['kind'],
    private readonly initial: V,
  ) {
    this.value = initial;
  }
  get(): V {
    return this.value;
  }
  set(value: V): void {
    this.value = value;
  }
  reset(): void {
    this.value = this.initial;
  }
}

/** Capacity bookkeeping shared by value arrays and aggregate arrays. */
function capacity(maxEntries: number | undefined, options: MemoryStoreOptions): number {
  return maxEntries !== undefined && maxEntries > 0 ? maxEntries : options.maxMapEntries;
}

class MemoryArray<V extends Key> implements ArrayVar<V> {
  private map = new Map<MapKey, Slot<V>>();
  private readonly limit: number;

  constructor(
    readonly kind: ArrayVar<V>['kind'],
    readonly layout: Extract<GlobalLayout, { kind: 'array' }>,
    private readonly empty: V,
    options: MemoryStoreOptions,
  ) {
    this.limit = capacity(layout.maxEntries, options);
  }

  size(): number {
    return this.map.size;
  }

  get(key: MapKey): V {
    const slot = this.map.get(key);
    return slot === undefined ? this.empty : slot.value;
  }

  has(key: MapKey): boolean {
    return this.map.has(key);
  }

  set(key: MapKey, value: V): void {
    const slot = this.map.get(key);
    if (slot !== undefined) {
      slot.value = value;
      return;
    }
    if (this.map.size >= this.limit) {
      if (!this.layout.wrap) throw new ScriptError(overflowMessage(this.layout.maxEntries));
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, { keys: undefined, value });
  }

  delete(key: MapKey): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  entries(): ArrayEntry<V>[] {
    const out = new Array<ArrayEntry<V>>(this.map.size);
    const keyTypes = this.layout.keyTypes;
    let i = 0;
    for (const [key, slot] of this.map) {
      slot.keys ??= decodeKey(key, keyTypes);
      out[i++] = { keys: slot.keys, value: slot.value };
    }
    return out;
  }

  reorder(order: readonly ArrayEntry<V>[]): void {
    const next = new Map<MapKey, Slot<V>>();
    for (const e of order) {
      const key = encodeKey(e.keys);
      const slot = this.map.get(key);
      if (slot !== undefined) next.set(key, slot);
    }
    // Anything not named keeps its relative order at the end (never happens for a full sort).
    if (next.size < this.map.size)
      for (const [key, slot] of this.map) if (!next.has(key)) next.set(key, slot);
    this.map = next;
  }

  sortBy(order: (entries: readonly ArrayEntry<V>[]) => readonly number[]): ArrayEntry<V>[] {
    const n = this.map.size;
    const entries = new Array<ArrayEntry<V>>(n);
    const keys = new Array<MapKey>(n);
    const slots = new Array<Slot<V>>(n);
    const keyTypes = this.layout.keyTypes;
    let i = 0;
    for (const [key, slot] of this.map) {
      slot.keys ??= decodeKey(key, keyTypes);
      entries[i] = { keys: slot.keys, value: slot.value };
      keys[i] = key;
      slots[i++] = slot;
    }
    const perm = order(entries);
    const next = new Map<MapKey, Slot<V>>();
    const sorted = new Array<ArrayEntry<V>>(perm.length);
    for (let j = 0; j < perm.length; j++) {
      const k = perm[j]!;
      next.set(keys[k]!, slots[k]!);
      sorted[j] = entries[k]!;
    }
    // A permutation names every element; anything left out would keep its order at the end.
    if (next.size < n) for (let k = 0; k < n; k++) if (!next.has(keys[k]!)) next.set(keys[k]!, slots[k]!);
    this.map = next;
    return sorted;
  }
}

class MemoryStat implements StatVar {
  readonly kind = 'stats';
  private data: StatData;
  constructor(private readonly spec: StatSpec) {
    this.data = newStatData(spec);
  }
  add(value: bigint): void {
    statAdd(this.spec, this.data, value);
  }
  read(): StatData {
    return aggregateScalar(this.spec, [this.data]);
  }
  clear(): void {
    this.data = newStatData(this.spec);
  }
}

class MemoryStatArray implements StatArrayVar {
  readonly kind = 'stat-array';
  private readonly map = new Map<MapKey, Slot<StatData>>();
  private readonly limit: number;

  constructor(
    readonly layout: Extract<GlobalLayout, { kind: 'stat-array' }>,
    options: MemoryStoreOptions,
  ) {
    this.limit = capacity(layout.maxEntries, options);
  }

  size(): number {
    return this.map.size;
  }

  add(key: MapKey, value: bigint): void {
    let slot = this.map.get(key);
    if (slot === undefined) {
      if (this.map.size >= this.limit) {
        if (!this.layout.wrap) throw new ScriptError(overflowMessage(this.layout.maxEntries));
        const oldest = this.map.keys().next();
        if (!oldest.done) this.map.delete(oldest.value);
      }
      slot = { keys: undefined, value: newStatData(this.layout.spec) };
      this.map.set(key, slot);
    }
    statAdd(this.layout.spec, slot.value, value);
  }

  read(key: MapKey): StatData | undefined {
    const slot = this.map.get(key);
    return slot === undefined ? undefined : aggregateArrayElement(this.layout.spec, [slot.value]);
  }

  has(key: MapKey): boolean {
    return this.map.has(key);
  }

  delete(key: MapKey): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  entries(): ArrayEntry<StatData>[] {
    const out: ArrayEntry<StatData>[] = [];
    for (const [key, slot] of this.map) {
      slot.keys ??= decodeKey(key, this.layout.keyTypes);
      const agg = aggregateArrayElement(this.layout.spec, [slot.value]);
      if (agg !== undefined) out.push({ keys: slot.keys, value: agg });
    }
    return out;
  }
}

function makeVariable(layout: GlobalLayout, options: MemoryStoreOptions): GlobalVar {
  switch (layout.kind) {
    case 'scalar':
      return layout.type === 'long'
        ? new MemoryScalar<bigint>('long', 0n)
        : new MemoryScalar<string>('string', '');
    case 'stats':
      return new MemoryStat(layout.spec);
    case 'array':
      return layout.type === 'long'
        ? new MemoryArray<bigint>('long-array', layout, 0n, options)
        : new MemoryArray<string>('string-array', layout, '', options);
    case 'stat-array':
      return new MemoryStatArray(layout, options);
  }
}

export function createMemoryStore(
  layouts: readonly GlobalLayout[],
  options: MemoryStoreOptions,
): GlobalStore {
  const vars = layouts.map((l) => makeVariable(l, options));
  return {
    layouts,
    variable(index: number): GlobalVar {
      const v = vars[index];
      if (v === undefined) throw new Error(`no global #${index}`);
      return v;
    },
  };
}
