/**
 * The global store over BPF maps, for the globals kernel handlers share with user space (the
 * layouts are wire/globals.ts). Begin, end and timer handlers read and write exactly what the
 * kernel programs do; aggregates are merged over the CPUs' copies when read, with the same
 * functions as the in-memory store, so `@variance` matches digit for digit.
 *
 * Differences from the in-memory store: a hash map has no insertion order, so an unsorted
 * `foreach` sees the kernel's order (as with stap's BPF back end); `reorder` is ignored.
 */
import type { Variable } from '../../elaborate/index.js';
import { type BpfMap, C } from '../../kernel/index.js';
import {
  decodeKey as decodeKeyBytes,
  encodeKey as encodeKeyBytes,
  type GlobalStorage,
  type KeyLayout,
  readStoredStat,
  readString,
  type StatShape,
  type StoredStat,
  type ValueSlot,
  writeStoredStat,
  writeString,
} from '../../wire/index.js';
import { ScriptError } from '../context.js';
import {
  aggregateArrayElement,
  aggregateScalar,
  div64,
  type StatData,
  type StatSpec,
  statAdd,
} from '../format/stats.js';
import {
  type ArrayEntry,
  type ArrayVar,
  decodeKey,
  type GlobalLayout,
  type GlobalStore,
  type GlobalVar,
  type Key,
  type MapKey,
  overflowMessage,
  type ScalarVar,
  type StatArrayVar,
  type StatVar,
} from '../store/index.js';

const ZERO_KEY = Buffer.alloc(4);

/** A kernel refusal while user space works on a map: a bug of ours, or the system failing. */
function mapFailure(what: string, message: string): never {
  throw new Error(`BPF map ${what}: ${message}`);
}

function slotValue(slot: ValueSlot, buf: Buffer): bigint | string {
  return slot.kind === 'long' ? buf.readBigInt64LE(0) : readString(buf, 0, slot.capacity);
}

function storeValue(slot: ValueSlot, buf: Buffer, value: bigint | string): void {
  buf.fill(0);
  if (slot.kind === 'long') buf.writeBigInt64LE(BigInt.asIntN(64, value as bigint), 0);
  else {
    const s = value as string;
    // A MAXSTRINGLEN buffer keeps MAXSTRINGLEN - 1 bytes.
    writeString(buf, 0, slot.capacity, s.length > slot.capacity - 1 ? s.slice(0, slot.capacity - 1) : s);
  }
}

class BpfScalar<V extends Key> implements ScalarVar<V> {
  readonly #value: Buffer;
  constructor(
    readonly kind: ScalarVar<V>['kind'],
    private readonly map: BpfMap,
    private readonly slot: ValueSlot,
  ) {
    this.#value = map.newValueBuffer();
  }
  get(): V {
    const r = this.map.lookupInto(ZERO_KEY, this.#value);
    if (!r.ok) mapFailure('lookup', r.message);
    return slotValue(this.slot, this.#value) as V;
  }
  set(value: V): void {
    storeValue(this.slot, this.#value, value);
    const r = this.map.update(ZERO_KEY, this.#value);
    if (!r.ok) mapFailure('update', r.message);
  }
  reset(): void {
    this.set((this.slot.kind === 'long' ? 0n : '') as V);
  }
}

/** Index tuples ↔ key bytes. */
class Keys {
  readonly #buffer: Buffer;
  constructor(
    private readonly layout: KeyLayout,
    private readonly keyTypes: readonly ('long' | 'string')[],
  ) {
    this.#buffer = Buffer.alloc(layout.keyBytes);
  }
  /** The key bytes of a MapKey (a shared buffer), or undefined when no element can have it. */
  bytes(key: MapKey): Buffer | undefined {
    return encodeKeyBytes(this.layout, decodeKey(key, this.keyTypes), this.#buffer)
      ? this.#buffer
      : undefined;
  }
  tuple(bytes: Uint8Array, offset = 0): Key[] {
    return decodeKeyBytes(this.layout, bytes, offset);
  }
}

function allKeys(map: BpfMap): Buffer[] {
  const out: Buffer[] = [];
  const walk = map.keys();
  for (let step = walk.next(); ; step = walk.next()) {
    if (step.done === true) {
      if (!step.value.ok) mapFailure('walk', step.value.message);
      return out;
    }
    out.push(step.value);
  }
}

function clearMap(map: BpfMap): void {
  for (const key of allKeys(map)) map.delete(key);
}

class BpfArray<V extends Key> implements ArrayVar<V> {
  readonly #keys: Keys;
  readonly #value: Buffer;
  constructor(
    readonly kind: ArrayVar<V>['kind'],
    readonly layout: Extract<GlobalLayout, { kind: 'array' }>,
    private readonly map: BpfMap,
    private readonly storage: Extract<GlobalStorage, { kind: 'array' }>,
  ) {
    this.#keys = new Keys(storage.key, layout.keyTypes);
    this.#value = map.newValueBuffer();
  }
  size(): number {
    return allKeys(this.map).length;
  }
  get(key: MapKey): V {
    const empty = (this.storage.value.kind === 'long' ? 0n : '') as V;
    const bytes = this.#keys.bytes(key);
    if (bytes === undefined) return empty;
    const r = this.map.lookupInto(bytes, this.#value);
    if (!r.ok) mapFailure('lookup', r.message);
    return r.value ? (slotValue(this.storage.value, this.#value) as V) : empty;
  }
  has(key: MapKey): boolean {
    const bytes = this.#keys.bytes(key);
    if (bytes === undefined) return false;
    const r = this.map.lookupInto(bytes, this.#value);
    return r.ok && r.value;
  }
  set(key: MapKey, value: V): void {
    const bytes = this.#keys.bytes(key);
    if (bytes === undefined) throw new Error(`array key too long for its BPF map column: ${String(key)}`);
    storeValue(this.storage.value, this.#value, value);
    const r = this.map.update(bytes, this.#value);
    if (r.ok) return;
    if (r.errno === C.E2BIG || r.errno === C.ENOMEM)
      throw new ScriptError(overflowMessage(this.storage.declaredSize));
    mapFailure('update', r.message);
  }
  delete(key: MapKey): void {
    const bytes = this.#keys.bytes(key);
    if (bytes !== undefined) this.map.delete(bytes);
  }
  clear(): void {
    clearMap(this.map);
  }
  entries(): ArrayEntry<V>[] {
    const dump = this.map.dump();
    if (!dump.ok) mapFailure('dump', dump.message);
    const { count, keys, values } = dump.value;
    const keyBytes = this.map.spec.keySize;
    const valueBytes = this.map.valueBufferSize;
    const out: ArrayEntry<V>[] = [];
    for (let i = 0; i < count; i++) {
      const value = slotValue(this.storage.value, values.subarray(i * valueBytes, (i + 1) * valueBytes)) as V;
      out.push({ keys: this.#keys.tuple(keys, i * keyBytes), value });
    }
    return out;
  }
  reorder(): void {
    // A hash map keeps no order.
  }
}

/** One CPU's stored copy as the merge functions take it. */
export function statData(shape: StatShape, stored: StoredStat): StatData {
  return {
    count: stored.count,
    sum: stored.sum,
    min: stored.min,
    max: stored.max,
    avgS: stored.avgScaled,
    m2: stored.m2,
    varianceS: stored.count >= 2n ? div64(stored.m2, stored.count - 1n) : 0n,
    variance: 0n,
    histogram: shape.histogram.kind === 'none' ? [] : stored.histogram,
  };
}

/** Every CPU's copy in a per-CPU value buffer. */
export function perCpu(map: BpfMap, shape: StatShape, values: Buffer, offset = 0): StoredStat[] {
  const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
  const out: StoredStat[] = [];
  for (let at = offset; at < offset + map.valueBufferSize; at += map.perCpuStrideBytes) {
    out.push(readStoredStat(view, at, shape));
  }
  return out;
}

/** Adds a sample from user space into CPU 0's copy (user-space handlers run on one thread). */
function addToFirstCpu(spec: StatSpec, shape: StatShape, values: Buffer, value: bigint): void {
  const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
  const stored = readStoredStat(view, 0, shape);
  const sd = statData(shape, stored);
  statAdd(spec, sd, value);
  writeStoredStat(view, 0, {
    count: sd.count,
    sum: sd.sum,
    min: sd.min,
    max: sd.max,
    avgScaled: sd.avgS,
    m2: sd.m2,
    histogram: stored.histogram.map((_, k) => sd.histogram[k] ?? 0n),
  });
}

class BpfStat implements StatVar {
  readonly kind = 'stats';
  readonly #values: Buffer;
  constructor(
    private readonly map: BpfMap,
    private readonly spec: StatSpec,
    private readonly shape: StatShape,
  ) {
    this.#values = map.newValueBuffer();
  }
  #load(): void {
    const r = this.map.lookupInto(ZERO_KEY, this.#values);
    if (!r.ok) mapFailure('lookup', r.message);
  }
  add(value: bigint): void {
    this.#load();
    addToFirstCpu(this.spec, this.shape, this.#values, value);
    const r = this.map.update(ZERO_KEY, this.#values);
    if (!r.ok) mapFailure('update', r.message);
  }
  read(): StatData {
    this.#load();
    const copies = perCpu(this.map, this.shape, this.#values).map((s) => statData(this.shape, s));
    return aggregateScalar(this.spec, copies);
  }
  clear(): void {
    this.#values.fill(0);
    const r = this.map.update(ZERO_KEY, this.#values);
    if (!r.ok) mapFailure('update', r.message);
  }
}

class BpfStatArray implements StatArrayVar {
  readonly kind = 'stat-array';
  readonly #keys: Keys;
  readonly #values: Buffer;
  constructor(
    readonly layout: Extract<GlobalLayout, { kind: 'stat-array' }>,
    private readonly map: BpfMap,
    private readonly storage: Extract<GlobalStorage, { kind: 'stat-array' }>,
  ) {
    this.#keys = new Keys(storage.key, layout.keyTypes);
    this.#values = map.newValueBuffer();
  }
  size(): number {
    return allKeys(this.map).length;
  }
  add(key: MapKey, value: bigint): void {
    const bytes = this.#keys.bytes(key);
    if (bytes === undefined) throw new Error(`array key too long for its BPF map column: ${String(key)}`);
    const r = this.map.lookupInto(bytes, this.#values);
    if (!r.ok) mapFailure('lookup', r.message);
    if (!r.value) this.#values.fill(0);
    addToFirstCpu(this.layout.spec, this.storage.shape, this.#values, value);
    const u = this.map.update(bytes, this.#values);
    if (u.ok) return;
    if (u.errno === C.E2BIG || u.errno === C.ENOMEM)
      throw new ScriptError(overflowMessage(this.storage.declaredSize));
    mapFailure('update', u.message);
  }
  #aggregate(values: Buffer, offset = 0): StatData | undefined {
    const copies = perCpu(this.map, this.storage.shape, values, offset).map((s) =>
      s.count === 0n ? undefined : statData(this.storage.shape, s),
    );
    return aggregateArrayElement(this.layout.spec, copies);
  }
  read(key: MapKey): StatData | undefined {
    const bytes = this.#keys.bytes(key);
    if (bytes === undefined) return undefined;
    const r = this.map.lookupInto(bytes, this.#values);
    if (!r.ok) mapFailure('lookup', r.message);
    return r.value ? this.#aggregate(this.#values) : undefined;
  }
  has(key: MapKey): boolean {
    return this.read(key) !== undefined;
  }
  delete(key: MapKey): void {
    const bytes = this.#keys.bytes(key);
    if (bytes !== undefined) this.map.delete(bytes);
  }
  clear(): void {
    clearMap(this.map);
  }
  entries(): ArrayEntry<StatData>[] {
    const dump = this.map.dump();
    if (!dump.ok) mapFailure('dump', dump.message);
    const { count, keys, values } = dump.value;
    const keyBytes = this.map.spec.keySize;
    const out: ArrayEntry<StatData>[] = [];
    for (let i = 0; i < count; i++) {
      const agg = this.#aggregate(values, i * this.map.valueBufferSize);
      if (agg !== undefined) out.push({ keys: this.#keys.tuple(keys, i * keyBytes), value: agg });
    }
    return out;
  }
}

function bpfVariable(layout: GlobalLayout, storage: GlobalStorage, map: BpfMap): GlobalVar {
  if (layout.kind === 'scalar' && storage.kind === 'scalar') {
    return layout.type === 'long'
      ? new BpfScalar<bigint>('long', map, storage.value)
      : new BpfScalar<string>('string', map, storage.value);
  }
  if (layout.kind === 'stats' && storage.kind === 'stats')
    return new BpfStat(map, layout.spec, storage.shape);
  if (layout.kind === 'array' && storage.kind === 'array') {
    return layout.type === 'long'
      ? new BpfArray<bigint>('long-array', layout, map, storage)
      : new BpfArray<string>('string-array', layout, map, storage);
  }
  if (layout.kind === 'stat-array' && storage.kind === 'stat-array')
    return new BpfStatArray(layout, map, storage);
  throw new Error(`global ${layout.name}: user-space layout ${layout.kind} does not match its BPF map`);
}

/**
 * The store of a program with kernel probes: the globals in `storage` over their maps, the
 * others from `memory`.
 */
export function hybridStore(
  memory: GlobalStore,
  globals: readonly Variable[],
  storage: ReadonlyMap<Variable, GlobalStorage>,
  maps: ReadonlyMap<string, BpfMap>,
): GlobalStore {
  const vars = memory.layouts.map((layout, i) => {
    const g = globals[i];
    const s = g === undefined ? undefined : storage.get(g);
    if (s === undefined) return undefined;
    const map = maps.get(s.map);
    if (map === undefined) throw new Error(`no BPF map for global ${layout.name}`);
    return bpfVariable(layout, s, map);
  });
  return {
    layouts: memory.layouts,
    variable: (index) => vars[index] ?? memory.variable(index),
  };
}
