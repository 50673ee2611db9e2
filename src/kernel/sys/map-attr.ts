/**
 * BPF_MAP_* commands: typed attr builders for map creation and element access.
 * Layouts: `union bpf_attr` in linux/bpf.h (offsets checked against the 6.1 headers).
 */
import { Attr } from './attr.js';
import { bpf, bpfCommandName } from './bpf.js';
import * as C from './constants.js';
import { addressOf, bpfSyscall } from './ffi.js';
import { fromReturn, type SysResult } from './result.js';

/** BPF_MAP_CREATE: the anonymous struct that starts with `map_type`. */
export interface MapCreateAttr {
  readonly mapType: number;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;
  readonly mapFlags?: number;
  /** At most 15 characters of [A-Za-z0-9_.]; others are replaced (kernel 4.15+). */
  readonly mapName?: string;
}

const MAP_CREATE_SIZE = 72; // through map_extra (5.16); older kernels accept the zero tail.

export function mapCreate(a: MapCreateAttr): SysResult<number> {
  const attr = new Attr(MAP_CREATE_SIZE)
    .u32(0, a.mapType)
    .u32(4, a.keySize)
    .u32(8, a.valueSize)
    .u32(12, a.maxEntries)
    .u32(16, a.mapFlags ?? 0);
  if (a.mapName !== undefined) attr.objName(28, a.mapName, C.BPF_OBJ_NAME_LEN);
  return bpf(C.BPF_MAP_CREATE, attr.bytes);
}

const MAP_ELEM_SIZE = 32; // map_fd@0 key@8 value|next_key@16 flags@24

/**
 * Element commands run often (user-side handlers read and write globals through them), so they
 * share one attr buffer: JS is single-threaded and bpf(2) is synchronous, so it is never in
 * use twice at once.
 */
const elemAttr = Buffer.alloc(MAP_ELEM_SIZE);

function elem(
  cmd: number,
  mapFd: number,
  key: Uint8Array | undefined,
  value: Uint8Array | undefined,
  flags: number,
): SysResult<number> {
  elemAttr.writeUInt32LE(mapFd, 0);
  elemAttr.writeBigUInt64LE(key === undefined ? 0n : addressOf(key), 8);
  elemAttr.writeBigUInt64LE(value === undefined ? 0n : addressOf(value), 16);
  elemAttr.writeUInt32LE(flags, 24);
  const r = bpfSyscall(cmd, elemAttr, key ?? elemAttr, value ?? elemAttr);
  return fromReturn(bpfCommandName(cmd), r);
}

/** Copies the value for `key` into `value` (sized for per-CPU maps: see `BpfMap.valueBufferSize`). */
export function mapLookupElem(mapFd: number, key: Uint8Array, value: Uint8Array): SysResult<number> {
  return elem(C.BPF_MAP_LOOKUP_ELEM, mapFd, key, value, 0);
}

/** flags: BPF_ANY, BPF_NOEXIST or BPF_EXIST. */
export function mapUpdateElem(
  mapFd: number,
  key: Uint8Array,
  value: Uint8Array,
  flags: number,
): SysResult<number> {
  return elem(C.BPF_MAP_UPDATE_ELEM, mapFd, key, value, flags);
}

export function mapDeleteElem(mapFd: number, key: Uint8Array): SysResult<number> {
  return elem(C.BPF_MAP_DELETE_ELEM, mapFd, key, undefined, 0);
}

/** The key after `key` (or the first key when `key` is undefined) into `nextKey`; ENOENT at the end. */
export function mapGetNextKey(
  mapFd: number,
  key: Uint8Array | undefined,
  nextKey: Uint8Array,
): SysResult<number> {
  return elem(C.BPF_MAP_GET_NEXT_KEY, mapFd, key, nextKey, 0);
}

/** BPF_MAP_LOOKUP_BATCH (5.6): the `batch` struct of `union bpf_attr`. */
export interface MapLookupBatchAttr {
  readonly mapFd: number;
  /** The token returned by the previous call, or undefined to start. */
  readonly inBatch: Uint8Array | undefined;
  /** Receives the token to pass next; at least key_size bytes (4 for arrays). */
  readonly outBatch: Uint8Array;
  readonly keys: Uint8Array;
  readonly values: Uint8Array;
  /** How many elements `keys`/`values` can hold. */
  readonly count: number;
}

/**
 * One batch: `value` is the number of elements copied. The kernel reports the last batch with
 * ENOENT *and* a count, so on ENOENT the count is returned in `lastCount` instead.
 */
export function mapLookupBatch(a: MapLookupBatchAttr): SysResult<number> & { readonly lastCount?: number } {
  const attr = new Attr(56)
    .ptr(0, a.inBatch)
    .ptr(8, a.outBatch)
    .ptr(16, a.keys)
    .ptr(24, a.values)
    .u32(32, a.count)
    .u32(36, a.mapFd);
  const keep = a.inBatch === undefined ? [] : [a.inBatch];
  const r = bpf(C.BPF_MAP_LOOKUP_BATCH, attr.bytes, a.outBatch, a.keys, a.values, ...keep);
  const count = attr.readU32(32);
  if (r.ok) return { ok: true, value: count };
  return r.errno === C.ENOENT ? { ...r, lastCount: count } : r;
}
