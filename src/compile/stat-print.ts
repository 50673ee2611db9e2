/**
 * `print(@hist_log(s))` and `print(@hist_linear(a[k], L, H, W))` in kernel handlers. The chart
 * is drawn in user space, with the runtime's own formatter, from the aggregate's per-CPU map:
 * the handler checks the aggregate has samples (stap's `empty aggregate` at the print
 * otherwise, merging the CPUs' counts as stat-reads.ts does) and sends a PRINTF_DEFERRED record
 * naming the map, with the element's key copied in for an array element
 * (wire/deferred-output.ts `HistogramArg`).
 *
 * The histogram is read when user space consumes the record (a few milliseconds later), not at
 * the instant of the print: samples added in between are in the chart. An aggregate deleted in
 * between prints nothing.
 */
import { R1, R10 } from '../bpf/index.js';
import type { PrintExpr } from '../lang/index.js';
import { ERROR_CODE, layoutDeferredSite, RECORD_TYPE } from '../wire/index.js';
import type { Lowering } from './lowering.js';
import { emitRecord } from './output.js';
import { aggregateTarget, merge } from './stat-reads.js';

export function lowerHistogramPrint(L: Lowering, e: PrintExpr): void {
  const hist = e.hist;
  if (hist === undefined) L.unsupported(e.span, 'this print');
  if (e.name !== 'print' && e.name !== 'println') {
    L.unsupported(e.span, `${e.name} of a histogram (its text is made in user space)`);
  }
  const ctx = L.options.context;
  if (ctx === undefined) L.unsupported(e.span, "printing a histogram without the kernel's CPU list");
  if (!ctx.haveLookupPercpuElem)
    L.unsupported(
      e.span,
      'printing a histogram (reading per-CPU aggregates needs bpf_map_lookup_percpu_elem, kernel 5.19)',
    );
  const { map, key, storage } = aggregateTarget(L, hist.stat, hist.span, 'printing this histogram');
  if (storage.shape.histogram.kind === 'none') L.unsupported(e.span, 'printing this histogram');
  const b = L.b;
  const m = merge(L, map, key, ctx.possibleCpus);
  const nonempty = b.newLabel('nonempty');
  b.ldx(8, R1, R10, m.count.offset).jne(R1, 0, nonempty);
  L.raise(e.span, ERROR_CODE.emptyAggregate);
  b.label(nonempty);
  // The map's key size exactly: user space looks the element up with these bytes.
  const keyBytes = storage.kind === 'stat-array' ? storage.key.keyBytes : 0;
  if (keyBytes % 8 !== 0) L.unsupported(e.span, 'printing a histogram of this array');
  const site = layoutDeferredSite({ kind: 'print' }, [
    { kind: 'histogram', map, shape: storage.shape, keyBytes },
  ]);
  const slot = site.args[0]!;
  const deferredSites = L.shared.deferredSites;
  if (deferredSites === undefined) L.unsupported(e.span, 'printing a histogram');
  const id = deferredSites.length;
  deferredSites.push(site);
  const record = L.frame.scratch(site.recordBytes);
  const header = L.baseOf(record);
  b.st(4, header.reg, header.off, RECORD_TYPE.printfDeferred).st(4, header.reg, header.off + 4, id);
  // The element's key, word by word (key layouts are multiples of 8 bytes).
  const from = L.baseOf(key);
  const to = L.baseOf(record, slot.offset);
  for (let k = 0; k + 8 <= keyBytes; k += 8)
    b.ldx(8, R1, from.reg, from.off + k).stx(8, to.reg, to.off + k, R1);
  emitRecord(L, record, site.recordBytes);
}
