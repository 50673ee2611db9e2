/**
 * BPF maps with Buffer keys and values. Every global of a script lives in one of these (see
 * DESIGN.md §3); the runtime reads and writes them from user-side handlers and at the end.
 */
import { possibleCpus } from './cpus.js';
import {
  C,
  close,
  mapCreate,
  mapDeleteElem,
  mapGetNextKey,
  mapLookupBatch,
  mapLookupElem,
  mapUpdateElem,
  ok,
  type SysResult,
} from './sys/index.js';

export type MapType =
  | 'hash'
  | 'array'
  | 'percpu_hash'
  | 'percpu_array'
  | 'lru_hash'
  | 'lru_percpu_hash'
  | 'ringbuf';

const MAP_TYPE_IDS = {
  hash: C.BPF_MAP_TYPE_HASH,
  array: C.BPF_MAP_TYPE_ARRAY,
  percpu_hash: C.BPF_MAP_TYPE_PERCPU_HASH,
  percpu_array: C.BPF_MAP_TYPE_PERCPU_ARRAY,
  lru_hash: C.BPF_MAP_TYPE_LRU_HASH,
  lru_percpu_hash: C.BPF_MAP_TYPE_LRU_PERCPU_HASH,
  ringbuf: C.BPF_MAP_TYPE_RINGBUF,
} as const satisfies Record<MapType, number>;

const PER_CPU: ReadonlySet<MapType> = new Set(['percpu_hash', 'percpu_array', 'lru_percpu_hash']);

export interface MapSpec {
  /** Shown by `bpftool map`; at most 15 characters of [A-Za-z0-9_.] are kept. */
  readonly name: string;
  readonly type: MapType;
  /** 0 for ringbuf; 4 for arrays. */
  readonly keySize: number;
  /** 0 for ringbuf. */
  readonly valueSize: number;
  /** Entries; for a ringbuf, its size in bytes (a power of two and a multiple of the page size). */
  readonly maxEntries: number;
  /** BPF_F_* map flags. */
  readonly flags?: number;
}

const BATCH_ELEMENTS = 256;

// Shared immutable results: element operations are hot and should not allocate.
const OK_TRUE: SysResult<boolean> = Object.freeze({ ok: true, value: true });
const OK_FALSE: SysResult<boolean> = Object.freeze({ ok: true, value: false });
const OK_VOID: SysResult<void> = Object.freeze({ ok: true, value: undefined });

export class BpfMap {
  #fd: number;
  readonly spec: MapSpec;
  readonly isPerCpu: boolean;
  /** Bytes per CPU in a per-CPU value: the value size rounded up to 8. */
  readonly perCpuStrideBytes: number;
  /** Bytes a lookup writes: `valueSize`, or one stride per possible CPU for per-CPU maps. */
  readonly valueBufferSize: number;
  #batchSupported = true;

  private constructor(fd: number, spec: MapSpec) {
    this.#fd = fd;
    this.spec = spec;
    this.isPerCpu = PER_CPU.has(spec.type);
    this.perCpuStrideBytes = this.isPerCpu ? Math.ceil(spec.valueSize / 8) * 8 : spec.valueSize;
    this.valueBufferSize = this.isPerCpu ? this.perCpuStrideBytes * possibleCpus().length : spec.valueSize;
  }

  static create(spec: MapSpec): SysResult<BpfMap> {
    const r = mapCreate({
      mapType: MAP_TYPE_IDS[spec.type],
      keySize: spec.keySize,
      valueSize: spec.valueSize,
      maxEntries: spec.maxEntries,
      mapFlags: spec.flags ?? 0,
      mapName: spec.name,
    });
    return r.ok ? ok(new BpfMap(r.value, spec)) : r;
  }

  /** The map's file descriptor; throws once closed (using a closed map is our bug). */
  get fd(): number {
    if (this.#fd < 0) throw new Error(`BPF map ${this.spec.name} used after close`);
    return this.#fd;
  }

  get isClosed(): boolean {
    return this.#fd < 0;
  }

  /** A zeroed buffer sized for this map's values (all CPUs for per-CPU maps). */
  newValueBuffer(): Buffer {
    return Buffer.alloc(this.valueBufferSize);
  }

  /** The value for `key` copied into `value`; false when the key is absent. */
  lookupInto(key: Uint8Array, value: Uint8Array): SysResult<boolean> {
    const r = mapLookupElem(this.fd, key, value);
    if (r.ok) return OK_TRUE;
    return r.errno === C.ENOENT ? OK_FALSE : r;
  }

  /** A new buffer with the value for `key`, or undefined when the key is absent. */
  lookup(key: Uint8Array): SysResult<Buffer | undefined> {
    const value = this.newValueBuffer();
    const r = this.lookupInto(key, value);
    if (!r.ok) return r;
    return ok(r.value ? value : undefined);
  }

  /**
   * Insert or replace (flags BPF_ANY), insert only (BPF_NOEXIST) or replace only (BPF_EXIST).
   * A full hash map refuses a new key with E2BIG: stap's "Array overflow".
   */
  update(key: Uint8Array, value: Uint8Array, flags: number = C.BPF_ANY): SysResult<void> {
    const r = mapUpdateElem(this.fd, key, value, flags);
    return r.ok ? OK_VOID : r;
  }

  /** Deletes `key`; false when it was absent. Arrays refuse deletion with EINVAL. */
  delete(key: Uint8Array): SysResult<boolean> {
    const r = mapDeleteElem(this.fd, key);
    if (r.ok) return OK_TRUE;
    return r.errno === C.ENOENT ? OK_FALSE : r;
  }

  /** The key after `key` (the first when undefined) into `next`; false after the last. */
  nextKey(key: Uint8Array | undefined, next: Uint8Array): SysResult<boolean> {
    const r = mapGetNextKey(this.fd, key, next);
    if (r.ok) return OK_TRUE;
    return r.errno === C.ENOENT ? OK_FALSE : r;
  }

  /**
   * Every key, by BPF_MAP_GET_NEXT_KEY. A hash map changed during the walk may yield a key
   * twice or miss one (the kernel restarts from the first key when the current one vanished).
   */
  *keys(): Generator<Buffer, SysResult<void>> {
    let key: Buffer | undefined;
    for (;;) {
      const next = Buffer.alloc(this.spec.keySize);
      const r = this.nextKey(key, next);
      if (!r.ok) return r;
      if (!r.value) return ok(undefined);
      yield next;
      key = next;
    }
  }

  /**
   * Every key and value into two flat buffers (`count` keys of keySize bytes, values of
   * valueBufferSize bytes), by BPF_MAP_LOOKUP_BATCH (5.6) where the map supports it, otherwise
   * by walking keys. This is how end-of-run reports read a whole map in a few system calls.
   */
  dump(): SysResult<MapDump> {
    if (this.#batchSupported) {
      const r = this.#dumpBatched();
      if (r.ok) return r;
      if (r.errno !== C.EINVAL && r.errno !== C.ENOTSUPP && r.errno !== C.EOPNOTSUPP) return r;
      this.#batchSupported = false;
    }
    return this.#dumpByKeys();
  }

  #dumpBatched(): SysResult<MapDump> {
    const { keySize } = this.spec;
    const chunks: MapDump[] = [];
    // The batch token is a bucket index for hash maps, a key for arrays: keySize or 4 bytes.
    let inBatch: Buffer | undefined;
    let total = 0;
    for (;;) {
      const outBatch = Buffer.alloc(Math.max(keySize, 8));
      const keys = Buffer.alloc(BATCH_ELEMENTS * keySize);
      const values = Buffer.alloc(BATCH_ELEMENTS * this.valueBufferSize);
      const r = mapLookupBatch({ mapFd: this.fd, inBatch, outBatch, keys, values, count: BATCH_ELEMENTS });
      const count = r.ok ? r.value : (r.lastCount ?? 0);
      if (!r.ok && r.errno !== C.ENOENT) {
        if (r.errno === C.ENOSPC) return this.#dumpByKeys(); // a bucket larger than a batch
        return r;
      }
      chunks.push({ count, keys, values });
      total += count;
      if (!r.ok) break; // ENOENT: that was the last batch
      inBatch = outBatch;
    }
    return ok(concatDumps(chunks, total, keySize, this.valueBufferSize));
  }

  #dumpByKeys(): SysResult<MapDump> {
    const keyList: Buffer[] = [];
    const valueList: Buffer[] = [];
    const walk = this.keys();
    for (let step = walk.next(); ; step = walk.next()) {
      if (step.done === true) {
        if (!step.value.ok) return step.value;
        break;
      }
      const v = this.lookup(step.value);
      if (!v.ok) return v;
      if (v.value === undefined) continue; // deleted meanwhile
      keyList.push(step.value);
      valueList.push(v.value);
    }
    return ok({ count: keyList.length, keys: Buffer.concat(keyList), values: Buffer.concat(valueList) });
  }

  close(): void {
    if (this.#fd < 0) return;
    close(this.#fd);
    this.#fd = -1;
  }
}

/** A whole map read at once: entry i's key is at i * keySize, its value at i * valueBufferSize. */
export interface MapDump {
  readonly count: number;
  readonly keys: Buffer;
  readonly values: Buffer;
}

function concatDumps(chunks: readonly MapDump[], total: number, keySize: number, valueSize: number): MapDump {
  const keys = Buffer.alloc(total * keySize);
  const values = Buffer.alloc(total * valueSize);
  let at = 0;
  for (const c of chunks) {
    c.keys.copy(keys, at * keySize, 0, c.count * keySize);
    c.values.copy(values, at * valueSize, 0, c.count * valueSize);
    at += c.count;
  }
  return { count: total, keys, values };
}
