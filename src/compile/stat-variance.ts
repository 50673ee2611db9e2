/**
 * `@variance(s)` and `@variance(a[k])` (with or without a bit shift) in a kernel handler, with
 * the runtime's exact integer arithmetic (runtime/format/stats.ts). Each CPU's copy keeps the
 * Welford mean scaled by 2^shift and M2 (aggregates.ts); its sample variance is M2 / (count - 1)
 * (0 below two samples), as the global store reads a copy (bpf-store.ts `statData`). Then:
 *
 * - a scalar merges every CPU with stap's "total variance" (`aggregateScalar`): the merged mean
 *   is (sum << shift) / count, and the variance is
 *   (Σ count_i (mean_i - mean)² + Σ (count_i - 1) var_i) / (count - 1);
 * - an array element folds the CPU copies pairwise in CPU order (`mergeStat`), recomputing the
 *   mean and the variance from the two halves at each step.
 *
 * The result is the variance shifted right (arithmetically) by 2 * shift. Every division
 * truncates toward zero and x/0 is 0, as `_stp_div64` does; all arithmetic wraps at 64 bits.
 * An aggregate without samples raises `empty aggregate`.
 */
import {
  BPF_FUNC_map_lookup_percpu_elem,
  type Label,
  R0,
  R1,
  R2,
  R3,
  R4,
  R5,
  R10,
  type Register,
} from '../bpf/index.js';
import type { StatExpr } from '../lang/index.js';
import { ERROR_CODE, STAT_OFFSET } from '../wire/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { aggregateTarget } from './stat-reads.js';

/** `x = x / y` truncated toward zero (0 when y is 0); clobbers y and `sign`. */
function signedDiv(L: Lowering, x: Register, y: Register, sign: Register): void {
  const b = L.b;
  const xPositive = b.newLabel('xpos');
  const yPositive = b.newLabel('ypos');
  const done = b.newLabel('divided');
  b.mov64(sign, x).xor64(sign, y);
  b.jsge(x, 0, xPositive).neg64(x).label(xPositive);
  b.jsge(y, 0, yPositive).neg64(y).label(yPositive);
  b.div64(x, y);
  b.jsge(sign, 0, done).neg64(x).label(done);
}

/** r3 = this CPU's sample variance (scaled): M2 / (count - 1), 0 below two samples; r0 kept. */
function copyVariance(L: Lowering): void {
  const b = L.b;
  const none = b.newLabel('novar');
  const done = b.newLabel('var');
  b.ldx(8, R4, R0, STAT_OFFSET.count).jslt(R4, 2, none);
  b.ldx(8, R3, R0, STAT_OFFSET.m2).sub64(R4, 1);
  signedDiv(L, R3, R4, R5);
  b.ja(done).label(none).mov64(R3, 0).label(done);
}

/** r1 = count * (a - b)², a and b in r2 and r3. */
function spread(L: Lowering, count: Register): void {
  L.b.sub64(R2, R3).mov64(R1, R2).mul64(R1, R2).mul64(R1, count);
}

/** r0 = the CPU's copy of `key` in `map`, or a jump to `skip` when absent or without samples. */
function lookupCopy(L: Lowering, map: string, key: Region, cpu: number, skip: Label): void {
  const b = L.b;
  b.ldMapFd(R1, map);
  L.address(R2, key);
  b.mov64(R3, cpu).call(BPF_FUNC_map_lookup_percpu_elem);
  b.jeq(R0, 0, skip);
  b.ldx(8, R1, R0, STAT_OFFSET.count).jeq(R1, 0, skip);
}

export function readVariance(L: Lowering, e: StatExpr, cpus: number): void {
  const { map, key, storage } = aggregateTarget(L, e.operand, e.span, '@variance of this');
  const shift = storage.shape.varianceShift;
  const b = L.b;
  const count = L.frame.slot();
  const sum = L.frame.slot();
  const avg = L.frame.slot();
  const variance = L.frame.slot();
  for (const slot of [count, sum, avg, variance]) b.st(8, R10, slot.offset, 0);
  if (storage.kind === 'stats') {
    // Counts and sums, then the merged mean, then the spreads around it.
    for (let cpu = 0; cpu < cpus; cpu++) {
      const next = b.newLabel('nextcpu');
      lookupCopy(L, map, key, cpu, next);
      b.ldx(8, R2, R10, count.offset).add64(R2, R1).stx(8, R10, count.offset, R2);
      b.ldx(8, R2, R10, sum.offset).ldx(8, R3, R0, STAT_OFFSET.sum).add64(R2, R3).stx(8, R10, sum.offset, R2);
      b.label(next);
    }
    emptyCheck(L, e, count);
    mergedMean(L, sum, count, avg, shift);
    for (let cpu = 0; cpu < cpus; cpu++) {
      const next = b.newLabel('nextcpu');
      lookupCopy(L, map, key, cpu, next);
      b.ldx(8, R2, R0, STAT_OFFSET.avgScaled).ldx(8, R3, R10, avg.offset);
      spread(L, countOf(L));
      b.ldx(8, R2, R10, variance.offset).add64(R2, R1).stx(8, R10, variance.offset, R2);
      copyVariance(L);
      b.ldx(8, R4, R0, STAT_OFFSET.count).sub64(R4, 1).mul64(R3, R4);
      b.ldx(8, R2, R10, variance.offset).add64(R2, R3).stx(8, R10, variance.offset, R2);
      b.label(next);
    }
    b.ldx(8, R0, R10, variance.offset).ldx(8, R1, R10, count.offset).sub64(R1, 1);
    signedDiv(L, R0, R1, R2);
  } else {
    const count1 = L.frame.slot();
    const avg1 = L.frame.slot();
    for (let cpu = 0; cpu < cpus; cpu++) {
      const next = b.newLabel('nextcpu');
      const fold = b.newLabel('fold');
      lookupCopy(L, map, key, cpu, next);
      b.ldx(8, R2, R10, count.offset).jsgt(R2, 0, fold);
      // The first copy with samples.
      b.stx(8, R10, count.offset, R1);
      b.ldx(8, R2, R0, STAT_OFFSET.sum).stx(8, R10, sum.offset, R2);
      b.ldx(8, R2, R0, STAT_OFFSET.avgScaled).stx(8, R10, avg.offset, R2);
      copyVariance(L);
      b.stx(8, R10, variance.offset, R3).ja(next);
      b.label(fold);
      b.stx(8, R10, count1.offset, R2);
      b.ldx(8, R3, R10, avg.offset).stx(8, R10, avg1.offset, R3);
      b.add64(R2, R1).stx(8, R10, count.offset, R2);
      b.ldx(8, R2, R10, sum.offset).ldx(8, R3, R0, STAT_OFFSET.sum).add64(R2, R3).stx(8, R10, sum.offset, R2);
      // r0 (the copy) survives: mergedMean uses r1..r3 only.
      mergedMean(L, sum, count, avg, shift);
      // s11 + s12 into the variance slot: count1 (avg1 - avg)² + (count1 - 1) var.
      b.ldx(8, R2, R10, avg1.offset).ldx(8, R3, R10, avg.offset).ldx(8, R4, R10, count1.offset);
      spread(L, R4);
      b.sub64(R4, 1).ldx(8, R2, R10, variance.offset).mul64(R2, R4).add64(R2, R1);
      b.stx(8, R10, variance.offset, R2);
      // s21 + s22: count_i (avg_i - avg)² + (count_i - 1) var_i.
      b.ldx(8, R2, R0, STAT_OFFSET.avgScaled).ldx(8, R3, R10, avg.offset);
      spread(L, countOf(L));
      b.ldx(8, R2, R10, variance.offset).add64(R2, R1).stx(8, R10, variance.offset, R2);
      copyVariance(L);
      b.ldx(8, R4, R0, STAT_OFFSET.count).sub64(R4, 1).mul64(R3, R4);
      b.ldx(8, R2, R10, variance.offset).add64(R2, R3);
      b.ldx(8, R1, R10, count.offset).sub64(R1, 1);
      signedDiv(L, R2, R1, R3);
      b.stx(8, R10, variance.offset, R2);
      b.label(next);
    }
    emptyCheck(L, e, count);
    b.ldx(8, R0, R10, variance.offset);
  }
  b.arsh64(R0, (2 * shift) & 63);
}

/** r4 = the count of the copy r0 points to. */
function countOf(L: Lowering): Register {
  L.b.ldx(8, R4, R0, STAT_OFFSET.count);
  return R4;
}

function emptyCheck(L: Lowering, e: StatExpr, count: Region): void {
  const b = L.b;
  const nonempty = b.newLabel('nonempty');
  b.ldx(8, R1, R10, count.offset).jne(R1, 0, nonempty);
  L.raise(e.span, ERROR_CODE.emptyAggregate);
  b.label(nonempty);
}

/** avg = (sum << shift) / count; uses r1..r3. */
function mergedMean(L: Lowering, sum: Region, count: Region, avg: Region, shift: number): void {
  const b = L.b;
  b.ldx(8, R1, R10, sum.offset).lsh64(R1, shift).ldx(8, R2, R10, count.offset);
  signedDiv(L, R1, R2, R3);
  b.stx(8, R10, avg.offset, R1);
}
