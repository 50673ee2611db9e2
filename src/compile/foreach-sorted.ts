/**
 * A sorted foreach in a kernel handler (`foreach (k in a-)`, `foreach ([i, j+] in a limit 10)`)
 * by selection, in bounded memory: each trip of a bpf_loop finds, with one
 * bpf_for_each_map_elem pass over the map, the first element after the one the previous trip
 * produced, copies it into the loop's variables and runs the body. An element is a copy of its
 * key and value side by side; elements are ordered by the sort column (value or key column,
 * in the direction asked), ties by the key columns in ascending order — stap leaves the order
 * of ties to the array's history, which a hash map does not keep. Longs compare signed,
 * strings bytewise (eight bytes at a time, big-endian). With `limit N` it takes N passes; a
 * full sort of n elements takes n passes of n calls, bounded by the map's size. A statistics
 * array sorts by key only: its values are per-CPU aggregates.
 */
import {
  BPF_FUNC_for_each_map_elem,
  BPF_FUNC_loop,
  type Label,
  R0,
  R1,
  R2,
  R3,
  R4,
  R8,
  R9,
} from '../bpf/index.js';
import type { ForeachStmt } from '../lang/index.js';
import {
  type ArrayStorage,
  assignLoopVariables,
  countDown,
  type ForeachParts,
  skipUnlessEqual,
} from './foreach.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { lowerStmt } from './statements.js';
import { copyBuffer, copyFromPointer } from './strings.js';
import { invokeCallback, lowerCallback } from './subprograms.js';

/** One field of the ordering: where it is in an element copy, and which way it sorts. */
interface SortField {
  readonly offset: number;
  readonly kind: 'long' | 'string';
  readonly bytes: number;
  readonly direction: 1 | -1;
}

export function lowerSortedForeach(
  L: Lowering,
  s: ForeachStmt,
  parts: ForeachParts,
  sort: NonNullable<ForeachStmt['sort']>,
): void {
  const b = L.b;
  const { storage } = parts;
  if (storage.kind !== 'array' && sort.column === 0) {
    L.refuse(
      s.span,
      'sorting a statistics array by value runs only in user-space probes (begin, end, timer.s, ...), not in kernel probes',
    );
  }
  const keyBytes = storage.key.keyBytes;
  const valueBytes = storage.kind === 'array' ? valueSize(storage) : 0;
  const fields = sortFields(storage, sort, keyBytes);
  // Everything the trips share lives in the handler's frame (or scratch), set up here.
  const elementBytes = keyBytes + valueBytes;
  const candidate = L.frame.buffer(elementBytes);
  const best = L.frame.buffer(elementBytes);
  const previous = L.frame.buffer(elementBytes);
  const found = L.frame.slot();
  const started = L.frame.slot();
  const flag = (slot: Region) => L.baseOf(slot);

  const trip = lowerCallback(L, {
    ctxArg: R2,
    args: [R1],
    span: s.span,
    entry: () => {
      const trips = L.loops[L.loops.length - 1]!;
      // r1 is the trip's number: zero on the first, when there is no previous element yet.
      b.stx(8, flag(started).reg, flag(started).off, R1);
      b.st(8, flag(found).reg, flag(found).off, 0);
      const select = lowerCallback(L, {
        ctxArg: R4,
        args: [R2, R3],
        span: s.span,
        entry: () => {
          const next = L.loops[L.loops.length - 1]!.continueTo;
          b.mov64(R8, R2).mov64(R9, R3);
          for (const wanted of parts.slice) skipUnlessEqual(L, wanted);
          copyFromPointer(L, R8, keyBytes, L.slice(candidate, 0, keyBytes));
          if (valueBytes > 0) copyFromPointer(L, R9, valueBytes, L.slice(candidate, keyBytes, valueBytes));
          // Only elements after the previous trip's, and before the best one so far.
          const afterPrevious = b.newLabel('after_previous');
          b.ldx(8, R0, flag(started).reg, flag(started).off).jeq(R0, 0, afterPrevious);
          compare(L, candidate, previous, fields, next, afterPrevious, next);
          b.label(afterPrevious);
          const take = b.newLabel('take');
          b.ldx(8, R0, flag(found).reg, flag(found).off).jeq(R0, 0, take);
          compare(L, candidate, best, fields, take, next, next);
          b.label(take);
          copyBuffer(L, candidate, best);
          b.st(8, flag(found).reg, flag(found).off, 1);
        },
        body: () => {},
      });
      invokeCallback(L, select, BPF_FUNC_for_each_map_elem, () => b.ldMapFd(R1, storage.map));
      b.ldx(8, R0, flag(found).reg, flag(found).off).jeq(R0, 0, trips.breakTo);
      copyBuffer(L, best, previous);
      if (parts.counter !== undefined) countDown(L, parts.counter);
      L.address(R8, best);
      L.address(R9, best, keyBytes);
      assignLoopVariables(L, parts);
    },
    body: () => lowerStmt(L, s.body),
  });
  b.at(s.span);
  // One trip per element, and one more that finds none.
  invokeCallback(L, trip, BPF_FUNC_loop, () => b.mov64(R1, storage.maxEntries + 1));
}

function valueSize(storage: Extract<ArrayStorage, { kind: 'array' }>): number {
  return storage.value.kind === 'long' ? 8 : storage.value.capacity;
}

/** The sort column first, then every key column (ascending) to order ties. */
function sortFields(
  storage: ArrayStorage,
  sort: NonNullable<ForeachStmt['sort']>,
  keyBytes: number,
): SortField[] {
  const columns = storage.key.columns.map(
    (c): SortField => ({
      offset: c.offset,
      kind: c.kind,
      bytes: c.kind === 'long' ? 8 : c.capacity,
      direction: 1,
    }),
  );
  let primary: SortField;
  if (sort.column === 0) {
    if (storage.kind !== 'array') throw new Error('a statistics array sorted by value');
    const kind = storage.value.kind;
    primary = { offset: keyBytes, kind, bytes: valueSize(storage), direction: sort.direction };
  } else {
    const column = columns[sort.column - 1];
    if (column === undefined) throw new Error(`sort column ${sort.column} out of range`);
    primary = { ...column, direction: sort.direction };
    columns.splice(sort.column - 1, 1);
  }
  return [primary, ...columns];
}

/**
 * Compares two element copies field by field: jumps to `less` or `greater` at the first field
 * that differs (in that field's direction), to `equal` when none does.
 */
function compare(
  L: Lowering,
  a: Region,
  b: Region,
  fields: readonly SortField[],
  less: Label,
  greater: Label,
  equal: Label,
): void {
  const code = L.b;
  for (const f of fields) {
    const [lo, hi] = f.direction === 1 ? [less, greater] : [greater, less];
    for (let k = 0; k < f.bytes; k += 8) {
      const x = L.baseOf(a, f.offset + k);
      const y = L.baseOf(b, f.offset + k);
      code.ldx(8, R1, x.reg, x.off).ldx(8, R2, y.reg, y.off);
      if (f.kind === 'long') {
        code.jslt(R1, R2, lo).jsgt(R1, R2, hi);
      } else {
        code.be64(R1).be64(R2);
        code.jlt(R1, R2, lo).jgt(R1, R2, hi);
      }
    }
  }
  code.ja(equal);
}
