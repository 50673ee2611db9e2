import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeSession } from './fake-context.js';
import { BUILTIN_IMPLS } from './index.js';

describe('matched / matched_str / ngroups', () => {
  test('read the groups of the last match; a group that took no part is ""', () => {
    const { ctx } = fakeSession();
    // "xab-" =~ "a(b)(c)?": group 0 = "ab", group 1 = "b", group 2 unmatched.
    ctx.lastMatch = { subject: 'xab-', groups: [[1, 3], [2, 3], undefined] };
    assert.equal(BUILTIN_IMPLS.ngroups(ctx, []), 3n);
    assert.equal(BUILTIN_IMPLS.matched_str(ctx, []), 'ab');
    assert.equal(BUILTIN_IMPLS.matched(ctx, [0n]), 'ab');
    assert.equal(BUILTIN_IMPLS.matched(ctx, [1n]), 'b');
    assert.equal(BUILTIN_IMPLS.matched(ctx, [2n]), '');
  });
  test('nonexistent groups', () => {
    const { ctx } = fakeSession();
    ctx.lastMatch = { subject: 'a', groups: [[0, 1]] };
    assert.throws(() => BUILTIN_IMPLS.matched(ctx, [1n]), {
      message: 'Attempted to get nonexistent subexpression 1',
    });
    assert.throws(() => BUILTIN_IMPLS.matched(ctx, [-1n]), {
      message: 'Attempted to get nonexistent subexpression -1',
    });
  });
  test('after a failed match', () => {
    const { ctx } = fakeSession();
    ctx.lastMatch = {
      subject: 'zzz',
      groups: [
        [0, 1],
        [0, 1],
      ],
      failed: true,
    };
    assert.throws(() => BUILTIN_IMPLS.matched(ctx, [1n]), {
      message: 'Attempted to get subexpression 1 from failed match',
    });
    assert.throws(() => BUILTIN_IMPLS.matched_str(ctx, []), {
      message: 'Attempted to get subexpression 0 from failed match',
    });
    assert.throws(() => BUILTIN_IMPLS.ngroups(ctx, []), {
      message: 'Attempted to get subexpression count from failed match',
    });
  });
  test("before any match every group is nonexistent (stap's second message wins)", () => {
    const { ctx } = fakeSession();
    assert.throws(() => BUILTIN_IMPLS.matched_str(ctx, []), {
      message: 'Attempted to get nonexistent subexpression 0',
    });
    assert.throws(() => BUILTIN_IMPLS.ngroups(ctx, []), {
      message: 'Attempted to get subexpression count from failed match',
    });
  });
});
