import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Program, UserProbePoint } from '../program.js';
import {
  NO_TARGET,
  type TargetSystem,
  type UserBinary,
  type UserBinaryQuery,
  type UserMark,
} from '../target.js';
import { elaborateText } from './testing.js';

const FUNCTIONS = [
  { name: 'main', offset: 0x1040n },
  { name: 'add', offset: 0x1100n },
  { name: '__add_alias', offset: 0x1100n },
  { name: 'mix', offset: 0x1120n },
];

const MARKS: readonly UserMark[] = [
  {
    provider: 'demo',
    name: 'tick',
    offset: 0x1200n,
    semaphoreOffset: 0x3010n,
    args: [
      { size: -4, text: '-4@%edi', location: { kind: 'register', register: 'rdi' } },
      { size: 8, text: '8@8(%rsp)', location: { kind: 'memory', base: 'rsp', offset: 8 } },
    ],
  },
  { provider: 'other', name: 'done', offset: 0x1210n, args: [] },
];

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

function binary(path: string, pid?: number): UserBinary {
  return {
    path,
    ...(pid === undefined ? {} : { pid }),
    inode: 77n,
    functions: (pattern) => FUNCTIONS.filter((f) => glob(pattern).test(f.name)),
    marks: () => MARKS,
    library: (name): UserBinaryQuery =>
      name === 'libc.so.6'
        ? { ok: true, binary: binary('/lib/x86_64-linux-gnu/libc.so.6', pid) }
        : { ok: false, error: `cannot find library '${name}'` },
    statementOffset: (address) =>
      address >= 0x401000n && address < 0x402000n ? address - 0x400000n : undefined,
    ...(pid === undefined
      ? {}
      : {
          absoluteAddress: (address: bigint) =>
            address >= 0x7f0000001000n && address < 0x7f0000002000n
              ? {
                  ok: true as const,
                  path: '/lib/x86_64-linux-gnu/libc.so.6',
                  offset: address - 0x7f0000000000n,
                }
              : {
                  ok: false as const,
                  error: `address 0x${address.toString(16)} is not in a file mapped by pid ${pid}`,
                },
        }),
  };
}

const TARGET: TargetSystem = {
  ...NO_TARGET,
  userBinary(spec) {
    switch (spec.kind) {
      case 'path':
        return spec.path === 'prog' || spec.path === '/usr/bin/prog'
          ? { ok: true, binary: binary('/usr/bin/prog') }
          : { ok: false, error: `cannot find executable '${spec.path}'` };
      case 'pid':
        return { ok: true, binary: binary('/usr/bin/prog', spec.pid) };
      case 'target':
        return { ok: false, error: 'unspecified process probe is invalid without a -c COMMAND or -x PID' };
    }
  },
};

function run(text: string): { program: Program | undefined; messages: string[] } {
  return elaborateText(text, TARGET);
}

function points(program: Program | undefined): UserProbePoint[] {
  return (program?.probes ?? []).map((p) => {
    assert.equal(p.point.family, 'process');
    return p.point as UserProbePoint;
  });
}

describe('process probe points', () => {
  test('a function wildcard: one probe per address, named with the absolute path', () => {
    const { program, messages } = run('probe process("prog").function("*d*") { print(1) }');
    assert.deepEqual(messages, []);
    assert.deepEqual(
      program?.probes.map((p) => p.name),
      ['process("/usr/bin/prog").function("add")'],
    );
    assert.deepEqual(
      points(program).map((p) => [p.site, p.path, p.offset, p.symbol]),
      [['function', '/usr/bin/prog', 0x1100n, 'add']],
    );
  });

  test('.return and .call; a library; a pid', () => {
    const { program, messages } = run(`
      probe process("prog").function("mix").return { print($return) }
      probe process("prog").library("libc.so.6").function("m*").call { print(1) }
      probe process(42).function("main") { print(int_arg(1)) }`);
    assert.deepEqual(messages, []);
    assert.deepEqual(
      program?.probes.map((p) => p.name),
      [
        'process("/usr/bin/prog").function("mix").return',
        'process("/usr/bin/prog").library("/lib/x86_64-linux-gnu/libc.so.6").function("main").call',
        'process("/usr/bin/prog").library("/lib/x86_64-linux-gnu/libc.so.6").function("mix").call',
        'process("/usr/bin/prog").function("main")',
      ],
    );
    assert.deepEqual(
      points(program).map((p) => [p.site, p.path, p.pid]),
      [
        ['return', '/usr/bin/prog', undefined],
        ['function', '/lib/x86_64-linux-gnu/libc.so.6', undefined],
        ['function', '/lib/x86_64-linux-gnu/libc.so.6', undefined],
        ['function', '/usr/bin/prog', 42],
      ],
    );
  });

  test('marks: provider shown when written, arguments and semaphore carried', () => {
    const { program, messages } = run(`
      probe process("prog").mark("tick") { print($arg1 + $arg2) }
      probe process("prog").provider("o*").mark("*") { print($$name . $$provider) }`);
    assert.deepEqual(messages, []);
    assert.deepEqual(
      program?.probes.map((p) => p.name),
      ['process("/usr/bin/prog").mark("tick")', 'process("/usr/bin/prog").provider("other").mark("done")'],
    );
    const [tick] = points(program);
    assert.equal(tick?.semaphoreOffset, 0x3010n);
    assert.deepEqual(
      tick?.args?.map((a) => a.text),
      ['-4@%edi', '8@8(%rsp)'],
    );
  });

  test('.statement(ADDR) at its file offset; .absolute in a running pid mapping', () => {
    const { program, messages } = run(`
      probe process("prog").statement(0x401136) { print(1) }
      probe process(42).statement(0x7f0000001234).absolute { print(2) }`);
    assert.deepEqual(messages, []);
    assert.deepEqual(
      program?.probes.map((p) => p.name),
      ['process("/usr/bin/prog").statement(0x401136)', 'process(42).statement(0x7f0000001234).absolute'],
    );
    assert.deepEqual(
      points(program).map((p) => [p.site, p.path, p.offset, p.pid]),
      [
        ['function', '/usr/bin/prog', 0x1136n, undefined],
        ['function', '/lib/x86_64-linux-gnu/libc.so.6', 0x1234n, 42],
      ],
    );
    assert.match(
      run('probe process("prog").statement(0x10) { print(1) }').messages.join('\n'),
      /address 0x10 is not in a loaded segment of '\/usr\/bin\/prog'/,
    );
    assert.match(
      run('probe process(42).statement(0x10).absolute { print(1) }').messages.join('\n'),
      /address 0x10 is not in a file mapped by pid 42/,
    );
    // .absolute names a running pid's addresses: not for a path.
    assert.match(
      run('probe process("prog").statement(0x401136).absolute { print(1) }').messages.join('\n'),
      /no match/,
    );
  });

  test('target variables: $argN past the marker, named ones without DWARF, $return at entry', () => {
    assert.deepEqual(run('probe process("prog").mark("tick") { print($arg3) }').messages, [
      'while processing probe process("prog").mark("tick")',
      "| unable to find marker variable '$arg3' (alternatives: $$name, $$provider, $$parms, $arg1, $arg2): identifier '$arg3' at 1:44",
    ]);
    const named = run('probe process("prog").function("add") { print($a) }').messages;
    assert.match(named[1] ?? '', /'\$a' needs DWARF debug information.*int_arg\(N\)/);
    const ret = run('probe process("prog").function("add") { print($return) }').messages;
    assert.match(ret[1] ?? '', /'\$return' needs DWARF/);
  });

  test('@entry only in return probes', () => {
    assert.deepEqual(
      run('probe process("prog").function("add").return { print(@entry(int_arg(1)) + $return) }').messages,
      [],
    );
    assert.match(
      run('probe process("prog").function("add") { print(@entry(int_arg(1))) }').messages.join('\n'),
      /@entry is only valid in \.return probes/,
    );
  });

  test('lifecycle points: names, filters, and the record fields they read', () => {
    const { program, messages } = run(`
      probe process(42).end { print(pid()) }
      probe process("prog").thread.end { print(tid()) }`);
    assert.deepEqual(messages, []);
    assert.deepEqual(
      program?.probes.map((p) => [p.name, p.point]),
      [
        [
          'process(42).end',
          {
            family: 'process.lifecycle',
            event: 'end',
            system: 'sched',
            tracepoint: 'sched_process_exit',
            fields: {},
            pid: 42,
          },
        ],
        [
          'process("/usr/bin/prog").thread.end',
          {
            family: 'process.lifecycle',
            event: 'thread.end',
            system: 'sched',
            tracepoint: 'sched_process_exit',
            fields: {},
            path: '/usr/bin/prog',
            inode: 77n,
          },
        ],
      ],
    );
    // Without tracefs (a tapset's probe elaborated offline) sys_exit's fixed layout is used.
    assert.deepEqual(run('probe process.thread.begin { print(tid()) }').program?.probes[0]?.point, {
      family: 'process.lifecycle',
      event: 'thread.begin',
      system: 'raw_syscalls',
      tracepoint: 'sys_exit',
      fields: { id: 8, ret: 16 },
    });
  });

  test('errors: no such executable, nothing matched, a source-file pattern, no -c', () => {
    assert.match(
      run('probe process("nope").function("main") {}').messages.join('\n'),
      /cannot find executable 'nope'/,
    );
    assert.match(run('probe process("prog").function("zzz") {}').messages.join('\n'), /no match/);
    assert.match(
      run('probe process("prog").function("main@prog.c") {}').messages.join('\n'),
      /needs DWARF debug information/,
    );
    assert.match(run('probe process.mark("tick") {}').messages.join('\n'), /without a -c COMMAND/);
  });
});
