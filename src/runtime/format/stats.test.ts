import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HistogramSpec, StatData, StatSpec } from './stats.js';
import {
  aggregateArrayElement,
  aggregateScalar,
  div64,
  EMPTY_AGGREGATE,
  HISTOGRAM_INDEX_OUT_OF_RANGE,
  histogramBucket,
  histogramEntries,
  LOG_HISTOGRAM,
  linearBucketOf,
  linearHistogram,
  logBucketOf,
  logBucketValue,
  NO_HISTOGRAM,
  newStatData,
  statAdd,
  statOp,
} from './stats.js';

const MIN64 = -(1n << 63n);
const MAX64 = (1n << 63n) - 1n;

function spec(varianceShift = 0, histogram: HistogramSpec = NO_HISTOGRAM): StatSpec {
  return { histogram, varianceShift };
}

/** One CPU's copy holding `samples`. */
function cpu(s: StatSpec, samples: readonly bigint[]): StatData {
  const sd = newStatData(s);
  for (const v of samples) statAdd(s, sd, v);
  return sd;
}

function value(result: ReturnType<typeof statOp>): bigint {
  if (!result.ok) assert.fail(result.error);
  return result.value;
}

function linear(start: number, stop: number, interval: number): HistogramSpec {
  const made = linearHistogram(start, stop, interval);
  if ('warning' in made) assert.fail(made.warning);
  return made.spec;
}

/** The samples of the upstream linear-histogram tests: k*m for k in 0..99, m in 1..15 plus 12 again. */
function multiples(): bigint[] {
  const out: bigint[] = [];
  for (let k = 0n; k < 100n; k++) {
    for (const m of [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n, 12n, 12n, 13n, 14n, 15n]) out.push(k * m);
  }
  return out;
}

describe('count, sum, min, max, avg', () => {
  test('of one CPU', () => {
    const s = spec();
    const agg = aggregateScalar(s, [cpu(s, [7n, -3n, 12n, 4n])]);
    assert.equal(value(statOp(agg, 'count')), 4n);
    assert.equal(value(statOp(agg, 'sum')), 20n);
    assert.equal(value(statOp(agg, 'min')), -3n);
    assert.equal(value(statOp(agg, 'max')), 12n);
    assert.equal(value(statOp(agg, 'avg')), 5n);
  });

  test('@avg truncates toward zero', () => {
    const s = spec();
    assert.equal(value(statOp(aggregateScalar(s, [cpu(s, [-3n, -4n])]), 'avg')), -3n);
  });

  test('merged across CPUs, empty CPUs skipped', () => {
    const s = spec();
    const agg = aggregateScalar(s, [cpu(s, []), cpu(s, [10n, 20n]), cpu(s, [-5n]), cpu(s, [])]);
    assert.deepEqual(
      (['count', 'sum', 'min', 'max', 'avg'] as const).map((op) => value(statOp(agg, op))),
      [3n, 25n, -5n, 20n, 8n],
    );
  });

  test('an empty aggregate: @count and @sum are 0, the rest an error', () => {
    const s = spec();
    for (const agg of [aggregateScalar(s, [cpu(s, []), cpu(s, [])]), undefined]) {
      assert.deepEqual(statOp(agg, 'count'), { ok: true, value: 0n });
      assert.deepEqual(statOp(agg, 'sum'), { ok: true, value: 0n });
      for (const op of ['min', 'max', 'avg', 'variance'] as const) {
        assert.deepEqual(statOp(agg, op), { ok: false, error: EMPTY_AGGREGATE });
      }
    }
  });

  test('the upstream linear test data', () => {
    const s = spec();
    const agg = aggregateScalar(s, [cpu(s, multiples())]);
    assert.deepEqual(
      (['count', 'sum', 'min', 'max', 'avg', 'variance'] as const).map((op) => value(statOp(agg, op))),
      [1600n, 653400n, 0n, 1485n, 408n, 450768n],
    );
  });
});

describe('@variance', () => {
  const oneToFive = [1n, 2n, 3n, 4n, 5n];

  test('integer Welford on a scalar: 1..5 gives 12, or 2 with a bit shift of 1', () => {
    const s0 = spec(0);
    assert.equal(value(statOp(aggregateScalar(s0, [cpu(s0, oneToFive)]), 'variance')), 12n);
    const s1 = spec(1);
    assert.equal(value(statOp(aggregateScalar(s1, [cpu(s1, oneToFive)]), 'variance')), 2n);
  });

  test('an array element on one CPU keeps the per-CPU Welford value', () => {
    const s0 = spec(0);
    assert.equal(value(statOp(aggregateArrayElement(s0, [cpu(s0, oneToFive)]), 'variance')), 7n);
    const s1 = spec(1);
    assert.equal(value(statOp(aggregateArrayElement(s1, [cpu(s1, oneToFive)]), 'variance')), 2n);
  });

  test('upstream facts: 0..99 gives 5741; 444 and 999 with shift 7 give 154012; 1,2,3 with shift 7 give 1', () => {
    const s0 = spec(0);
    const hundred = Array.from({ length: 100 }, (_, k) => BigInt(k));
    assert.equal(value(statOp(aggregateScalar(s0, [cpu(s0, hundred)]), 'variance')), 5741n);
    const s7 = spec(7);
    assert.equal(value(statOp(aggregateScalar(s7, [cpu(s7, [444n, 999n])]), 'variance')), 154012n);
    assert.equal(value(statOp(aggregateArrayElement(s7, [cpu(s7, [1n, 2n, 3n])]), 'variance')), 1n);
    assert.equal(value(statOp(aggregateScalar(s7, [cpu(s7, [1n, 2n, 3n])]), 'variance')), 1n);
  });

  test('one sample has variance 0', () => {
    const s = spec(3);
    assert.equal(value(statOp(aggregateScalar(s, [cpu(s, [42n])]), 'variance')), 0n);
    assert.equal(value(statOp(aggregateArrayElement(s, [cpu(s, [42n])]), 'variance')), 0n);
  });

  test('merging CPUs uses the total-variance formula', () => {
    const s = spec(0);
    // CPU 0: 1, 2 (mean 1, variance 1); CPU 1: 3. Mean 2; (2*1 + 1*1 + 1*1 + 0) / 2 = 2.
    assert.equal(value(statOp(aggregateScalar(s, [cpu(s, [1n, 2n]), cpu(s, [3n])]), 'variance')), 2n);
    assert.equal(
      value(statOp(aggregateArrayElement(s, [cpu(s, [1n, 2n]), undefined, cpu(s, [3n])]), 'variance')),
      2n,
    );
  });

  test('the Welford delta is a C int: only its low 32 bits count', () => {
    const s = spec(0);
    // delta = (2^32 + 2) - 0 keeps 2: mean 1, M2 = 2 * (2^32 + 1).
    assert.equal(
      value(statOp(aggregateArrayElement(s, [cpu(s, [0n, (1n << 32n) + 2n])]), 'variance')),
      8589934594n,
    );
  });

  test('a key no CPU has is undefined', () => {
    assert.equal(aggregateArrayElement(spec(), [undefined, undefined]), undefined);
  });
});

describe('div64', () => {
  test('truncates, and x/0 is 0', () => {
    assert.equal(div64(7n, 2n), 3n);
    assert.equal(div64(-7n, 2n), -3n);
    assert.equal(div64(5n, 0n), 0n);
    assert.equal(div64(MIN64, -1n), MIN64);
  });
});

describe('@hist_log buckets', () => {
  test('value to bucket', () => {
    const cases: [bigint, number][] = [
      [0n, 64],
      [1n, 65],
      [2n, 66],
      [3n, 66],
      [4n, 67],
      [1023n, 74],
      [1024n, 75],
      [MAX64, 127],
      [-1n, 63],
      [-2n, 62],
      [-3n, 62],
      [-4n, 61],
      [MIN64, 0],
    ];
    for (const [v, bucket] of cases) assert.equal(logBucketOf(v), bucket, `${v}`);
  });

  test('bucket to label', () => {
    assert.equal(logBucketValue(64), 0n);
    assert.equal(logBucketValue(65), 1n);
    assert.equal(logBucketValue(75), 1024n);
    assert.equal(logBucketValue(127), 1n << 62n);
    assert.equal(logBucketValue(63), -1n);
    assert.equal(logBucketValue(61), -4n);
    assert.equal(logBucketValue(0), MIN64);
  });
});

describe('@hist_linear buckets', () => {
  test('(H - L) / W + 3 buckets with under- and overflow', () => {
    const h = linear(0, 1000, 100);
    assert.equal(h.kind === 'linear' && h.buckets, 13);
    if (h.kind !== 'linear') return;
    const cases: [bigint, number][] = [
      [-1n, 0],
      [MIN64, 0],
      [0n, 1],
      [99n, 1],
      [100n, 2],
      [1000n, 11],
      [1099n, 11],
      [1100n, 12],
      [MAX64, 12],
    ];
    for (const [v, bucket] of cases) assert.equal(linearBucketOf(h, v), bucket, `${v}`);
  });

  test('negative ranges', () => {
    const h = linear(-50, 50, 25);
    if (h.kind !== 'linear') assert.fail();
    assert.equal(h.buckets, 7);
    assert.deepEqual(
      [-51n, -50n, -26n, -25n, 0n, 49n, 50n, 75n].map((v) => linearBucketOf(h, v)),
      [0, 1, 1, 2, 3, 4, 5, 6],
    );
  });

  test('refused parameters give the runtime warning', () => {
    assert.deepEqual(linearHistogram(0, 100, 0), { warning: 'histogram: interval cannot be zero.' });
    const tooMany =
      'histogram: Number of buckets must be between 1 and 126\n' +
      'Number_of_buckets = (stop - start) / interval.\n' +
      'Please adjust your start, stop, and interval values.';
    assert.deepEqual(linearHistogram(0, 1000, 5), { warning: tooMany });
    assert.deepEqual(linearHistogram(0, 1000, -10), { warning: tooMany });
    assert.ok('spec' in linearHistogram(0, 0, 1));
    assert.ok('spec' in linearHistogram(0, 125, 1));
    assert.ok('warning' in linearHistogram(0, 126, 1));
  });
});

describe('histogram access', () => {
  const s = spec(0, LOG_HISTOGRAM);
  const agg = aggregateScalar(s, [cpu(s, [1n, 5n, 6n]), cpu(s, [7n, 0n])]);

  test('@hist_log(s)[i]', () => {
    assert.deepEqual(histogramBucket(s, agg, 67n), { ok: true, value: 3n });
    assert.deepEqual(histogramBucket(s, agg, 64n), { ok: true, value: 1n });
    assert.deepEqual(histogramBucket(s, agg, 0n), { ok: true, value: 0n });
    assert.deepEqual(histogramBucket(s, agg, 127n), { ok: true, value: 0n });
  });

  test('out of range and empty', () => {
    assert.deepEqual(histogramBucket(s, agg, 128n), { ok: false, error: HISTOGRAM_INDEX_OUT_OF_RANGE });
    assert.deepEqual(histogramBucket(s, agg, -1n), { ok: false, error: HISTOGRAM_INDEX_OUT_OF_RANGE });
    assert.deepEqual(histogramBucket(s, undefined, 500n), { ok: false, error: EMPTY_AGGREGATE });
    assert.deepEqual(histogramBucket(s, aggregateScalar(s, [cpu(s, [])]), 3n), {
      ok: false,
      error: EMPTY_AGGREGATE,
    });
  });

  test('foreach visits every bucket in index order', () => {
    const entries = histogramEntries(s, agg);
    assert.equal(entries.length, 128);
    assert.deepEqual(entries[0], [0n, 0n]);
    assert.deepEqual(
      entries.filter(([, c]) => c !== 0n),
      [
        [64n, 1n],
        [65n, 1n],
        [67n, 3n],
      ],
    );
    const h = linear(0, 30, 10);
    const ls = spec(0, h);
    assert.deepEqual(histogramEntries(ls, aggregateScalar(ls, [cpu(ls, [-4n, 15n, 15n, 99n])])), [
      [0n, 1n],
      [1n, 0n],
      [2n, 2n],
      [3n, 0n],
      [4n, 0n],
      [5n, 1n],
    ]);
  });
});
