/**
 * Statistics aggregates (`s <<< v`) with stap's exact integer arithmetic (runtime/stat-common.c,
 * stat.c, map.c):
 *
 * - each CPU keeps count, sum, min, max and a Welford running mean/M2 scaled by the stat's
 *   variance bit shift (`@variance(s, shift)`); the Welford `delta` is a C `int`, so it keeps only
 *   its low 32 bits, and every division truncates toward zero (x/0 is 0). The kernel side must do
 *   exactly what `statAdd` does for `@variance` to match (e.g. samples 1..5: 12 for a scalar);
 * - a scalar stat is read by merging all CPUs with the "total variance" formula (`_stp_stat_get`),
 *   an array element by folding CPU copies pairwise (`_new_map_copy_stat`): the two differ in the
 *   last digit (1..5 on one CPU: 12 for a scalar, 7 for an array element);
 * - `@hist_linear(L, H, W)` has `(H-L)/W + 3` buckets: index 0 counts values below L, index N-1
 *   values above the last bucket; `@hist_log` has 128 buckets, index 64 for 0, 64+k for
 *   [2^(k-1), 2^k), 64-k for (-2^k, -2^(k-1)].
 *
 * Queries return a result value (`empty aggregate`, `histogram index out of range`), never throw.
 */

/** Buckets of a `@hist_log`; index HIST_LOG_BUCKET0 holds 0. */
export const HIST_LOG_BUCKETS = 128;
export const HIST_LOG_BUCKET0 = 64;
/** Most buckets a `@hist_linear` may have, under/overflow included. */
export const STP_MAX_BUCKETS = 128;

export type HistogramSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'log'; readonly buckets: number }
  | {
      readonly kind: 'linear';
      /** L, H and W as C ints. */
      readonly start: number;
      readonly stop: number;
      readonly interval: number;
      readonly buckets: number;
    };

/** What every copy of one aggregate shares: its histogram and `@variance` bit shift (0..62). */
export interface StatSpec {
  readonly histogram: HistogramSpec;
  readonly varianceShift: number;
}

/** One CPU's copy of an aggregate, or the merged result of reading it. */
export interface StatData {
  count: bigint;
  sum: bigint;
  min: bigint;
  max: bigint;
  /** Running mean, scaled by 2^shift. */
  avgS: bigint;
  /** Welford's M2, scaled by 2^(2*shift). */
  m2: bigint;
  /** Sample variance, scaled by 2^(2*shift). */
  varianceS: bigint;
  /** `@variance` (set when reading, i.e. by the aggregate functions). */
  variance: bigint;
  /** One count per bucket; empty without a histogram. */
  readonly histogram: bigint[];
}

export const NO_HISTOGRAM: HistogramSpec = { kind: 'none' };
export const LOG_HISTOGRAM: HistogramSpec = { kind: 'log', buckets: HIST_LOG_BUCKETS };

/**
 * The histogram of `@hist_linear(s, start, stop, interval)`, or the warning stap's runtime prints
 * (after `WARNING: `) when it refuses it.
 */
export function linearHistogram(
  start: number,
  stop: number,
  interval: number,
): { readonly spec: HistogramSpec } | { readonly warning: string } {
  if (interval === 0) return { warning: 'histogram: interval cannot be zero.' };
  const buckets = (Math.trunc(((stop - start) | 0) / interval) | 0) + 3;
  if (buckets > STP_MAX_BUCKETS || buckets < 3) {
    return {
      warning:
        `histogram: Number of buckets must be between 1 and ${STP_MAX_BUCKETS - 2}\n` +
        'Number_of_buckets = (stop - start) / interval.\n' +
        'Please adjust your start, stop, and interval values.',
    };
  }
  return { spec: { kind: 'linear', start, stop, interval, buckets } };
}

export function bucketCount(spec: HistogramSpec): number {
  return spec.kind === 'none' ? 0 : spec.buckets;
}

export function newStatData(spec: StatSpec): StatData {
  return {
    count: 0n,
    sum: 0n,
    min: 0n,
    max: 0n,
    avgS: 0n,
    m2: 0n,
    varianceS: 0n,
    variance: 0n,
    histogram: new Array<bigint>(bucketCount(spec.histogram)).fill(0n),
  };
}

const i64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/** `_stp_div64`: truncating 64-bit division, 0 when dividing by 0. */
export function div64(x: bigint, y: bigint): bigint {
  if (y === 0n) return 0n;
  if (y === -1n) return i64(-x);
  return x / y;
}

/** `>>` by a count the CPU masks to 6 bits (x86 sar, arm64 asr). */
function shiftRight(v: bigint, count: number): bigint {
  return v >> BigInt(count & 63);
}

/** Bit length of a nonnegative value below 2^64. */
function bitLength(v: bigint): number {
  if (v < 0x100000000n) return 32 - Math.clz32(Number(v));
  return 32 + bitLength(v >> 32n);
}

/** `_stp_val_to_bucket`: the `@hist_log` bucket of a value. */
export function logBucketOf(value: bigint): number {
  if (value === 0n) return HIST_LOG_BUCKET0;
  if (value > 0n) return HIST_LOG_BUCKET0 + bitLength(value);
  return HIST_LOG_BUCKET0 - bitLength(-value);
}

/** `_stp_bucket_to_val`: the label (lower power of two, signed) of a `@hist_log` bucket. */
export function logBucketValue(index: number): bigint {
  if (index === HIST_LOG_BUCKET0) return 0n;
  if (index < HIST_LOG_BUCKET0) return i64(-(1n << 63n)) >> BigInt(index);
  return 1n << BigInt(index - HIST_LOG_BUCKET0 - 1);
}

/** The `@hist_linear` bucket of a value: 0 below start, N-1 at or past the overflow bucket. */
export function linearBucketOf(
  spec: { readonly start: number; readonly interval: number; readonly buckets: number },
  value: bigint,
): number {
  const offset = i64(value - BigInt(spec.start));
  let index: bigint;
  if (offset < 0n) {
    index = 0n;
  } else {
    // do_div divides by the interval as a u32.
    index = offset / BigInt(spec.interval >>> 0) + 1n;
  }
  const last = BigInt(spec.buckets - 1);
  return Number(index >= last ? last : index);
}

/** `s <<< value` on one CPU's copy (`__stp_stat_add` with every statistic enabled). */
export function statAdd(spec: StatSpec, sd: StatData, value: bigint): void {
  const shift = BigInt(spec.varianceShift);
  if (sd.count === 0n) {
    sd.count = 1n;
    sd.sum = value;
    sd.min = value;
    sd.max = value;
    sd.avgS = i64(value << shift);
    sd.m2 = 0n;
  } else {
    sd.count = i64(sd.count + 1n);
    sd.sum = i64(sd.sum + value);
    if (value > sd.max) sd.max = value;
    if (value < sd.min) sd.min = value;
    const scaled = i64(value << shift);
    const delta = BigInt.asIntN(32, scaled - sd.avgS);
    sd.avgS = i64(sd.avgS + div64(delta, sd.count));
    sd.m2 = i64(sd.m2 + i64(delta * i64(scaled - sd.avgS)));
    sd.varianceS = sd.count < 2n ? -1n : div64(sd.m2, sd.count - 1n);
  }
  const hist = spec.histogram;
  if (hist.kind === 'log') {
    const index = Math.min(logBucketOf(value), hist.buckets - 1);
    sd.histogram[index] = sd.histogram[index]! + 1n;
  } else if (hist.kind === 'linear') {
    const index = linearBucketOf(hist, value);
    sd.histogram[index] = sd.histogram[index]! + 1n;
  }
}

function squaredSpread(count: bigint, a: bigint, b: bigint): bigint {
  const d = i64(a - b);
  return i64(i64(count * d) * d);
}

/** Reads a scalar aggregate: merges the CPU copies in CPU order (`_stp_stat_get`). */
export function aggregateScalar(spec: StatSpec, perCpu: readonly StatData[]): StatData {
  const agg = newStatData(spec);
  for (const sd of perCpu) {
    if (sd.count === 0n) continue;
    if (agg.count === 0n) {
      agg.min = sd.min;
      agg.max = sd.max;
    }
    agg.count = i64(agg.count + sd.count);
    agg.sum = i64(agg.sum + sd.sum);
    if (sd.max > agg.max) agg.max = sd.max;
    if (sd.min < agg.min) agg.min = sd.min;
    addBuckets(agg.histogram, sd.histogram);
  }
  agg.avgS = div64(i64(agg.sum << BigInt(spec.varianceShift)), agg.count);
  let s1 = 0n;
  let s2 = 0n;
  for (const sd of perCpu) {
    if (sd.count === 0n) continue;
    s1 = i64(s1 + squaredSpread(sd.count, sd.avgS, agg.avgS));
    s2 = i64(s2 + i64((sd.count - 1n) * sd.varianceS));
  }
  agg.varianceS = div64(i64(s1 + s2), agg.count - 1n);
  agg.variance = shiftRight(agg.varianceS, 2 * spec.varianceShift);
  return agg;
}

/**
 * Reads one element of a statistics array: folds the CPU copies (undefined where a CPU never saw
 * the key) in CPU order like `_stp_pmap_agg`. Undefined when no CPU has the key.
 */
export function aggregateArrayElement(
  spec: StatSpec,
  perCpu: readonly (StatData | undefined)[],
): StatData | undefined {
  let agg: StatData | undefined;
  for (const sd of perCpu) {
    if (sd === undefined) continue;
    if (agg === undefined) {
      agg = newStatData(spec);
      copyStat(spec, agg, sd);
    } else {
      mergeStat(spec, agg, sd);
    }
  }
  return agg;
}

/** `_new_map_copy_stat(.., add=1)`: adds `from` into `into`; copies when either is empty. */
export function mergeStat(spec: StatSpec, into: StatData, from: StatData): void {
  if (into.count <= 0n || from.count <= 0n) {
    copyStat(spec, into, from);
    return;
  }
  const shift = spec.varianceShift;
  const count1 = into.count;
  const avg1 = into.avgS;
  into.count = i64(into.count + from.count);
  into.sum = i64(into.sum + from.sum);
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  into.avgS = div64(i64(into.sum << BigInt(shift)), into.count);
  const s11 = squaredSpread(count1, avg1, into.avgS);
  const s12 = i64((count1 - 1n) * into.varianceS);
  const s21 = squaredSpread(from.count, from.avgS, into.avgS);
  const s22 = i64((from.count - 1n) * from.varianceS);
  into.varianceS = div64(i64(s11 + s12 + s21 + s22), into.count - 1n);
  into.variance = shiftRight(into.varianceS, 2 * shift);
  addBuckets(into.histogram, from.histogram);
}

/** `_new_map_copy_stat(.., add=0)`. */
function copyStat(spec: StatSpec, into: StatData, from: StatData): void {
  into.count = from.count;
  into.sum = from.sum;
  into.min = from.min;
  into.max = from.max;
  into.avgS = from.avgS;
  into.m2 = from.m2;
  into.varianceS = from.varianceS;
  into.variance = shiftRight(from.varianceS, 2 * spec.varianceShift);
  for (let k = 0; k < into.histogram.length; k++) into.histogram[k] = from.histogram[k] ?? 0n;
}

function addBuckets(into: bigint[], from: readonly bigint[]): void {
  for (let k = 0; k < into.length; k++) into[k] = i64(into[k]! + (from[k] ?? 0n));
}

export type StatOp = 'count' | 'sum' | 'min' | 'max' | 'avg' | 'variance';

export type StatResult =
  | { readonly ok: true; readonly value: bigint }
  | { readonly ok: false; readonly error: string };

export const EMPTY_AGGREGATE = 'empty aggregate';
export const HISTOGRAM_INDEX_OUT_OF_RANGE = 'histogram index out of range';

const EMPTY: StatResult = { ok: false, error: EMPTY_AGGREGATE };

/**
 * `@count(s)` ... `@variance(s)` of a read aggregate (undefined: an array element never
 * written). `@count` and `@sum` of an empty aggregate are 0, the others `empty aggregate`.
 */
export function statOp(agg: StatData | undefined, op: StatOp): StatResult {
  const empty = agg === undefined || agg.count === 0n;
  switch (op) {
    case 'count':
      return { ok: true, value: empty ? 0n : agg.count };
    case 'sum':
      return { ok: true, value: empty ? 0n : agg.sum };
    case 'min':
      return empty ? EMPTY : { ok: true, value: agg.min };
    case 'max':
      return empty ? EMPTY : { ok: true, value: agg.max };
    case 'avg':
      return empty ? EMPTY : { ok: true, value: div64(agg.sum, agg.count) };
    case 'variance':
      return empty ? EMPTY : { ok: true, value: agg.variance };
  }
}

/** `@hist_...(s)[index]`: `empty aggregate` first, then `histogram index out of range`. */
export function histogramBucket(spec: StatSpec, agg: StatData | undefined, index: bigint): StatResult {
  if (agg === undefined || agg.count === 0n) return EMPTY;
  if (index < 0n || index >= BigInt(bucketCount(spec.histogram))) {
    return { ok: false, error: HISTOGRAM_INDEX_OUT_OF_RANGE };
  }
  return { ok: true, value: agg.histogram[Number(index)] ?? 0n };
}

/**
 * `foreach (b in @hist_...(s))` visits every bucket index 0..N-1 in order, empty ones included;
 * `foreach (v = b in ...)` also gets the bucket's count. Returns [index, count] pairs.
 */
export function histogramEntries(spec: StatSpec, agg: StatData | undefined): [bigint, bigint][] {
  const n = bucketCount(spec.histogram);
  const entries: [bigint, bigint][] = [];
  for (let k = 0; k < n; k++) entries.push([BigInt(k), agg?.histogram[k] ?? 0n]);
  return entries;
}
