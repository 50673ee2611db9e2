import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseEmbeddedRuntimeCalls } from './embedded-c.js';

describe('embedded C runtime calls', () => {
  test('a statement expression of calls ending in its value', () => {
    assert.deepEqual(parseEmbeddedRuntimeCalls(' { _stp_dbug("begin", 1, "debug line 1\\n"); 0; } '), {
      calls: [{ name: '_stp_dbug', args: ['begin', 1n, 'debug line 1\n'] }],
      value: 0n,
    });
  });
  test('a bare call, literals, comments and concatenated strings', () => {
    assert.deepEqual(parseEmbeddedRuntimeCalls('/* hi */ _stp_printf("%s=%d" "\\n", "x", -0x10) // done'), {
      calls: [{ name: '_stp_printf', args: ['%s=%d\n', 'x', -16n] }],
      value: 0n,
    });
    assert.deepEqual(parseEmbeddedRuntimeCalls(' -3 '), { calls: [], value: -3n });
    assert.deepEqual(parseEmbeddedRuntimeCalls('{ _stp_exit(); 010; }'), {
      calls: [{ name: '_stp_exit', args: [] }],
      value: 8n,
    });
  });
  test('anything else is not understood', () => {
    for (const code of [
      'foo()',
      'STAP_RETVALUE = 1',
      '_stp_printf("%d\\n", "not a number")',
      '_stp_printf("%d %d\\n", 1)',
      '_stp_dbug("f", "1", "x")',
      '_stp_print(1)',
      '{ _stp_exit() ',
      '_stp_exit() _stp_exit()',
      '#include <linux/sched.h>',
    ]) {
      assert.equal(parseEmbeddedRuntimeCalls(code), undefined, code);
    }
  });
});
