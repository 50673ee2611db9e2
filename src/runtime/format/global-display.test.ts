import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderGlobalDisplay } from './global-display.js';
import type { StatData, StatSpec } from './stats.js';
import { aggregateArrayElement, aggregateScalar, NO_HISTOGRAM, newStatData, statAdd } from './stats.js';

const SPEC: StatSpec = { histogram: NO_HISTOGRAM, varianceShift: 0 };

function stats(...samples: bigint[]): StatData {
  const sd = newStatData(SPEC);
  for (const v of samples) statAdd(SPEC, sd, v);
  return aggregateScalar(SPEC, [sd]);
}

function element(...samples: bigint[]): StatData {
  const sd = newStatData(SPEC);
  for (const v of samples) statAdd(SPEC, sd, v);
  const agg = aggregateArrayElement(SPEC, [sd]);
  if (agg === undefined) assert.fail('no element');
  return agg;
}

describe('scalars', () => {
  test('long and pointer', () => {
    assert.equal(renderGlobalDisplay({ kind: 'long', name: 'hits', value: 17n }), 'hits=17\n');
    assert.equal(renderGlobalDisplay({ kind: 'long', name: 'delta', value: -3n }), 'delta=-3\n');
    assert.equal(
      renderGlobalDisplay({ kind: 'long', name: 'task', value: 0xffff8880n, pointer: true }),
      'task=0xffff8880\n',
    );
    assert.equal(renderGlobalDisplay({ kind: 'long', name: 'task', value: 0n, pointer: true }), 'task=0x0\n');
  });

  test('string, quoted but not escaped', () => {
    assert.equal(
      renderGlobalDisplay({ kind: 'string', name: 'last', value: 'say "hi"' }),
      'last="say "hi""\n',
    );
    assert.equal(renderGlobalDisplay({ kind: 'string', name: 'empty', value: '' }), 'empty=""\n');
  });

  test('statistics', () => {
    assert.equal(
      renderGlobalDisplay({ kind: 'stats', name: 'lat', value: stats(3n, 9n, 6n, 1n) }),
      'lat @count=4 @min=1 @max=9 @sum=19 @avg=4\n',
    );
  });

  test('statistics without samples', () => {
    assert.equal(renderGlobalDisplay({ kind: 'stats', name: 'lat', value: stats() }), 'lat @count=0x0\n');
    assert.equal(renderGlobalDisplay({ kind: 'stats', name: 'lat', value: undefined }), 'lat @count=0x0\n');
  });

  test('statistics in hex for --compatible below 1.4', () => {
    assert.equal(
      renderGlobalDisplay({ kind: 'stats', name: 'lat', value: stats(10n, 20n) }, { hexStats: true }),
      'lat @count=0x2 @min=0xa @max=0x14 @sum=0x1e @avg=0xf\n',
    );
  });
});

describe('arrays', () => {
  test('long values, descending, keys quoted when strings', () => {
    assert.equal(
      renderGlobalDisplay({
        kind: 'array',
        name: 'calls',
        entries: [
          { keys: ['open', 1n], value: 5n },
          { keys: ['read', 2n], value: 40n },
          { keys: ['open', 2n], value: -1n },
          { keys: ['close', 1n], value: 12n },
        ],
      }),
      'calls["read",2]=40\ncalls["close",1]=12\ncalls["open",1]=5\ncalls["open",2]=-1\n',
    );
  });

  test('equal values keep their given order', () => {
    assert.equal(
      renderGlobalDisplay({
        kind: 'array',
        name: 'seen',
        entries: [
          { keys: [3n], value: 1n },
          { keys: [1n], value: 2n },
          { keys: [2n], value: 1n },
        ],
      }),
      'seen[1]=2\nseen[3]=1\nseen[2]=1\n',
    );
  });

  test('string values, descending bytewise', () => {
    assert.equal(
      renderGlobalDisplay({
        kind: 'array',
        name: 'owner',
        entries: [
          { keys: ['a'], value: 'apple' },
          { keys: ['b'], value: 'Zebra' },
          { keys: ['c'], value: '\xe9t\xe9' },
          { keys: ['d'], value: 'banana' },
        ],
      }),
      'owner["c"]="\xe9t\xe9"\nowner["d"]="banana"\nowner["a"]="apple"\nowner["b"]="Zebra"\n',
    );
  });

  test('an empty array prints nothing', () => {
    assert.equal(renderGlobalDisplay({ kind: 'array', name: 'none', entries: [] }), '');
  });

  test('statistics arrays, by @count descending', () => {
    assert.equal(
      renderGlobalDisplay({
        kind: 'stats-array',
        name: 'sizes',
        entries: [
          { keys: ['sda', 0n], value: element(512n) },
          { keys: ['sdb', 1n], value: element(4096n, 8192n, 4096n) },
          { keys: ['nvme0', 2n], value: element(1n, 3n) },
        ],
      }),
      'sizes["sdb",1] @count=3 @min=4096 @max=8192 @sum=16384 @avg=5461\n' +
        'sizes["nvme0",2] @count=2 @min=1 @max=3 @sum=4 @avg=2\n' +
        'sizes["sda",0] @count=1 @min=512 @max=512 @sum=512 @avg=512\n',
    );
  });
});
