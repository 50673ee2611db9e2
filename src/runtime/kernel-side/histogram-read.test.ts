import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DeferredSlot, layoutDeferredSite, RECORD_HEADER_BYTES } from '../../wire/index.js';
import { readDeferredArgs } from './deferred-text.js';

const shape = { histogram: { kind: 'log', buckets: 128 }, varianceShift: 0 } as const;

describe('histogram print records', () => {
  test("an array element's key follows the header; the chart is the lookup's text", () => {
    const site = layoutDeferredSite({ kind: 'print' }, [
      { kind: 'histogram', map: 'g_a', shape, keyBytes: 16 },
    ]);
    assert.equal(site.recordBytes, RECORD_HEADER_BYTES + 16);
    const slot = site.args[0]!;
    assert.equal(slot.offset, RECORD_HEADER_BYTES);
    const record = new DataView(new ArrayBuffer(site.recordBytes));
    record.setBigInt64(slot.offset, 42n, true);
    record.setUint8(slot.offset + 8, 0x6b);
    const seen: { map: string; key: number[] }[] = [];
    const args = readDeferredArgs(
      record,
      0,
      site.args,
      () => undefined,
      256,
      (s: Extract<DeferredSlot, { kind: 'histogram' }>, key) => {
        seen.push({ map: s.map, key: [...key] });
        return 'chart\n';
      },
    );
    assert.deepEqual(args, ['chart\n']);
    assert.deepEqual(seen, [{ map: 'g_a', key: [42, 0, 0, 0, 0, 0, 0, 0, 0x6b, 0, 0, 0, 0, 0, 0, 0] }]);
  });

  test('a scalar aggregate carries no key', () => {
    const site = layoutDeferredSite({ kind: 'print' }, [
      { kind: 'histogram', map: 'g_s', shape, keyBytes: 0 },
    ]);
    assert.equal(site.recordBytes, RECORD_HEADER_BYTES);
    const args = readDeferredArgs(
      new DataView(new ArrayBuffer(8)),
      0,
      site.args,
      () => undefined,
      256,
      (_s, key) => String(key.length),
    );
    assert.deepEqual(args, ['0']);
  });
});
