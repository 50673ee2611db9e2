import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUILTINS } from '../../elaborate/index.js';
import type { Value } from '../context.js';
import { fakeSession } from './fake-context.js';
import { BUILTIN_IMPLS } from './index.js';

/** Builtins (name/arity) that raise an error or abort by design when given plain arguments. */
const THROWING = new Set([
  'error/1',
  // There is no kernel task in a user-space handler.
  'task_current/0',
  'abort/0',
  // "a b" is not a number.
  'string_to_fp/1',
  // No stack to unwind in user space.
  'stack/1',
  'ustack/1',
  'callers/1',
  'ucallers/1',
  // Address 1 is in no module, and no user task's mappings are known.
  'modname/1',
  'umodname/1',
  // Kernel memory is never writable.
  'set_kernel_string/2',
  'set_kernel_string_n/3',
  'set_kernel_long/2',
  'set_kernel_int/2',
  'set_kernel_short/2',
  'set_kernel_char/2',
  'set_kernel_pointer/2',
  // Address 1 is never mapped.
  'user_string/1',
  'user_string_n/2',
  'kernel_string/1',
  'kernel_string_n/2',
  'user_buffer_quoted_error/3',
  'user_char_error/1',
  'user_short_error/1',
  'user_ushort_error/1',
  'user_int_error/1',
  'user_long_error/1',
  'user_ulong_error/1',
  'user_int8_error/1',
  'user_uint8_error/1',
  'user_int16_error/1',
  'user_uint16_error/1',
  'user_int32_error/1',
  'user_uint32_error/1',
  'user_int64_error/1',
  'user_uint64_error/1',
  // No registers in user space (process(...) probes read them in the kernel).
  'int_arg/1',
  'uint_arg/1',
  'long_arg/1',
  'ulong_arg/1',
  'longlong_arg/1',
  'ulonglong_arg/1',
  'pointer_arg/1',
  's32_arg/1',
  'u32_arg/1',
  's64_arg/1',
  'u64_arg/1',
  'register/1',
  'u_register/1',
  'returnval/0',
]);

describe('every signature has an implementation returning its declared type', () => {
  for (const signature of BUILTINS) {
    const arity = signature.params.length;
    test(`${signature.name}/${arity}`, () => {
      const fake = fakeSession({ pp: 'process("/bin/true").function("main")' });
      fake.ctx.lastMatch = {
        subject: 'ab',
        groups: [
          [0, 2],
          [1, 2],
        ],
      };
      const args: Value[] = signature.params.map((type) => (type === 'long' ? 1n : 'a b'));
      const impl = BUILTIN_IMPLS[signature.name as keyof typeof BUILTIN_IMPLS];
      assert.equal(typeof impl, 'function');
      if (THROWING.has(`${signature.name}/${arity}`)) {
        assert.throws(() => impl(fake.ctx, args));
        return;
      }
      const result = impl(fake.ctx, args);
      const expected = { long: 'bigint', string: 'string', unknown: 'undefined' }[signature.returns];
      assert.equal(typeof result, expected);
    });
  }
});

test('no implementation without a signature', () => {
  const names = new Set(BUILTINS.map((s) => s.name));
  assert.deepEqual(
    Object.keys(BUILTIN_IMPLS).filter((name) => !names.has(name)),
    [],
  );
});
