/**
 * The charts of `print(@hist_*(...))` in kernel handlers (compile/stat-print.ts): when the
 * PRINTF_DEFERRED record is consumed, the aggregate is read from its per-CPU map and merged as
 * the global store merges it (a scalar with `_stp_stat_get`'s formula, an array element by
 * folding the CPUs' copies), then drawn by the formatter `probe end { print(@hist_log(s)) }`
 * uses. The chart is of the aggregate at that moment, a few milliseconds after the print.
 */
import type { BpfMap } from '../../kernel/index.js';
import { type HistogramOptions, renderHistogram } from '../format/histogram.js';
import { aggregateArrayElement, aggregateScalar, type StatData } from '../format/stats.js';
import { perCpu, statData } from './bpf-store.js';
import type { HistogramLookup } from './deferred-text.js';

const ZERO_KEY = Buffer.alloc(4);

export function histogramLookup(
  maps: ReadonlyMap<string, BpfMap>,
  options: HistogramOptions,
): HistogramLookup {
  return (slot, key) => {
    const map = maps.get(slot.map);
    if (map === undefined) throw new Error(`no BPF map ${slot.map} for a histogram print`);
    const spec = slot.shape;
    if (spec.histogram.kind === 'none') return '';
    const values = map.newValueBuffer();
    const r = map.lookupInto(slot.keyBytes === 0 ? ZERO_KEY : Buffer.from(key), values);
    if (!r.ok) throw new Error(`BPF map lookup: ${r.message}`);
    // An element deleted since the print: nothing to draw.
    if (!r.value) return '';
    const copies = perCpu(map, spec, values);
    let agg: StatData | undefined;
    if (slot.keyBytes === 0)
      agg = aggregateScalar(
        spec,
        copies.map((s) => statData(spec, s)),
      );
    else
      agg = aggregateArrayElement(
        spec,
        copies.map((s) => (s.count === 0n ? undefined : statData(spec, s))),
      );
    if (agg === undefined || agg.count === 0n) return '';
    return renderHistogram(spec.histogram, agg.histogram, options);
  };
}
