import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Value } from '../context.js';
import { fakeSession } from './fake-context.js';
import { BUILTIN_IMPLS } from './index.js';

const { ctx } = fakeSession();
const call = (name: keyof typeof BUILTIN_IMPLS, ...args: Value[]) => BUILTIN_IMPLS[name](ctx, args);

describe('byte order (little-endian host)', () => {
  test('htonl / ntohl take the low 32 bits', () => {
    assert.equal(call('htonl', 0x12345678n), 0x78563412n);
    assert.equal(call('ntohl', 0x78563412n), 0x12345678n);
    assert.equal(call('htonl', -1n), 0xffffffffn);
    assert.equal(call('htonl', 0x1_0000_0001n), 0x01000000n);
    assert.equal(call('htonl', 0x7f000001n), 0x0100007fn);
  });
  test('htons / ntohs take the low 16 bits', () => {
    assert.equal(call('htons', 0x1234n), 0x3412n);
    assert.equal(call('ntohs', 0x3412n), 0x1234n);
    assert.equal(call('htons', 0x123456n), 0x5634n);
    assert.equal(call('htons', 80n), 20480n);
  });
  test('htonll / ntohll are signed 64-bit', () => {
    assert.equal(call('htonll', 0x0102030405060708n), 0x0807060504030201n);
    assert.equal(call('ntohll', 0xffn), -72057594037927936n);
    assert.equal(call('htonll', -1n), -1n);
  });
});

describe('endian.stp (little-endian host)', () => {
  test('big_endianN reverses the low N bytes', () => {
    assert.equal(call('big_endian2', 0x123456n), 0x5634n);
    assert.equal(call('big_endian4', 0x12345678n), 0x78563412n);
    assert.equal(call('big_endian8', 0x6465616462656566n), 0x6665656264616564n);
    assert.equal(call('big_endian8', 0xffn), -72057594037927936n);
  });
  test('little_endianN keeps the low N bytes', () => {
    assert.equal(call('little_endian2', 0x123456n), 0x3456n);
    assert.equal(call('little_endian4', -1n), 0xffffffffn);
    assert.equal(call('little_endian8', -2n), -2n);
  });
});

describe('device numbers', () => {
  test('MKDEV / MAJOR / MINOR: 12-bit major over a 20-bit minor', () => {
    assert.equal(call('MKDEV', 8n, 3n), 8388611n);
    assert.equal(call('MAJOR', 8388611n), 8n);
    assert.equal(call('MINOR', 8388611n), 3n);
    assert.equal(call('MINOR', call('MKDEV', 259n, 1048575n) as bigint), 1048575n);
    assert.equal(call('MAJOR', -1n), 4294967295n);
    assert.equal(call('MINOR', -1n), 1048575n);
  });
  test('usrdev2kerndev decodes the glibc encoding', () => {
    assert.equal(call('usrdev2kerndev', 0x803n), 8388611n);
    // makedev(259, 256) = 0x110300 in glibc's layout.
    assert.equal(call('usrdev2kerndev', 0x110300n), 271581440n);
  });
});
