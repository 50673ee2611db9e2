/**
 * One CPU's copy of an aggregate (`s <<< v`) in a per-CPU map value, as the kernel handlers
 * update it and the runtime merges it (runtime/format/stats.ts does the merging with stap's
 * arithmetic). All fields are s64: count, sum, min, max, the Welford running mean scaled by
 * 2^shift and its M2 (both only kept when the program uses `@variance`), then one count per
 * histogram bucket. The sample variance is derived from M2 when reading.
 */

export type HistogramShape =
  | { readonly kind: 'none' }
  | { readonly kind: 'log'; readonly buckets: number }
  | {
      readonly kind: 'linear';
      readonly start: number;
      readonly stop: number;
      readonly interval: number;
      readonly buckets: number;
    };

/** What the code generator needs to know of an aggregate (runtime's StatSpec has this shape). */
export interface StatShape {
  readonly histogram: HistogramShape;
  readonly varianceShift: number;
}

export const STAT_OFFSET = {
  count: 0,
  sum: 8,
  min: 16,
  max: 24,
  avgScaled: 32,
  m2: 40,
  buckets: 48,
} as const;

export function bucketsOf(shape: StatShape): number {
  return shape.histogram.kind === 'none' ? 0 : shape.histogram.buckets;
}

export function statValueBytes(shape: StatShape): number {
  return STAT_OFFSET.buckets + 8 * bucketsOf(shape);
}

/** One copy as stored. */
export interface StoredStat {
  count: bigint;
  sum: bigint;
  min: bigint;
  max: bigint;
  avgScaled: bigint;
  m2: bigint;
  readonly histogram: bigint[];
}

export function readStoredStat(view: DataView, offset: number, shape: StatShape): StoredStat {
  const n = bucketsOf(shape);
  const histogram: bigint[] = new Array<bigint>(n);
  for (let k = 0; k < n; k++) histogram[k] = view.getBigInt64(offset + STAT_OFFSET.buckets + 8 * k, true);
  return {
    count: view.getBigInt64(offset + STAT_OFFSET.count, true),
    sum: view.getBigInt64(offset + STAT_OFFSET.sum, true),
    min: view.getBigInt64(offset + STAT_OFFSET.min, true),
    max: view.getBigInt64(offset + STAT_OFFSET.max, true),
    avgScaled: view.getBigInt64(offset + STAT_OFFSET.avgScaled, true),
    m2: view.getBigInt64(offset + STAT_OFFSET.m2, true),
    histogram,
  };
}

export function writeStoredStat(view: DataView, offset: number, s: StoredStat): void {
  view.setBigInt64(offset + STAT_OFFSET.count, s.count, true);
  view.setBigInt64(offset + STAT_OFFSET.sum, s.sum, true);
  view.setBigInt64(offset + STAT_OFFSET.min, s.min, true);
  view.setBigInt64(offset + STAT_OFFSET.max, s.max, true);
  view.setBigInt64(offset + STAT_OFFSET.avgScaled, s.avgScaled, true);
  view.setBigInt64(offset + STAT_OFFSET.m2, s.m2, true);
  s.histogram.forEach((c, k) => {
    view.setBigInt64(offset + STAT_OFFSET.buckets + 8 * k, c, true);
  });
}
