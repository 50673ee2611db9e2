import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ScriptError, type Value } from '../context.js';
import { jiffiesAt, parseCpuList } from './clocks.js';
import { ctime } from './ctime.js';
import { type FakeOptions, fakeSession } from './fake-context.js';
import { BUILTIN_IMPLS } from './index.js';

const call = (name: keyof typeof BUILTIN_IMPLS, args: Value[] = [], options: FakeOptions = {}) =>
  BUILTIN_IMPLS[name](fakeSession(options).ctx, args);

describe('gettimeofday_*', () => {
  test('agree with the wall clock and with each other', () => {
    const beforeMs = BigInt(Date.now());
    const ns = call('gettimeofday_ns') as bigint;
    const us = call('gettimeofday_us') as bigint;
    const ms = call('gettimeofday_ms') as bigint;
    const s = call('gettimeofday_s') as bigint;
    const afterMs = BigInt(Date.now());
    assert.ok(ns / 1_000_000n >= beforeMs - 1n && ns / 1_000_000n <= afterMs);
    assert.ok(us >= ns / 1000n && us / 1000n <= afterMs);
    assert.ok(ms >= beforeMs - 1n && ms <= afterMs);
    assert.ok(s >= beforeMs / 1000n - 1n && s <= afterMs / 1000n);
  });
  test('never run backwards between calls', () => {
    let last = call('gettimeofday_ns') as bigint;
    for (let i = 0; i < 1000; i++) {
      const now = call('gettimeofday_ns') as bigint;
      assert.ok(now >= last);
      last = now;
    }
  });
});

describe('ctime / tz_ctime / tz_gmtoff / tz_name', () => {
  test('ctime() is ctime(gettimeofday_s())', () => {
    const before = ctime(BigInt(Math.floor(Date.now() / 1000)));
    const now = call('ctime');
    const after = ctime(BigInt(Math.floor(Date.now() / 1000)));
    assert.ok(now === before || now === after);
    assert.equal(call('ctime', [86400n]), 'Fri Jan  2 00:00:00 1970');
  });
  test('tz_ctime shifts by the session zone and appends its name', () => {
    const cet = { timezone: { secondsWestOfUtc: -3600, name: 'CET' } };
    const est = { timezone: { secondsWestOfUtc: 18000, name: 'EST' } };
    assert.equal(call('tz_ctime', [0n], cet), 'Thu Jan  1 01:00:00 1970 CET');
    assert.equal(call('tz_ctime', [0n], est), 'Wed Dec 31 19:00:00 1969 EST');
    assert.equal(call('tz_ctime', [1234567890n]), 'Fri Feb 13 23:31:30 2009 UTC');
    assert.equal(call('tz_gmtoff', [], est), 18000n);
    assert.equal(call('tz_name', [], est), 'EST');
    assert.throws(
      () => call('tz_ctime', [2147483647n], cet),
      new ScriptError('Time too far in the future to be converted'),
    );
  });
});

describe('HZ / jiffies', () => {
  test('HZ is the session value', () => {
    assert.equal(call('HZ'), 250n);
    assert.equal(call('HZ', [], { hz: 1000 }), 1000n);
  });
  test('jiffies start at INITIAL_JIFFIES (2^32 - 300 HZ) and tick HZ times a second', () => {
    assert.equal(jiffiesAt(0n, 250), 4294892296n);
    assert.equal(jiffiesAt(1_000_000_000n, 250), 4294892296n + 250n);
    assert.equal(jiffiesAt(3_999_999n, 250), 4294892296n);
    assert.equal(jiffiesAt(4_000_000n, 250), 4294892297n);
    assert.equal(jiffiesAt(0n, 1000), 4294667296n);
    const first = call('jiffies') as bigint;
    assert.ok(first >= 4294892296n);
    assert.ok((call('jiffies') as bigint) >= first);
  });
});

describe('monotonic clocks', () => {
  test('local_clock, cpu_clock and ktime_get_ns advance together', () => {
    const ns = call('local_clock_ns') as bigint;
    const cpu = call('cpu_clock_ns', [0n]) as bigint;
    const ktime = call('ktime_get_ns') as bigint;
    const cycles = call('get_cycles') as bigint;
    assert.ok(ns > 0n && cpu >= ns && ktime >= cpu && cycles >= ktime);
    const us = call('local_clock_us') as bigint;
    assert.ok(us >= ns / 1000n);
    assert.ok((call('local_clock_ms') as bigint) >= ns / 1_000_000n);
    assert.ok((call('local_clock_s') as bigint) >= ns / 1_000_000_000n);
    assert.ok((call('cpu_clock_us', [0n]) as bigint) >= cpu / 1000n);
    assert.ok((call('cpu_clock_ms', [0n]) as bigint) >= cpu / 1_000_000n);
    assert.ok((call('cpu_clock_s', [0n]) as bigint) >= cpu / 1_000_000_000n);
  });
  test('cpu_clock of an offline cpu is an error', () => {
    assert.throws(() => call('cpu_clock_ns', [-1n]), new ScriptError('cpu -1 is not online'));
    assert.throws(() => call('cpu_clock_s', [100000n]), new ScriptError('cpu 100000 is not online'));
  });
  test('cpu lists', () => {
    assert.deepEqual([...parseCpuList('0-3,8,10-11\n')], [0, 1, 2, 3, 8, 10, 11]);
    assert.deepEqual([...parseCpuList('0\n')], [0]);
  });
});
