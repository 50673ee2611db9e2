import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HistogramOptions } from './histogram.js';
import { renderHistogram } from './histogram.js';
import type { HistogramSpec } from './stats.js';
import { aggregateScalar, LOG_HISTOGRAM, linearHistogram, newStatData, statAdd } from './stats.js';

type Drawable = Exclude<HistogramSpec, { kind: 'none' }>;

function linear(start: number, stop: number, interval: number): Drawable {
  const made = linearHistogram(start, stop, interval);
  if ('warning' in made || made.spec.kind !== 'linear') assert.fail('bad histogram');
  return made.spec;
}

const LOG = LOG_HISTOGRAM as Drawable;

function chart(histogram: Drawable, samples: readonly bigint[], options?: HistogramOptions): string {
  const spec = { histogram, varianceShift: 0 };
  const sd = newStatData(spec);
  for (const v of samples) statAdd(spec, sd, v);
  return renderHistogram(histogram, aggregateScalar(spec, [sd]).histogram, options);
}

const lines = (...rows: string[]) => `${rows.join('\n')}\n\n`;
const repeat = (v: bigint, n: number) => Array.from({ length: n }, () => v);
const HEADER = 'value |-------------------------------------------------- count';

/** k*m for k in 0..99 and m in 1..15 plus 12 again (the upstream linear tests' data). */
function multiples(): bigint[] {
  const out: bigint[] = [];
  for (let k = 0n; k < 100n; k++) {
    for (const m of [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n, 12n, 12n, 13n, 14n, 15n]) out.push(k * m);
  }
  return out;
}

describe('linear histograms', () => {
  test('two empty rows each side, gaps elided, overflow row labelled >H', () => {
    const samples = [...repeat(5n, 3), 25n, 95n, 95n, 250n];
    assert.equal(
      chart(linear(0, 100, 10), samples),
      lines(
        HEADER,
        '    0 |@@@                                                3',
        '   10 |                                                   0',
        '   20 |@                                                  1',
        '   30 |                                                   0',
        '   40 |                                                   0',
        '      ~',
        '   70 |                                                   0',
        '   80 |                                                   0',
        '   90 |@@                                                 2',
        '  100 |                                                   0',
        ' >100 |@                                                  1',
      ),
    );
  });

  test('under- and overflow rows, bars scaled to the width (upstream linear_overunder)', () => {
    assert.equal(
      chart(linear(250, 1000, 50), multiples()),
      lines(
        HEADER,
        ' <250 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@   680',
        '  250 |@@@@@@                                              94',
        '  300 |@@@@@                                               79',
        '  350 |@@@@@                                               79',
        '  400 |@@@@                                                65',
        '  450 |@@@@                                                67',
        '  500 |@@@                                                 55',
        '  550 |@@@                                                 54',
        '  600 |@@@                                                 51',
        '  650 |@@@                                                 45',
        '  700 |@@                                                  41',
        '  750 |@@                                                  40',
        '  800 |@@                                                  34',
        '  850 |@@                                                  33',
        '  900 |@@                                                  31',
        '  950 |@                                                   27',
        ' 1000 |@                                                   23',
        '>1000 |@@@@@@@                                            102',
      ),
    );
  });

  test('the last bucket before an empty overflow is shown with its zero', () => {
    const out = chart(linear(0, 1500, 50), multiples()).split('\n');
    assert.equal(out[1], '    0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@       177');
    assert.equal(out[30], ' 1450 |                                                     3');
    assert.equal(out[31], ' 1500 |                                                     0');
    assert.equal(out.length, 34);
  });

  test('wide labels widen the value column', () => {
    const samples = [
      ...repeat(20000000n, 3),
      ...repeat(300000000n, 2),
      ...repeat(600000000n, 5),
      ...repeat(1000000000n, 4),
      40000000000n,
    ];
    assert.equal(
      chart(linear(0, 1000000000, 100000000), samples),
      lines(
        '      value |-------------------------------------------------- count',
        '          0 |@@@                                                3',
        '  100000000 |                                                   0',
        '  200000000 |                                                   0',
        '  300000000 |@@                                                 2',
        '  400000000 |                                                   0',
        '  500000000 |                                                   0',
        '  600000000 |@@@@@                                              5',
        '  700000000 |                                                   0',
        '  800000000 |                                                   0',
        '  900000000 |                                                   0',
        ' 1000000000 |@@@@                                               4',
        '>1000000000 |@                                                  1',
      ),
    );
  });

  test('negative ranges and the <L row', () => {
    const samples = [0n, -20000000000n, ...repeat(-300000000n, 2), ...repeat(-1000000000n, 4)];
    assert.equal(
      chart(linear(-1000000000, 0, 100000000), samples),
      lines(
        '       value |-------------------------------------------------- count',
        '<-1000000000 |@                                                  1',
        ' -1000000000 |@@@@                                               4',
        '  -900000000 |                                                   0',
        '  -800000000 |                                                   0',
        '             ~',
        '  -500000000 |                                                   0',
        '  -400000000 |                                                   0',
        '  -300000000 |@@                                                 2',
        '  -200000000 |                                                   0',
        '  -100000000 |                                                   0',
        '           0 |@                                                  1',
      ),
    );
  });

  test('a single bucket histogram (0..0 step 1)', () => {
    assert.equal(
      chart(linear(0, 0, 1), repeat(0n, 128)),
      lines(HEADER, '    0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@         128'),
    );
  });
});

describe('elision', () => {
  const samples = [444n, 999n];
  const h = linear(0, 1500, 50);
  const row = (label: string, count: 0 | 1) =>
    `${label.padStart(5)} |${count === 1 ? '@' : ' '}${' '.repeat(50)}${count}`;

  test('-1 shows every row between the margins', () => {
    const labels = [300, 350, 400, 450, 500, 550, 600, 650, 700, 750, 800, 850, 900, 950, 1000, 1050];
    assert.equal(
      chart(h, samples, { elision: -1 }),
      lines(HEADER, ...labels.map((l) => row(String(l), l === 400 || l === 950 ? 1 : 0))),
    );
  });

  test('0 shows only nonempty rows, a ~ for each gap before one', () => {
    assert.equal(
      chart(h, samples, { elision: 0 }),
      lines(HEADER, '      ~', row('400', 1), '      ~', row('950', 1)),
    );
  });

  test('1 and the default 2 keep that many empty rows around data', () => {
    assert.equal(
      chart(h, samples, { elision: 1 }),
      lines(
        HEADER,
        '      ~',
        row('350', 0),
        row('400', 1),
        row('450', 0),
        '      ~',
        row('900', 0),
        row('950', 1),
        row('1000', 0),
      ),
    );
    assert.equal(
      chart(h, samples),
      lines(
        HEADER,
        row('300', 0),
        row('350', 0),
        row('400', 1),
        row('450', 0),
        row('500', 0),
        '      ~',
        row('850', 0),
        row('900', 0),
        row('950', 1),
        row('1000', 0),
        row('1050', 0),
      ),
    );
  });

  test('the ~ sits under the | of a wider value column', () => {
    assert.equal(
      chart(LOG, [-2n, -4096n], { elision: 0 }),
      lines(
        ' value |-------------------------------------------------- count',
        '       ~',
        ' -4096 |@                                                  1',
        '       ~',
        '    -2 |@                                                  1',
      ),
    );
  });
});

describe('log histograms', () => {
  test('labels are powers of two; the margin stops at 0 without negative samples', () => {
    assert.equal(
      chart(LOG, [1n, 2n, 3n, 4n]),
      lines(
        HEADER,
        '    0 |                                                   0',
        '    1 |@                                                  1',
        '    2 |@@                                                 2',
        '    4 |@                                                  1',
        '    8 |                                                   0',
        '   16 |                                                   0',
      ),
    );
    assert.equal(
      chart(LOG, [0n]),
      lines(
        HEADER,
        '    0 |@                                                  1',
        '    1 |                                                   0',
        '    2 |                                                   0',
      ),
    );
  });

  test('negative samples extend the margin below zero', () => {
    assert.equal(
      chart(LOG, [-1n, 1n]),
      lines(
        HEADER,
        '   -4 |                                                   0',
        '   -2 |                                                   0',
        '   -1 |@                                                  1',
        '    0 |                                                   0',
        '    1 |@                                                  1',
        '    2 |                                                   0',
        '    4 |                                                   0',
      ),
    );
  });

  test('the top bucket', () => {
    assert.equal(
      chart(LOG, [(1n << 63n) - 1n]),
      lines(
        '              value |-------------------------------------------------- count',
        '1152921504606846976 |                                                   0',
        '2305843009213693952 |                                                   0',
        '4611686018427387904 |@                                                  1',
      ),
    );
  });

  test('the full range (every power of two both signs, twenty zeros)', () => {
    const samples: bigint[] = [];
    for (let k = 0n; k < 63n; k++) samples.push(1n << k);
    for (let k = 0n; k < 64n; k++) samples.push(BigInt.asIntN(64, -(1n << k)));
    samples.push(...repeat(0n, 20));
    const out = chart(LOG, samples).split('\n');
    assert.equal(out.length, 1 + 128 + 2);
    assert.equal(out[0], '               value |-------------------------------------------------- count');
    assert.equal(out[1], '-9223372036854775808 |@                                                   1');
    assert.equal(out[64], '                  -1 |@                                                   1');
    assert.equal(out[65], '                   0 |@@@@@@@@@@@@@@@@@@@@                               20');
    assert.equal(out[128], ' 4611686018427387904 |@                                                   1');
    assert.equal(out[129], '');
  });

  test('HIST_WIDTH changes the bar width and scale', () => {
    const samples = [...repeat(1n, 30), ...repeat(8n, 12), -3n];
    assert.equal(
      chart(LOG, samples, { width: 10, elision: 1 }),
      lines(
        'value |---------- count',
        '      ~',
        '   -4 |            0',
        '   -2 |            1',
        '   -1 |            0',
        '    0 |            0',
        '    1 |@@@@@@@@@@ 30',
        '    2 |            0',
        '    4 |            0',
        '    8 |@@@@       12',
        '   16 |            0',
      ),
    );
  });
});
