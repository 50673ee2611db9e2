import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ScriptError } from '../context.js';
import { fakeSession } from './fake-context.js';
import { BUILTIN_IMPLS } from './index.js';

describe('exit / abort / error', () => {
  test('exit requests a shutdown and returns', () => {
    const fake = fakeSession();
    assert.equal(BUILTIN_IMPLS.exit(fake.ctx, []), undefined);
    assert.equal(fake.exitRequests, 1);
  });
  test('abort requests a shutdown and throws an uncatchable error', () => {
    const fake = fakeSession();
    assert.throws(
      () => BUILTIN_IMPLS.abort(fake.ctx, []),
      (e: unknown) => e instanceof ScriptError && e.uncatchable,
    );
    assert.equal(fake.exitRequests, 1);
  });
  test('error raises the message as a catchable runtime error', () => {
    const { ctx } = fakeSession();
    assert.throws(
      () => BUILTIN_IMPLS.error(ctx, ['Oops']),
      (e: unknown) => e instanceof ScriptError && e.message === 'Oops' && !e.uncatchable,
    );
  });
  test('assert', () => {
    const { ctx } = fakeSession();
    assert.equal(BUILTIN_IMPLS.assert(ctx, [1n]), undefined);
    assert.equal(BUILTIN_IMPLS.assert(ctx, [-5n, 'never']), undefined);
    assert.throws(() => BUILTIN_IMPLS.assert(ctx, [0n]), new ScriptError('Assertion failed'));
    assert.throws(
      () => BUILTIN_IMPLS.assert(ctx, [0n, 'x must be positive']),
      new ScriptError('x must be positive'),
    );
  });
});

describe('warn / log', () => {
  test('warn writes a WARNING line to stderr, adding the newline only when missing', () => {
    const fake = fakeSession();
    BUILTIN_IMPLS.warn(fake.ctx, ['disk almost full']);
    BUILTIN_IMPLS.warn(fake.ctx, ['two\n']);
    BUILTIN_IMPLS.warn(fake.ctx, ['']);
    assert.deepEqual(fake.errors, ['WARNING: disk almost full\n', 'WARNING: two\n', 'WARNING: \n']);
    assert.deepEqual(fake.output, []);
  });
  test('log writes the message and a newline to the output', () => {
    const fake = fakeSession();
    BUILTIN_IMPLS.log(fake.ctx, ['hello']);
    BUILTIN_IMPLS.log(fake.ctx, ['a\n']);
    assert.deepEqual(fake.output, ['hello\n', 'a\n\n']);
  });
});

describe('randint', () => {
  test('stays in [0, n)', () => {
    const { ctx } = fakeSession();
    const seen = new Set<bigint>();
    for (let i = 0; i < 2000; i++) {
      const value = BUILTIN_IMPLS.randint(ctx, [10n]) as bigint;
      assert.ok(value >= 0n && value < 10n);
      seen.add(value);
    }
    assert.equal(seen.size, 10);
    assert.equal(BUILTIN_IMPLS.randint(ctx, [0n]), 0n);
    assert.equal(BUILTIN_IMPLS.randint(ctx, [1n]), 0n);
    assert.ok((BUILTIN_IMPLS.randint(ctx, [1048576n]) as bigint) < 1048576n);
  });
  test('a range above 2^20 (as unsigned) is too wide', () => {
    const { ctx } = fakeSession();
    for (const n of [1048577n, -1n, 9223372036854775807n]) {
      assert.throws(() => BUILTIN_IMPLS.randint(ctx, [n]), new ScriptError('range too wide'));
    }
  });
});

describe('system', () => {
  test('hands the command to the session, which starts it after the handler', () => {
    const fake = fakeSession();
    assert.equal(BUILTIN_IMPLS.system(fake.ctx, ['echo hi']), undefined);
    assert.deepEqual(fake.commands, ['echo hi']);
    assert.deepEqual(fake.output, []);
  });
});
