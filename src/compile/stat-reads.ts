/**
 * `@count(s)`, `@sum`, `@min`, `@max`, `@avg` of an aggregate (or of `a[k]`) in a kernel handler.
 * Each CPU adds its samples to its own copy (aggregates.ts); a read merges the copies as the
 * runtime does: bpf_map_lookup_percpu_elem (kernel 5.19) for every possible CPU, unrolled, summing
 * counts and sums and keeping the extremes of the CPUs that have samples. `@avg` is the sum
 * divided by the count, truncated toward zero. `@min`, `@max` and `@avg` of an aggregate without
 * samples raise stap's `empty aggregate` at the operator; `@count` and `@sum` are 0.
 * `@variance` is stat-variance.ts; `print(@hist_*)` stat-print.ts, `@hist_*(s)[i]` stat-buckets.ts.
 */
import { BPF_FUNC_map_lookup_percpu_elem, R0, R1, R2, R3, R10 } from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import type { Expr, StatExpr } from '../lang/index.js';
import { ERROR_CODE, type GlobalStorage, STAT_OFFSET } from '../wire/index.js';
import type { Region } from './frame.js';
import { buildKey, storageOf } from './globals.js';
import type { Lowering } from './lowering.js';
import { readVariance } from './stat-variance.js';

export interface Merged {
  readonly count: Region;
  readonly sum: Region;
  readonly min: Region;
  readonly max: Region;
}

/** The map and key of the aggregate `e` reads. */
function target(L: Lowering, e: StatExpr): { readonly map: string; readonly key: Region } {
  return aggregateTarget(L, e.operand, e.span, `@${e.stat} of this`);
}

/**
 * The map, key and storage of the aggregate `operand` (`s` or `a[k]`) names; `what` is refused
 * for anything else.
 */
export function aggregateTarget(
  L: Lowering,
  operand: Expr,
  span: Span,
  what: string,
): { readonly map: string; readonly key: Region; readonly storage: StatStorage } {
  const base = operand.kind === 'Index' ? operand.base : operand;
  const v = base.kind === 'Symbol' ? L.program.bindings.get(base) : undefined;
  if (v === undefined || v.scope !== 'global') return L.unsupported(span, what);
  const s = storageOf(L, v, span);
  if (s.kind === 'stats' && operand.kind === 'Symbol') {
    const key = L.frame.slot();
    L.b.st(8, R10, key.offset, 0);
    return { map: s.map, key, storage: s };
  }
  if (s.kind === 'stat-array' && operand.kind === 'Index') {
    return { map: s.map, key: buildKey(L, s, operand.indexes, operand.span), storage: s };
  }
  return L.unsupported(span, what);
}

/** Where an aggregate lives: a scalar's map, or an array's. */
export type StatStorage = Extract<GlobalStorage, { kind: 'stats' | 'stat-array' }>;

/** Adds every CPU's copy into the four stack slots of `m`. */
export function merge(L: Lowering, map: string, key: Region, cpus: number): Merged {
  const b = L.b;
  const m: Merged = { count: L.frame.slot(), sum: L.frame.slot(), min: L.frame.slot(), max: L.frame.slot() };
  for (const slot of [m.count, m.sum, m.min, m.max]) b.st(8, R10, slot.offset, 0);
  for (let cpu = 0; cpu < cpus; cpu++) {
    const next = b.newLabel('nextcpu');
    const later = b.newLabel('later');
    b.ldMapFd(R1, map);
    L.address(R2, key);
    b.mov64(R3, cpu).call(BPF_FUNC_map_lookup_percpu_elem);
    b.jeq(R0, 0, next);
    b.ldx(8, R1, R0, STAT_OFFSET.count).jeq(R1, 0, next);
    b.ldx(8, R2, R10, m.count.offset).jne(R2, 0, later);
    // The first CPU with samples: its extremes.
    b.ldx(8, R3, R0, STAT_OFFSET.min).stx(8, R10, m.min.offset, R3);
    b.ldx(8, R3, R0, STAT_OFFSET.max).stx(8, R10, m.max.offset, R3);
    b.label(later);
    b.add64(R2, R1).stx(8, R10, m.count.offset, R2);
    b.ldx(8, R2, R10, m.sum.offset)
      .ldx(8, R3, R0, STAT_OFFSET.sum)
      .add64(R2, R3)
      .stx(8, R10, m.sum.offset, R2);
    const minKept = b.newLabel('min');
    const maxKept = b.newLabel('max');
    b.ldx(8, R2, R10, m.min.offset).ldx(8, R3, R0, STAT_OFFSET.min);
    b.jsle(R2, R3, minKept).stx(8, R10, m.min.offset, R3).label(minKept);
    b.ldx(8, R2, R10, m.max.offset).ldx(8, R3, R0, STAT_OFFSET.max);
    b.jsge(R2, R3, maxKept).stx(8, R10, m.max.offset, R3).label(maxKept);
    b.label(next);
  }
  return m;
}

/** Evaluates a stat read into r0. */
export function readStat(L: Lowering, e: StatExpr): void {
  const ctx = L.options.context;
  if (ctx === undefined) L.unsupported(e.span, `@${e.stat} without the kernel's CPU list`);
  if (!ctx.haveLookupPercpuElem)
    L.unsupported(
      e.span,
      `@${e.stat} (reading per-CPU aggregates needs bpf_map_lookup_percpu_elem, kernel 5.19)`,
    );
  if (e.stat === 'variance') {
    readVariance(L, e, ctx.possibleCpus);
    return;
  }
  const { map, key } = target(L, e);
  const m = merge(L, map, key, ctx.possibleCpus);
  const b = L.b;
  if (e.stat === 'count' || e.stat === 'sum') {
    b.ldx(8, R0, R10, (e.stat === 'count' ? m.count : m.sum).offset);
    return;
  }
  const nonempty = b.newLabel('nonempty');
  b.ldx(8, R1, R10, m.count.offset).jne(R1, 0, nonempty);
  L.raise(e.span, ERROR_CODE.emptyAggregate);
  b.label(nonempty);
  if (e.stat === 'min' || e.stat === 'max') {
    b.ldx(8, R0, R10, (e.stat === 'min' ? m.min : m.max).offset);
    return;
  }
  // @avg: the count (r1) is positive; the sum's sign is applied to the quotient.
  const positive = b.newLabel('positive');
  const done = b.newLabel('avg');
  b.ldx(8, R0, R10, m.sum.offset).jsge(R0, 0, positive);
  b.neg64(R0).div64(R0, R1).neg64(R0).ja(done);
  b.label(positive).div64(R0, R1);
  b.label(done);
}
