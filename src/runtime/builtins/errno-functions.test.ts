import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Value } from '../context.js';
import { errnoName } from './errno-functions.js';
import { fakeSession } from './fake-context.js';
import { BUILTIN_IMPLS } from './index.js';

const { ctx } = fakeSession();
const call = (name: keyof typeof BUILTIN_IMPLS, ...args: Value[]) => BUILTIN_IMPLS[name](ctx, args);

describe('errno_str / errno_p', () => {
  test('names by number, either sign', () => {
    const expected: [bigint, string][] = [
      [1n, 'EPERM'],
      [2n, 'ENOENT'],
      [-2n, 'ENOENT'],
      [11n, 'EAGAIN'],
      [13n, 'EACCES'],
      [22n, 'EINVAL'],
      [34n, 'ERANGE'],
      [35n, 'EDEADLK'],
      [38n, 'ENOSYS'],
      [40n, 'ELOOP'],
      [42n, 'ENOMSG'],
      [57n, 'EBADSLT'],
      [59n, 'EBFONT'],
      [95n, 'EOPNOTSUPP'],
      [110n, 'ETIMEDOUT'],
      [111n, 'ECONNREFUSED'],
      [125n, 'ECANCELED'],
      [131n, 'ENOTRECOVERABLE'],
    ];
    for (const [value, name] of expected) assert.equal(call('errno_str', value), name, `${value}`);
  });
  test('every number from 1 to 131 but 41 and 58 has a distinct E-name', () => {
    const names = new Set<string>();
    for (let e = 1n; e <= 131n; e++) {
      const name = errnoName(e);
      if (e === 41n || e === 58n) assert.equal(name, undefined);
      else {
        assert.match(name ?? '', /^E[A-Z0-9]+$/);
        names.add(name ?? '');
      }
    }
    assert.equal(names.size, 129);
  });
  test('unknown numbers give "" (errno_p 0)', () => {
    for (const value of [0n, 41n, 58n, 132n, 133n, 3333n, -9223372036854775808n]) {
      assert.equal(call('errno_str', value), '');
      assert.equal(call('errno_p', value), 0n);
    }
    assert.equal(call('errno_p', -2n), 2n);
    assert.equal(call('errno_p', 13n), 13n);
  });
});

describe('return_str', () => {
  test('negative errnos are named in every format', () => {
    assert.equal(call('return_str', 1n, -2n), '-2 (ENOENT)');
    assert.equal(call('return_str', 2n, -13n), '-13 (EACCES)');
    assert.equal(call('return_str', 3n, -131n), '-131 (ENOTRECOVERABLE)');
  });
  test('decimal, hex and octal', () => {
    assert.equal(call('return_str', 1n, 5n), '5');
    assert.equal(call('return_str', 0n, 5n), '5');
    assert.equal(call('return_str', 1n, -41n), '-41');
    assert.equal(call('return_str', 1n, -200n), '-200');
    assert.equal(call('return_str', 2n, 255n), '0xff');
    assert.equal(call('return_str', 2n, 0n), '0x0');
    assert.equal(call('return_str', 2n, -200n), '0xffffffffffffff38');
    assert.equal(call('return_str', 3n, 8n), '010');
    assert.equal(call('return_str', 3n, 0n), '00');
    assert.equal(call('return_str', 3n, -200n), '01777777777777777777470');
    assert.equal(call('return_str', 2n, 2n), '0x2');
  });
});
