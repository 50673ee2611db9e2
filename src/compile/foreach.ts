/**
 * `foreach ([k1, k2] in a limit N) body` and `foreach (v = [k] in a)` in kernel handlers, over a
 * global array's HASH map with bpf_for_each_map_elem (5.13): the body is a callback
 * (subprograms.ts) that first copies the element's key columns (and value) from the map into
 * the loop's locals. The order is the map's, which stap leaves unspecified for an unsorted
 * foreach. Statistics arrays iterate their keys the same way (a PERCPU_HASH has every key on
 * every CPU). A slice (`foreach ([i, j] in a[1, *])`) evaluates its fixed indexes once, before
 * the loop, and the callback skips the elements whose key differs in those columns; `limit`
 * counts only the elements that match. A sorted foreach is foreach-sorted.ts.
 */
import { BPF_FUNC_for_each_map_elem, R0, R1, R2, R3, R4, R8, R9, type Register } from '../bpf/index.js';
import type { Variable } from '../elaborate/index.js';
import type { Expr, ForeachStmt, Name } from '../lang/index.js';
import type { GlobalStorage, KeyColumn } from '../wire/index.js';
import { evalLong } from './expressions.js';
import { lowerSortedForeach } from './foreach-sorted.js';
import type { Region } from './frame.js';
import { storageOf } from './globals.js';
import type { LocalHome, Lowering } from './lowering.js';
import { lowerStmt } from './statements.js';
import { copyFromPointer, evalString } from './strings.js';
import { invokeCallback, lowerCallback } from './subprograms.js';

export type ArrayStorage = Extract<GlobalStorage, { kind: 'array' | 'stat-array' }>;

/** What both forms of foreach work with, set up before the loop. */
export interface ForeachParts {
  readonly storage: ArrayStorage;
  /** The key variables' homes, by column (undefined: not read). */
  readonly keys: readonly (LocalHome | undefined)[];
  readonly value: LocalHome | undefined;
  readonly slice: readonly SliceColumn[];
  /** `limit N`'s countdown. */
  readonly counter: Region | undefined;
}

export function lowerForeach(L: Lowering, s: ForeachStmt): void {
  const b = L.b;
  const storage = arrayStorage(L, s);
  if (s.value !== undefined && storage.kind !== 'array') {
    L.unsupported(s.value.span, 'the value of a statistics array in foreach');
  }
  if (s.keys.length !== storage.key.columns.length) L.unsupported(s.span, 'this foreach');
  const keys = s.keys.map((k) => localHome(L, k));
  const value = s.value === undefined ? undefined : localHome(L, s.value);
  const slice = s.slice === undefined ? [] : evalSlice(L, storage, s.slice);
  let counter: Region | undefined;
  if (s.limit !== undefined) {
    const limit = s.limit;
    b.at(limit.span);
    evalLong(L, limit);
    counter = L.frame.buffer(8);
    const at = L.baseOf(counter);
    b.stx(8, at.reg, at.off, R0);
  }
  b.at(s.span);
  const parts = { storage, keys, value, slice, counter };
  if (s.sort !== undefined) {
    lowerSortedForeach(L, s, parts, s.sort);
    return;
  }
  const cb = lowerCallback(L, {
    ctxArg: R4,
    args: [R2, R3],
    span: s.span,
    entry: () => {
      // r2 and r3 point at the element's key and value; keep them over the copies' helper calls.
      b.mov64(R8, R2).mov64(R9, R3);
      for (const wanted of slice) skipUnlessEqual(L, wanted);
      if (counter !== undefined) countDown(L, counter);
      assignLoopVariables(L, parts);
    },
    body: () => lowerStmt(L, s.body),
  });
  b.at(s.span);
  invokeCallback(L, cb, BPF_FUNC_for_each_map_elem, () => b.ldMapFd(R1, storage.map));
}

/** The key variables from the key at r8, the value variable from the value at r9. */
export function assignLoopVariables(L: Lowering, parts: ForeachParts): void {
  const { storage, keys, value } = parts;
  storage.key.columns.forEach((column, i) => {
    const home = keys[i];
    if (home === undefined) return;
    if (column.kind === 'long') copyLong(L, R8, column.offset, home);
    else {
      L.b.mov64(R2, R8).add64(R2, column.offset);
      copyString(L, R2, column.capacity, home);
    }
  });
  if (value !== undefined && storage.kind === 'array') {
    if (storage.value.kind === 'long') copyLong(L, R9, 0, value);
    else copyString(L, R9, storage.value.capacity, value);
  }
}

/** A fixed column of a slice (`a[1, *]`): its value, evaluated once before the loop. */
export interface SliceColumn {
  readonly column: KeyColumn;
  readonly value: Region;
}

/**
 * Evaluates a slice's fixed indexes left to right. A string goes into a buffer one word longer
 * than its column, so a value too long for any key compares unequal instead of being truncated.
 */
function evalSlice(L: Lowering, storage: ArrayStorage, indexes: readonly (Expr | null)[]): SliceColumn[] {
  const out: SliceColumn[] = [];
  storage.key.columns.forEach((column, i) => {
    const e = indexes[i];
    if (e === null || e === undefined) return;
    L.b.at(e.span);
    if (column.kind === 'long') {
      evalLong(L, e);
      const value = L.frame.buffer(8);
      const at = L.baseOf(value);
      L.b.stx(8, at.reg, at.off, R0);
      out.push({ column, value });
    } else {
      const value = L.frame.buffer(column.capacity + 8);
      evalString(L, e, value);
      out.push({ column, value });
    }
  });
  return out;
}

/** Goes on to the next element unless the key (at r8) holds the slice's value in this column. */
export function skipUnlessEqual(L: Lowering, wanted: SliceColumn): void {
  const b = L.b;
  const loop = L.loops[L.loops.length - 1]!;
  const bytes = wanted.column.kind === 'long' ? 8 : wanted.column.capacity;
  for (let k = 0; k < bytes; k += 8) {
    const at = L.baseOf(wanted.value, k);
    b.ldx(8, R0, R8, wanted.column.offset + k).ldx(8, R1, at.reg, at.off);
    b.jne(R0, R1, loop.continueTo);
  }
}

/** `limit N`: breaks once N iterations have run, else counts this one. */
export function countDown(L: Lowering, counter: Region): void {
  const b = L.b;
  const loop = L.loops[L.loops.length - 1]!;
  const at = L.baseOf(counter);
  b.ldx(8, R0, at.reg, at.off).jsle(R0, 0, loop.breakTo);
  b.sub64(R0, 1).stx(8, at.reg, at.off, R0);
}

function copyLong(L: Lowering, from: Register, offset: number, home: LocalHome): void {
  if (home.kind !== 'long') return;
  const at = L.baseOf(home.slot);
  L.b.ldx(8, R0, from, offset).stx(8, at.reg, at.off, R0);
}

/** Copies the clean string at `from` (not r1) into a string local. */
function copyString(L: Lowering, from: Register, capacity: number, home: LocalHome): void {
  if (home.kind === 'string') copyFromPointer(L, from, capacity, home.buffer);
}

/** A loop variable's home; undefined when the body never reads it. */
function localHome(L: Lowering, name: Name): LocalHome | undefined {
  const v: Variable | undefined = L.program.bindings.get(name);
  if (v === undefined) return undefined;
  if (v.scope !== 'local') return L.unsupported(name.span, 'a global foreach variable');
  return L.locals.get(v);
}

function arrayStorage(L: Lowering, s: ForeachStmt): ArrayStorage {
  const base = s.base;
  const v = base.kind === 'Symbol' ? L.program.bindings.get(base) : undefined;
  if (v === undefined || v.scope !== 'global') return L.unsupported(base.span, 'foreach over this');
  const storage = storageOf(L, v, base.span);
  if (storage.kind !== 'array' && storage.kind !== 'stat-array') {
    return L.unsupported(base.span, 'foreach over this');
  }
  return storage;
}
