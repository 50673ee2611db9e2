import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeKey, encodeKey, layoutKey, readString } from './globals.js';
import { layoutOutputSite, readOutputArgs } from './output-sites.js';
import { ERROR_CODE, errorMessage, RECORD_TYPE, recordId, recordType } from './records.js';
import { readStoredStat, STAT_OFFSET, statValueBytes, writeStoredStat } from './stats.js';

describe('output sites', () => {
  test('arguments follow the header, 8-byte aligned, strings at their capacity', () => {
    const site = layoutOutputSite({ kind: 'print' }, [
      { kind: 'long' },
      { kind: 'string', capacity: 16 },
      { kind: 'string', capacity: 5 },
      { kind: 'long' },
    ]);
    assert.deepEqual(site.args, [
      { kind: 'long', offset: 8 },
      { kind: 'string', offset: 16, capacity: 16 },
      { kind: 'string', offset: 32, capacity: 5 },
      { kind: 'long', offset: 40 },
    ]);
    assert.equal(site.recordBytes, 48);
  });

  test('a record decodes to its header and argument values', () => {
    const site = layoutOutputSite({ kind: 'println' }, [{ kind: 'long' }, { kind: 'string', capacity: 8 }]);
    const bytes = new Uint8Array(8 + site.recordBytes);
    const view = new DataView(bytes.buffer);
    view.setUint32(8, RECORD_TYPE.printf, true);
    view.setUint32(12, 7, true);
    view.setBigInt64(16, -5n, true);
    bytes.set([0x61, 0xe9, 0x63, 0], 24);
    assert.equal(recordType(view, 8), RECORD_TYPE.printf);
    assert.equal(recordId(view, 8), 7);
    assert.deepEqual(readOutputArgs(view, 8, site), [-5n, 'a\u00e9c']);
  });

  test('a string filling its slot has no NUL', () => {
    const site = layoutOutputSite({ kind: 'print' }, [{ kind: 'string', capacity: 4 }]);
    const bytes = new Uint8Array(site.recordBytes);
    bytes.set([0x61, 0x62, 0x63, 0x64, 0x65], 8);
    assert.deepEqual(readOutputArgs(new DataView(bytes.buffer), 0, site), ['abcd']);
  });
});

describe('map keys', () => {
  const layout = layoutKey([{ kind: 'string', capacity: 13 }, { kind: 'long' }]);

  test('columns are laid end to end, strings rounded to 8 bytes', () => {
    assert.deepEqual(layout.columns, [
      { kind: 'string', offset: 0, capacity: 16 },
      { kind: 'long', offset: 16 },
    ]);
    assert.equal(layout.keyBytes, 24);
  });

  test('encode zero-pads and decode inverts it', () => {
    const key = new Uint8Array(layout.keyBytes).fill(0xff);
    assert.equal(encodeKey(layout, ['bash', -2n], key), true);
    assert.deepEqual([...key.subarray(0, 6)], [0x62, 0x61, 0x73, 0x68, 0, 0]);
    assert.deepEqual(decodeKey(layout, key), ['bash', -2n]);
  });

  test('a string longer than its column is no key at all', () => {
    const key = new Uint8Array(layout.keyBytes);
    assert.equal(encodeKey(layout, ['x'.repeat(16), 0n], key), false);
    assert.equal(encodeKey(layout, ['x'.repeat(15), 0n], key), true);
    assert.equal(readString(key, 0, 16), 'x'.repeat(15));
  });
});

describe('stats', () => {
  test('a log histogram adds 128 buckets after the six fields', () => {
    const shape = { histogram: { kind: 'log', buckets: 128 }, varianceShift: 0 } as const;
    assert.equal(statValueBytes(shape), STAT_OFFSET.buckets + 128 * 8);
    const view = new DataView(new ArrayBuffer(statValueBytes(shape)));
    const s = {
      count: 3n,
      sum: 6n,
      min: 1n,
      max: 3n,
      avgScaled: 2n,
      m2: 2n,
      histogram: new Array(128).fill(0n),
    };
    s.histogram[65] = 1n;
    writeStoredStat(view, 0, s);
    assert.deepEqual(readStoredStat(view, 0, shape), s);
  });
});

describe('errors', () => {
  test("stap's messages", () => {
    assert.equal(errorMessage(ERROR_CODE.divisionByZero, 0, 0n), 'division by 0');
    assert.equal(errorMessage(ERROR_CODE.arrayOverflow, 0, 0n), 'Array overflow, check MAXMAPENTRIES');
    assert.equal(errorMessage(ERROR_CODE.arrayOverflow, 0, 3n), 'Array overflow, check size limit (3)');
    assert.equal(
      errorMessage(ERROR_CODE.userStringFault, -14, 0x1234n),
      'user string copy fault -14 at 0x1234 [man error::fault]',
    );
  });
});
