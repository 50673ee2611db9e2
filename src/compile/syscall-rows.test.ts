import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProvidedVariable, SyscallProbePoint } from '../elaborate/index.js';
import { argumentCode, NAME_BYTES, rowLayout, rowMap, syscallProgramName } from './syscall-rows.js';

const POINT: SyscallProbePoint = {
  family: 'syscall',
  flavour: 'syscall',
  isReturn: false,
  syscalls: [
    { name: 'close', nr: 3, params: [{ name: 'fd', type: 'unsigned int' }] },
    {
      name: 'openat',
      nr: 257,
      params: [
        { name: 'dfd', type: 'int' },
        { name: 'filename', type: 'const char *' },
      ],
    },
  ],
  registers: { args: [112, 104, 96, 56, 72, 64], nr: 120 },
};

describe('syscall rows', () => {
  test('argument codes: register index + 1, the extension in the high nibble', () => {
    assert.equal(argumentCode(undefined), 0);
    assert.equal(argumentCode({ kind: 'arg', index: 0, extend: 's32' }), 0x11);
    assert.equal(argumentCode({ kind: 'arg', index: 2, extend: 'u32' }), 0x23);
    assert.equal(argumentCode({ kind: 'user-string', index: 1, quoted: true }), 2);
  });

  test("one row per covered number: the name, then each variable's code", () => {
    const fd: ProvidedVariable = { kind: 'arg', name: 'fd', type: 'long' };
    const filename: ProvidedVariable = {
      kind: 'user-string',
      name: 'filename',
      type: 'string',
      quoted: true,
    };
    const layout = rowLayout([fd, filename], []);
    assert.deepEqual([...layout.codes.values()], [NAME_BYTES, NAME_BYTES + 1]);
    assert.equal(layout.rowBytes, 32);
    const map = rowMap('rows', 'stap_sys0', POINT, layout, 512);
    assert.equal(map.kind, 'array');
    assert.equal(map.maxEntries, 512);
    const rows = new Map((map.contents ?? []).map((c) => [c.key, c.value] as const));
    const close = rows.get(3)!;
    const openat = rows.get(257)!;
    assert.equal(String.fromCharCode(...close.subarray(0, 5)), 'close');
    assert.equal(close[5], 0);
    assert.deepEqual([close[NAME_BYTES], close[NAME_BYTES + 1]], [0x11, 0]);
    assert.deepEqual([openat[NAME_BYTES], openat[NAME_BYTES + 1]], [0, 2]);
  });

  test("program names fit the kernel's 15 characters", () => {
    assert.equal(syscallProgramName(POINT), 'sys_multi');
    assert.equal(
      syscallProgramName({ ...POINT, isReturn: true, syscalls: POINT.syscalls.slice(1) }),
      'sys_openat_ret',
    );
    assert.equal(syscallProgramName({ ...POINT, flavour: 'syscall_any' }), 'sys_any');
  });
});
