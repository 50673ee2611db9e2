import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ScriptError } from '../context.js';
import { ctime } from './ctime.js';

describe('ctime (systemtap.base/ctime.exp)', () => {
  test('known instants', () => {
    assert.equal(ctime(0n), 'Thu Jan  1 00:00:00 1970');
    assert.equal(ctime(-1n), 'Wed Dec 31 23:59:59 1969');
    assert.equal(ctime(1n), 'Thu Jan  1 00:00:01 1970');
    assert.equal(ctime(100000000n), 'Sat Mar  3 09:46:40 1973');
    assert.equal(ctime(1234567890n), 'Fri Feb 13 23:31:30 2009');
    assert.equal(ctime(1073741824n), 'Sat Jan 10 13:37:04 2004');
    assert.equal(ctime(0x50000000n), 'Fri Jul 13 11:01:20 2012');
    assert.equal(ctime(741476948n), 'Wed Jun 30 21:49:08 1993');
    assert.equal(ctime(951782400n), 'Tue Feb 29 00:00:00 2000');
    assert.equal(ctime(-2147483648n), 'Fri Dec 13 20:45:52 1901');
    assert.equal(ctime(2147483647n), 'Tue Jan 19 03:14:07 2038');
  });
  test('always 24 bytes', () => {
    for (let t = -2147483648n; t < 2147483647n; t += 97654321n) assert.equal(ctime(t).length, 24);
  });
  test('out of range', () => {
    const future = new ScriptError('Time too far in the future to be converted');
    const past = new ScriptError('Time too far in the past to be converted');
    assert.throws(() => ctime(2147483648n), future);
    assert.throws(() => ctime(9223372036854775807n), future);
    assert.throws(() => ctime(-2147483649n), past);
    assert.throws(() => ctime(-9223372036854775808n), past);
    assert.throws(() => ctime(-1n * (1970n - 1000n) * 365n * 86400n), past);
  });
});
