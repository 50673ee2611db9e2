/**
 * Globals from kernel handlers. A scalar's one-slot ARRAY value is addressed directly
 * (BPF_PSEUDO_MAP_VALUE, 5.2: no lookup call); `+=`/`-=`/`++`/`--` are atomic adds so no update
 * is lost between CPUs. An array element is a HASH lookup (always NULL-checked) by a key built
 * in memory; a missing element reads as 0, and a write to a new one inserts it — when the map is
 * full that is stap's `Array overflow` error, blamed on the array.
 */

import {
  BPF_FUNC_map_delete_elem,
  BPF_FUNC_map_lookup_elem,
  BPF_FUNC_map_update_elem,
  R0,
  R1,
  R2,
  R3,
  R4,
  R10,
} from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import type { Variable } from '../elaborate/index.js';
import type { BinaryOp, Expr, IndexExpr, InExpr } from '../lang/index.js';
import { ERROR_CODE, type GlobalStorage } from '../wire/index.js';
import { applyOperator, evalLong } from './expressions.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { copyFromPointer, evalString } from './strings.js';

/** bpf_map_update_elem flags (uapi/linux/bpf.h). */
export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;
const EEXIST = 17;

export interface WriteMode {
  /** The expression's value is used: leave it in r0. */
  readonly want: boolean;
  /** A post-increment/decrement: the value is the old one. */
  readonly post: boolean;
}

type ArrayStorage = Extract<GlobalStorage, { kind: 'array' | 'stat-array' }>;

export function storageOf(L: Lowering, v: Variable, span: Span): GlobalStorage {
  const s = L.storage.get(v);
  if (s === undefined) return L.unsupported(span, `global '${v.name}'`);
  return s;
}

// ---------------------------------------------------------------- scalars

export function readScalarLong(L: Lowering, v: Variable, span: Span): void {
  const s = storageOf(L, v, span);
  if (s.kind !== 'scalar' || s.value.kind !== 'long') L.unsupported(span, 'reading this global');
  L.b.ldMapValue(R1, s.map).ldx(8, R0, R1, 0);
}

/** `g = r`, `g op= r`, `g++`... on a long scalar global. */
export function assignScalar(
  L: Lowering,
  v: Variable,
  op: BinaryOp | undefined,
  right: Expr,
  span: Span,
  mode: WriteMode,
): void {
  const s = storageOf(L, v, span);
  if (s.kind !== 'scalar' || s.value.kind !== 'long') L.unsupported(span, 'writing this global');
  const b = L.b;
  evalLong(L, right);
  if (op === undefined) {
    b.ldMapValue(R1, s.map).stx(8, R1, 0, R0);
    return;
  }
  if (op === '+' || op === '-') {
    if (op === '-') b.neg64(R0);
    b.ldMapValue(R1, s.map);
    if (!mode.want) {
      b.atomicAdd(8, R1, 0, R0);
      return;
    }
    // fetch_add leaves the old value in r0; the new one is old + delta.
    b.mov64(R2, R0).atomicFetchAdd(8, R1, 0, R0);
    if (!mode.post) b.add64(R0, R2);
    return;
  }
  b.mov64(R1, R0).ldMapValue(R3, s.map).ldx(8, R0, R3, 0);
  if (mode.post) b.mov64(R4, R0);
  applyOperator(L, op, span);
  b.stx(8, R3, 0, R0);
  if (mode.post) b.mov64(R0, R4);
}

// ---------------------------------------------------------------- arrays

function arrayStorage(L: Lowering, base: Expr | IndexExpr['base'], span: Span): ArrayStorage {
  const v = base.kind === 'Symbol' ? L.program.bindings.get(base) : undefined;
  if (v === undefined || v.scope !== 'global') return L.unsupported(span, 'this array');
  const s = storageOf(L, v, span);
  if (s.kind !== 'array' && s.kind !== 'stat-array') return L.unsupported(span, 'this array');
  return s;
}

/**
 * Builds an index tuple's key in memory (columns end to end, strings zero-padded to their
 * column), evaluating the indexes left to right.
 */
export function buildKey(
  L: Lowering,
  s: ArrayStorage,
  indexes: readonly (Expr | null)[],
  span: Span,
): Region {
  const key = L.frame.buffer(s.key.keyBytes);
  if (indexes.length !== s.key.columns.length) return L.unsupported(span, 'this index');
  s.key.columns.forEach((c, i) => {
    const ix = indexes[i];
    if (ix === null || ix === undefined) {
      L.unsupported(span, 'an array slice');
    } else if (c.kind === 'long') {
      evalLong(L, ix);
      const { reg, off } = L.baseOf(key, c.offset);
      L.b.stx(8, reg, off, R0);
    } else {
      evalString(L, ix, L.slice(key, c.offset, c.capacity));
    }
  });
  return key;
}

/** `r0 = bpf_map_lookup_elem(map, &key)`. */
export function lookup(L: Lowering, map: string, key: Region): void {
  L.b.ldMapFd(R1, map);
  L.address(R2, key);
  L.b.call(BPF_FUNC_map_lookup_elem);
}

/** `r0 = bpf_map_update_elem(map, &key, &value, flags)`. */
export function update(L: Lowering, map: string, key: Region, value: Region, flags: number): void {
  L.b.ldMapFd(R1, map);
  L.address(R2, key);
  L.address(R3, value);
  L.b.mov64(R4, flags).call(BPF_FUNC_map_update_elem);
}

/** Raises stap's overflow error unless r0 (an update's result) is 0. */
function checkInserted(L: Lowering, s: ArrayStorage, span: Span): void {
  const ok = L.b.newLabel('inserted');
  L.b.jeq(R0, 0, ok);
  L.b.mov64(R1, s.declaredSize ?? 0);
  L.raise(span, ERROR_CODE.arrayOverflow, R1);
  L.b.label(ok);
}

export function readElementLong(L: Lowering, e: IndexExpr): void {
  if (e.base.kind === 'Hist') L.unsupported(e.span, 'histogram buckets');
  const s = arrayStorage(L, e.base, e.span);
  if (s.kind !== 'array' || s.value.kind !== 'long') L.unsupported(e.span, 'reading this array');
  const key = buildKey(L, s, e.indexes, e.span);
  lookup(L, s.map, key);
  const missing = L.b.newLabel('missing');
  L.b.jeq(R0, 0, missing).ldx(8, R0, R0, 0).label(missing);
}

/** An element's string value into `into` ("" when absent). */
export function readElementString(L: Lowering, e: IndexExpr, into: Region): void {
  if (e.base.kind === 'Hist') L.unsupported(e.span, 'histogram buckets');
  const s = arrayStorage(L, e.base, e.span);
  if (s.kind !== 'array' || s.value.kind !== 'string') L.unsupported(e.span, 'reading this array');
  const key = buildKey(L, s, e.indexes, e.span);
  lookup(L, s.map, key);
  const missing = L.b.newLabel('missing');
  const done = L.b.newLabel('read');
  L.b.jeq(R0, 0, missing);
  copyFromPointer(L, R0, s.value.capacity, into);
  L.b.ja(done).label(missing);
  L.zero(into);
  L.b.label(done);
}

/** `[k...] in a` as 0 or 1. */
export function elementExists(L: Lowering, e: InExpr): void {
  if (e.base.kind === 'Hist') L.unsupported(e.span, 'histogram buckets');
  const s = arrayStorage(L, e.base, e.span);
  const key = buildKey(L, s, e.indexes, e.span);
  lookup(L, s.map, key);
  const absent = L.b.newLabel('absent');
  L.b.jeq(R0, 0, absent).mov64(R0, 1).label(absent);
}

/** `delete a[k...]`. */
export function deleteElement(L: Lowering, e: IndexExpr): void {
  if (e.base.kind === 'Hist') L.unsupported(e.span, 'histogram buckets');
  const s = arrayStorage(L, e.base, e.span);
  const key = buildKey(L, s, e.indexes, e.span);
  L.b.ldMapFd(R1, s.map);
  L.address(R2, key);
  L.b.call(BPF_FUNC_map_delete_elem);
}

/** `a[k] = r`, `a[k] op= r`, `a[k]++`... on a long array; strings go through strings.ts. */
export function assignElement(
  L: Lowering,
  target: IndexExpr,
  op: BinaryOp | undefined,
  right: Expr,
  span: Span,
  mode: WriteMode,
): void {
  if (target.base.kind === 'Hist') L.unsupported(target.span, 'histogram buckets');
  const s = arrayStorage(L, target.base, target.span);
  if (s.kind !== 'array' || s.value.kind !== 'long') L.unsupported(target.span, 'writing this array');
  const b = L.b;
  const key = buildKey(L, s, target.indexes, target.span);
  evalLong(L, right);
  const rhs = L.spill();
  if (op === undefined) {
    update(L, s.map, key, rhs, BPF_ANY);
    checkInserted(L, s, target.span);
    if (mode.want) L.reload(R0, rhs);
    return;
  }
  const done = b.newLabel('stored');
  const found = b.newLabel('found');
  lookup(L, s.map, key);
  b.jne(R0, 0, found);
  // A new element: its old value is 0.
  const value = L.frame.slot();
  b.mov64(R0, 0);
  L.reload(R1, rhs);
  applyOperator(L, op, span);
  b.stx(8, R10, value.offset, R0);
  update(L, s.map, key, value, BPF_NOEXIST);
  const raced = b.newLabel('raced');
  b.jeq(R0, -EEXIST, raced);
  checkInserted(L, s, target.span);
  if (mode.want) {
    if (mode.post) b.mov64(R0, 0);
    else L.reload(R0, value);
  }
  b.ja(done);
  // Another CPU inserted it meanwhile: update that element.
  b.label(raced);
  lookup(L, s.map, key);
  b.jeq(R0, 0, done);
  b.label(found);
  if (op === '+' || op === '-') {
    L.reload(R1, rhs);
    if (op === '-') b.neg64(R1);
    if (!mode.want) b.atomicAdd(8, R0, 0, R1);
    else {
      b.mov64(R2, R0).mov64(R0, R1).atomicFetchAdd(8, R2, 0, R0);
      if (!mode.post) b.add64(R0, R1);
    }
  } else {
    b.mov64(R3, R0).ldx(8, R0, R3, 0);
    if (mode.post) b.mov64(R4, R0);
    L.reload(R1, rhs);
    applyOperator(L, op, span);
    b.stx(8, R3, 0, R0);
    if (mode.post) b.mov64(R0, R4);
  }
  b.label(done);
}

/** `a[k] = "..."` on an array of strings. */
export function assignElementString(
  L: Lowering,
  target: IndexExpr,
  right: Expr | ((into: Region) => Region),
): void {
  if (target.base.kind === 'Hist') L.unsupported(target.span, 'histogram buckets');
  const s = arrayStorage(L, target.base, target.span);
  if (s.kind !== 'array' || s.value.kind !== 'string') L.unsupported(target.span, 'writing this array');
  const key = buildKey(L, s, target.indexes, target.span);
  const into = L.frame.buffer(s.value.capacity);
  const value = typeof right === 'function' ? right(into) : evalString(L, right, into);
  update(L, s.map, key, value, BPF_ANY);
  checkInserted(L, s, target.span);
}
