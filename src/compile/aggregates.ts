/**
 * `s <<< v` and `a[k] <<< v` in kernel handlers: the sample goes into this CPU's copy of the
 * aggregate (a PERCPU map value, wire/stats.ts), exactly as stap's `__stp_stat_add` updates a
 * per-CPU copy: count, sum, min, max; the Welford running mean and M2 scaled by the `@variance`
 * shift (only when the program reads `@variance`: it costs a division per sample); the
 * histogram bucket. No atomics are needed: tracing programs do not nest on one CPU. User space
 * merges the copies when reading.
 */

import { BPF_FUNC_map_update_elem, R0, R1, R2, R3, R4, R5, R8, R9, R10 } from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import type { Variable } from '../elaborate/index.js';
import type { AssignExpr } from '../lang/index.js';
import { ERROR_CODE, type GlobalStorage, STAT_OFFSET, type StatShape } from '../wire/index.js';
import { evalLong } from './expressions.js';
import { BPF_NOEXIST, buildKey, lookup, storageOf } from './globals.js';
import type { Lowering } from './lowering.js';
import { ZEROS_SYMBOL } from './plan.js';

const EEXIST = 17;

export function lowerAggregate(L: Lowering, e: AssignExpr, want: boolean): void {
  const target = e.left;
  const base = target.kind === 'Index' ? target.base : target;
  const v = base.kind === 'Symbol' ? L.program.bindings.get(base) : undefined;
  if (v === undefined || v.scope !== 'global') L.unsupported(e.span, 'this aggregate');
  const s = storageOf(L, v, e.span);
  const b = L.b;
  const done = b.newLabel('aggregated');
  if (s.kind === 'stats') {
    evalLong(L, e.right);
    const sample = L.spill();
    const key = L.frame.slot();
    b.st(8, R10, key.offset, 0);
    lookup(L, s.map, key);
    b.jeq(R0, 0, done);
    addSample(L, v, s.shape, sample.offset);
    b.label(done);
    if (want) L.reload(R0, sample);
    return;
  }
  if (s.kind !== 'stat-array' || target.kind !== 'Index') L.unsupported(e.span, 'this aggregate');
  const key = buildKey(L, s, target.indexes, target.span);
  evalLong(L, e.right);
  const sample = L.spill();
  const found = b.newLabel('found');
  lookup(L, s.map, key);
  b.jne(R0, 0, found);
  insertZeroed(L, s, key, target.span);
  lookup(L, s.map, key);
  b.jeq(R0, 0, done);
  b.label(found);
  addSample(L, v, s.shape, sample.offset);
  b.label(done);
  if (want) L.reload(R0, sample);
}

/** A new element, all zeros (from the read-only zeros map), unless another CPU made it first. */
function insertZeroed(
  L: Lowering,
  s: Extract<GlobalStorage, { kind: 'stat-array' }>,
  key: ReturnType<typeof buildKey>,
  span: Span,
): void {
  const b = L.b;
  const inserted = b.newLabel('inserted');
  L.usesZeros = true;
  b.ldMapFd(R1, s.map);
  L.address(R2, key);
  b.ldMapValue(R3, ZEROS_SYMBOL).mov64(R4, BPF_NOEXIST).call(BPF_FUNC_map_update_elem);
  b.jeq(R0, 0, inserted).jeq(R0, -EEXIST, inserted);
  b.mov64(R1, s.declaredSize ?? 0);
  L.raise(span, ERROR_CODE.arrayOverflow, R1);
  b.label(inserted);
}

/** Adds the sample at fp+`sampleOffset` to the copy r0 points to. */
function addSample(L: Lowering, v: Variable, shape: StatShape, sampleOffset: number): void {
  const b = L.b;
  const variance = L.options.varianceUsed.has(v);
  const shift = shape.varianceShift;
  b.mov64(R8, R0).ldx(8, R9, R10, sampleOffset);
  const later = b.newLabel('later');
  const histogram = b.newLabel('histogram');
  b.ldx(8, R1, R8, STAT_OFFSET.count).jne(R1, 0, later);
  // The first sample.
  b.st(8, R8, STAT_OFFSET.count, 1);
  b.stx(8, R8, STAT_OFFSET.sum, R9).stx(8, R8, STAT_OFFSET.min, R9).stx(8, R8, STAT_OFFSET.max, R9);
  if (variance) {
    b.mov64(R2, R9).lsh64(R2, shift).stx(8, R8, STAT_OFFSET.avgScaled, R2).st(8, R8, STAT_OFFSET.m2, 0);
  }
  b.ja(histogram);
  b.label(later);
  b.add64(R1, 1).stx(8, R8, STAT_OFFSET.count, R1);
  b.ldx(8, R2, R8, STAT_OFFSET.sum).add64(R2, R9).stx(8, R8, STAT_OFFSET.sum, R2);
  const maxKept = b.newLabel('max');
  const minKept = b.newLabel('min');
  b.ldx(8, R2, R8, STAT_OFFSET.max).jsge(R2, R9, maxKept).stx(8, R8, STAT_OFFSET.max, R9).label(maxKept);
  b.ldx(8, R2, R8, STAT_OFFSET.min).jsle(R2, R9, minKept).stx(8, R8, STAT_OFFSET.min, R9).label(minKept);
  if (variance) welford(L, shift);
  b.label(histogram);
  bucket(L, shape);
}

/**
 * stap's update with the new count in r1: delta = (int)(v<<shift - avg) (a C int: the low 32
 * bits, sign-extended); avg += delta / count (truncating); m2 += delta * (v<<shift - avg).
 */
function welford(L: Lowering, shift: number): void {
  const b = L.b;
  b.mov64(R2, R9).lsh64(R2, shift); // scaled sample
  b.ldx(8, R3, R8, STAT_OFFSET.avgScaled);
  b.mov64(R4, R2).sub64(R4, R3).lsh64(R4, 32).arsh64(R4, 32); // delta
  const negative = b.newLabel('negative');
  const divided = b.newLabel('divided');
  b.mov64(R5, R4).jslt(R5, 0, negative).div64(R5, R1).ja(divided);
  b.label(negative).neg64(R5).div64(R5, R1).neg64(R5);
  b.label(divided);
  b.add64(R3, R5).stx(8, R8, STAT_OFFSET.avgScaled, R3);
  b.sub64(R2, R3).mul64(R2, R4);
  b.ldx(8, R5, R8, STAT_OFFSET.m2).add64(R5, R2).stx(8, R8, STAT_OFFSET.m2, R5);
}

/** Counts the sample (r9) in its histogram bucket of the copy at r8. */
function bucket(L: Lowering, shape: StatShape): void {
  const h = shape.histogram;
  if (h.kind === 'none') return;
  const b = L.b;
  const skip = b.newLabel('nobucket');
  if (h.kind === 'log') logBucket(L);
  else linearBucket(L, h);
  // r1 = bucket index; the bound check also tells the verifier the access stays in the value.
  b.jgt(R1, h.buckets - 1, skip);
  b.lsh64(R1, 3).mov64(R2, R8).add64(R2, R1);
  b.ldx(8, R3, R2, STAT_OFFSET.buckets).add64(R3, 1).stx(8, R2, STAT_OFFSET.buckets, R3);
  b.label(skip);
}

/**
 * `_stp_val_to_bucket`: 64 for 0, 64 + bit length of v for v > 0, 64 - bit length of -v for
 * v < 0 (into r1). The bit length by binary search: six shifts and tests.
 */
function logBucket(L: Lowering): void {
  const b = L.b;
  const positive = b.newLabel('positive');
  const counted = b.newLabel('counted');
  const done = b.newLabel('bucketed');
  b.mov64(R1, 64).jeq(R9, 0, done);
  b.mov64(R2, R9).jsgt(R2, 0, positive).neg64(R2).label(positive);
  b.mov64(R3, 1);
  for (const step of [32, 16, 8, 4, 2, 1]) {
    const next = b.newLabel('bits');
    b.mov64(R4, R2).rsh64(R4, step).jeq(R4, 0, next).mov64(R2, R4).add64(R3, step).label(next);
  }
  b.jslt(R9, 0, counted).add64(R1, R3).ja(done);
  b.label(counted).sub64(R1, R3);
  b.label(done);
}

/** The `@hist_linear` bucket: 0 below start, else (v - start) / interval + 1, at most the last. */
function linearBucket(L: Lowering, h: Extract<StatShape['histogram'], { kind: 'linear' }>): void {
  const b = L.b;
  const done = b.newLabel('bucketed');
  const last = h.buckets - 1;
  b.mov64(R1, 0).mov64(R2, R9).sub64(R2, h.start).jslt(R2, 0, done);
  // do_div divides by the interval as a u32.
  const divisor = h.interval >>> 0;
  if (divisor > 0x7fffffff) b.ldImm64(R3, divisor);
  else b.mov64(R3, divisor);
  b.div64(R2, R3).add64(R2, 1).mov64(R1, R2);
  b.jle(R1, last, done).mov64(R1, last);
  b.label(done);
}
