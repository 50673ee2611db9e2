import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decodedSyscalls,
  decodedVariables,
  type ProvidedVariable,
  type SyscallProbePoint,
} from '../elaborate/index.js';
import { decodedField, hasStapLayout, VECTOR } from '../wire/index.js';
import {
  argumentCode,
  captureSlots,
  NAME_BYTES,
  rowLayout,
  rowMap,
  syscallProgramName,
  wantedCaptures,
} from './syscall-rows.js';

const POINT: SyscallProbePoint = {
  family: 'syscall',
  flavour: 'syscall',
  prefix: 'syscall',
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

describe('decoded variables against the argstr layouts', () => {
  test("every decoded variable reads an argument its call's layout decodes", () => {
    const wrong: string[] = [];
    let count = 0;
    for (const syscall of decodedSyscalls()) {
      if (!hasStapLayout(syscall)) wrong.push(`${syscall}: no layout`);
      for (const [name, source] of decodedVariables(syscall)) {
        count++;
        if (source.kind === 'text') continue;
        const field = decodedField(syscall, [], source);
        const decodes =
          field !== undefined &&
          ['value', 'octal', 'string', 'buffer', 'struct', 'vector'].includes(field.kind);
        if (!decodes || (source.kind === 'quoted' && field?.kind !== 'string'))
          wrong.push(`${syscall}.${name}: ${field?.kind ?? 'no field'}`);
      }
    }
    assert.deepEqual(wrong, []);
    // As many as upstream's x86-64 aliases set on entry (dw_ and nd_ flavours together): 233
    // for the 155 calls of a 6.18 kernel, and delete_module's and finit_module's flags_str, and
    // execve's and execveat's args.
    assert.equal(count, 237);
  });
});

describe('captures for decoded variables', () => {
  const decoded = (name: string): ProvidedVariable => ({ kind: 'decoded', name, type: 'string' });
  const openat = POINT.syscalls[1]!;
  const write = { name: 'write', nr: 1, params: [] };

  test('argstr reads every capture; a decoded variable only those of its argument', () => {
    const path = { index: 1, kind: 'string', maxBytes: 512 };
    assert.deepEqual(wantedCaptures(openat, { argstr: true, decoded: [] }), [path]);
    assert.deepEqual(wantedCaptures(openat, { argstr: false, decoded: [decoded('flags_str')] }), [undefined]);
    assert.deepEqual(wantedCaptures(openat, { argstr: false, decoded: [decoded('no_such_str')] }), [
      undefined,
    ]);
    assert.deepEqual(wantedCaptures(write, { argstr: false, decoded: [decoded('buf_str')] }), [
      { index: 1, kind: 'bytes', bytes: 64 },
    ]);
  });

  test('slots no call reads take no room (a hole keeps its place with one byte)', () => {
    const point = { ...POINT, syscalls: [openat] };
    assert.deepEqual(captureSlots(point, 128, { argstr: false, decoded: [decoded('dfd_str')] }), []);
    const renameat = { name: 'renameat', nr: 264, params: [] };
    const both = { ...POINT, syscalls: [renameat] };
    assert.deepEqual(captureSlots(both, 128, { argstr: false, decoded: [decoded('newname_str')] }), [
      { kind: 'bytes', capacity: 1 },
      { kind: 'string', capacity: 128 },
    ]);
    assert.deepEqual(captureSlots(point, 128, { argstr: true, decoded: [] }), [
      { kind: 'string', capacity: 128 },
    ]);
  });
});

describe('vector captures', () => {
  test('a slot one call reads as a string vector is a vector slot, sized for it; the row says kind 3', () => {
    const point: SyscallProbePoint = {
      ...POINT,
      syscalls: [
        { name: 'rename', nr: 82, params: [] },
        { name: 'execve', nr: 59, params: [] },
      ],
    };
    const slots = captureSlots(point, 512, { argstr: true, decoded: [] });
    assert.deepEqual(
      slots.map((s) => s.kind),
      ['string', 'vector', 'vector'],
    );
    assert.equal(slots[1]?.capacity, VECTOR.bytes);
    const layout = rowLayout([], slots);
    const map = rowMap('rows', 'stap_sys0', point, layout, 512);
    const execve = map.contents?.find((c) => c.key === 59)?.value;
    const rename = map.contents?.find((c) => c.key === 82)?.value;
    assert.deepEqual(
      [...(execve ?? new Uint8Array()).subarray(layout.capturesAt + 4, layout.capturesAt + 6)],
      [2, 3],
    );
    assert.deepEqual(
      [...(rename ?? new Uint8Array()).subarray(layout.capturesAt + 4, layout.capturesAt + 6)],
      [2, 1],
    );
  });
});
