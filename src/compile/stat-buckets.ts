/**
 * `@hist_log(s)[i]` and `@hist_linear(a[k], L, H, W)[i]` in a kernel handler: the count of
 * bucket i summed over every CPU's copy (bpf_map_lookup_percpu_elem), as the runtime merges
 * the copies' buckets. As in user space (runtime/format/stats.ts `histogramBucket`), the index
 * is evaluated first, an aggregate without samples raises `empty aggregate`, then an index
 * outside 0..N-1 raises `histogram index out of range`.
 */
import { BPF_FUNC_map_lookup_percpu_elem, R0, R1, R2, R3, R10 } from '../bpf/index.js';
import type { IndexExpr } from '../lang/index.js';
import { bucketsOf, ERROR_CODE, STAT_OFFSET } from '../wire/index.js';
import { evalLong } from './expressions.js';
import type { Lowering } from './lowering.js';
import { aggregateTarget, merge } from './stat-reads.js';

export function readBucket(L: Lowering, e: IndexExpr): void {
  const hist = e.base;
  const index = e.indexes[0];
  if (hist.kind !== 'Hist' || index === undefined || index === null || e.indexes.length !== 1) {
    L.unsupported(e.span, 'this histogram index');
  }
  const ctx = L.options.context;
  if (ctx === undefined) L.unsupported(e.span, "histogram buckets without the kernel's CPU list");
  if (!ctx.haveLookupPercpuElem)
    L.unsupported(
      e.span,
      'histogram buckets (reading per-CPU aggregates needs bpf_map_lookup_percpu_elem, kernel 5.19)',
    );
  const b = L.b;
  evalLong(L, index);
  const at = L.spill();
  const { map, key, storage } = aggregateTarget(L, hist.stat, hist.span, 'this histogram');
  const buckets = bucketsOf(storage.shape);
  if (buckets === 0) L.unsupported(e.span, 'this histogram');
  const m = merge(L, map, key, ctx.possibleCpus);
  const nonempty = b.newLabel('nonempty');
  const inRange = b.newLabel('inrange');
  b.ldx(8, R1, R10, m.count.offset).jne(R1, 0, nonempty);
  L.raise(e.span, ERROR_CODE.emptyAggregate);
  b.label(nonempty);
  // Unsigned: a negative index is out of range too.
  b.ldx(8, R1, R10, at.offset).jle(R1, buckets - 1, inRange);
  L.raise(e.span, ERROR_CODE.histogramIndexOutOfRange);
  b.label(inRange);
  const total = m.sum;
  b.st(8, R10, total.offset, 0);
  for (let cpu = 0; cpu < ctx.possibleCpus; cpu++) {
    const next = b.newLabel('nextcpu');
    b.ldMapFd(R1, map);
    L.address(R2, key);
    b.mov64(R3, cpu).call(BPF_FUNC_map_lookup_percpu_elem);
    b.jeq(R0, 0, next);
    // The bound check again, for the verifier: the load stays inside the value.
    b.ldx(8, R1, R10, at.offset).jgt(R1, buckets - 1, next);
    b.lsh64(R1, 3).add64(R0, R1).ldx(8, R1, R0, STAT_OFFSET.buckets);
    b.ldx(8, R2, R10, total.offset).add64(R2, R1).stx(8, R10, total.offset, R2);
    b.label(next);
  }
  b.ldx(8, R0, R10, total.offset);
}
