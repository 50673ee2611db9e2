import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readSyscallText, SYSCALL_TEXT, syscallTextTable } from './syscall-text.js';

const CLOSE = { nr: 3, name: 'close', params: [{ name: 'fd', type: 'unsigned int' }] };

describe('syscall text slots', () => {
  test('retstr: the number and the return value', () => {
    const table = syscallTextTable('retstr', [CLOSE], []);
    assert.equal(table.bytes, 16);
    const view = new DataView(new ArrayBuffer(24));
    view.setBigInt64(8 + SYSCALL_TEXT.nr, 3n, true);
    view.setBigInt64(8 + SYSCALL_TEXT.ret, -9n, true);
    assert.equal(readSyscallText(view, 8, table), '-9 (EBADF)');
    view.setBigInt64(8 + SYSCALL_TEXT.nr, 4n, true);
    assert.equal(readSyscallText(view, 8, table), '', 'a number the table does not cover');
  });

  test('argstr: six registers, then capture slots sized 8 + capacity', () => {
    const table = syscallTextTable('argstr', [CLOSE], [16, 3]);
    assert.deepEqual(table.captures, [
      { offset: 56, capacity: 16 },
      { offset: 80, capacity: 3 },
    ]);
    assert.equal(table.bytes, 96);
    const view = new DataView(new ArrayBuffer(table.bytes));
    view.setBigInt64(SYSCALL_TEXT.nr, 3n, true);
    view.setBigUint64(SYSCALL_TEXT.args, 77n, true);
    assert.equal(readSyscallText(view, 0, table), '77');
  });
});
