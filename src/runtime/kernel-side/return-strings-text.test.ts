import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { layoutDeferredSite, RECORD_HEADER_BYTES, USER_BUFFER_HEADER_BYTES } from '../../wire/index.js';
import { readDeferredArgs, userBufferText } from './deferred-text.js';

const bytes = new Uint8Array([0x61, 0x62, 0, 0x63, 0x0a]);

describe('user_buffer_quoted text', () => {
  test('NULs and escapes are shown, quoted', () => {
    assert.equal(userBufferText(bytes, 0n, 5n, 50n, 512), '"ab\\000c\\n"');
  });
  test('an escape that does not fit is left out; a cut ends in "...', () => {
    assert.equal(userBufferText(bytes, 0n, 3n, 6n, 512), '"ab"');
    assert.equal(userBufferText(bytes, 0n, 5n, 8n, 512), '"ab"...');
  });
  test('outlen 0 is empty; a fault is the address cut to outlen - 1', () => {
    assert.equal(userBufferText(bytes, 0n, 5n, 0n, 512), '');
    assert.equal(userBufferText(undefined, 0x7ffe1234n, 5n, 50n, 512), '0x7ffe1234');
    assert.equal(userBufferText(undefined, 0x7ffe1234n, 5n, 6n, 512), '0x7ff');
  });
});

describe('retstr and ubuffer records', () => {
  test('formats and values, bytes with their count', () => {
    const site = layoutDeferredSite({ kind: 'print' }, [
      { kind: 'retstr' },
      { kind: 'ubuffer', capacity: 8 },
      { kind: 'retstr' },
    ]);
    assert.deepEqual(
      site.args.map((a) => a.offset),
      [
        RECORD_HEADER_BYTES,
        RECORD_HEADER_BYTES + 16,
        RECORD_HEADER_BYTES + 16 + USER_BUFFER_HEADER_BYTES + 8,
      ],
    );
    const view = new DataView(new ArrayBuffer(site.recordBytes));
    const [first, buffer, last] = site.args.map((a) => a.offset) as [number, number, number];
    view.setBigInt64(first, 2n, true);
    view.setBigInt64(first + 8, -2n, true);
    view.setBigInt64(buffer, 5n, true);
    view.setBigInt64(buffer + 16, 5n, true);
    view.setBigInt64(buffer + 24, 50n, true);
    bytes.forEach((b, i) => {
      view.setUint8(buffer + USER_BUFFER_HEADER_BYTES + i, b);
    });
    view.setBigInt64(last, 2n, true);
    view.setBigInt64(last + 8, 255n, true);
    assert.deepEqual(
      readDeferredArgs(view, 0, site.args, () => undefined, 512),
      ['-2 (ENOENT)', '"ab\\000c\\n"', '0xff'],
    );
    view.setBigInt64(buffer, -1n, true);
    view.setBigUint64(buffer + 8, 0x1000n, true);
    assert.equal(readDeferredArgs(view, 0, site.args, () => undefined, 512)[1], '0x1000');
  });
});
