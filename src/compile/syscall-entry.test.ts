import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeTarget, type TargetSystem } from '../elaborate/index.js';
import type { KernelCompileResult } from './index.js';
import { compileProgram, elaborated } from './testing.js';

const TARGET: TargetSystem = {
  ...fakeTarget([]),
  syscalls: () => ({
    ok: true,
    registers: { args: [112, 104, 96, 56, 72, 64], nr: 120 },
    syscalls: [
      {
        event: 'read',
        unistdName: 'read',
        nr: 0,
        params: [
          { name: 'fd', type: 'unsigned int' },
          { name: 'buf', type: 'char *' },
          { name: 'count', type: 'size_t' },
        ],
      },
      { event: 'close', unistdName: 'close', nr: 3, params: [{ name: 'fd', type: 'unsigned int' }] },
      {
        event: 'readv',
        unistdName: 'readv',
        nr: 19,
        params: [
          { name: 'fd', type: 'unsigned long' },
          { name: 'vec', type: 'const struct iovec *' },
          { name: 'vlen', type: 'unsigned long' },
        ],
      },
    ],
  }),
};

function compile(text: string): KernelCompileResult {
  return compileProgram(elaborated(text, TARGET), { maxStringLen: 128 });
}

function programs(r: KernelCompileResult): string[][] {
  assert.deepEqual(
    r.diagnostics.map((d) => d.message),
    [],
  );
  return r.programs.map((p) => [p.name, p.attach.event]);
}

describe('@entry in syscall return probes', () => {
  test('a return probe without @entry has no entry program', () => {
    const r = compile('probe syscall.read.return { println(retval) }');
    assert.deepEqual(programs(r), [['sys_read_ret', 'sys_exit']]);
    assert.ok(!r.maps.some((m) => m.name.startsWith('stap_sent')));
  });

  test('one with @entry gets a companion sys_enter program and a per-thread record map', () => {
    const r = compile(
      'probe syscall.read.return { printf("%s %d %d\\n", @entry(execname()), @entry(int_arg(1)), gettimeofday_us() - @entry(gettimeofday_us())) }',
    );
    assert.deepEqual(programs(r), [
      ['sys_read_ent', 'sys_enter'],
      ['sys_read_ret', 'sys_exit'],
    ]);
    const map = r.maps.find((m) => m.name.startsWith('stap_sent'));
    // execname() in 16 bytes, then two longs.
    assert.deepEqual(map && [map.kind, map.keyBytes, map.valueBytes], ['lru_hash', 8, 32]);
  });

  test('a wildcard filters its entries through a table of the covered calls', () => {
    const r = compile('probe syscall.read*.return { println(@entry(pointer_arg(2))) }');
    assert.deepEqual(programs(r), [
      ['sys_multi_ent', 'sys_enter'],
      ['sys_multi_ret', 'sys_exit'],
    ]);
    const rows = r.maps.find((m) => m.name.startsWith('stap_senr'));
    assert.deepEqual(
      rows?.contents?.map((c) => c.key),
      [0, 19],
    );
  });

  test('syscall_any.return and nd_syscall returns take @entry too', () => {
    assert.equal(programs(compile('probe syscall_any.return { println(@entry(syscall_nr)) }')).length, 2);
    assert.equal(
      programs(compile('probe nd_syscall.close.return { println(@entry(int_arg(1))) }')).length,
      2,
    );
  });

  test('the *_arg readers outside @entry, and returnval()', () => {
    const r = compile(
      'probe syscall.close { println(int_arg(1), uint_arg(1)) } probe syscall.close.return { println(returnval()) }',
    );
    assert.equal(programs(r).length, 2);
  });

  test('an @entry inside another is refused at its span', () => {
    const r = compile('probe syscall.close.return { println(@entry(@entry(1) + 1)) }');
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.message} at ${d.span?.line}:${d.span?.col}`),
      ['@entry inside another @entry is not supported at 1:45'],
    );
  });

  test('a call has six arguments', () => {
    const r = compile('probe syscall.close { println(int_arg(7)) }');
    assert.deepEqual(
      r.diagnostics.map((d) => d.message),
      ['int_arg(7): a system call has six arguments at most'],
    );
  });
});
